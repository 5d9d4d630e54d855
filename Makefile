# Tessera: `make` builds build/tessera.{elf,bin}; `make run` boots it on QEMU;
# `make test` runs every test. See README.md.

# `make` alone builds `all` (the platform rules below come before it).
.DEFAULT_GOAL := all

PLATFORM ?= qemu-virt
include platform/$(PLATFORM)/platform.mk

CROSS   ?= aarch64-linux-gnu-
CC      := $(CROSS)gcc
OBJCOPY := $(CROSS)objcopy
HOSTCC  ?= gcc
B       := build
FDT_ARM64 := $(B)/deps/libfdt-arm64
GIT_REV := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)

# QEMU knobs for run/debug
CPU ?= max,pauth=off
SMP ?= 4
MEM ?= 1G
QEMU ?= qemu-system-aarch64
QEMU_MACHINE := -M virt,virtualization=on,gic-version=3
QEMU_ARGS ?=

# ---- EL2 image ------------------------------------------------------------
HYP_C := $(sort $(wildcard src/*/*.c))
HYP_S := $(sort $(wildcard src/*/*.S))
HYP_OBJ := $(patsubst src/%,$(B)/hyp/%.o,$(HYP_C) $(HYP_S)) $(B)/hyp/gen/platform_devices.c.o

# The platform's device facts (platform/$(PLATFORM)/devices.conf) as C.
PLATFORM_DEVICES_C := $(B)/gen/platform_devices.c
$(PLATFORM_DEVICES_C): platform/$(PLATFORM)/devices.conf scripts/gen-platform-devices.sh
	@mkdir -p $(dir $@)
	@echo '  GEN     $@'
	@scripts/gen-platform-devices.sh $< >$@.tmp && mv $@.tmp $@

$(B)/hyp/gen/platform_devices.c.o: $(PLATFORM_DEVICES_C) $(B)/.deps-ok
	@mkdir -p $(dir $@)
	@echo '  CC      $<'
	@$(CC) $(HYP_CFLAGS) -c $< -o $@

PLATFORM_DEFS := -DPLATFORM_FALLBACK_UART=$(PLATFORM_FALLBACK_UART) \
	-DPLATFORM_FALLBACK_PSCI=PSCI_CONDUIT_$(shell echo $(PLATFORM_FALLBACK_PSCI) | tr a-z A-Z) \
	-DTEXT_OFFSET=$(PLATFORM_TEXT_OFFSET) -DTESSERA_GIT='"$(GIT_REV)"'

# -mgeneral-regs-only: EL2 code never touches the guest's FP/SIMD registers.
# -mstrict-align: early code runs with the MMU off, where memory is Device.
HYP_CFLAGS := -std=c11 -O2 -g -Wall -Wextra -Werror -ffreestanding -nostdlib \
	-nostdinc -isystem $(shell $(CC) -print-file-name=include 2>/dev/null) \
	-Iinclude -Iinclude/libc -I$(FDT_ARM64)/usr/include \
	-mgeneral-regs-only -mstrict-align -mno-outline-atomics -fno-pie -fno-pic \
	-fno-common -fno-omit-frame-pointer -fstack-protector-strong \
	-MMD -MP $(PLATFORM_DEFS)
HYP_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none \
	-Wl,-T,linker/tessera.ld -Wl,--defsym=LOAD_ADDR=$(PLATFORM_LOAD_ADDR) \
	-Wl,-z,noexecstack -Wl,--no-warn-rwx-segments

.PHONY: all deps run debug test test-assets unit scenarios lint clean flash disk run-uboot run-disk
# tools/tools.mk: build/tessera-check, the host config checker
all: $(B)/tessera.bin $(B)/tessera-check

$(B)/.deps-ok: scripts/install-deps.sh
	@scripts/install-deps.sh
	@mkdir -p $(B) && touch $@

deps: $(B)/.deps-ok

$(B)/hyp/%.c.o: src/%.c $(B)/.deps-ok
	@mkdir -p $(dir $@)
	@echo '  CC      $<'
	@$(CC) $(HYP_CFLAGS) -c $< -o $@

$(B)/hyp/%.S.o: src/%.S $(B)/.deps-ok
	@mkdir -p $(dir $@)
	@echo '  AS      $<'
	@$(CC) $(HYP_CFLAGS) -D__ASSEMBLER__ -c $< -o $@

$(B)/tessera.elf: $(HYP_OBJ) linker/tessera.ld
	@echo '  LD      $@'
	@$(CC) $(HYP_CFLAGS) $(HYP_LDFLAGS) $(HYP_OBJ) $(FDT_ARM64)/usr/lib/aarch64-linux-gnu/libfdt.a -lgcc -o $@

$(B)/tessera.bin: $(B)/tessera.elf
	@echo '  OBJCOPY $@'
	@$(OBJCOPY) -O binary $< $@

# ---- tests ----------------------------------------------------------------
# Each of these adds its own build steps to `test-assets` (a double-colon rule).
include tests/unit/unit.mk
include tests/fuzz/fuzz.mk
-include tools/tools.mk
-include tests/guests/guests.mk
-include tests/linux/linux.mk
test-assets:: $(B)/tessera.bin unit-build

test: test-assets
	@tests/run-tests.sh

scenarios: test-assets
	@tests/run-tests.sh --scenarios-only

