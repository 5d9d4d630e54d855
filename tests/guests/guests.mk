# Bare-metal test guests (tests/guests/), their payloads and `make bench`.
# Included by the top Makefile; see tests/guests/README.md.
#
#   build/guests/<name>.{elf,bin}    checks, attacker, bench, solo, gic,
#                                    lifecycle, lifecycle-fault
#   build/payloads/<name>.itb        from tests/payloads/<name>.dts
#   build/guests/native/*.bin        variants for booting directly on QEMU
#                                    (make guests-native, tests/guests/native.sh)

GUEST_DIR := tests/guests
GUEST_OUT := $(B)/guests
GUEST_CFLAGS := $(HYP_CFLAGS) -I$(GUEST_DIR)/lib/include
GUEST_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none \
	-Wl,-T,linker/guest.ld -Wl,-z,noexecstack -Wl,--no-warn-rwx-segments

# The runtime, plus the hypervisor's pure printf and string functions.
GUEST_LIB_SRCS := $(sort $(wildcard $(GUEST_DIR)/lib/*.c $(GUEST_DIR)/lib/*.S)) \
	src/lib/fmt.c src/lib/string.c
GUEST_LIB_OBJS := $(patsubst %,$(GUEST_OUT)/obj/lib/%.o,$(GUEST_LIB_SRCS))
GUEST_ALL_OBJS := $(GUEST_LIB_OBJS)

$(GUEST_OUT)/obj/lib/%.c.o: %.c $(B)/.deps-ok
	@mkdir -p $(dir $@)
	@echo '  CC      $<'
	@$(CC) $(GUEST_CFLAGS) -c $< -o $@

$(GUEST_OUT)/obj/lib/%.S.o: %.S $(B)/.deps-ok
	@mkdir -p $(dir $@)
	@echo '  AS      $<'
	@$(CC) $(GUEST_CFLAGS) -D__ASSEMBLER__ -c $< -o $@

# $(call guest_image,OUT,SRC,RAM_BASE,EXTRA_CFLAGS): build/guests/OUT.{elf,bin}
# from tests/guests/SRC/*.{c,S}, linked for RAM_BASE.
define guest_image
GUEST_OBJS_$(1) := $$(patsubst $(GUEST_DIR)/$(2)/%,$(GUEST_OUT)/obj/$(1)/%.o,$$(sort $$(wildcard $(GUEST_DIR)/$(2)/*.c $(GUEST_DIR)/$(2)/*.S)))
GUEST_ALL_OBJS += $$(GUEST_OBJS_$(1))

$(GUEST_OUT)/obj/$(1)/%.c.o: $(GUEST_DIR)/$(2)/%.c $(B)/.deps-ok
	@mkdir -p $$(dir $$@)
	@echo '  CC      $$<'
	@$$(CC) $$(GUEST_CFLAGS) $(4) -c $$< -o $$@

$(GUEST_OUT)/obj/$(1)/%.S.o: $(GUEST_DIR)/$(2)/%.S $(B)/.deps-ok
	@mkdir -p $$(dir $$@)
	@echo '  AS      $$<'
	@$$(CC) $$(GUEST_CFLAGS) $(4) -D__ASSEMBLER__ -c $$< -o $$@

$(GUEST_OUT)/$(1).elf: $$(GUEST_OBJS_$(1)) $$(GUEST_LIB_OBJS) linker/guest.ld
	@mkdir -p $$(dir $$@)
	@echo '  LD      $$@'
	@$$(CC) $$(GUEST_CFLAGS) $$(GUEST_LDFLAGS) -Wl,--defsym=GUEST_RAM_BASE=$(3) \
		$$(GUEST_OBJS_$(1)) $$(GUEST_LIB_OBJS) -lgcc -o $$@

$(GUEST_OUT)/$(1).bin: $(GUEST_OUT)/$(1).elf
	@echo '  OBJCOPY $$@'
	@$$(OBJCOPY) -O binary $$< $$@
endef

# The attacker's RAM is at IPA 0x1_0000_0000: above QEMU's RAM (up to 3 GiB).
GUESTS := checks attacker bench solo gic lifecycle memattr
GUEST_RAM_BASE_checks := 0x40000000
GUEST_RAM_BASE_attacker := 0x100000000
GUEST_RAM_BASE_bench := 0x40000000
GUEST_RAM_BASE_solo := 0x40000000
GUEST_RAM_BASE_gic := 0x40000000
GUEST_RAM_BASE_lifecycle := 0x40000000
GUEST_RAM_BASE_memattr := 0x40000000
$(foreach g,$(GUESTS),$(eval $(call guest_image,$(g),$(g),$(GUEST_RAM_BASE_$(g)),)))
# lifecycle-fault: restarts through an unmapped access (on-fault) instead of
# PSCI SYSTEM_RESET.
$(eval $(call guest_image,lifecycle-fault,lifecycle,0x40000000,-DLIFECYCLE_FAULT=1))
GUESTS += lifecycle-fault
# lifecycle-serror: test SErrors (inject) before its SYSTEM_RESET.
$(eval $(call guest_image,lifecycle-serror,lifecycle,0x40000000,-DLIFECYCLE_SERROR=1))
GUESTS += lifecycle-serror
# console: the hostile flooder and the exit meter beside it.
$(eval $(call guest_image,console-flood,console,0x40000000,-DCONSOLE_FLOOD=1))
$(eval $(call guest_image,console-meter,console,0x40000000,))
GUESTS += console-flood console-meter
# checks and attacker that wait for a typed character where the others wait
# a fixed time: the scenarios say when, from what the other guest printed.
$(eval $(call guest_image,checks-typed,checks,0x40000000,-DVICTIM_WAIT_INPUT=1))
$(eval $(call guest_image,attacker-typed,attacker,0x100000000,-DRUN_ON_INPUT=1))
GUESTS += checks-typed attacker-typed
# stress: a guest reset in a loop while typed to, and guests that power off
# at one instant.
$(eval $(call guest_image,stress-typed,stress,0x40000000,))
$(eval $(call guest_image,stress-off,stress,0x40000000,-DSTRESS_OFF=1))
GUESTS += stress-typed stress-off

# Native variants (QEMU without EL2: host RAM is the guest's RAM). The
# attacker probes what QEMU leaves unassigned above 1 GiB of -m, and the
# flash at 0 in the -neg variant, whose probes must fail and be counted.
# Natively nothing needs outliving, so they run on for 1 s only.
GUEST_NATIVE_ATTACK := -DATTACK_LO=0x80000000UL -DATTACK_HI=0x100000000UL -DRUN_ON_MS=1000
$(eval $(call guest_image,native/attacker,attacker,0x40000000,$(GUEST_NATIVE_ATTACK) -DFINE_LO=0x0e000000UL -DFINE_HI=0x0e010000UL))
$(eval $(call guest_image,native/attacker-neg,attacker,0x40000000,$(GUEST_NATIVE_ATTACK) -DFINE_LO=0x0UL -DFINE_HI=0x10000UL))

GUEST_BINS := $(patsubst %,$(GUEST_OUT)/%.bin,$(GUESTS))
GUEST_NATIVE_BINS := $(patsubst %,$(GUEST_OUT)/native/%.bin,attacker attacker-neg)

# ---- payloads: config DTS + guest images -> FIT (tools/mkpayload) -----------
# $(call guest_payload,NAME,GUESTS): build/payloads/NAME.itb
define guest_payload
$(B)/payloads/$(1).itb: tests/payloads/$(1).dts $(patsubst %,$(GUEST_OUT)/%.bin,$(2)) tools/mkpayload
	@mkdir -p $$(dir $$@)
	@echo '  PAYLOAD $$@'
	@tools/mkpayload -o $$@ $$< $(foreach g,$(2),$(g)=$(GUEST_OUT)/$(g).bin) >/dev/null
endef
$(eval $(call guest_payload,two-guests,checks attacker))
$(eval $(call guest_payload,bench,bench))
$(eval $(call guest_payload,solo,solo))
$(eval $(call guest_payload,memattr-max,memattr checks))
$(eval $(call guest_payload,memattr-a57,memattr checks))
$(eval $(call guest_payload,vgic,gic))
$(eval $(call guest_payload,vgic-two,gic checks))
$(eval $(call guest_payload,vgic-pt,gic))
$(eval $(call guest_payload,two-guests-typed,checks-typed attacker-typed))
$(eval $(call guest_payload,lifecycle-sysreset,lifecycle checks-typed))
$(eval $(call guest_payload,lifecycle-fault-stop,lifecycle-fault checks-typed))
$(eval $(call guest_payload,lifecycle-fault-reset,lifecycle-fault))
$(eval $(call guest_payload,lifecycle-serror,lifecycle-serror checks-typed))
$(eval $(call guest_payload,solo-first,solo checks))
$(eval $(call guest_payload,console-hostile,console-flood console-meter))
$(eval $(call guest_payload,stress-reset-input,stress-typed))
$(eval $(call guest_payload,stress-poweroff,stress-off))
GUEST_PAYLOADS := $(patsubst %,$(B)/payloads/%.itb,two-guests two-guests-typed bench solo vgic vgic-two vgic-pt memattr-max memattr-a57 \
	lifecycle-sysreset lifecycle-fault-stop lifecycle-fault-reset lifecycle-serror solo-first \
	console-hostile stress-reset-input stress-poweroff)

.PHONY: guests guests-native payloads bench
guests: $(GUEST_BINS)
guests-native: $(GUEST_NATIVE_BINS)

# Until tools/mkpayload exists, build the guests and say why payloads are missing.
ifneq ($(wildcard tools/mkpayload),)
payloads: $(GUEST_PAYLOADS)
else
payloads:
	@echo 'note: tools/mkpayload missing: guest payloads not built'
endif

test-assets:: guests guests-native payloads

# tests/bench.sh also boots the default system (Linux + checks) to time the boot
bench: $(B)/tessera.bin $(B)/payloads/bench.itb $(B)/payloads/linux-two.itb
	@tests/bench.sh

-include $(GUEST_ALL_OBJS:.o=.d)
