#!/usr/bin/env bash
# How much longer Linux takes to reach its /init under Tessera than natively
# (make linux-report). Both runs use -icount shift=0, so virtual time counts
# instructions (1 ns each) and the numbers are the same on every run:
#
#   Tessera: build/tessera.bin with build/payloads/linux-two.itb (Linux with
#            2 vCPUs next to the checks guest), -smp 4 -m 1G, EL2
#   native:  the same Image and initramfs with QEMU -kernel, -smp 2 -m 256M,
#            EL1 (tests/linux/native-uptime.sh)
#
#   tests/linux/uptime-report.sh [-c CPU] [-t SECONDS]
#
#   -c CPU      QEMU -cpu value for both (default max,pauth=off)
#   -t SECONDS  timeout of each QEMU run (default 900)
#
# Two clocks, both started by Linux itself (not at power-on, so Tessera's own
# boot is not in them): /proc/uptime as /init starts ("INIT: uptime"), and the
# printk timestamp of "Run /init as init process" (sched_clock, straight from
# the arch counter; /proc/uptime counts jiffies until the clocksource switch,
# so it falls behind when early ticks are late). The two QEMUs run at once.
# Logs: build/linux/report-tessera.log, build/linux/report-native.log.
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
PAYLOAD=build/payloads/linux-two.itb
[ -f "$HYP" ] || die "$HYP is missing: run 'make'"
[ -f "$PAYLOAD" ] || die "$PAYLOAD is missing: run 'make linux-payload'"

tlog=build/linux/report-tessera.log
nlog=build/linux/report-native.log
mkdir -p build/linux
rm -f "$tlog" "$nlog"

# Native, in the background (its own timeout; its errors go to the log's .err).
tests/linux/native-uptime.sh -c "$cpu" -t "$tmo" -l "$nlog" >/dev/null 2>"$nlog.err" &
npid=$!

start=$(date +%s%N)
trc=0
timeout --kill-after=5 "$tmo" qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 \
	-cpu "$cpu" -smp 4 -m 1G -icount shift=0 -nographic -net none -monitor none \
	-kernel "$HYP" -initrd "$PAYLOAD" </dev/null >"$tlog" 2>&1 || trc=$?
tms=$((($(date +%s%N) - start) / 1000000))
sed -i 's/\r$//' "$tlog"
nrc=0
wait "$npid" || nrc=$?

# first_capture REGEX FILE: the first capture group of the first matching line.
first_capture() {
	sed -nE "s#$1#\\1#p" "$2" 2>/dev/null | head -n1 || true
}
t_up=$(first_capture '^\[linux\] INIT: uptime ([0-9.]+) .*' "$tlog")
t_run=$(first_capture '^\[linux\] \[ *([0-9.]+)\] Run /init as init process.*' "$tlog")
n_up=$(first_capture '^INIT: uptime ([0-9.]+) .*' "$nlog")
n_run=$(first_capture '^\[ *([0-9.]+)\] Run /init as init process.*' "$nlog")

ratio() { # A B: A/B with 3 decimals, or n/a
	if [ -n "$1" ] && [ -n "$2" ]; then
		awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }'
	else
		echo n/a
	fi
}
val() { echo "${1:-n/a}"; }

echo "Linux reaching /init, -cpu $cpu, -icount shift=0 (1 instruction = 1 ns of virtual time)"
printf '%-28s %14s %22s\n' "" "/proc/uptime" "printk 'Run /init'"
printf '%-28s %14s %22s\n' "native (QEMU -kernel, EL1)" "$(val "$n_up") s" "$(val "$n_run") s"
printf '%-28s %14s %22s\n' "under Tessera (EL1 guest)" "$(val "$t_up") s" "$(val "$t_run") s"
printf '%-28s %14s %22s\n' "ratio Tessera / native" "$(ratio "$t_up" "$n_up")" "$(ratio "$t_run" "$n_run")"
nwall=$(sed -n 's/.*: wall \([0-9.]*\) s.*/\1/p' "$nlog.err" 2>/dev/null | head -n1)
printf 'wall to power-off: Tessera %d.%03d s, native %s s; logs %s, %s\n' \
	$((tms / 1000)) $((tms % 1000)) "$(val "$nwall")" "$tlog" "$nlog"

ok=1
case $trc in
0) ;;
124 | 137) echo "$prog: Tessera run still going after ${tmo}s (see $tlog)" >&2; ok=0 ;;
*) echo "$prog: Tessera run: QEMU exited with status $trc (see $tlog)" >&2; ok=0 ;;
esac
if [ $nrc -ne 0 ]; then
	sed 's/^/  /' "$nlog.err" >&2
	ok=0
fi
[ -n "$t_up" ] && [ -n "$n_up" ] || { echo "$prog: an 'INIT: uptime' line is missing" >&2; ok=0; }
[ $ok = 1 ]