# ---- running --------------------------------------------------------------
# `make run` boots the default system: Debian's Linux (interactive shell, 2
# vCPUs) next to the bare-metal checks guest. RUN_PAYLOAD= boots Tessera alone.
# CPU=max (with pointer authentication, emulated slowly) is also fine.
run: $(B)/tessera.bin $(RUN_PAYLOAD)
	@echo "Tessera console: Ctrl-T then a guest number switches the input, Ctrl-T ? lists"
	@echo "the guests; QEMU: Ctrl-A x quits."
	$(QEMU) $(QEMU_MACHINE) -cpu $(CPU) -smp $(SMP) -m $(MEM) -nographic \
		-net none -kernel $(B)/tessera.bin $(if $(RUN_PAYLOAD),-initrd $(RUN_PAYLOAD)) \
		$(QEMU_ARGS)

debug: $(B)/tessera.bin $(RUN_PAYLOAD)
	@echo "QEMU is halted with its gdbstub on :1234. In another terminal:"
	@echo "  gdb-multiarch $(B)/tessera.elf -ex 'target remote :1234'"
	$(QEMU) $(QEMU_MACHINE) -cpu $(CPU) -smp $(SMP) -m $(MEM) -nographic \
		-net none -kernel $(B)/tessera.bin $(if $(RUN_PAYLOAD),-initrd $(RUN_PAYLOAD)) \
		-s -S $(QEMU_ARGS)

# ---- U-Boot: flash and disk (docs/boot.md) ---------------------------------
# `make flash` builds FLASH_DIR/pflash0.img (U-Boot) and pflash1.img (its
# environment and one FIT holding Tessera and the payload of CONFIG);
# `make run-uboot` boots QEMU from them alone. `make disk` builds
# DISK_DIR/disk.img, a FAT disk with boot.scr and the same FIT, which U-Boot's
# default distro boot finds; `make run-disk` boots it. CONFIG defaults to
# make run's system. The images CONFIG names come from this pool: Debian's
# Linux (linux, rootfs) and every bare-metal test guest (build/guests/NAME.bin).
CONFIG ?= $(B)/payloads/linux-run.dts
FLASH_DIR ?= $(B)/flash
DISK_DIR ?= $(B)/disk
BOOT_POOL := linux=$(LINUX_IMAGE) rootfs=$(LINUX_INITRD) \
	$(foreach g,$(GUESTS),$(g)=$(GUEST_OUT)/$(g).bin)
# Linux is downloaded and built only for a config that names it (or one not
# made yet, like the default).
BOOT_LINUX := $(if $(wildcard $(CONFIG)),$(shell grep -lE '"(linux|rootfs)"' $(CONFIG)),yes)
BOOT_DEPS := $(B)/tessera.bin $(GUEST_BINS) $(CONFIG) tools/mkbootfit tools/mkpayload \
	$(if $(BOOT_LINUX),$(LINUX_IMAGE) $(LINUX_INITRD))
BOOT_FIT = tools/mkbootfit -p -o $(1) -t $(B)/tessera.bin -e $(B)/tessera.elf \
	$(CONFIG) $(BOOT_POOL)

flash: $(BOOT_DEPS) tools/mkflash $(UNIT_DTB_DIR)/virt.dtb
	@mkdir -p $(FLASH_DIR)
	@$(call BOOT_FIT,$(FLASH_DIR)/tessera.itb)
	@tools/mkflash -o $(FLASH_DIR) -u $(PLATFORM_UBOOT) -c $(PLATFORM_UBOOT_CONFIG) \
		-m $(UNIT_DTB_DIR)/virt.dtb $(FLASH_DIR)/tessera.itb

disk: $(BOOT_DEPS) tools/mkdisk
	@mkdir -p $(DISK_DIR)
	@$(call BOOT_FIT,$(DISK_DIR)/tessera.itb)
	@tools/mkdisk -o $(DISK_DIR)/disk.img $(DISK_DIR)/tessera.itb

# U-Boot boots with no delay: a key pressed as QEMU starts (or already
# typed) stops it at its prompt, see docs/boot.md.
run-uboot: flash
	@echo "U-Boot boots Tessera from flash; a key pressed as QEMU starts gives U-Boot's prompt."
	@echo "Tessera console: Ctrl-T then a guest number switches the input; QEMU: Ctrl-A x quits."
	$(QEMU) $(QEMU_MACHINE) -cpu $(CPU) -smp $(SMP) -m $(MEM) -nographic -net none \
		-drive if=pflash,format=raw,unit=0,file=$(FLASH_DIR)/pflash0.img,readonly=on \
		-drive if=pflash,format=raw,unit=1,file=$(FLASH_DIR)/pflash1.img $(QEMU_ARGS)

run-disk: disk
	$(QEMU) $(QEMU_MACHINE) -cpu $(CPU) -smp $(SMP) -m $(MEM) -nographic -net none \
		-bios $(PLATFORM_UBOOT) \
		-drive if=none,format=raw,file=$(DISK_DIR)/disk.img,id=disk0 \
		-device virtio-blk-device,drive=disk0 $(QEMU_ARGS)

lint:
	@tests/lint.sh

clean:
	rm -rf $(B)/hyp $(B)/host $(B)/tessera.* $(B)/tessera-check $(B)/test $(B)/flash $(B)/disk \
		$(B)/fuzz/pure $(B)/fuzz/fuzz_* $(B)/fuzz/*.[oad] $(B)/fuzz/seeds*

-include $(HYP_OBJ:.o=.d)
