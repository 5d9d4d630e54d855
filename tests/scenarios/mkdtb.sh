#!/usr/bin/env bash
# Builds a broken or unusual host DTB for a scenario's PREPARE step:
#   tests/scenarios/mkdtb.sh OUT.dtb MACHINE "QEMU_OPTS" DTS_EDIT [SED_EXPR]
# Dumps the DTB QEMU itself would pass for MACHINE and QEMU_OPTS (use the
# scenario's own, so CPUs and RAM match the run), decompiles it, applies
# SED_EXPR, appends DTS_EDIT (a dts fragment that dtc merges into the tree;
# /delete-node/ and /delete-property/ remove things) and compiles OUT.dtb.
set -euo pipefail
out=$1 machine=$2 opts=$3 edit=$4 sedexpr=${5:-}
mkdir -p "$(dirname "$out")"
base=$out.qemu
# shellcheck disable=SC2086
timeout 30 qemu-system-aarch64 -M "$machine,dumpdtb=$base" $opts -net none \
	-nographic -monitor none >"$out.log" 2>&1 || { cat "$out.log"; exit 1; }
dtc -q -I dtb -O dts "$base" | sed -e "$sedexpr" | cat - <(printf '%s\n' "$edit") |
	dtc -q -I dts -O dtb -o "$out" -
