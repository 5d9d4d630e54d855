#!/bin/sh
# ivshmem: the shared memory BAR (BAR2, 64-bit prefetchable) of an
# ivshmem-plain device behind the PCIe host bridge, mapped through sysfs's
# resource2_wc (write-combining: Normal-NC at stage 1). Writes
# "IVSHMEM-WC-<hex>" at +0x100 with /bin/pcimap (tests/linux/tools/) and
# reads it back; the scenario then finds it in the file backing the device.
#   "BAR2 <start> <end> <flags>"   the BAR as Linux placed it
#   "wrote ... read back ..."      what pcimap did
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

dev=""
for d in /sys/bus/pci/devices/*; do
	if [ "$(cat "$d/vendor")" = 0x1af4 ] && [ "$(cat "$d/device")" = 0x1110 ]; then
		dev=$d
		break
	fi
done
[ -n "$dev" ] || fail "no ivshmem (1af4:1110) on the PCI bus"
say "ivshmem at ${dev##*/}"
# resource: one "start end flags" line per BAR
bar2=$(sed -n 3p "$dev/resource")
say "BAR2 $bar2"
[ -e "$dev/resource2_wc" ] || fail "no resource2_wc (BAR2 is not prefetchable?)"
echo 1 >"$dev/enable" || fail "cannot enable ${dev##*/}"
mark=IVSHMEM-WC-$(od -An -tx1 -N6 /dev/urandom | tr -d ' \n')
res=$(pcimap "$dev/resource2_wc" 0x100 "$mark")
rc=$?
say "$res"
[ $rc = 0 ] || fail "pcimap exit status $rc"
pass
