# Host tools (tools/mkpayload packs a config and guest images into a FIT
# payload), and the unit-test inputs made with them at build time:
#   build/host/configs/*.dtb  tests/unit/configs/*.dts compiled as configs
#   build/host/examples/*.dtb platform/qemu-virt/configs/*.dts, the example
#                             systems, compiled the same way (test_examples.c)
#   build/host/fit/*.itb      payloads: good ones, corrupted ones, one without
#                             a hash (test_fit.c, test_config.c)
#   build/host/sha256/        random files and their sha256sum/gzip CRC-32
#                             (test_sha256.c cross-checks against them)

# Same flags as tools/mkpayload uses for configs (see there why).
CONFIG_DTC_FLAGS := -q -E no-name_properties -W no-unit_address_vs_reg

UNIT_CONFIG_DTBS := $(patsubst tests/unit/configs/%.dts,$(B)/host/configs/%.dtb,\
	$(sort $(wildcard tests/unit/configs/*.dts)))

$(B)/host/configs/%.dtb: tests/unit/configs/%.dts | $(B)/.deps-ok
	@mkdir -p $(dir $@)
	@echo '  DTC     $<'
	@dtc $(CONFIG_DTC_FLAGS) -I dts -O dtb -o $@ $<

# The example systems. test_examples.c lists the .dts directory when it runs
# and wants a .dtb here for each: an example this rule did not compile fails.
EXAMPLE_DIR := platform/qemu-virt/configs
EXAMPLE_DTB_DIR := $(B)/host/examples
EXAMPLE_DTBS := $(patsubst $(EXAMPLE_DIR)/%.dts,$(EXAMPLE_DTB_DIR)/%.dtb,\
	$(sort $(wildcard $(EXAMPLE_DIR)/*.dts)))

$(EXAMPLE_DTB_DIR)/%.dtb: $(EXAMPLE_DIR)/%.dts | $(B)/.deps-ok
	@mkdir -p $(dir $@)
	@echo '  DTC     $<'
	@dtc $(CONFIG_DTC_FLAGS) -I dts -O dtb -o $@ $<

$(B)/host/tests/test_examples: private HOST_CFLAGS += \
	-DEXAMPLE_DIR='"$(abspath $(EXAMPLE_DIR))"' \
	-DEXAMPLE_DTB_DIR='"$(abspath $(EXAMPLE_DTB_DIR))"'

# ---- FIT payloads ----------------------------------------------------------
FITD := $(B)/host/fit
UNIT_FITS := $(addprefix $(FITD)/,good.itb good-ext.itb good-pos.itb crc.itb \
	multi.itb corrupt.itb corrupt-ext.itb corrupt-crc.itb nohash.itb)
FIT_MARK := TESSERA-FLIP-ME

# A fake kernel: arm64 Image magic "ARMd" at offset 56, random bytes, and a
# marker in the middle where the corrupt payloads get a byte flipped.
$(FITD)/checks.img: | $(B)/.deps-ok
	@mkdir -p $(dir $@)
	@echo '  GEN     $@'
	@{ head -c 56 /dev/zero; printf 'ARMd'; head -c 150001 /dev/urandom; \
	   printf '$(FIT_MARK)'; head -c 150000 /dev/urandom; } >$@

$(FITD)/rootfs.img: | $(B)/.deps-ok
	@mkdir -p $(dir $@)
	@echo '  GEN     $@'
	@head -c 70001 /dev/urandom >$@

FIT_INPUTS := tools/mkpayload tests/unit/configs/payload.dts $(FITD)/checks.img \
	$(FITD)/rootfs.img
FIT_IMAGES := checks=$(FITD)/checks.img rootfs=$(FITD)/rootfs.img

# -k keeps good.itb.its, from which the variants below are made.
$(FITD)/good.itb: $(FIT_INPUTS)
	@echo '  MKPAYLD $@'
	@tools/mkpayload -k -o $@ tests/unit/configs/payload.dts $(FIT_IMAGES) >/dev/null

$(FITD)/good-ext.itb: $(FIT_INPUTS)
	@echo '  MKPAYLD $@'
	@tools/mkpayload -E -o $@ tests/unit/configs/payload.dts $(FIT_IMAGES) >/dev/null

# External data at absolute positions ("data-position").
$(FITD)/good-pos.itb: $(FITD)/good.itb
	@echo '  MKIMAGE $@'
	@mkimage -E -p 0x2000 -f $<.its $@ >/dev/null

# Every hash crc32 instead of sha256.
$(FITD)/crc.itb: $(FITD)/good.itb
	@echo '  MKIMAGE $@'
	@sed 's/algo = "sha256"/algo = "crc32"/' $<.its >$@.its
	@mkimage -f $@.its $@ >/dev/null

# Two hashes per image.
$(FITD)/multi.itb: $(FITD)/good.itb
	@echo '  MKIMAGE $@'
	@sed 's/hash-1 { algo = "sha256"; };/& hash-2 { algo = "crc32"; };/' $<.its >$@.its
	@mkimage -f $@.its $@ >/dev/null

# Image "rootfs" without its hash node.
$(FITD)/nohash.itb: $(FITD)/good.itb
	@echo '  MKIMAGE $@'
	@awk '/^\t\trootfs \{/ { r = 1 } r && /hash-1/ { next } /^\t\t\};/ { r = 0 } { print }' \
		$<.its >$@.its
	@mkimage -f $@.its $@ >/dev/null

# A copy with one byte of the kernel's data inverted, at the marker.
define fit_corrupt
	@echo '  CORRUPT $@'
	@off=$$(grep -obUaF '$(FIT_MARK)' $< | head -n1 | cut -d: -f1); \
	 [ -n "$$off" ] || { echo "$<: marker not found" >&2; exit 1; }; \
	 b=$$(od -An -tu1 -j$$off -N1 $< | tr -d ' '); \
	 cp $< $@.tmp && \
	 printf "\\$$(printf %o $$((b ^ 0xff)))" | \
		dd of=$@.tmp bs=1 seek=$$off conv=notrunc status=none && \
	 mv $@.tmp $@
endef

$(FITD)/corrupt.itb: $(FITD)/good.itb
	$(fit_corrupt)
$(FITD)/corrupt-ext.itb: $(FITD)/good-ext.itb
	$(fit_corrupt)
$(FITD)/corrupt-crc.itb: $(FITD)/crc.itb
	$(fit_corrupt)

# ---- SHA-256 / CRC-32 cross-checks ----------------------------------------
SHAD := $(B)/host/sha256
SHA_SIZES := 0 1 3 55 56 57 63 64 65 111 119 120 127 128 129 1000 65536 1000003

$(SHAD)/sums.txt: tools/tools.mk | $(B)/.deps-ok
	@mkdir -p $(dir $@)
	@echo '  GEN     $@'
	@cd $(dir $@) && rm -f rand-* && \
	 for n in $(SHA_SIZES); do head -c $$n /dev/urandom >rand-$$n; done && \
	 sha256sum rand-* >sums.txt.tmp && \
	 for n in $(SHA_SIZES); do \
		printf '%s %s\n' $$(gzip -c rand-$$n | tail -c8 | head -c4 | od --endian=little -An -tx4 | tr -d ' ') rand-$$n; \
	 done >crc.txt && \
	 mv sums.txt.tmp sums.txt

unit-data:: $(UNIT_CONFIG_DTBS) $(EXAMPLE_DTBS) $(UNIT_FITS) $(SHAD)/sums.txt

# ---- tessera-check ---------------------------------------------------------
# The host config checker (tools/check/): the pure sources the unit tests use
# (libpure.a, built with HOST_CFLAGS, sanitizers included) plus its own files.
# `make` builds it next to tessera.bin; tests/tools/check.sh tests it.
CHECK_SRCS := $(sort $(wildcard tools/check/*.c))
CHECK_OBJS := $(patsubst tools/check/%.c,$(B)/host/check/%.o,$(CHECK_SRCS))

$(B)/host/check/%.o: tools/check/%.c $(B)/.deps-ok
	@mkdir -p $(dir $@)
	@echo '  HOSTCC  $<'
	@$(HOSTCC) $(HOST_CFLAGS) -c $< -o $@

$(B)/tessera-check: $(CHECK_OBJS) $(B)/host/libpure.a
	@echo '  HOSTLD  $@'
	@$(HOSTCC) $(HOST_CFLAGS) $(CHECK_OBJS) $(B)/host/libpure.a -lfdt \
		-fsanitize=address,undefined -o $@

# `make unit` and `make test` run tests/tools/check.sh after the unit tests.
unit-build: $(B)/tessera-check

-include $(CHECK_OBJS:.o=.d)
