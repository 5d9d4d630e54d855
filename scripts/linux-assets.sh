#!/usr/bin/env bash
# Builds the Linux test guest from Debian's archive only (make linux-assets):
#
#   build/linux/Image               the uncompressed arm64 Image of the kernel
#                                   that linux-image-arm64:arm64 depends on
#   build/linux/initramfs.cpio.gz   busybox-static:arm64, tests/linux/init as
#                                   /init, tests/linux/tests/*.sh in /tests/,
#                                   tests/linux/tools/*.c built (freestanding,
#                                   with the cross compiler) into /bin/ and,
#                                   from the kernel's own deb, the
#                                   modules in MODULES below (and what they
#                                   depend on) as /lib/modules/NAME.ko
#   build/linux/debs/*.deb          the two packages (apt-get download)
#   build/linux/kernel.txt          package, version and what vmlinuz was
#
#   scripts/linux-assets.sh            build what is missing or stale
#   scripts/linux-assets.sh --refresh  download the newest packages and rebuild
#
# Cached: when both outputs exist and are newer than their inputs (this
# script, tests/linux/init, tests/linux/tests/ and each file in it, and the
# debs in build/linux/debs/), it does nothing
# and asks apt nothing. Packages are downloaded only when build/linux/debs/
# lacks them. Adding the arm64 architecture, apt-get update and installing
# missing tools (cpio) need root.
set -euo pipefail
cd "$(dirname "$0")/.."

prog=linux-assets
OUT=build/linux
DEBS=$OUT/debs
IMAGE=$OUT/Image
INITRD=$OUT/initramfs.cpio.gz
INFO=$OUT/kernel.txt
INIT_SRC=tests/linux/init
TESTS_SRC=tests/linux/tests
TOOLS_SRC=tests/linux/tools
CROSS=${CROSS:-aarch64-linux-gnu-}
# Modules the device tests load (module names; the .ko may spell - for _).
# Built in, so not listed: virtio core and ring, rng-core (HW_RANDOM=y),
# the PL031 and PL061 drivers.
# virtio_pci, virtio_net, e1000e: the NICs behind the PCIe host bridge.
MODULES=(virtio_mmio virtio_blk virtio_rng gpio_keys evdev virtio_pci virtio_net e1000e)
SELF=scripts/linux-assets.sh
META=linux-image-arm64:arm64
BUSYBOX=busybox-static:arm64

say() { echo "$prog: $*"; }
die() {
	echo "$prog: error: $*" >&2
	exit 1
}

refresh=0
case "${1:-}" in
"") ;;
--refresh) refresh=1 ;;
-h | --help)
	sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
	exit 0
	;;
*) die "unknown argument '$1' (usage: $SELF [--refresh])" ;;
esac

[ -f "$INIT_SRC" ] || die "$INIT_SRC is missing"
[ -d "$TESTS_SRC" ] || die "$TESTS_SRC is missing"

