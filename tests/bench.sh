#!/usr/bin/env bash
# `make bench`: the performance figures in one table, each next to its
# target, all measured under QEMU -icount shift=0,sleep=off, where virtual
# time counts instructions (1 ns each, every CPU's) and never jumps while CPUs
# idle, so every figure is an instruction count, the same on every run:
#   - Tessera's boot, machine reset to the first guest instruction, for the
#     default system (build/payloads/linux-two.itb: Debian's Linux, 256 MiB,
#     next to the checks guest, 64 MiB; -cpu max,pauth=off -smp 4 -m 1G), from
#     Tessera's own boot log (the "boot:" lines, include/core/boot_time.h);
#     QEMU is stopped once Linux's first instruction is logged
#   - a guest reset (PSCI SYSTEM_RESET) to its first instruction: the bench
#     guest (tests/guests/bench, 16 MiB) resets itself once
#   - exit costs, measured by the bench guest with its virtual counter: the
#     null hypercall and a trapped vUART register read, each minus the same
#     loop with a plain RAM load
#   - interrupt latencies, under Tessera and natively (the same guest on
#     QEMU's GIC at EL1): the virtual timer's expiry, and the passed-through
#     PL031's interrupt from the write that raises it, to the handler
# No figure is judged here (machines differ, targets are goals): --check only
# says whether every figure was measured ("PASS bench: ..." or "FAIL ...").
#
#   tests/bench.sh [--native] [--cpu NAME] [--check] [--quick]
#     --native   boot build/guests/bench.bin directly on QEMU at EL1 (no
#                Tessera): QEMU's own PSCI and PL011, a sanity check of the
#                exit-cost method (every row should be the bare loop)
#     --cpu      QEMU CPU model of the bench guest's run (default max)
#     --check    for make test: PASS if every figure is there, FAIL otherwise
#     --quick    only the bench guest (exit costs, reset, interrupt latency):
#                no boot of the default system
set -u
cd "$(dirname "$0")/.."

native=0 cpu=max check=0 quick=0
while [ $# -gt 0 ]; do
	case $1 in
	--native) native=1 ;;
	--cpu) cpu=$2; shift ;;
	--check) check=1 ;;
	--quick) quick=1 ;;
	*) echo "usage: tests/bench.sh [--native] [--cpu NAME] [--check] [--quick]" >&2; exit 2 ;;
	esac
	shift
done

out=build/test/bench
mkdir -p "$out"
icount="shift=0,sleep=off"

fail() {
	if [ $check = 1 ]; then
		echo "FAIL bench: $*"
	else
		echo "bench: $*" >&2
	fi
	if [ -n "${log:-}" ] && [ -f "$log" ]; then
		echo "---- last lines of $log ----"
		tail -n 25 "$log" | sed 's/^/    /'
	fi >&2
	exit 1
}

need() {
	for f in "$@"; do
		[ -f "$f" ] || fail "$f missing (make bench builds it)"
	done
}

# ---- 1. the bench guest: exit costs and one reset ----
if [ $native = 1 ]; then
	log=$out/bench-native-$cpu.log
	args=(-M virt,gic-version=3 -kernel build/guests/bench.bin)
	need build/guests/bench.bin
else
	log=$out/bench-$cpu.log
	args=(-M virt,virtualization=on,gic-version=3 -kernel build/tessera.bin
		-initrd build/payloads/bench.itb)
	need build/tessera.bin build/payloads/bench.itb
fi
timeout --kill-after=5 120 qemu-system-aarch64 "${args[@]}" -cpu "$cpu" -smp 2 -m 512M \
	-icount "$icount" -nographic -net none -monitor none </dev/null >"$log" 2>&1
rc=$?
tr -d '\r' <"$log" >"$log.tmp" && mv "$log.tmp" "$log"
[ $rc -eq 124 ] || [ $rc -eq 137 ] && fail "QEMU still running after 120 s"
[ $rc -ne 0 ] && fail "QEMU exited with status $rc"
grep -q 'FAIL:' "$log" && fail "the guest reported a failure"
grep -qE 'DONE: [0-9]+ checks, 0 failed' "$log" || fail "the guest did not finish"

# The guest prints "BENCH <name>: <value>" (Tessera adds "[bench] " in front).
val() {
	sed -n "s/.*BENCH $1: \([0-9][0-9.]*\)\$/\1/p" "$log" | head -n1
}
# A "boot:" line's duration (the first number), in instructions (us * 1000).
boot_insns() { # LOG REGEX
	sed -n "s/^boot: $2 *\([0-9]*\)\.\([0-9]\{3\}\) us.*/\1\2/p" "$1" | head -n1 |
		sed 's/^0*\([0-9]\)/\1/'
}
iters=$(val iterations) freq=$(val cntfrq)
hvc=$(val hvc_null) mmio=$(val mmio_trap) base=$(val baseline) lat=$(val irq_latency)
spi=$(val spi_latency)
[ -n "$hvc" ] && [ -n "$mmio" ] && [ -n "$base" ] && [ -n "$iters" ] && [ -n "$lat" ] &&
	[ -n "$spi" ] ||
	fail "BENCH lines missing"
