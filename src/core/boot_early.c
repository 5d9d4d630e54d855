/*
 * Runs with the MMU and caches off: every access is Device memory, so only
 * aligned accesses (the whole EL2 build uses -mstrict-align) and no exclusives.
 * Builds the first EL2 map: Tessera's image with W^X, the DTB read-only, and
 * the platform's fallback UART for messages that come before the DT is read.
 */
#include "arch/cpu.h"
#include "core/boot_time.h"
#include "core/boot.h"
#include "core/config.h"
#include "mm/el2map.h"

#define FDT_MAGIC_BE 0xd00dfeedu

struct cpu_features boot_cpu;
bool boot_dtb_ok;

static uint32_t be32(const uint32_t *p)
{
	return __builtin_bswap32(*(const volatile uint32_t *)p);
}

void boot_mmu_prepare(uint64_t dtb_pa)
{
	uint64_t img = (uint64_t)__image_start;

	boot_time_start();
	cpu_features_read(&boot_cpu);
	el2map_init(boot_cpu.pa_bits, boot_cpu.parange);
	el2map_map(img, (uint64_t)__text_end - img, EL2_TEXT);
	el2map_map((uint64_t)__text_end, (uint64_t)(__rodata_end - __text_end), EL2_RO);
	el2map_map((uint64_t)__rodata_end, (uint64_t)(__image_end - __rodata_end),
		   EL2_RW);
	el2map_map(PLATFORM_FALLBACK_UART, PAGE_SIZE, EL2_DEVICE);

	/* fdt header: magic at 0, totalsize at 4, both big endian */
	if (dtb_pa && (dtb_pa & 7) == 0 &&
	    be32((const uint32_t *)dtb_pa) == FDT_MAGIC_BE) {
		uint32_t size = be32((const uint32_t *)(dtb_pa + 4));

		if (size >= 40 && size < (64u << 20) &&
		    el2map_map(dtb_pa, size, EL2_RO) == 0)
			boot_dtb_ok = true;
	}
}
