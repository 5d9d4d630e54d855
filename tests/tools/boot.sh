#!/usr/bin/env bash
# Tests of the U-Boot image tools (tools/mkbootfit, tools/mkflash,
# tools/mkdisk; docs/boot.md), run by tests/run-tests.sh in the group "host
# tools": the bytes are where layout.txt and the FIT say, the environment
# holds the FIT's flash address, the disk's MBR and FAT hold the files, and
# bad inputs are refused with a message saying what is wrong. Booting the
# images is the QEMU scenarios' job (tests/scenarios/uboot-*.scn).
# Each case prints "PASS name" or "FAIL name: reason"; exits non-zero if any
# failed.
set -u
cd "$(dirname "$0")/../.." || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
UBOOT=/usr/lib/u-boot/qemu_arm64/u-boot.bin
UCFG=/usr/share/doc/u-boot-qemu/configs/config.qemu_arm64.gz
MDTB=build/host/dtbs/virt.dtb
CONFIG=tests/payloads/two-guests.dts
IMGS=(checks=build/guests/checks.bin attacker=build/guests/attacker.bin)

pass() {
	echo "PASS $1"
	passed=$((passed + 1))
}
fail() { # NAME REASON
	echo "FAIL $1: $2"
	[ -f "$tmp/out" ] && sed 's/^/    /' "$tmp/out" | tail -n 10
	failed=$((failed + 1))
}
# NAME REGEX CMD...: CMD must fail with a line matching REGEX
refuses() {
	local name=$1 re=$2
	shift 2
	if "$@" >"$tmp/out" 2>&1; then
		fail "$name" "succeeded: $*"
	elif ! grep -qE -- "$re" "$tmp/out"; then
		fail "$name" "no line matches /$re/"
	else
		pass "$name"
	fi
}
# bytes FILE OFFSET SIZE: SIZE bytes of FILE from OFFSET
bytes() { tail -c +$(($2 + 1)) "$1" | head -c "$3"; }

for f in build/tessera.bin build/tessera.elf "$MDTB" build/guests/checks.bin \
	build/guests/attacker.bin "$UBOOT" "$UCFG"; do
	if [ ! -f "$f" ]; then
		echo "FAIL boot-tools: $f is missing (make test-assets, scripts/install-deps.sh)"
		echo "0 passed, 1 failed"
		exit 1
	fi
done

fit=$tmp/tessera.itb
entry=$(readelf -h build/tessera.elf | sed -n 's/^ *Entry point address: *//p')
if tools/mkbootfit -p -o "$fit" -t build/tessera.bin -e build/tessera.elf "$CONFIG" \
	"${IMGS[@]}" solo=build/guests/solo.bin >"$tmp/out" 2>&1; then
	pass "mkbootfit: packs Tessera and the payload, -p leaves out what the config does not name"
else
	fail "mkbootfit" "failed"
fi

# The flash images: sizes, the environment, and every region where layout.txt says.
out=$tmp/flash
if tools/mkflash -o "$out" -u "$UBOOT" -c "$UCFG" -m "$MDTB" "$fit" >"$tmp/out" 2>&1; then
	# shellcheck disable=SC1091
	. "$out/layout.txt"
	ok=1
	why=""
	for f in pflash0 pflash1; do
		[ "$(stat -c %s "$out/$f.img")" = 67108864 ] || { ok=0 why="$why $f.img is not 64 MiB;"; }
	done
	cmp -s -n "$(stat -c %s "$UBOOT")" "$UBOOT" "$out/pflash0.img" || { ok=0 why="$why U-Boot not at 0 of pflash0;"; }
	cmp -s <(bytes "$out/pflash1.img" 0 "$ENV_SIZE") "$out/env.bin" || { ok=0 why="$why environment not at 0;"; }
	cmp -s <(bytes "$out/pflash1.img" "$FIT_OFFSET" "$FIT_SIZE") "$fit" || { ok=0 why="$why FIT not at FIT_OFFSET;"; }
	cmp -s <(bytes "$out/pflash1.img" "$TESSERA_OFFSET" "$TESSERA_SIZE") build/tessera.bin ||
		{ ok=0 why="$why Tessera not at TESSERA_OFFSET;"; }
	tools/mkpayload -o "$tmp/payload.itb" "$CONFIG" "${IMGS[@]}" >/dev/null 2>&1 &&
		[ "$PAYLOAD_SIZE" = "$(stat -c %s "$tmp/payload.itb")" ] &&
		bytes "$out/pflash1.img" "$PAYLOAD_OFFSET" "$PAYLOAD_SIZE" >"$tmp/got-payload.itb" &&
		dumpimage -l "$tmp/got-payload.itb" 2>/dev/null | grep -q 'Image 2 (attacker)' ||
		{ ok=0 why="$why no payload FIT at PAYLOAD_OFFSET;"; }
	last=$((FIT_OFFSET + FIT_SIZE))
	[ "$(bytes "$out/pflash1.img" "$last" $((FLASH1_SIZE - last)) | tr -d '\377' | wc -c)" = 0 ] ||
		{ ok=0 why="$why flash after the FIT is not erased (0xff);"; }
	grep -qx "tessera_fit=$(printf 0x%x $((FLASH1_ADDR + FIT_OFFSET)))" "$out/env.txt" &&
		[ "$FIT_ADDR" = "$(printf 0x%x $((FLASH1_ADDR + FIT_OFFSET)))" ] ||
		{ ok=0 why="$why tessera_fit is not FLASH1_ADDR + FIT_OFFSET;"; }
	grep -qx 'bootdelay=0' "$out/env.txt" || { ok=0 why="$why bootdelay is not 0;"; }
	[ $((TESSERA_LOAD)) = $((entry)) ] || { ok=0 why="$why TESSERA_LOAD $TESSERA_LOAD is not the ELF entry $entry;"; }
	if [ $ok = 1 ]; then pass "mkflash: layout.txt, env.txt and the images agree"; else fail "mkflash layout" "$why"; fi
