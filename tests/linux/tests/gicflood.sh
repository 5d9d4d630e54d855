#!/bin/sh
# gicflood: a hostile guest hammers its virtual GIC distributor with devmem
# (needs iomem=relaxed: the guest's own GIC driver claims the region):
# every set/clear-enable, set/clear-pending and set/clear-active bit of every
# SPI register Tessera's vGIC could have (INTIDs 32-287), group and trigger
# flips, and priority 0 and a route to a vCPU that does not exist for each of
# INTIDs 32-95 (152 writes; fewer is a FAIL). None of it may reach another
# guest's interrupts or Tessera's own (its console input): the scenario
# judges that; this test only says it ran.
# It leaves the guest's own interrupts in a mess, so it runs last.
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

gicd=0x08000000
w() { devmem "$(printf '0x%x' $((gicd + $1)))" 32 "$2" 2>/dev/null; }

w 0 0x2 || fail "devmem cannot write the distributor (iomem=relaxed missing?)"
n=0
# 1-bit registers of INTIDs 32-287 (words 1-8): group, set/clear enable,
# pending, active
for bank in 0x080 0x100 0x180 0x200 0x280 0x300 0x380; do
	r=1
	while [ $r -le 8 ]; do
		w $((bank + 4 * r)) 0xffffffff && n=$((n + 1))
		r=$((r + 1))
	done
done
# trigger (2 bits each) of INTIDs 32-287: ICFGR2-17, all edge
r=2
while [ $r -le 17 ]; do
	w $((0xc00 + 4 * r)) 0xffffffff && n=$((n + 1))
	r=$((r + 1))
done
# priority 0 (four INTIDs a word) and a route to vCPU 127, which it does not
# have, for each of INTIDs 32-95: its own linked SPIs among them
i=32
while [ $i -lt 96 ]; do
	[ $((i % 4)) -eq 0 ] && w $((0x400 + i)) 0 && n=$((n + 1))
	w $((0x6000 + 8 * i)) 0x7f && n=$((n + 1))
	i=$((i + 1))
done
say "wrote $n distributor registers"
[ $n -eq 152 ] || fail "only $n of the 152 writes went through"
pass
