#!/usr/bin/env bash
# How much longer Linux takes to reach its /init under Tessera than natively
# (make linux-report). Every run uses -icount shift=0, so virtual time counts
# instructions (1 ns each) and the numbers barely move between runs:
#
#   Tessera, two guests: build/tessera.bin with build/payloads/linux-two.itb
#            (Linux, 2 vCPUs, next to the checks guest), -smp 4 -m 1G
#   Tessera, Linux alone: build/payloads/linux-solo.itb, the same Linux guest
#   native:  the same Image and initramfs with QEMU -kernel at EL1, -smp 2
#            -m 256M (tests/linux/native-uptime.sh), once with QEMU's own
#            virt DT and once with it trimmed to the devices a Tessera guest
#            gets (-T there: no PCIe, virtio-mmio, RTC, GPIO, ITS, PMU, ...),
#            the fair baseline, since Linux probes less under Tessera
#
#   tests/linux/uptime-report.sh [-c CPU] [-t SECONDS]
#
#   -c CPU      QEMU -cpu value for every run (default max,pauth=off)
#   -t SECONDS  timeout of each QEMU run (default 900)
#
# Two clocks, both started by Linux itself (not at power-on, so neither
# Tessera's boot nor the payload's hash check is in them): /proc/uptime as
# /init starts ("INIT: uptime"), and the printk timestamp of "Run /init as
# init process" (sched_clock, straight from the arch counter, µs; /proc/uptime
# counts jiffies until the clocksource switch, so it falls behind when early
# ticks are late).
#
# icount's clock counts the instructions of all CPUs together: in the
# two-guest run, whatever the checks guest executes after Linux's clock has
# started counts in Linux's time too; the report says when that happened.
# At most two QEMUs run at once. Logs: build/linux/report-*.log.
set -euo pipefail
cd "$(dirname "$0")/../.."

prog=uptime-report
die() {
	echo "$prog: error: $*" >&2
	exit 1
}
usage() {
	echo "usage: tests/linux/uptime-report.sh [-c CPU] [-t SECONDS]" >&2
	exit 2
}

cpu=max,pauth=off tmo=900
while getopts "c:t:h" opt; do
	case $opt in
	c) cpu=$OPTARG ;;
	t) tmo=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage
[[ $tmo =~ ^[0-9]+$ ]] || die "-t wants whole seconds, not '$tmo'"

HYP=build/tessera.bin
TWO=build/payloads/linux-two.itb
SOLO=build/payloads/linux-solo.itb
[ -f "$HYP" ] || die "$HYP is missing: run 'make'"
for p in "$TWO" "$SOLO"; do
	[ -f "$p" ] || die "$p is missing: run 'make linux-report' (or make $p)"
done

R=build/linux/report
mkdir -p build/linux
rm -f "$R"-*.log "$R"-*.err "$R"-*.rc "$R"-*.ms "$R"-*.dtb

# tessera PAYLOAD NAME: one Tessera run; log $R-NAME.log, exit status in
# $R-NAME.rc, wall time (ms) in $R-NAME.ms.
tessera() {
	local log=$R-$2.log start rc=0
	start=$(date +%s%N)
	timeout --kill-after=5 "$tmo" qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 \
		-cpu "$cpu" -smp 4 -m 1G -icount shift=0 -nographic -net none -monitor none \
		-kernel "$HYP" -initrd "$1" </dev/null >"$log" 2>&1 || rc=$?
	echo $((($(date +%s%N) - start) / 1000000)) >"$R-$2.ms"
	sed -i 's/\r$//' "$log"
	echo $rc >"$R-$2.rc"
}
# native NAME [OPTIONS]: one native run; its messages (and wall time) in
# $R-NAME.err, exit status in $R-NAME.rc.
native() {
	local name=$1 rc=0
	shift
	tests/linux/native-uptime.sh "$@" -c "$cpu" -t "$tmo" -l "$R-$name.log" \
		>/dev/null 2>"$R-$name.err" || rc=$?
	echo $rc >"$R-$name.rc"
}

# Two lanes: the slow two-guest run, and everything else after one another.
(native native && native trimmed -T && tessera "$SOLO" solo) &
lane=$!
tessera "$TWO" two
wait "$lane" || true

