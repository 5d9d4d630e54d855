#!/usr/bin/env bash
# Scenario-style tests of the host config checker build/tessera-check
# (tools/check/), run by tests/run-tests.sh in the group "host tools". Each
# case prints "PASS name" or "FAIL name: reason" (plus the tool's output);
# exits non-zero if any failed.
#
# The host DT is build/host/dtbs/virt.dtb (QEMU virt, 1 GiB, 4 CPUs, dumped
# by tests/unit/unit-data.mk); one case lets the tool dump it with QEMU.
# The bad configs' error lines are the ones the QEMU scenarios expect at boot:
# taken from the EXPECT arrays of tests/scenarios/config-*.scn, so the two
# cannot drift apart.
set -u
cd "$(dirname "$0")/../.." || exit 2
tool=build/tessera-check
host=build/host/dtbs/virt.dtb
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

pass() {
	echo "PASS $1"
	passed=$((passed + 1))
}
fail() { # NAME REASON
	echo "FAIL $1: $2"
	sed 's/^/    /' "$tmp/out" | tail -n 15
	failed=$((failed + 1))
}
# NAME EXPECTED-EXIT ARGS...: runs the tool into $tmp/out (stdout and stderr)
run() {
	local name=$1 want=$2 rc
	shift 2
	"$tool" "$@" >"$tmp/out" 2>&1
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		fail "$name" "exit $rc, expected $want (tessera-check $*)"
		return 1
	fi
	return 0
}
# NAME REGEX: the last run's output has a line matching REGEX
expect() {
	if ! grep -qE -- "$2" "$tmp/out"; then
		fail "$1" "no line matches /$2/"
		return 1
	fi
	return 0
}

for f in "$tool" "$host"; do
	if [ ! -f "$f" ]; then
		echo "FAIL tessera-check: $f is missing (make unit-build)"
		echo "0 passed, 1 failed"
		exit 1
	fi
done

