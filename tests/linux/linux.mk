# The Linux test guest (tests/linux/): Debian's arm64 kernel and a busybox
# initramfs, from Debian's archive only, built once and cached in build/linux/
# (never committed). Included by the top Makefile.
#
#   make linux-assets    build/linux/Image, build/linux/initramfs.cpio.gz
#                        (scripts/linux-assets.sh; --refresh there re-downloads)
#   make linux-payload   build/payloads/linux-two.itb: Linux (2 vCPUs) next to
#                        the checks guest (tests/payloads/linux-two.dts), and
#                        build/payloads/linux-run.itb, the same with
#                        "tessera.interactive" (a shell instead of poweroff)
#   make linux-native    the same kernel and initramfs on QEMU, no hypervisor
#   make linux-report    /proc/uptime at init, Tessera vs native, -icount shift=0
#                        (tests/linux/uptime-report.sh; it also boots
#                        build/payloads/linux-solo.itb, Linux without checks)
#
# Scenarios: tests/scenarios/linux-native.scn, linux-two-max.scn, linux-two-a57.scn;
# the device tests (tests/linux/tests/, tessera.test=) natively: dev-native*.scn.

LINUX_OUT := $(B)/linux
LINUX_IMAGE := $(LINUX_OUT)/Image
LINUX_INITRD := $(LINUX_OUT)/initramfs.cpio.gz
LINUX_CHECKS := $(B)/guests/checks.bin
LINUX_PAYLOADS := $(B)/payloads/linux-two.itb $(B)/payloads/linux-run.itb \
	$(B)/payloads/linux-panic.itb $(B)/payloads/linux-solo.itb

# What `make run` boots: the two-guest system with Linux's interactive shell.
RUN_PAYLOAD ?= $(B)/payloads/linux-run.itb

.PHONY: linux-assets linux-payload linux-native linux-report

# The script has its own finer check (the debs, whether each output is
# stale) and does nothing when all is fresh; the touch keeps make from
# calling it again when it rebuilt only one of the two.
# tests/linux/tests itself: its time changes when a test is added or removed.
$(LINUX_IMAGE) $(LINUX_INITRD) &: scripts/linux-assets.sh tests/linux/init \
		tests/linux/tests $(wildcard tests/linux/tests/*.sh) \
		$(wildcard tests/linux/tools/*.c) | $(B)/.deps-ok
	@scripts/linux-assets.sh
	@touch -c $(LINUX_IMAGE) $(LINUX_INITRD)

linux-assets: $(LINUX_IMAGE) $(LINUX_INITRD)

$(B)/payloads/linux-two.itb: tests/payloads/linux-two.dts $(LINUX_IMAGE) $(LINUX_INITRD) \
		$(LINUX_CHECKS) tools/mkpayload
	@mkdir -p $(dir $@)
	@echo '  PAYLOAD $@'
	@tools/mkpayload -o $@ $< linux=$(LINUX_IMAGE) rootfs=$(LINUX_INITRD) \
		checks=$(LINUX_CHECKS) >/dev/null

$(B)/payloads/linux-panic.itb: tests/payloads/linux-panic.dts $(LINUX_IMAGE) $(LINUX_INITRD) \
		$(LINUX_CHECKS) tools/mkpayload
	@mkdir -p $(dir $@)
	@echo '  PAYLOAD $@'
	@tools/mkpayload -o $@ $< linux=$(LINUX_IMAGE) rootfs=$(LINUX_INITRD) \
		checks=$(LINUX_CHECKS) >/dev/null

# linux-two.dts with " tessera.interactive" at the end of Linux's bootargs.
$(B)/payloads/linux-run.dts: tests/payloads/linux-two.dts
	@mkdir -p $(dir $@)
	@sed '/name = "linux"/,/};/s/^\([[:space:]]*bootargs = "[^"]*\)";/\1 tessera.interactive";/' $< >$@.tmp
	@grep -q 'bootargs = ".* tessera.interactive";' $@.tmp || \
		{ echo "$<: no bootargs line for guest linux to add tessera.interactive to" >&2; rm -f $@.tmp; exit 1; }
	@mv $@.tmp $@

$(B)/payloads/linux-run.itb: $(B)/payloads/linux-run.dts $(LINUX_IMAGE) $(LINUX_INITRD) \
		$(LINUX_CHECKS) tools/mkpayload
	@echo '  PAYLOAD $@'
	@tools/mkpayload -o $@ $< linux=$(LINUX_IMAGE) rootfs=$(LINUX_INITRD) \
		checks=$(LINUX_CHECKS) >/dev/null

linux-payload: $(LINUX_PAYLOADS)

# Linux alone: for the report, and linux-mte-max.
$(B)/payloads/linux-solo.itb: tests/payloads/linux-solo.dts $(LINUX_IMAGE) $(LINUX_INITRD) \
		tools/mkpayload
	@mkdir -p $(dir $@)
	@echo '  PAYLOAD $@'
	@tools/mkpayload -o $@ $< linux=$(LINUX_IMAGE) rootfs=$(LINUX_INITRD) >/dev/null

linux-native: linux-assets
	@tests/scenario.sh linux-native

linux-report: $(B)/tessera.bin $(B)/payloads/linux-two.itb $(B)/payloads/linux-solo.itb
	@tests/linux/uptime-report.sh

test-assets:: linux-assets linux-payload $(B)/payloads/linux-solo.itb

# Device pass-through systems (tests/payloads/pt-*.dts, tests/scenarios/pt-*.scn):
# Linux with assigned devices, some with the checks guest beside it.
PT_PAYLOADS := $(patsubst tests/payloads/%.dts,$(B)/payloads/%.itb,\
	$(sort $(wildcard tests/payloads/pt-*.dts)))

$(B)/payloads/pt-%.itb: tests/payloads/pt-%.dts $(LINUX_IMAGE) $(LINUX_INITRD) \
		$(LINUX_CHECKS) tools/mkpayload
	@mkdir -p $(dir $@)
	@echo '  PAYLOAD $@'
	@tools/mkpayload -o $@ $< linux=$(LINUX_IMAGE) rootfs=$(LINUX_INITRD) \
		$(if $(shell grep -l 'kernel = "checks"' $<),checks=$(LINUX_CHECKS)) >/dev/null

test-assets:: $(PT_PAYLOADS)
