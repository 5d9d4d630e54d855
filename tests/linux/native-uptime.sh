#!/usr/bin/env bash
# The native baseline: boots the Linux test guest (build/linux/Image and
# initramfs.cpio.gz, make linux-assets) straight on QEMU, no hypervisor, with
# what the guest gets under Tessera (2 CPUs, 256 MiB, the same bootargs as
# tests/payloads/linux-two.dts), and prints its init's "INIT: uptime" line.
#
#   tests/linux/native-uptime.sh [-c CPU] [-I] [-T] [-t SECONDS] [-l LOG]
#
#   -c CPU      QEMU -cpu value (default max,pauth=off)
#   -I          no -icount (default: -icount shift=0, 1 instruction = 1 ns)
#   -T          trimmed DT: QEMU's own virt DT cut down to what a Tessera
#               guest gets (CPUs, PSCI, memory, GICv3 without ITS, timer,
#               PL011, chosen; no PCIe, virtio-mmio, RTC, GPIO, fw-cfg,
#               flash, PMU, KASLR/RNG seeds), so Linux probes the same devices
#   -t SECONDS  timeout for QEMU (default 300)
#   -l LOG      where the console log goes (default build/linux/native.log)
#
# stdout: the "INIT: uptime <up> <idle>" line; stderr: the wall time. Exits 1
# if QEMU timed out, failed, or the line is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

prog=native-uptime
die() {
	echo "$prog: error: $*" >&2
	exit 1
}
usage() {
	echo "usage: tests/linux/native-uptime.sh [-c CPU] [-I] [-T] [-t SECONDS] [-l LOG]" >&2
	exit 2
}

IMAGE=build/linux/Image
INITRD=build/linux/initramfs.cpio.gz
DTS=tests/payloads/linux-two.dts
cpu=max,pauth=off icount=1 trim=0 tmo=300 log=build/linux/native.log
while getopts "c:ITt:l:h" opt; do
	case $opt in
	c) cpu=$OPTARG ;;
	I) icount=0 ;;
	T) trim=1 ;;
	t) tmo=$OPTARG ;;
	l) log=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage
[[ $tmo =~ ^[0-9]+$ ]] || die "-t wants whole seconds, not '$tmo'"

for f in "$IMAGE" "$INITRD"; do
	[ -f "$f" ] || die "$f is missing: run 'make linux-assets' first"
done
command -v qemu-system-aarch64 >/dev/null || die "qemu-system-aarch64 missing (make deps)"

# The Linux guest's bootargs in the Tessera payload, so both runs boot alike.
append=$(sed -n 's/^[[:space:]]*bootargs = "\(.*\)";.*/\1/p' "$DTS" 2>/dev/null | head -n1)
[ -n "$append" ] || append="console=ttyAMA0 earlycon=pl011,0x09000000 panic=-1"

machine=virt,gic-version=3
opts=(-cpu "$cpu" -smp 2 -m 256M -net none -monitor none)
args=(-M "$machine" "${opts[@]}" -nographic -no-reboot -kernel "$IMAGE" -initrd "$INITRD"
	-append "$append")
desc="-cpu $cpu"
mkdir -p "$(dirname "$log")"
if [ $trim = 1 ]; then
	command -v fdtput >/dev/null || die "-T needs fdtput (Debian package device-tree-compiler)"
	dtb=${log%.log}.dtb
	timeout 30 qemu-system-aarch64 -M "$machine,dumpdtb=$dtb" "${opts[@]}" -nographic \
		</dev/null >"$dtb.out" 2>&1 || die "QEMU could not dump its DT: $(cat "$dtb.out")"
	rm -f "$dtb.out"
	for n in $(fdtget -l "$dtb" /); do
		case $n in
		cpus | psci | memory@* | intc@* | timer | pl011@* | apb-pclk | chosen) ;;
		*) fdtput -r "$dtb" "/$n" ;;
		esac
	done
	for n in $(fdtget -l "$dtb" /intc@8000000 2>/dev/null); do
		fdtput -r "$dtb" "/intc@8000000/$n" # the ITS
	done
	fdtput -d "$dtb" /chosen kaslr-seed 2>/dev/null || true
	fdtput -d "$dtb" /chosen rng-seed 2>/dev/null || true
	args+=(-dtb "$dtb")
	desc+=", trimmed DT"
fi
if [ $icount = 1 ]; then
	args+=(-icount shift=0)
	desc+=", -icount shift=0"
fi

start=$(date +%s%N)
rc=0
timeout --kill-after=5 "$tmo" qemu-system-aarch64 "${args[@]}" </dev/null >"$log" 2>&1 || rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
sed -i 's/\r$//' "$log"

case $rc in
0) ;;
124 | 137) die "QEMU ($desc) still running after ${tmo}s; log: $log" ;;
*) die "QEMU ($desc) exited with status $rc; log: $log" ;;
esac
line=$(grep -m1 -o 'INIT: uptime .*' "$log") || die "no 'INIT: uptime' line ($desc); log: $log"
echo "$line"
printf '%s: %s: wall %d.%03d s to power-off, log %s\n' "$prog" "$desc" \
	$((ms / 1000)) $((ms % 1000)) "$log" >&2
