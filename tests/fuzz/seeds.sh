#!/usr/bin/env bash
# Seed corpora for the fuzz targets, from the test data the unit tests use
# (built by `make unit-build`): tests/fuzz/seeds.sh OUTDIR makes OUTDIR/NAME/
# for each target. libFuzzer reads them besides build/fuzz/corpus/NAME.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$1
rm -rf "$out"
mkdir -p "$out"/{config,fit,inventory,image,mmio,vgic,memattr}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# bytes of a little-endian 64-bit number, for printf %b
le64() {
	local v=$1 s="" i
	for ((i = 0; i < 8; i++)); do
		s+=$(printf '\\x%02x' $(((v >> (8 * i)) & 0xff)))
	done
	printf '%s' "$s"
}

# config: the unit-test configs, the example systems, the scenario payloads'
for f in build/host/configs/*.dtb build/host/examples/*.dtb; do
	cp "$f" "$out/config/$(basename "$(dirname "$f")")-$(basename "$f")"
done
for f in tests/payloads/*.dts; do
	dtc -q -E no-name_properties -W no-unit_address_vs_reg -I dts -O dtb \
		-o "$out/config/payload-$(basename "$f" .dts).dtb" "$f"
done

# inventory: the host DTBs, packed (QEMU's dumps are 1 MiB of mostly nothing)
for f in build/host/dtbs/*.dtb; do
	dtc -q -I dtb -O dtb -o "$out/inventory/$(basename "$f")" "$f"
done

# image: RAM IPA, RAM size, initrd size, then an Image header and a body
image_seed() { # NAME RAM_IPA RAM_SIZE INITRD TEXT_OFFSET IMAGE_SIZE
	{
		printf '%b' "$(le64 "$2")$(le64 "$3")$(le64 "$4")"
		printf '%b' "$(le64 0)$(le64 "$5")$(le64 "$6")"
		head -c 32 /dev/zero
		printf 'ARMd'
		head -c 4 /dev/zero
		head -c 512 /dev/zero | tr '\0' 'k'
	} >"$out/image/$1"
}
image_seed linux $((0x40000000)) $((0x10000000)) $((0x800000)) 0 $((0x2000000))
image_seed legacy $((0x40000000)) $((0x4000000)) 0 $((0x1234)) 0
image_seed offset $((0x80000000)) $((0x400000)) $((0x1000)) $((0x80000)) $((0x100000))

# FIT: the unit tests' payloads, and small ones of the same config (tiny
# images keep the fuzzer fast)
cp build/host/fit/*.itb "$out/fit/"
{ head -c 56 /dev/zero; printf 'ARMd'; head -c 200 /dev/zero | tr '\0' 'c'; } >"$tmp/k.img"
head -c 100 /dev/zero | tr '\0' 'r' >"$tmp/r.img"
tools/mkpayload -o "$out/fit/small.itb" tests/unit/configs/payload.dts \
	checks="$tmp/k.img" rootfs="$tmp/r.img" >/dev/null
tools/mkpayload -E -o "$out/fit/small-ext.itb" tests/unit/configs/payload.dts \
	checks="$tmp/k.img" rootfs="$tmp/r.img" >/dev/null

# MMIO: data aborts as the unit tests decode them (ESR, IPA, raw value)
dabt() { # SAS SSE SRT SF WNR
	echo $(((0x24 << 26) | (1 << 25) | (1 << 24) | ($1 << 22) | ($2 << 21) |
		($3 << 16) | ($4 << 15) | ($5 << 6) | 7))
}
n=0
for a in "2 0 5 0 1" "3 0 30 1 0" "0 1 31 1 0" "1 1 1 0 0" "1 0 1 0 0" "2 0 1 0 0"; do
	# shellcheck disable=SC2086
	printf '%b' "$(le64 "$(dabt $a)")$(le64 $((0x9000018)))$(le64 $((0x8001)))" \
		>"$out/mmio/dabt-$n"
	n=$((n + 1))
done

# vGIC: 2 vCPUs owning SPIs 32 (virtual) and 33 (linked), then accesses:
# op (bits 0-2 what, 3 write/high, 6-7 log2 size), vCPU, u32 offset/INTID, u64 value
acc() { printf '%b' "\\x$1\\x$2$(le64 "$3" | head -c 16)$(le64 "$4")"; }
{
	printf '%b' '\x01\x02\x00\x00\x00\x01\x01\x01'
	acc 88 00 0x0 3             # GICD_CTLR = 3 (4 bytes)
	acc 88 00 $((0x104)) 3      # GICD_ISENABLER1
	acc 88 00 $((0x204)) 1      # GICD_ISPENDR1
	acc 88 00 $((0x420)) 0xa0a0 # GICD_IPRIORITYR
	acc c8 00 $((0x6108)) 1     # GICD_IROUTER33 (8 bytes) to vCPU 1
	acc 8a 01 $((0x10100)) 0xffff # GICR_ISENABLER0 of vCPU 1
	acc 04 01 5 0               # SGI 5 pending on vCPU 1
	acc 0d 00 33 0              # SPI 33 line high
	acc 06 01 0 $((0x10020))    # SGI targets, then a pick on vCPU 1
	acc 80 00 $((0x380 + 4)) 0  # read GICD_ICACTIVER1
	acc 07 00 0 0               # reset of vCPU 0's private interrupts
} >"$out/vgic/basic"

# memory types: flags, type, stage-1 MAIR byte, permissions, two PARs
for t in 0 1 2 3; do
	for fl in 0 1 2 4 8 16 31; do
		printf '%b' "$(printf '\\x%02x\\x%02x\\xff\\x03' "$fl" "$t")$(le64 $((0x40000f00)))$(le64 $((0xff00000012345f00)))" \
			>"$out/memattr/t$t-f$fl"
	done
done
echo "seeds: $(find "$out" -type f | wc -l) files in $out"
