#!/bin/sh
# devmem-fault: devices of ANOTHER guest (tessera.foreign=0xADDR[,0xADDR...])
# must not be reachable: a 32-bit `devmem` read of each must be killed by a
# signal (SIGBUS, exit status 135, or SIGSEGV, 139). A read that returns a
# value FAILs, and so does a devmem that fails otherwise.
# /dev/mem needs "iomem=relaxed" on the command line to reach an address that
# a driver of this guest has claimed (CONFIG_IO_STRICT_DEVMEM); an address
# this guest has no device at needs nothing.
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

addrs=$(arg tessera.foreign) || fail "no tessera.foreign=0xADDR on the command line"
bad=""
for a in $(echo "$addrs" | tr ',' ' '); do
	case $a in
	0x[0-9a-fA-F]*) ;;
	*) fail "tessera.foreign: '$a' is not 0x hex" ;;
	esac
	# A subshell, so the signal kills it and not this test.
	v=$(devmem "$a" 32 2>/tmp/devmem.err)
	rc=$?
	case $rc in
	135 | 139) say "killed rc=$rc ($a)" ;;
	0)
		say "$a read $v"
		bad="$bad; the read of $a succeeded ($v)"
		;;
	*)
		say "$a devmem exited $rc: $(cat /tmp/devmem.err)"
		bad="$bad; devmem $a exited $rc, not by a signal (iomem=relaxed missing?)"
		;;
	esac
done
[ -z "$bad" ] || fail "${bad#; }"
pass
