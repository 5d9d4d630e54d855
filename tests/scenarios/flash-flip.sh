#!/usr/bin/env bash
# Builds a flash image with one byte damaged, for a scenario's PREPARE step:
#   tests/scenarios/flash-flip.sh DIR CONFIG.dts tessera|payload
# runs `make flash CONFIG=CONFIG.dts FLASH_DIR=DIR`, then inverts the middle
# byte of Tessera's image or of the payload inside DIR/pflash1.img, at the
# offset DIR/layout.txt gives (tools/mkflash), and checks that it changed.
set -euo pipefail
dir=$1 config=$2 what=$3
make -s flash CONFIG="$config" FLASH_DIR="$dir"
# shellcheck disable=SC1091
. "$dir/layout.txt"
case $what in
tessera) start=$TESSERA_OFFSET size=$TESSERA_SIZE ;;
payload) start=$PAYLOAD_OFFSET size=$PAYLOAD_SIZE ;;
*) echo "flash-flip.sh: $what: expected tessera or payload" >&2; exit 2 ;;
esac
off=$((start + size / 2))
img=$dir/pflash1.img
old=$(od -An -tu1 -j"$off" -N1 "$img" | tr -d ' ')
new=$((old ^ 0xff))
printf "\\$(printf %03o "$new")" | dd of="$img" bs=1 seek="$off" conv=notrunc status=none
got=$(od -An -tu1 -j"$off" -N1 "$img" | tr -d ' ')
[ "$got" = "$new" ] || { echo "flash-flip.sh: byte at $off of $img is $got, not $new" >&2; exit 1; }
printf 'flash-flip.sh: %s: byte %d of %s (%d bytes), at offset 0x%x, changed 0x%02x -> 0x%02x\n' \
	"$img" $((off - start)) "$what" "$size" "$off" "$old" "$new"