# The one deb matching a glob in $DEBS, or nothing.
one_deb() {
	# shellcheck disable=SC2206 # $1 is a glob
	local f=("$DEBS"/$1)
	[ ${#f[@]} -eq 1 ] && [ -f "${f[0]}" ] && echo "${f[0]}"
	return 0
}
kernel_deb() { one_deb 'linux-image-*_arm64.deb'; }
busybox_deb() { one_deb 'busybox-static_*_arm64.deb'; }

# newer OUT IN...: OUT exists and is newer than every IN.
newer() {
	local o=$1
	shift
	[ -f "$o" ] || return 1
	for i in "$@"; do
		[ -n "$i" ] && [ "$o" -nt "$i" ] || return 1
	done
}
image_fresh() { newer "$IMAGE" "$SELF" "$(kernel_deb)"; }
# The directory's own time changes when a test is added or removed.
initrd_fresh() {
	newer "$INITRD" "$SELF" "$INIT_SRC" "$(busybox_deb)" "$(kernel_deb)" \
		"$TESTS_SRC" "$TESTS_SRC"/*.sh "$TOOLS_SRC"/*.c
}

if [ $refresh = 0 ] && image_fresh && initrd_fresh; then
	exit 0
fi

# ---- tools ------------------------------------------------------------------
need_root() {
	[ "$(id -u)" = 0 ] || die "$1 needs root; run it once as root: sudo $SELF"
}
apt_updated=0
apt_update() {
	[ $apt_updated = 1 ] && return 0
	need_root "apt-get update"
	say "apt-get update"
	apt-get update -q >/dev/null || die "apt-get update failed"
	apt_updated=1
}
for t in dpkg dpkg-deb apt-get apt-cache tar gzip zcat od; do
	command -v "$t" >/dev/null || die "needs $t (a Debian system with apt)"
done
if ! command -v cpio >/dev/null; then
	need_root "installing cpio"
	say "installing cpio"
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -q --no-install-recommends cpio >/dev/null ||
		{ apt_update && apt-get install -y -q --no-install-recommends cpio >/dev/null; } ||
		die "could not install cpio"
fi

# ---- packages ---------------------------------------------------------------
# has_candidate PKG: apt knows a version of PKG it could download.
has_candidate() {
	local p
	p=$(apt-cache policy "$1" 2>/dev/null) || return 1
	[[ $p == *"Candidate: "[!\(]* ]]
}

fetch_debs() {
	if ! dpkg --print-foreign-architectures | grep -x arm64 >/dev/null; then
		need_root "dpkg --add-architecture arm64"
		say "adding the arm64 architecture to dpkg"
		dpkg --add-architecture arm64
		apt_update
	fi
	if ! has_candidate "$META" || ! has_candidate "$BUSYBOX" || [ $refresh = 1 ]; then
		apt_update
	fi
	has_candidate "$META" || die "apt knows no $META (are Debian's main arm64 lists configured?)"
	has_candidate "$BUSYBOX" || die "apt knows no $BUSYBOX"

	# linux-image-arm64 is a metapackage: the kernel is its dependency
	# linux-image-<abi>-arm64.
	local kpkg
	kpkg=$(apt-cache depends "$META" 2>/dev/null |
		sed -n 's/^ *|\{0,1\}Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n1)
	[ -n "$kpkg" ] || die "cannot tell which kernel $META depends on (apt-cache depends $META)"
	kpkg=${kpkg%:arm64}:arm64
	say "$META depends on $kpkg"

	local tmp
	tmp=$(mktemp -d)
	# apt downloads as the user _apt: let it write there (else it warns and
	# downloads unsandboxed as root).
	chown _apt "$tmp" 2>/dev/null || chmod 777 "$tmp"
	say "apt-get download $kpkg $BUSYBOX"
	if ! (cd "$tmp" && apt-get download -q "$kpkg" "$BUSYBOX" >/dev/null); then
		rm -rf "$tmp"
		die "apt-get download $kpkg $BUSYBOX failed"
	fi
	mkdir -p "$DEBS"
	rm -f "$DEBS"/linux-image-*_arm64.deb "$DEBS"/busybox-static_*_arm64.deb
	mv "$tmp"/*.deb "$DEBS"/
	rm -rf "$tmp"
}

if [ $refresh = 1 ] || [ -z "$(kernel_deb)" ] || [ -z "$(busybox_deb)" ]; then
	fetch_debs
fi
kdeb=$(kernel_deb)
bdeb=$(busybox_deb)
[ -n "$kdeb" ] || die "no single linux-image-*_arm64.deb in $DEBS"
[ -n "$bdeb" ] || die "no single busybox-static_*_arm64.deb in $DEBS"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

hexat() { # FILE OFFSET COUNT: the bytes as hex, no spaces
	od -An -tx1 -j"$2" -N"$3" "$1" | tr -d ' \n'
}
le32() { # FILE OFFSET: a little-endian 32-bit value, decimal
	od -An -tu4 --endian=little -j"$2" -N4 "$1" | tr -d ' \n'
}

# ---- kernel -----------------------------------------------------------------
if [ $refresh = 1 ] || ! image_fresh; then
	kpkg=$(dpkg-deb -f "$kdeb" Package)
	kver=$(dpkg-deb -f "$kdeb" Version)
	say "kernel from $kpkg $kver"
	dpkg-deb --fsys-tarfile "$kdeb" | tar -xf - -C "$work" --wildcards './boot/vmlinuz-*' ||
		die "$kdeb: no /boot/vmlinuz-* in it"
	vmls=("$work"/boot/vmlinuz-*)
	if [ ${#vmls[@]} -ne 1 ] || [ ! -f "${vmls[0]}" ]; then
		die "$kdeb: expected one /boot/vmlinuz-*"
	fi
	vml=${vmls[0]}
	# Debian's arm64 vmlinuz is a plain Image (an EFI PE with the Image
	# header, signed), a gzip of one, or an EFI zboot image ("MZ", "zimg" at
	# 4, payload offset and size at 8 and 12, compression name at 24).
	if [ "$(hexat "$vml" 0 2)" = 1f8b ]; then
		form="gzip-compressed (zcat)"
		zcat "$vml" >"$work/Image"
	elif [ "$(hexat "$vml" 4 4)" = 7a696d67 ]; then
		off=$(le32 "$vml" 8)
		size=$(le32 "$vml" 12)
		comp=$(dd if="$vml" bs=1 skip=24 count=32 status=none | tr -d '\0')
		form="EFI zboot, $comp payload"
		case $comp in
		gzip) tail -c +$((off + 1)) "$vml" | head -c "$size" | zcat >"$work/Image" ;;
		zstd)
			command -v zstd >/dev/null || die "$vml: zstd-compressed zboot image; install zstd"
			tail -c +$((off + 1)) "$vml" | head -c "$size" | zstd -dc >"$work/Image"
			;;
		*) die "$vml: EFI zboot image compressed with '$comp', which this script cannot unpack" ;;
		esac
	else
		form="uncompressed"
		cp "$vml" "$work/Image"
	fi
	# arm64 Image header (Documentation/arch/arm64/booting.rst): "ARMd" at 0x38.
	[ "$(hexat "$work/Image" 56 4)" = 41524d64 ] ||
		die "$vml ($form): no arm64 Image magic \"ARMd\" at 0x38"
	mkdir -p "$OUT"
	mv "$work/Image" "$IMAGE"
	{
		echo "package: $kpkg"
		echo "version: $kver"
		echo "vmlinuz: $(basename "$vml"), $form"
		echo "image: $(stat -c %s "$IMAGE") bytes, text_offset $((0x$(hexat "$IMAGE" 8 1))), image_size $(od -An -tu8 --endian=little -j16 -N8 "$IMAGE" | tr -d ' ')"
	} >"$INFO"
	say "$IMAGE: $(basename "$vml") was $form; $(stat -c %s "$IMAGE") bytes"
fi

# ---- modules ----------------------------------------------------------------
# modinfo_field KO FIELD: FIELD of the module's .modinfo ("" if none); the
# section is NUL-separated "key=value" strings, so no modinfo (kmod) needed.
modinfo_field() {
	tr '\0' '\n' <"$1" | sed -n "s/^$2=//p" | head -n1
}

# add_modules ROOT: MODULES and every module they depend on, taken from the
# kernel's deb (the same one as the Image), as ROOT/lib/modules/NAME.ko, and
# ROOT/lib/modules/deps, one line per module: "NAME DEP...", for the guest's
# loader (busybox insmod does not resolve dependencies).
add_modules() {
	local root=$1 list=$work/modules.list x=$work/mods name re path ko dep
	local want=("${MODULES[@]}") next paths
	local -A seen=()
	mkdir -p "$root/lib/modules" "$x"
	: >"$root/lib/modules/deps"
	dpkg-deb --fsys-tarfile "$kdeb" | tar -tf - |
		grep -E '^\./lib/modules/[^/]+/kernel/.*\.ko$' >"$list" ||
		die "$kdeb: no kernel modules in it"
	for name in "${want[@]}"; do seen[$name]=1; done
	while [ ${#want[@]} -gt 0 ]; do
		paths=()
		for name in "${want[@]}"; do
			re=${name//_/[-_]}
			path=$(grep -E "/$re\.ko$" "$list" || true)
			if [ -z "$path" ] || [ "$(printf '%s\n' "$path" | wc -l)" != 1 ]; then
				die "$kdeb: not exactly one module file for $name (built in, or renamed?)"
			fi
			paths+=("$path")
		done
		dpkg-deb --fsys-tarfile "$kdeb" | tar -xf - -C "$x" "${paths[@]}" ||
			die "$kdeb: extracting ${paths[*]} failed"
		next=()
		for path in "${paths[@]}"; do
			ko=$x/$path
			name=$(modinfo_field "$ko" name)
			[ -n "$name" ] || die "$path: no name in its .modinfo"
			# The release is the directory under /lib/modules.
			re=${path#./lib/modules/}
			re=${re%%/*}
			[[ "$(modinfo_field "$ko" vermagic)" == "$re "* ]] ||
				die "$path: vermagic is not for $re"
			dep=$(modinfo_field "$ko" depends)
			install -m 644 "$ko" "$root/lib/modules/$name.ko"
			echo "$name ${dep//,/ }" >>"$root/lib/modules/deps"
			for dep in ${dep//,/ }; do
				[ -n "${seen[$dep]:-}" ] && continue
				seen[$dep]=1
				next+=("$dep")
			done
		done
		want=("${next[@]}")
	done
	say "modules: $(cut -d' ' -f1 "$root/lib/modules/deps" | tr '\n' ' ')"
}

# ---- initramfs --------------------------------------------------------------
if [ $refresh = 1 ] || ! initrd_fresh; then
	say "initramfs from $(dpkg-deb -f "$bdeb" Package) $(dpkg-deb -f "$bdeb" Version), $INIT_SRC, $TESTS_SRC and modules of $(dpkg-deb -f "$kdeb" Package)"
	r=$work/root
	mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,root,etc}
	dpkg-deb --fsys-tarfile "$bdeb" | tar -xf - -C "$work" ./bin/busybox ||
		die "$bdeb: no /bin/busybox in it"
	mv "$work/bin/busybox" "$r/bin/busybox"
	chmod 755 "$r/bin/busybox"
	# The other applets are linked by /init (busybox --install -s).
	ln -s busybox "$r/bin/sh"
	install -m 755 "$INIT_SRC" "$r/init"
	mkdir -p "$r/tests"
	for t in "$TESTS_SRC"/*.sh; do
		install -m 755 "$t" "$r/tests/"
	done
	# Small static programs the tests need and busybox lacks; no arm64
	# libc is installed, so they make raw system calls.
	for t in "$TOOLS_SRC"/*.c; do
		"${CROSS}gcc" -Os -static -nostdlib -ffreestanding -fno-stack-protector \
			-fno-pie -no-pie -Wall -Wextra -Werror -o "$r/bin/$(basename "$t" .c)" "$t" ||
			die "$t: the cross compiler ${CROSS}gcc cannot build it"
	done
	add_modules "$r"
	# The kernel's built-in initramfs has /dev/console already; ours too, if
	# this machine lets us make device nodes.
	mknod -m 600 "$r/dev/console" c 5 1 2>/dev/null ||
		say "note: cannot mknod /dev/console here; the kernel's built-in one is used"
	chmod 700 "$r/root"
	chmod 1777 "$r/tmp"
	# Reproducible: fixed order, times, owners and inode numbers; gzip -n.
	find "$r" -exec touch -h -d @0 {} +
	(cd "$r" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc --owner=0:0 --reproducible --quiet) |
		gzip -9n >"$work/initramfs.cpio.gz"
	zcat "$work/initramfs.cpio.gz" | cpio -t --quiet 2>/dev/null | grep -x init >/dev/null ||
		die "the new initramfs has no /init"
	mkdir -p "$OUT"
	mv "$work/initramfs.cpio.gz" "$INITRD"
	say "$INITRD: $(stat -c %s "$INITRD") bytes"
fi
