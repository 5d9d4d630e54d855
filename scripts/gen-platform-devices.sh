#!/usr/bin/env bash
# Turns platform/<name>/devices.conf into C (the platform_devices[] table of
# include/platform/devices.h): gen-platform-devices.sh IN.conf > OUT.c
set -euo pipefail
in=$1
echo "/* Generated from $in by scripts/gen-platform-devices.sh; do not edit. */"
echo '#include "platform/devices.h"'
echo
echo 'const struct platform_device platform_devices[] = {'
n=0
while read -r compat classes; do
	case "$compat" in '' | '#'*) continue ;; esac
	flags=""
	for c in $classes; do
		case "$c" in
		dma-master) flags="$flags | PLATFORM_DMA_MASTER" ;;
		ram-like) flags="$flags | PLATFORM_RAM_LIKE" ;;
		*) echo "$in: $compat: unknown class '$c'" >&2; exit 1 ;;
		esac
	done
	[ -n "$flags" ] || { echo "$in: $compat: no class" >&2; exit 1; }
	printf '\t{"%s", %s},\n' "$compat" "${flags# | }"
	n=$((n + 1))
done <"$in"
echo '};'
echo "const unsigned platform_nr_devices = $n;"