# Every example system is valid.
for dts in platform/qemu-virt/configs/*.dts; do
	name="check $(basename "$dts")"
	run "$name" 0 "$dts" --platform "$host" &&
		expect "$name" "^$(basename "$dts" | sed 's/\./\\./g'): valid, [0-9]+ guests?" &&
		pass "$name"
done

# Every bad-*.dts is rejected with the line Tessera prints at boot: the
# scenario that boots it expects "^tessera: <line>"; here it is "error: <line>".
for dts in tests/payloads/bad-*.dts; do
	name="reject $(basename "$dts")"
	scn=$(grep -l -F -- "$dts" tests/scenarios/config-*.scn | head -n1)
	run "$name" 1 "$dts" --platform "$host" || continue
	if [ -z "$scn" ]; then
		fail "$name" "no tests/scenarios/config-*.scn boots $dts: its error line is unknown"
		continue
	fi
	# shellcheck disable=SC1090 # sets EXPECT (and variables nobody reads here)
	re=$(
		EXPECT=()
		source "$scn"
		for e in "${EXPECT[@]}"; do
			case $e in
			'^tessera: stopping'*) ;;
			'^tessera: '*) printf '%s\n' "^error: ${e#^tessera: }" ;;
			esac
		done | head -n1
	)
	if [ -z "$re" ]; then
		fail "$name" "$scn has no \"^tessera: \" EXPECT line"
		continue
	fi
	expect "$name" "$re" && pass "$name"
done

# A .dtb is read as it is; --map shows the RTC's page as Device memory at
# its physical address, and its interrupt.
name="--map rtc-gpio"
dtc -q -E no-name_properties -W no-unit_address_vs_reg -I dts -O dtb \
	-o "$tmp/rtc-gpio.dtb" platform/qemu-virt/configs/rtc-gpio.dts
run "$name" 0 "$tmp/rtc-gpio.dtb" --platform "$host" --map &&
	expect "$name" '^  device +0x9010000-0x9010fff +0x9010000-0x9010fff +4 KiB +device-nGnRE +/guest@0/rtc \(/pl031@9010000\)' &&
	expect "$name" '^    INTID 34 +level +/guest@0/rtc' &&
	expect "$name" '^  RAM +0x40000000-0x4fffffff +0x[0-9a-f]+-0x[0-9a-f]+ +256 MiB +normal-WB' &&
	pass "$name"

# PCIe: the bridge's ECAM and windows with their types, its INTx, and the
# notes that say what a window's type means for write-combining mappings.
name="--map pcie"
run "$name" 0 platform/qemu-virt/configs/pcie.dts --platform "$host" --map &&
	expect "$name" '^  device +0x4010000000-0x401fffffff +0x4010000000-0x401fffffff +256 MiB +device-nGnRnE +/guest@0/pci \(/pcie@10000000\), its ECAM$' &&
	expect "$name" '^  device +0x8000000000-0xffffffffff +0x8000000000-0xffffffffff +512 GiB +normal-NC +/guest@0/pci \(/pcie@10000000\), its 64-bit window$' &&
	expect "$name" '^  device +0x3eff0000-0x3effffff .* device-nGnRE +/guest@0/pci \(/pcie@10000000\), its I/O window$' &&
	expect "$name" '^    INTID 35 +level +/guest@0/pci' && expect "$name" '^    INTID 38 +level +/guest@0/pci' &&
	expect "$name" "^warning: pcie\.dts: /guest@0/pci: /pcie@10000000's 64-bit window: normal-NC with ram-like: you vouch" &&
	expect "$name" "^note: pcie\.dts: /guest@0/pci: /pcie@10000000's 64-bit window is normal-NC: a BAR there that the guest maps write-combining .* is Normal-NC" &&
	pass "$name"

# The same window device-nGnRE: the note says why a write-combining mapping
# stays Device; normal-NC without ram-like is refused, saying why the
# prefetchable bit is not enough.
name="pcie window types"
sed 's/"normal-NC";/"device-nGnRE";/' platform/qemu-virt/configs/pcie.dts >"$tmp/pcie-dev.dts"
sed '/ram-like;/d' platform/qemu-virt/configs/pcie.dts >"$tmp/pcie-nc.dts"
run "$name" 0 "$tmp/pcie-dev.dts" --platform "$host" &&
	expect "$name" "^note: pcie-dev\.dts: /guest@0/pci: /pcie@10000000's 64-bit window is device-nGnRE: a BAR there stays Device even where the guest maps it write-combining" &&
	run "$name" 1 "$tmp/pcie-nc.dts" --platform "$host" &&
	expect "$name" "^error: pcie-nc\.dts: /guest@0/pci: property \"memattr\": /pcie@10000000's 64-bit window: normal-NC for a PCI memory window needs ram-like;: .*prefetchable does not prove a BAR free of read side effects" &&
	pass "$name"

# The bridge on a CPU whose physical addresses (so the guests' IPAs) cannot
# reach its ECAM and 64-bit window; and where QEMU (maxmem=1T) puts them
# beyond Tessera's 40 bits: the line Tessera prints at boot
# (config-pcie-ipa.scn).
name="pcie IPA size"
run "$name" 0 tests/payloads/pcie-ipa.dts --platform "$host" &&
	run "$name" 1 tests/payloads/pcie-ipa.dts --platform "$host" --pa-bits 36 &&
	expect "$name" "^error: pcie-ipa\.dts: /guest@0/pci: property \"host-path\": /pcie@10000000: its ECAM 0x4010000000-0x401fffffff and its 64-bit window 0x8000000000-0xffffffffff lie beyond the guests' 36-bit IPA space \(this CPU's physical address size\); a guest reaches them only with IPAs of at least 40 bits$" &&
	if command -v qemu-system-aarch64 >/dev/null; then
		qemu-system-aarch64 -M virt,virtualization=on,gic-version=3,dumpdtb="$tmp/hi.dtb" \
			-cpu max -m 1G,slots=1,maxmem=1T -smp 4 -nographic -net none >/dev/null 2>&1
		run "$name" 1 tests/payloads/pcie-ipa.dts --platform "$tmp/hi.dtb" &&
			expect "$name" "^error: $(grep -o "pcie-ipa.*bits" tests/scenarios/config-pcie-ipa.scn | head -n1)" &&
			pass "$name"
	else
		pass "$name"
	fi

# FWB: the default and --cpu say which they assumed.
name="fwb assumed"
run "$name" 0 platform/qemu-virt/configs/rtc-gpio.dts --platform "$host" &&
	expect "$name" 'FWB: yes \(the default\)' &&
	run "$name" 0 platform/qemu-virt/configs/rtc-gpio.dts --platform "$host" \
		--cpu cortex-a57 &&
	expect "$name" 'FWB: no \(--cpu cortex-a57\)' &&
	pass "$name"

# ... and the assumption reaches the policy: normal-WB needs FEAT_S2FWB
# (the line Tessera prints at boot on cortex-a57, config-wb-no-fwb.scn).
name="fwb reaches the policy"
run "$name" 0 tests/payloads/memattr-max.dts --platform "$host" --cpu max &&
	run "$name" 1 tests/payloads/memattr-max.dts --platform "$host" --cpu cortex-a57 &&
	expect "$name" '^error: memattr-max\.dts: /guest@0/r3: property "memattr": .*normal-WB needs FEAT_S2FWB' &&
	pass "$name"

# Warnings do not make a config invalid.
name="warnings exit 0"
run "$name" 0 platform/qemu-virt/configs/virtio-disk.dts --platform "$host" &&
	expect "$name" '^warning: virtio-disk\.dts: /guest@0/disk: /virtio_mmio@a000000 masters DMA' &&
	pass "$name"

# --gic-intids: with 48 INTIDs (0-47) virtio's INTID 48 does not exist.
name="--gic-intids"
run "$name" 1 platform/qemu-virt/configs/virtio-disk.dts --platform "$host" \
	--gic-intids 48 &&
	expect "$name" '^error: virtio-disk\.dts: /guest@0/disk: .*INTID 48 does not exist' &&
	pass "$name"

# --payload: the payload's RAM is not free for memory-pa.
name="--payload"
cat >"$tmp/pa.dts" <<'EOF'
/dts-v1/;
/ {
	compatible = "tessera,config-v1";
	guest@0 {
		name = "solo";
		cpus = <0>;
		memory-size = <0x0 0x01000000>;
		memory-identity;
		memory-pa = <0x0 0x50000000>;
		kernel = "solo";
	};
};
EOF
run "$name" 0 "$tmp/pa.dts" --platform "$host" &&
	run "$name" 1 "$tmp/pa.dts" --platform "$host" --payload 0x50000000:0x200000 &&
	expect "$name" '^error: pa\.dts: /guest@0: property "memory-pa": .*not free' &&
	pass "$name"

# --list-devices: the RTC with its interrupt, virtio as a DMA master, the
# console; nothing of the GIC, CPUs or memory.
name="--list-devices"
run "$name" 0 --list-devices "$host" &&
	expect "$name" '^/pl031@9010000 +0x9010000-0x9010fff +34 \(level\) .*arm,pl031' &&
	expect "$name" '^/virtio_mmio@a000000 +0xa000000-0xa0001ff +48 \(edge\) +DMA master +virtio,mmio' &&
	expect "$name" "^/pl011@9000000 .*Tessera's console" &&
	if grep -qE '^/(intc|cpus|memory|psci|chosen)' "$tmp/out"; then
		fail "$name" "lists the GIC, CPUs, memory, PSCI or /chosen"
	else
		pass "$name"
	fi

# Usage and I/O errors: exit 2 with a message naming the file.
name="missing config"
run "$name" 2 "$tmp/no-such.dts" --platform "$host" &&
	expect "$name" "^tessera-check: $tmp/no-such\\.dts: No such file" &&
	pass "$name"

name="missing host DT"
run "$name" 2 platform/qemu-virt/configs/rtc-gpio.dts --platform "$tmp/none.dtb" &&
	expect "$name" "^tessera-check: $tmp/none\\.dtb: No such file" &&
	pass "$name"

name="broken host DT"
head -c 2000 "$host" >"$tmp/broken.dtb"
printf 'not a device tree\n' >"$tmp/text.dtb"
run "$name" 2 platform/qemu-virt/configs/rtc-gpio.dts --platform "$tmp/broken.dtb" &&
	expect "$name" "^tessera-check: $tmp/broken\\.dtb: a broken device tree \(the host DT\)" &&
	run "$name" 2 platform/qemu-virt/configs/rtc-gpio.dts --platform "$tmp/text.dtb" &&
	expect "$name" "^tessera-check: $tmp/text\\.dtb: not a flattened device tree" &&
	run "$name" 2 --list-devices "$tmp/broken.dtb" &&
	expect "$name" "^tessera-check: $tmp/broken\\.dtb: a broken device tree" &&
	pass "$name"

name="host DT Tessera cannot use"
if [ -f build/host/dtbs/no-gic.dtb ]; then
	run "$name" 2 platform/qemu-virt/configs/rtc-gpio.dts \
		--platform build/host/dtbs/no-gic.dtb &&
		expect "$name" "^tessera-check: build/host/dtbs/no-gic\\.dtb: Tessera cannot boot with this host DT: host DT: " &&
		pass "$name"
else
	fail "$name" "build/host/dtbs/no-gic.dtb is missing (tests/unit/unit-data.mk makes it)"
fi

name="dts syntax error"
printf '/dts-v1/;\n/ { oops\n' >"$tmp/syntax.dts"
run "$name" 1 "$tmp/syntax.dts" --platform "$host" &&
	expect "$name" "^error: $tmp/syntax\\.dts: dtc cannot compile it" &&
	pass "$name"

# A config that exists, so only the option can be what is refused.
name="usage errors"
cfg=platform/qemu-virt/configs/rtc-gpio.dts
run "$name" 2 && expect "$name" 'no config given' &&
	run "$name" 2 "$cfg" --platform "$host" --fwb maybe &&
	expect "$name" '--fwb maybe: yes or no' &&
	run "$name" 2 "$cfg" --platform "$host" --cpu max --fwb no &&
	expect "$name" 'give --cpu or --fwb, not both' &&
	run "$name" 2 "$cfg" --platform "$host" --bogus &&
	expect "$name" '--bogus: unknown option' &&
	run "$name" 2 "$cfg" --platform "$host" --pa-bits 39 &&
	expect "$name" '--pa-bits 39: 32, 36, 40, 42, 44, 48 or 52' &&
	run "$name" 2 --list-devices &&
	pass "$name"

# Without --platform the tool dumps QEMU virt's DT itself (QEMU is installed
# wherever `make test` runs; skipped when it is not).
name="host DT from QEMU"
if command -v qemu-system-aarch64 >/dev/null; then
	run "$name" 0 platform/qemu-virt/configs/rtc-gpio.dts &&
		expect "$name" '^host DT: QEMU virt \(dumped by qemu-system-aarch64, -m 1G -smp 4\)$' &&
		pass "$name"
else
	name="no QEMU, no --platform"
	run "$name" 2 platform/qemu-virt/configs/rtc-gpio.dts &&
		expect "$name" "give the host DT with --platform" &&
		pass "$name"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
