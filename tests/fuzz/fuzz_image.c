/*
 * Fuzz target: the arm64 Image header and where the loader puts kernel,
 * initrd and DT (src/guest/image.c). Input: RAM IPA, RAM size and initrd
 * size (8 bytes each, little endian; shaped as the config allows: 2 MiB
 * aligned, non-zero, not wrapping), then the Image file. Whatever the
 * header says, an accepted layout must keep every byte the loader writes
 * (vm_load: the file at kernel_ipa, the initrd, the DT) inside the RAM.
 */
#include "fuzz.h"
#include "guest/image.h"

#define SZ_2M 0x200000ULL

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {data, size};
	uint64_t ram_ipa = fuzz_u64(&in) & ~(SZ_2M - 1);
	uint64_t ram_size = fuzz_u64(&in) & ~(SZ_2M - 1);
	uint64_t initrd_size = fuzz_u64(&in);
	struct image_info info;
	struct image_layout lay;
	char err[120];
	uint64_t ram_end, kernel_end;

	if (!ram_size || ram_ipa + ram_size < ram_ipa)
		return 0; /* the config rejects these */
	ram_end = ram_ipa + ram_size;
	if (image_parse(in.p, in.left, &info, err, sizeof(err)))
		return 0;
	FUZZ_CHECK(info.mem_size >= in.left, "mem_size %#lx below the file's %#zx",
		   (unsigned long)info.mem_size, in.left);
	if (image_layout(ram_ipa, ram_size, &info, initrd_size, &lay, err, sizeof(err)))
		return 0;
	/* the kernel (with its bss) from kernel_ipa, not wrapping, below the DT */
	FUZZ_CHECK(lay.kernel_ipa >= ram_ipa && lay.kernel_ipa < ram_end, "kernel %#lx",
		   (unsigned long)lay.kernel_ipa);
	FUZZ_CHECK(info.mem_size <= lay.dtb_ipa - lay.kernel_ipa,
		   "kernel %#lx + %#lx runs past the DT at %#lx",
		   (unsigned long)lay.kernel_ipa, (unsigned long)info.mem_size,
		   (unsigned long)lay.dtb_ipa);
	kernel_end = lay.kernel_ipa + info.mem_size;
	FUZZ_CHECK(lay.dtb_ipa >= kernel_end && lay.dtb_ipa < ram_end &&
			   GUEST_DT_MAX <= ram_end - lay.dtb_ipa,
		   "DT %#lx outside RAM", (unsigned long)lay.dtb_ipa);
	if (initrd_size)
		FUZZ_CHECK(lay.initrd_ipa >= kernel_end &&
				   lay.initrd_ipa <= lay.dtb_ipa &&
				   initrd_size <= lay.dtb_ipa - lay.initrd_ipa,
			   "initrd %#lx + %#lx", (unsigned long)lay.initrd_ipa,
			   (unsigned long)initrd_size);
	return 0;
}