else
	fail "mkflash" "failed"
fi

# The disk: MBR partition 1 at 1 MiB, FAT with the two files.
disk=$tmp/disk.img
if tools/mkdisk -o "$disk" "$fit" >"$tmp/out" 2>&1; then
	ok=1
	why=""
	[ "$(od -An -tx1 -j446 -N1 "$disk" | tr -d ' ')" = 80 ] || { ok=0 why="$why partition 1 not bootable;"; }
	[ "$(od -An -tu4 --endian=little -j454 -N4 "$disk" | tr -d ' ')" = 2048 ] || { ok=0 why="$why partition 1 not at sector 2048;"; }
	[ "$(od -An -tx1 -j510 -N2 "$disk" | tr -d ' ')" = 55aa ] || { ok=0 why="$why no MBR signature;"; }
	mcopy -n -i "$disk@@1M" ::/tessera.itb "$tmp/got.itb" 2>>"$tmp/out" && cmp -s "$tmp/got.itb" "$fit" ||
		{ ok=0 why="$why tessera.itb not on the FAT;"; }
	mcopy -n -i "$disk@@1M" ::/boot.scr "$tmp/got.scr" 2>>"$tmp/out" &&
		dumpimage -l "$tmp/got.scr" 2>/dev/null | grep -q 'Script' ||
		{ ok=0 why="$why boot.scr not a U-Boot script on the FAT;"; }
	# the first 2 MiB boundary above Tessera's footprint: ELF entry + Image header's image_size
	isize=$(od -An -tu8 --endian=little -j16 -N8 build/tessera.bin | tr -d ' ')
	want=$(printf 0x%x $(((entry + isize + (2 << 20) - 1) / (2 << 20) * (2 << 20))))
	grep -qx "setenv tessera_fit $want" "$disk.boot.cmd" ||
		{ ok=0 why="$why boot.cmd: $(grep -m1 tessera_fit "$disk.boot.cmd"), expected $want;"; }
	if [ $ok = 1 ]; then pass "mkdisk: MBR, FAT, boot.scr and tessera.itb"; else fail "mkdisk" "$why"; fi
else
	fail "mkdisk" "failed"
fi

# Refusals.
refuses "mkbootfit: not an arm64 Image" 'is not an arm64 Image' \
	tools/mkbootfit -o "$tmp/x.itb" -t build/guests/checks.elf -e build/tessera.elf "$CONFIG" "${IMGS[@]}"
refuses "mkbootfit: an image the config does not name, without -p" 'no guest in .* names "solo"' \
	tools/mkbootfit -o "$tmp/x.itb" -t build/tessera.bin -e build/tessera.elf "$CONFIG" \
	"${IMGS[@]}" solo=build/guests/solo.bin
head -c $((70 << 20)) /dev/zero >"$tmp/big.bin"
refuses "mkflash: a FIT bigger than flash bank 1" 'do not fit in flash bank 1' \
	tools/mkflash -o "$tmp/f2" -u "$UBOOT" -c "$UCFG" -m "$MDTB" "$tmp/big.bin"
zcat "$UCFG" | sed 's/^CONFIG_ENV_ADDR=.*/CONFIG_ENV_ADDR=0x4100000/' >"$tmp/ucfg"
refuses "mkflash: an environment not at the start of bank 1" 'not at the start of flash bank 1' \
	tools/mkflash -o "$tmp/f2" -u "$UBOOT" -c "$tmp/ucfg" -m "$MDTB" "$fit"
zcat "$UCFG" | sed 's/^CONFIG_ENV_IS_IN_FLASH=y/# CONFIG_ENV_IS_IN_FLASH is not set/' >"$tmp/ucfg"
refuses "mkflash: a U-Boot with no environment in flash" 'keeps no environment in flash' \
	tools/mkflash -o "$tmp/f2" -u "$UBOOT" -c "$tmp/ucfg" -m "$MDTB" "$fit"
refuses "mkflash: not a FIT from mkbootfit" 'has no data-offset' \
	tools/mkflash -o "$tmp/f2" -u "$UBOOT" -c "$UCFG" -m "$MDTB" build/payloads/two-guests.itb

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
