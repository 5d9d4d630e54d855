#!/usr/bin/env bash
# Installs Tessera's build and test dependencies from Debian's archive.
#   scripts/install-deps.sh          install what is missing (needs root)
#   scripts/install-deps.sh --check  exit 1 and list what is missing
# The EL2 build needs libfdt built for arm64. libfdt-dev and libfdt-dev:arm64 conflict
# (they are not Multi-Arch: same), so the arm64 one is fetched with `apt-get download`
# and unpacked under build/deps/ instead of being installed.
set -euo pipefail
cd "$(dirname "$0")/.."

# qemu-user: tests/unit/sha256-ce.sh runs the Armv8 SHA-256 code on any host;
# mtools, dosfstools: make disk (a FAT disk with boot.scr for U-Boot);
# clang-14, libfuzzer-14-dev: the fuzz targets (tests/fuzz).
PKGS=(make gcc gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libfdt-dev
      device-tree-compiler u-boot-tools u-boot-qemu qemu-system-arm libcmocka-dev
      cpio gdb-multiarch git ca-certificates clang-format cppcheck procps socat
      mtools dosfstools qemu-user clang-14 libfuzzer-14-dev)
FDT_DIR=build/deps/libfdt-arm64

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
need_fdt=0
[ -f "$FDT_DIR/usr/lib/aarch64-linux-gnu/libfdt.a" ] || need_fdt=1

if [ "${1:-}" = "--check" ]; then
  [ ${#missing[@]} -eq 0 ] && [ $need_fdt -eq 0 ] && exit 0
  [ ${#missing[@]} -gt 0 ] && echo "missing Debian packages: ${missing[*]}"
  [ $need_fdt -eq 1 ] && echo "missing: libfdt-dev:arm64 unpacked in $FDT_DIR"
  exit 1
fi

if [ ${#missing[@]} -eq 0 ] && [ $need_fdt -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "Tessera needs packages from Debian's archive. Run as root:" >&2
  echo "  sudo scripts/install-deps.sh" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  dpkg --add-architecture arm64
fi
apt-get update -q
if [ ${#missing[@]} -gt 0 ]; then
  # qemu-system-arm pulls a desktop's worth of recommends otherwise.
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
if [ $need_fdt -eq 1 ]; then
  tmp=$(mktemp -d)
  chmod 755 "$tmp"
  (cd "$tmp" && apt-get download -q libfdt-dev:arm64)
  rm -rf "$FDT_DIR"
  mkdir -p "$FDT_DIR"
  dpkg-deb -x "$tmp"/libfdt-dev_*_arm64.deb "$FDT_DIR"
  rm -rf "$tmp"
fi
echo "dependencies installed"
