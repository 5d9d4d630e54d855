#!/bin/sh
# pcinet: NICs behind the PCIe host bridge through Linux's own drivers
# (virtio_pci + virtio_net, e1000e modules) on INTx, since the guest has no
# ITS: each interface gets a DHCP lease from QEMU's user network (udhcpc),
# which takes the driver's DMA both ways and its interrupt.
#   "ethN DRIVER PCI-ADDRESS lease A.B.C.D"   one per interface
#   "irq LINE"                                the NICs' /proc/interrupts lines
# tessera.nics=N: how many interfaces to expect (default 2).
# tessera.pcinet=busy: leaves a ping to the user network's gateway running
# on every interface (the NIC stays busy, e.g. across a reboot).
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

want=$(arg tessera.nics) || want=2
mode=$(arg tessera.pcinet) || mode=once
bad=""
problem() {
	say "problem: $*"
	bad="$bad; $*"
}

for m in virtio_pci virtio_net e1000e; do
	modload $m || fail "cannot load $m"
done

ifaces() { ls /sys/class/net | grep -v '^lo$'; }
enough() { [ "$(ifaces | wc -l)" -ge "$want" ]; }
poll 20 enough || problem "$(ifaces | wc -l) interfaces within 20 s, expected $want"

# udhcpc runs this with the lease in the environment: take the address.
cat >/tmp/dhcp.sh <<'EOS'
#!/bin/sh
case $1 in
bound | renew)
	ifconfig "$interface" "$ip" netmask "${subnet:-255.255.255.0}" up
	echo "$ip" >"/tmp/lease.$interface"
	;;
esac
exit 0
EOS
chmod 755 /tmp/dhcp.sh

for i in $(ifaces); do
	drv=$(basename "$(readlink "/sys/class/net/$i/device/driver")")
	dev=$(readlink -f "/sys/class/net/$i/device")
	# virtio_net sits on a virtio device, itself on the PCI function
	case $dev in */virtio[0-9]*) dev=${dev%/*} ;; esac
	rm -f "/tmp/lease.$i"
	ifconfig "$i" up
	udhcpc -i "$i" -n -q -t 10 -T 2 -s /tmp/dhcp.sh >/dev/null 2>&1
	lease=$(cat "/tmp/lease.$i" 2>/dev/null) || lease=none
	say "$i $drv ${dev##*/} lease $lease"
	[ "$lease" != none ] || problem "$i ($drv): no DHCP lease"
	if [ "$mode" = busy ] && [ "$lease" != none ]; then
		ping -q -I "$i" 10.0.2.2 >/dev/null 2>&1 &
		say "$i stays busy: ping 10.0.2.2 in the background"
	fi
done

grep -E 'virtio[0-9]|eth[0-9]' /proc/interrupts | while IFS= read -r l; do
	say "irq $l"
done
if grep -E 'virtio[0-9]|eth[0-9]' /proc/interrupts | grep -q MSI; then
	problem "a NIC uses MSI, but the guest has no ITS"
fi
[ -z "$bad" ] || fail "${bad#; }"
pass
