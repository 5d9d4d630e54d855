#!/bin/sh
# fb: a simple-framebuffer through Linux's simplefb driver (built in), which
# maps it write-combining (Normal-NC at stage 1). Writes "FBTESSERA-NC-OK!"
# at offset 2 MiB of /dev/fb0; the scenario finds the string in the file
# that backs QEMU's RAM, at the framebuffer's physical address.
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

mark=FBTESSERA-NC-OK!
poll 10 test -c /dev/fb0 || fail "no /dev/fb0 within 10 s (no simple-framebuffer bound)"
name=$(cat /sys/class/graphics/fb0/name 2>/dev/null)
say "fb0 is '$name', $(cat /sys/class/graphics/fb0/virtual_size 2>/dev/null) pixels"
case $name in
*simple*) ;;
*) fail "fb0 is '$name', not simplefb" ;;
esac
printf '%s' "$mark" | dd of=/dev/fb0 bs=1 seek=2097152 conv=notrunc 2>/dev/null ||
	fail "writing /dev/fb0 failed"
sync
back=$(dd if=/dev/fb0 bs=1 skip=2097152 count=${#mark} 2>/dev/null)
say "wrote $mark at +2 MiB, read back '$back'"
[ "$back" = "$mark" ] || fail "read back '$back'"
pass
