# QEMU `virt` (hw/arm/virt.c): what the host DT does not tell Tessera.

# RAM starts at 0x40000000. Tessera's Image header asks for text_offset 2 MiB with
# "place near the base of DRAM" (flags bit 3 = 0), so QEMU -kernel and U-Boot booti
# both put it here; the image is linked for this address.
PLATFORM_LOAD_ADDR := 0x40200000
PLATFORM_TEXT_OFFSET := 0x200000

# Console used only to report a host DT that names no usable console.
PLATFORM_FALLBACK_UART := 0x09000000

# PSCI conduit used only to power off when the host DT names none. QEMU's own
# PSCI is reached over SMC when EL2 is enabled.
PLATFORM_FALLBACK_PSCI := smc

# U-Boot for this machine, from Debian's u-boot-qemu (make flash, make disk,
# docs/boot.md), and that build's config: tools/mkflash reads where U-Boot
# keeps its environment from it (CONFIG_ENV_ADDR, CONFIG_ENV_SIZE).
PLATFORM_UBOOT := /usr/lib/u-boot/qemu_arm64/u-boot.bin
PLATFORM_UBOOT_CONFIG := /usr/share/doc/u-boot-qemu/configs/config.qemu_arm64.gz