# cap REGEX FILE: the first capture group of the first matching line.
cap() {
	sed -nE "s#$1#\\1#p" "$2" 2>/dev/null | head -n1 || true
}
# line_of REGEX FILE: number of the first matching line, or nothing.
line_of() {
	grep -n -m1 -E -- "$1" "$2" 2>/dev/null | cut -d: -f1 || true
}
declare -A up run
for n in two solo; do
	up[$n]=$(cap '^\[linux\] INIT: uptime ([0-9.]+) .*' "$R-$n.log")
	run[$n]=$(cap '^\[linux\] \[ *([0-9.]+)\] Run /init as init process.*' "$R-$n.log")
done
for n in native trimmed; do
	up[$n]=$(cap '^INIT: uptime ([0-9.]+) .*' "$R-$n.log")
	run[$n]=$(cap '^\[ *([0-9.]+)\] Run /init as init process.*' "$R-$n.log")
done

ratio() { # A B: A/B with 3 decimals, or n/a
	if [ -n "$1" ] && [ -n "$2" ]; then
		awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }'
	else
		echo n/a
	fi
}
sec() { [ -n "$1" ] && echo "$1 s" || echo n/a; }
wall() { # NAME: wall time to power-off in s
	local w=""
	if [ -f "$R-$1.ms" ]; then
		w=$(awk -v ms="$(cat "$R-$1.ms")" 'BEGIN { printf "%.1f", ms / 1000 }')
	else
		w=$(sed -n 's/.*: wall \([0-9]*\.[0-9]\).*/\1/p' "$R-$1.err" 2>/dev/null | head -n1)
	fi
	echo "${w:-n/a}"
}

echo "Linux reaching /init, -cpu $cpu, -icount shift=0 (1 instruction = 1 ns of virtual time)"
row() { printf '%-36s %13s %19s %9s\n' "$@"; }
row "" "/proc/uptime" "printk 'Run /init'" "wall (s)"
row "native, QEMU's virt DT" "$(sec "${up[native]}")" "$(sec "${run[native]}")" "$(wall native)"
row "native, DT trimmed like a guest's" "$(sec "${up[trimmed]}")" "$(sec "${run[trimmed]}")" "$(wall trimmed)"
row "Tessera, Linux alone" "$(sec "${up[solo]}")" "$(sec "${run[solo]}")" "$(wall solo)"
row "Tessera, Linux + checks" "$(sec "${up[two]}")" "$(sec "${run[two]}")" "$(wall two)"
row "ratio alone / native trimmed" "$(ratio "${up[solo]}" "${up[trimmed]}")" \
	"$(ratio "${run[solo]}" "${run[trimmed]}")" ""
row "ratio two guests / native trimmed" "$(ratio "${up[two]}" "${up[trimmed]}")" \
	"$(ratio "${run[two]}" "${run[trimmed]}")" ""
row "ratio two guests / native virt DT" "$(ratio "${up[two]}" "${up[native]}")" \
	"$(ratio "${run[two]}" "${run[native]}")" ""

# Did the checks guest still run once Linux's clock had started?
lclock=$(line_of '^\[linux\] \[ *[0-9.]+\] sched_clock:' "$R-two.log")
coff=$(line_of '^tessera: guest "checks" is off' "$R-two.log")
if [ -n "$lclock" ] && [ -n "$coff" ]; then
	if [ "$coff" -gt "$lclock" ]; then
		echo "note: checks ran on after Linux's clock started: its instructions count in Linux's time"
	else
		echo "note: checks was off before Linux's clock started (it does not count in Linux's time)"
	fi
fi
echo "logs: $R-{native,trimmed,solo,two}.log"

ok=1
for n in native trimmed solo two; do
	rc=$(cat "$R-$n.rc" 2>/dev/null || echo missing)
	case $rc in
	0) ;;
	124 | 137)
		echo "$prog: $n: QEMU still running after ${tmo}s (see $R-$n.log)" >&2
		ok=0
		;;
	missing)
		echo "$prog: $n: did not run" >&2
		ok=0
		;;
	*)
		echo "$prog: $n: failed with status $rc (see $R-$n.log)" >&2
		[ -s "$R-$n.err" ] && grep -v ': wall ' "$R-$n.err" | sed 's/^/  /' >&2
		ok=0
		;;
	esac
	[ -n "${up[$n]}" ] || { echo "$prog: $n: no 'INIT: uptime' line" >&2; ok=0; }
done
[ $ok = 1 ]
