# Host DTBs for the DT unit tests, made at build time under build/host/dtbs/.
#
# QEMU dumps the DTB of the machine it would boot (-M virt,dumpdtb=); the
# variants are such a dump decompiled, edited and recompiled: an optional sed
# expression (for what a fragment cannot say, like /memreserve/), then the
# fragment tests/unit/helpers/dts/NAME.dtsi appended (dtc merges it into the
# tree; /delete-node/ and /delete-property/ remove things).
# The tests find the files through UNIT_DTB_DIR, or $TESSERA_DTB_DIR if set.

UNIT_DTB_DIR := $(B)/host/dtbs
UNIT_DTS_DIR := tests/unit/helpers/dts

# $(1) name, $(2) extra -M options, $(3) other QEMU options
define unit_dump_dtb
$(UNIT_DTB_DIR)/$(1).dtb: tests/unit/unit-data.mk $(B)/.deps-ok
	@mkdir -p $$(@D)
	@echo '  DUMPDTB $$@'
	@timeout 30 $(QEMU) -M virt,virtualization=on,$(2),dumpdtb=$$@ -cpu max \
		-net none -nographic -monitor none $(3) >$$@.log 2>&1 || \
		{ cat $$@.log; rm -f $$@; exit 1; }
unit-data:: $(UNIT_DTB_DIR)/$(1).dtb
endef

# $(1) name, $(2) base dump, $(3) sed expression (may be empty)
define unit_derive_dtb
$(UNIT_DTB_DIR)/$(1).dtb: $(UNIT_DTB_DIR)/$(2).dtb $(UNIT_DTS_DIR)/$(1).dtsi tests/unit/unit-data.mk
	@echo '  DTC     $$@'
	@dtc -q -I dtb -O dts $$< | sed -e '$(3)' | cat - $(UNIT_DTS_DIR)/$(1).dtsi | \
		dtc -q -I dts -O dtb -o $$@ - || { rm -f $$@; exit 1; }
unit-data:: $(UNIT_DTB_DIR)/$(1).dtb
endef

$(eval $(call unit_dump_dtb,virt,gic-version=3,-m 1G -smp 4))
$(eval $(call unit_dump_dtb,virt-512m-smp1,gic-version=3,-m 512M -smp 1))
$(eval $(call unit_dump_dtb,virt-4g,gic-version=3,-m 4G -smp 4))
$(eval $(call unit_dump_dtb,virt-smp12,gic-version=3,-m 1G -smp 12))
$(eval $(call unit_dump_dtb,virt-gicv2,gic-version=2,-m 1G -smp 4))

$(eval $(call unit_derive_dtb,no-memory,virt,))
$(eval $(call unit_derive_dtb,memory-many,virt,))
$(eval $(call unit_derive_dtb,memory-split,virt,))
$(eval $(call unit_derive_dtb,no-stdout,virt,))
$(eval $(call unit_derive_dtb,stdout-opts,virt,))
$(eval $(call unit_derive_dtb,stdout-alias,virt,))
$(eval $(call unit_derive_dtb,stdout-missing,virt,))
$(eval $(call unit_derive_dtb,stdout-not-pl011,virt,))
$(eval $(call unit_derive_dtb,console-no-reg,virt,))
$(eval $(call unit_derive_dtb,reserved,virt,/^\/dts-v1\/;/a /memreserve/ 0x4f000000 0x10000;))
$(eval $(call unit_derive_dtb,all-reserved,virt,))
$(eval $(call unit_derive_dtb,reserved-no-ranges,virt,))
$(eval $(call unit_derive_dtb,reserved-zero-cells,virt,))
$(eval $(call unit_derive_dtb,reserved-many,virt,))
$(eval $(call unit_derive_dtb,psci-hvc,virt,))
$(eval $(call unit_derive_dtb,no-psci,virt,))
$(eval $(call unit_derive_dtb,no-psci-smp1,virt-512m-smp1,))
$(eval $(call unit_derive_dtb,no-gic,virt,))
$(eval $(call unit_derive_dtb,gic-redist2,virt,))
$(eval $(call unit_derive_dtb,no-cpus,virt,))
$(eval $(call unit_derive_dtb,cpu-no-reg,virt,))
$(eval $(call unit_derive_dtb,initrd,virt,))
$(eval $(call unit_derive_dtb,initrd64,virt-4g,))
$(eval $(call unit_derive_dtb,initrd-empty,virt,))
$(eval $(call unit_derive_dtb,initrd-half,virt,))
$(eval $(call unit_derive_dtb,initrd-3cell,virt,))
$(eval $(call unit_derive_dtb,bus,virt,))
$(eval $(call unit_derive_dtb,dt-copy,virt,))
$(eval $(call unit_derive_dtb,cpu-dup,virt,))
$(eval $(call unit_derive_dtb,memory-wrap,virt,))
$(eval $(call unit_derive_dtb,reserved-wrap,virt,))
$(eval $(call unit_derive_dtb,memreserve-wrap,virt,/^\/dts-v1\/;/a /memreserve/ 0xfffffffffffff000 0x2000;))
$(eval $(call unit_derive_dtb,gic-dist-zero,virt,))
$(eval $(call unit_derive_dtb,gic-redist-zero,virt,))
$(eval $(call unit_derive_dtb,memory-over-gic,virt,))
$(eval $(call unit_derive_dtb,memory-over-flash,virt,))
$(eval $(call unit_derive_dtb,fb-reserved,virt,))
$(eval $(call unit_derive_dtb,fb-unreserved,virt,))
$(eval $(call unit_derive_dtb,memory-high,virt,))
$(eval $(call unit_derive_dtb,initrd-outside,virt,))
$(eval $(call unit_derive_dtb,initrd-straddle,virt,))

# The tests read the DTBs at run time; the helper knows where they are.
$(B)/host/helpers/dtb.o: HOST_CFLAGS += -DUNIT_DTB_DIR='"$(abspath $(UNIT_DTB_DIR))"'
