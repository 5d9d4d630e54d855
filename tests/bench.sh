#!/usr/bin/env bash
# `make bench`: boots the benchmark guest (tests/guests/bench) under Tessera
# with -icount shift=0, where QEMU's virtual time counts instructions (1 ns
# each), so the guest's counter deltas are instruction counts, the same on
# every run. Prints a table of instructions per iteration and the cost of
# one exit (the operation's loop minus the same loop with a plain RAM load).
#
#   tests/bench.sh [--native] [--cpu NAME]
#     --native   boot build/guests/bench.bin directly on QEMU at EL1 (no
#                Tessera): QEMU's own PSCI and PL011, a sanity check of the
#                method (every row should be the bare 4-instruction loop)
#     --cpu      QEMU CPU model (default max)
set -u
cd "$(dirname "$0")/.."

native=0 cpu=max
while [ $# -gt 0 ]; do
	case $1 in
	--native) native=1 ;;
	--cpu) cpu=$2; shift ;;
	*) echo "usage: tests/bench.sh [--native] [--cpu NAME]" >&2; exit 2 ;;
	esac
	shift
done

out=build/test/bench
mkdir -p "$out"
if [ $native = 1 ]; then
	log=$out/bench-native-$cpu.log
	args=(-M virt -kernel build/guests/bench.bin)
	what="natively on QEMU (no Tessera)"
else
	log=$out/bench-$cpu.log
	args=(-M virt,virtualization=on,gic-version=3 -kernel build/tessera.bin
		-initrd build/payloads/bench.itb)
	what="under Tessera"
fi
for f in "${args[@]}"; do
	case $f in build/*) [ -f "$f" ] || { echo "bench: $f missing (make bench builds it)" >&2; exit 1; } ;; esac
done

timeout --kill-after=5 120 qemu-system-aarch64 "${args[@]}" -cpu "$cpu" -smp 2 -m 512M \
	-icount shift=0 -nographic -net none -monitor none </dev/null >"$log" 2>&1
rc=$?
tr -d '\r' <"$log" >"$log.tmp" && mv "$log.tmp" "$log"

fail() {
	echo "bench: $*" >&2
	echo "---- last lines of $log ----" >&2
	tail -n 25 "$log" | sed 's/^/    /' >&2
	exit 1
}
[ $rc -eq 124 ] || [ $rc -eq 137 ] && fail "QEMU still running after 120 s"
[ $rc -ne 0 ] && fail "QEMU exited with status $rc"
grep -q 'FAIL:' "$log" && fail "the guest reported a failure"
grep -qE 'DONE: [0-9]+ checks, 0 failed' "$log" || fail "the guest did not finish"

# The guest prints "BENCH <name>: <value>" (Tessera adds "[bench] " in front).
val() {
	sed -n "s/.*BENCH $1: \([0-9][0-9.]*\)\$/\1/p" "$log" | head -n1
}
iters=$(val iterations) freq=$(val cntfrq)
hvc=$(val hvc_null) mmio=$(val mmio_trap) base=$(val baseline)
[ -n "$hvc" ] && [ -n "$mmio" ] && [ -n "$base" ] && [ -n "$iters" ] ||
	fail "BENCH lines missing"

echo "Exit costs $what, QEMU -icount shift=0 -cpu $cpu"
echo "(instructions per iteration, guest and hypervisor, averaged over $iters iterations;"
echo " counter at $freq Hz, so one tick is $((1000000000 / freq)) instructions)"
echo
awk -v hvc="$hvc" -v mmio="$mmio" -v base="$base" 'BEGIN {
	printf "  %-11s %14s %16s\n", "operation", "per iteration", "per exit"
	printf "  %-11s %14.2f %16.2f\n", "hvc_null", hvc, hvc - base
	printf "  %-11s %14.2f %16.2f\n", "mmio_trap", mmio, mmio - base
	printf "  %-11s %14.2f %16s\n", "baseline", base, "-"
}'
echo
echo "hvc_null: HVC #0 with x0 = 0xc6000000 (TESSERA_HC_NULL); mmio_trap: a load"
echo "of the virtual UART's UARTFR; baseline: the same loop loading from RAM."
echo "per exit = the loop minus the baseline loop. Log: $log"
