#!/usr/bin/env bash
# Runs build/host/sha256-ce-user (tests/unit/sha256_ce_user.c: the Armv8
# SHA-256 instruction code, built for aarch64 Linux) under qemu-aarch64 -cpu
# max, so that the CE path is checked on any host. Prints its PASS/FAIL lines
# (tests/run-tests.sh counts them); exits non-zero on any failure.
set -u
cd "$(dirname "$0")/../.." || exit 2
bin=build/host/sha256-ce-user
if ! command -v qemu-aarch64 >/dev/null; then
	echo "FAIL sha256-ce: qemu-aarch64 missing (scripts/install-deps.sh installs qemu-user)"
	exit 1
fi
[ -x "$bin" ] || { echo "FAIL sha256-ce: $bin missing (make unit-build)"; exit 1; }
qemu-aarch64 -cpu max "$bin"