reset="" reset_mib=""
if [ $native = 0 ]; then
	reset=$(boot_insns "$log" 'guest "bench" reset to 1st insn')
	reset_mib=$(sed -n 's/^guest "bench": .*, \([0-9]*\) MiB RAM at .*/\1/p' "$log" | head -n1)
	[ -n "$reset" ] && [ -n "$reset_mib" ] || fail "no timed reset in the boot log"
fi
bench_log=$log

# ---- 1b. the same guest natively: the interrupt latency's baseline ----
lat_native="" spi_native=""
if [ $native = 0 ]; then
	log=$out/bench-native-$cpu.log
	timeout --kill-after=5 120 qemu-system-aarch64 -M virt,gic-version=3 \
		-kernel build/guests/bench.bin -cpu "$cpu" -smp 2 -m 512M -icount "$icount" \
		-nographic -net none -monitor none </dev/null >"$log" 2>&1
	tr -d '\r' <"$log" >"$log.tmp" && mv "$log.tmp" "$log"
	lat_native=$(val irq_latency) spi_native=$(val spi_latency)
	[ -n "$lat_native" ] && [ -n "$spi_native" ] ||
		fail "no interrupt latency from the native run"
	log=$bench_log
fi

# ---- 2. the default system's boot, up to Linux's first instruction ----
boot="" linux=""
if [ $native = 0 ] && [ $quick = 0 ]; then
	log=$out/boot-linux-two.log
	need build/payloads/linux-two.itb
	qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -cpu max,pauth=off \
		-smp 4 -m 1G -icount "$icount" -nographic -net none -monitor none \
		-kernel build/tessera.bin -initrd build/payloads/linux-two.itb \
		</dev/null >"$log" 2>&1 &
	qpid=$!
	# under a minute even with the portable SHA-256 (1.3 billion instructions)
	for _ in $(seq 1 600); do
		grep -q '^boot: guest "linux" 1st insn' "$log" && break
		kill -0 $qpid 2>/dev/null || break
		sleep 0.2
	done
	kill $qpid 2>/dev/null
	wait $qpid 2>/dev/null
	tr -d '\r' <"$log" >"$log.tmp" && mv "$log.tmp" "$log"
	boot=$(boot_insns "$log" "Tessera's work to the 1st guest insn")
	linux=$(boot_insns "$log" 'guest "linux" 1st insn (since reset)')
	[ -n "$boot" ] && [ -n "$linux" ] || fail "the default system did not reach Linux's first instruction"
fi

if [ $check = 1 ]; then
	echo "PASS bench: every figure measured (boot $boot, reset $reset, hvc $hvc, mmio $mmio, irq latency $lat, natively $lat_native, PL031 $spi, natively $spi_native)"
	exit 0
fi

# ---- the table ----
where=$([ $native = 1 ] && echo "natively on QEMU (no Tessera)" || echo "under Tessera")
echo "Tessera benchmarks, $where, QEMU -icount $icount:"
echo "instructions of all CPUs (1 instruction = 1 ns of virtual time)"
echo
awk -v boot="$boot" -v linux="$linux" -v reset="$reset" -v mib="$reset_mib" \
	-v hvc="$hvc" -v mmio="$mmio" -v base="$base" -v iters="$iters" \
	-v lat="$lat" -v latn="$lat_native" -v spi="$spi" -v spin="$spi_native" 'BEGIN {
	f = "  %-58s %14s  %s\n"
	printf f, "figure", "measured", "target"
	if (boot != "") {
		printf f, "boot: reset to the 1st guest instruction (Linux + checks)",
			sprintf("%d", boot), "<= 80000000"
		printf f, "boot: reset to Linux'"'"'s 1st instruction", sprintf("%d", linux), "(reported)"
		printf f, sprintf("guest reset (SYSTEM_RESET) to its 1st insn, %d MiB", mib),
			sprintf("%d", reset), sprintf("<= %d (250000 per MiB)", 250000 * mib)
	}
	printf f, "null hypercall round trip (HVC, minus the RAM-load loop)",
		sprintf("%.2f", hvc - base), "<= 80"
	printf f, "trapped vUART read (UARTFR, minus the RAM-load loop)",
		sprintf("%.2f", mmio - base), "<= 150"
	printf f, "interrupt latency, virtual timer expiry to its handler", sprintf("%.2f", lat), "(reported)"
	if (latn != "") {
		printf f, "  the same natively (QEMU'"'"'s GIC at EL1, no Tessera)", sprintf("%.2f", latn), ""
		printf f, "  what Tessera adds", sprintf("%.2f", lat - latn), "< 100"
	}
	printf f, "interrupt latency, passed-through PL031 (SPI) to its handler", sprintf("%.2f", spi), "(reported)"
	if (spin != "") {
		printf f, "  the same natively", sprintf("%.2f", spin), ""
		printf f, "  what Tessera adds", sprintf("%.2f", spi - spin), "< 100"
	}
	printf "\n  exit costs averaged over %d iterations; loops: hvc_null %.2f, mmio_trap %.2f,\n", iters, hvc, mmio
	printf "  baseline %.2f instructions per iteration\n", base
}'
if [ -n "$boot" ]; then
	echo
	echo "Boot phases of the default system (its boot log, $log):"
	grep '^boot:' "$log" | sed 's/^/  /'
fi
echo
echo "Logs: $bench_log${boot:+ and $log}"
