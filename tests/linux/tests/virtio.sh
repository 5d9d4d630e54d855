#!/bin/sh
# virtio: virtio-mmio devices through Linux's own drivers (virtio_mmio,
# virtio_blk, virtio_rng modules), so their rings, DMA and interrupts work.
#   blk: /dev/vda's sector 0 starts with TESSERA-HOST-SIG (the host wrote it);
#        "1 MiB holds ..." says what an earlier life left there;
#        "wrote GUEST-WROTE-<hex>" is written at 1 MiB, synced and read back
#        past the page cache (the host checks its file afterwards)
#   rng: rng_current is virtio_rng, two 16-byte reads of /dev/hwrng differ
# tessera.virtio=blk or =rng runs only that half (default: both).
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

parts=$(arg tessera.virtio) || parts=blk,rng
bad=""
problem() {
	say "problem: $*"
	bad="$bad; $*"
}

for m in virtio_mmio virtio_blk virtio_rng; do
	modload $m || fail "cannot load $m"
done

case ,$parts, in
*,blk,*)
	if poll 10 test -b /dev/vda; then
		# printable ASCII, others as "." (busybox tr -c mishandles [:print:])
		sig=$(dd if=/dev/vda bs=16 count=1 2>/dev/null | tr -c ' -~' .)
		say "sector 0 starts with '$sig'"
		[ "$sig" = TESSERA-HOST-SIG ] || problem "sector 0 does not start with TESSERA-HOST-SIG"
		# what an earlier life (or the host) left at 1 MiB, before this one writes
		old=$(dd if=/dev/vda bs=1M skip=1 count=1 2>/dev/null | head -c 28 | tr -c ' -~' .)
		say "1 MiB holds '$old'"
		mark=GUEST-WROTE-$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')
		if printf '%s' "$mark" | dd of=/dev/vda bs=1M seek=1 conv=notrunc,fsync 2>/dev/null; then
			say "wrote $mark"
			sync
			# read the disk, not the page cache
			echo 3 >/proc/sys/vm/drop_caches
			back=$(dd if=/dev/vda bs=1M skip=1 count=1 2>/dev/null | head -c ${#mark} | tr -c ' -~' .)
			[ "$back" = "$mark" ] || problem "read back '$back' at 1 MiB"
		else
			problem "writing /dev/vda failed"
		fi
	else
		problem "no /dev/vda within 10 s (no virtio-blk device?)"
	fi
	;;
esac

case ,$parts, in
*,rng,*)
	cur=$(cat /sys/class/misc/hw_random/rng_current 2>/dev/null) || cur=none
	say "rng_current $cur"
	case $cur in
	virtio_rng*)
		# bounded: a device that never answers blocks the read
		a=$(timeout 10 dd if=/dev/hwrng bs=16 count=1 2>/dev/null | od -An -tx1 | tr -d ' \n')
		b=$(timeout 10 dd if=/dev/hwrng bs=16 count=1 2>/dev/null | od -An -tx1 | tr -d ' \n')
		say "hwrng $a $b"
		if [ ${#a} -ne 32 ] || [ ${#b} -ne 32 ]; then
			problem "a 16-byte read of /dev/hwrng came back short"
		elif [ "$a" = "$b" ]; then
			problem "two reads of /dev/hwrng are equal"
		fi
		;;
	*) problem "rng_current is '$cur', not virtio_rng (no virtio-rng device?)" ;;
	esac
	;;
esac

grep -E 'virtio[0-9]+$' /proc/interrupts | while IFS= read -r l; do
	say "irq $l"
done
[ -z "$bad" ] || fail "${bad#; }"
pass
