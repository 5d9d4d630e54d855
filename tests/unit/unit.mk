# Host unit tests (cmocka). Every tests/unit/test_*.c becomes
# build/host/tests/test_*, linked against the pure-logic sources below, which
# compile unchanged for EL2 and for the host. Add a pure source here when a
# test needs it; a source that reads system registers does not belong here.
PURE_SRCS := \
	src/arch/esr.c \
	src/config/config.c \
	src/config/config_assign.c \
	src/config/config_util.c \
	src/guest/layout.c \
	src/guest/vm_off.c \
	src/core/console_filter.c \
	src/memattr/memattr.c \
	src/guest/layout_check.c \
	src/guest/layout_pci.c \
	src/platform/devices.c \
	src/dt/dt.c \
	src/dt/inventory.c \
	src/lib/crc32.c \
	src/lib/errno.c \
	src/lib/fmt.c \
	src/lib/range.c \
	src/lib/sha256.c \
	src/lib/sha256_kat.c \
	src/payload/fit.c \
	src/mm/palloc.c \
	src/mm/pt.c \
	src/trap/idregs.c \
	src/trap/inject.c \
	src/trap/serror.c \
	src/guest/image.c \
	src/guest/guest_dt.c \
	src/guest/guest_dt_raw.c \
	src/guest/dt_copy.c \
	src/guest/dt_copy_pci.c \
	src/guest/pci_ecam.c \
	src/vgic/vgic_state.c \
	src/vgic/vgic_regs.c \
	src/mm/stage2.c \
	src/mm/vmid.c

HOST_CFLAGS := -std=c11 -O1 -g -Wall -Wextra -Werror -Iinclude -Itests/unit \
	-D_DEFAULT_SOURCE -DTESSERA_HOST_TEST -fsanitize=address,undefined \
	-fno-omit-frame-pointer -MMD -MP
HOST_LDLIBS := -lcmocka -lfdt -fsanitize=address,undefined

UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(patsubst tests/unit/%.c,$(B)/host/tests/%,$(UNIT_SRCS))
PURE_OBJS := $(patsubst src/%.c,$(B)/host/pure/%.o,$(PURE_SRCS)) \
	$(B)/host/pure/gen/platform_devices.o
UNIT_HELPER_SRCS := $(sort $(wildcard tests/unit/helpers/*.c))
UNIT_HELPER_OBJS := $(patsubst tests/unit/helpers/%.c,$(B)/host/helpers/%.o,$(UNIT_HELPER_SRCS))
# only pattern rules name them: keep make from deleting them as intermediates
.SECONDARY: $(UNIT_HELPER_OBJS)

.PHONY: unit-build unit
unit-build: $(UNIT_BINS) unit-data

$(B)/host/pure/%.o: src/%.c $(B)/.deps-ok
	@mkdir -p $(dir $@)
	@echo '  HOSTCC  $<'
	@$(HOSTCC) $(HOST_CFLAGS) -c $< -o $@

$(B)/host/pure/gen/platform_devices.o: $(PLATFORM_DEVICES_C) $(B)/.deps-ok
	@mkdir -p $(dir $@)
	@echo '  HOSTCC  $<'
	@$(HOSTCC) $(HOST_CFLAGS) -c $< -o $@

$(B)/host/helpers/%.o: tests/unit/helpers/%.c $(B)/.deps-ok
	@mkdir -p $(dir $@)
	@echo '  HOSTCC  $<'
	@$(HOSTCC) $(HOST_CFLAGS) -c $< -o $@

$(B)/host/libpure.a: $(PURE_OBJS)
	@rm -f $@
	@ar rcs $@ $^

$(B)/host/tests/%: tests/unit/%.c $(B)/host/libpure.a $(UNIT_HELPER_OBJS)
	@mkdir -p $(dir $@)
	@echo '  HOSTCC  $<'
	@$(HOSTCC) $(HOST_CFLAGS) $< $(UNIT_HELPER_OBJS) $(B)/host/libpure.a $(HOST_LDLIBS) -o $@

# Test inputs made at build time (e.g. DTBs dumped from QEMU); see unit-data.mk.
-include tests/unit/unit-data.mk
unit-data::

unit: unit-build
	@tests/run-tests.sh --unit-only

-include $(PURE_OBJS:.o=.d) $(UNIT_HELPER_OBJS:.o=.d)

# The Armv8 SHA-256 instruction code on the host (tests/unit/sha256-ce.sh runs
# it under qemu-aarch64): an aarch64 Linux program without libc, built from
# the EL2 sources it checks with the cross compiler. No -mgeneral-regs-only:
# the test itself fills and reads the SIMD registers.
SHA256_CE_USER := $(B)/host/sha256-ce-user
SHA256_CE_USER_SRCS := tests/unit/sha256_ce_user.c src/arch/sha256_ce.S \
	src/lib/sha256.c src/lib/sha256_kat.c src/lib/fmt.c src/lib/string.c
unit-build: $(SHA256_CE_USER)
$(SHA256_CE_USER): $(SHA256_CE_USER_SRCS) $(B)/.deps-ok
	@mkdir -p $(dir $@)
	@echo '  CC      $@'
	@$(CC) -std=c11 -O2 -Wall -Wextra -Werror -ffreestanding -nostdlib -static \
		-nostdinc -isystem $(shell $(CC) -print-file-name=include) -Iinclude \
		-Iinclude/libc -fno-stack-protector -fno-pie -no-pie -mstrict-align \
		-Wl,--build-id=none -e _start $(SHA256_CE_USER_SRCS) -o $@
