/* Putting a guest's kernel, initrd and DT into its RAM (at creation and reset). */
#include <string.h>

#include "arch/cache.h"
#include "config/config.h"
#include "guest/guest_dt.h"
#include "guest/guests.h"
#include "guest/image.h"
#include "guest/vm.h"
#include "lib/errno.h"
#include "lib/fmt.h"
#include "payload/fit.h"

/* Host virtual (identity) address of a guest IPA inside its RAM. */
static void *ram_ptr(struct vm *vm, uint64_t ipa)
{
	return (void *)(vm->ram_pa + (ipa - vm->ram_ipa));
}

int vm_load(struct vm *vm, char *err, int errlen)
{
	const struct guest_config *gc = vm->cfg;
	const void *kernel, *initrd = 0;
	uint64_t ksize, isize = 0;
	struct image_info info;
	struct image_layout lay;
	struct guest_dt_params dt = {0};
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
	 * seen: all of RAM is zeroed (the image's bss with it) before loading. */
	memset(ram_ptr(vm, vm->ram_ipa), 0, vm->ram_size);
	memcpy(ram_ptr(vm, lay.kernel_ipa), kernel, ksize);
	if (initrd)
		memcpy(ram_ptr(vm, lay.initrd_ipa), initrd, isize);

	guests_fill_dt_params(vm, &dt);
	dt.bootargs = gc->bootargs;
	dt.initrd_ipa = lay.initrd_ipa;
	dt.initrd_size = isize;
	dt.err = why;
	dt.errlen = sizeof(why);
	r = guest_dt_build(ram_ptr(vm, lay.dtb_ipa), (int)GUEST_DT_MAX, &dt);
	if (r) {
		fmt_snprintf(err, (size_t)errlen, "cannot build the guest DT: %s", why);
		return -EINVAL;
	}

	/* The guest starts with its MMU off: its accesses miss the caches
	 * unless FWB forces write-back, so everything goes to PoC. */
	dcache_clean_inval_range(vm->ram_pa, vm->ram_size);
	icache_inval_all();
	vm->entry_ipa = lay.kernel_ipa;
	vm->dtb_ipa = lay.dtb_ipa;
	return 0;
}
