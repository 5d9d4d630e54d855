/* Putting a guest's kernel, initrd and DT into its RAM (at creation and reset). */
#include <libfdt.h>
#include <string.h>

#include "arch/cache.h"
#include "config/config.h"
#include "core/boot_time.h"
#include "guest/guest_dt.h"
#include "guest/guests.h"
#include "guest/image.h"
#include "guest/layout.h"
#include "guest/vm.h"
#include "lib/errno.h"
#include "lib/copy.h"
#include "lib/fmt.h"
#include "lib/range.h"
#include "mm/page.h"
#include "payload/fit.h"

/* Host virtual (identity) address of a guest IPA inside its RAM. */
static void *ram_ptr(struct vm *vm, uint64_t ipa)
{
	return (void *)(vm->ram_pa + (ipa - vm->ram_ipa));
}

/*
 * A guest's RAM is zeroed (at creation and at every restart), but not where the kernel image (with its bss)
 * and the initrd go: the copies below replace those bytes whole. The DT's
 * place is zeroed, so the slack after the built DT is zero too.
 */
static void zero_around_images(struct vm *vm, const struct image_layout *lay,
			       const struct image_info *info, uint64_t isize)
{
	struct range gaps[3] = {{vm->ram_pa, vm->ram_size}};
	unsigned n = 1;

	if (range_list_subtract(gaps, &n, 3, (uint64_t)ram_ptr(vm, lay->kernel_ipa),
				info->mem_size) ||
	    range_list_subtract(gaps, &n, 3, (uint64_t)ram_ptr(vm, lay->initrd_ipa),
				isize)) {
		/* cannot happen (two holes make at most three gaps): zero all */
		gaps[0] = (struct range){vm->ram_pa, vm->ram_size};
		n = 1;
	}
	for (unsigned i = 0; i < n; i++)
		dcache_zero_range(gaps[i].base, gaps[i].size);
}

/*
 * The guest DT: built the first time, and kept, since what it comes from
 * (the host DT, the config, the layout, the images' places) never changes
 * while the VM exists; every restart copies it back instead of walking the
 * host DT again (millions of instructions with a passed-through device).
 * Without a page to keep it in, it is built every time.
 */
static int load_dt(struct vm *vm, const struct image_layout *lay, uint64_t isize,
		   char *why, int whylen)
{
	void *dtb = ram_ptr(vm, lay->dtb_ipa);
	struct guest_dt_params dt = {0};
	uint64_t size, pa;

	if (vm->dt_saved && vm->dt_saved_ipa == lay->dtb_ipa) {
		copy_normal(dtb, vm->dt_saved, vm->dt_saved_size);
		return 0;
	}
	guests_fill_dt_params(vm, &dt);
	dt.bootargs = vm->cfg->bootargs;
	dt.initrd_ipa = lay->initrd_ipa;
	dt.initrd_size = isize;
	dt.err = why;
	dt.errlen = whylen;
	if (guest_dt_build(dtb, (int)GUEST_DT_MAX, &dt))
		return -EINVAL;
	size = fdt_totalsize(dtb);
	if (!vm->dt_saved && size <= GUEST_DT_MAX &&
	    (pa = page_alloc_range(size, 4096))) {
		copy_normal((void *)pa, dtb, size);
		vm->dt_saved = (void *)pa;
		vm->dt_saved_size = size;
		vm->dt_saved_ipa = lay->dtb_ipa;
	}
	return 0;
}

int vm_load(struct vm *vm, bool fresh, char *err, int errlen)
{
	const struct guest_config *gc = vm->cfg;
	const void *kernel, *initrd = 0;
	uint64_t ksize, isize = 0;
	struct image_info info;
	struct image_layout lay;
	char why[120];
	int r;

	if (fit_image(&boot_fit, gc->kernel, &kernel, &ksize)) {
		fmt_snprintf(err, (size_t)errlen, "no image \"%s\" in the payload",
			     gc->kernel);
		return -ENOENT;
	}
	if (gc->initrd[0] && fit_image(&boot_fit, gc->initrd, &initrd, &isize)) {
		fmt_snprintf(err, (size_t)errlen, "no image \"%s\" in the payload",
			     gc->initrd);
		return -ENOENT;
	}
	if ((r = image_parse(kernel, ksize, &info, why, sizeof(why))) ||
	    (r = image_layout(vm->ram_ipa, vm->ram_size, &info, isize, &lay, why,
			      sizeof(why)))) {
		fmt_snprintf(err, (size_t)errlen, "kernel \"%s\": %s", gc->kernel, why);
		return r;
	}

	/* Nothing of another guest or of an earlier life of this one may be
	 * seen: RAM is zeroed, but for what the images overwrite anyway. */
	zero_around_images(vm, &lay, &info, isize);
	if (fresh)
		boot_time_phase("%s: RAM zeroed (%lu MiB, DC ZVA %lu B)", vm->name,
				(unsigned long)(vm->ram_size >> 20),
				(unsigned long)dcache_zva_block());
	copy_normal(ram_ptr(vm, lay.kernel_ipa), kernel, ksize);
	dcache_zero_range((uint64_t)ram_ptr(vm, lay.kernel_ipa) + ksize,
			  info.mem_size - ksize);
	if (initrd)
		copy_normal(ram_ptr(vm, lay.initrd_ipa), initrd, isize);

	if ((r = load_dt(vm, &lay, isize, why, sizeof(why)))) {
		fmt_snprintf(err, (size_t)errlen, "cannot build the guest DT: %s", why);
		return r;
	}

	boot_time_phase("%s: images and DT loaded", vm->name);
	/*
	 * The guest starts with its MMU off, so its accesses are Device (data)
	 * or Non-cacheable and miss what Tessera's writes left in the caches:
	 * everything goes to PoC. Not with FEAT_S2FWB, where stage 2 forces
	 * every access Normal Write-Back (Arm ARM, "Stage 2 memory type and
	 * Cacheability attributes when FEAT_S2FWB is implemented") and the
	 * caches are coherent with Tessera's view, unless a device masters DMA
	 * (it may read memory behind the caches): then the clean stays. With
	 * FWB, only the instruction side needs the new kernel: clean it to PoU
	 * where CTR_EL0.IDC asks for it.
	 */
	if (!vm->s2.fwb || vm->layout->dma) {
		dcache_clean_inval_range(vm->ram_pa, vm->ram_size);
		icache_inval_all();
		boot_time_phase("%s: caches cleaned to PoC", vm->name);
	} else {
		dcache_clean_pou_range((uint64_t)ram_ptr(vm, lay.kernel_ipa), ksize);
		icache_inval_all();
		boot_time_phase("%s: no clean to PoC (FWB)", vm->name);
	}
	vm->entry_ipa = lay.kernel_ipa;
	vm->dtb_ipa = lay.dtb_ipa;
	return 0;
}
