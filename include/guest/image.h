/*
 * arm64 Image files (Documentation/arch/arm64/booting.rst) and where a guest's
 * kernel, initrd and DT go in its RAM. Pure logic, host unit tested.
 */
#ifndef GUEST_IMAGE_H
#define GUEST_IMAGE_H
#include <stdint.h>

#define IMAGE_LEGACY_TEXT_OFFSET 0x80000UL
#define GUEST_DT_MAX 0x10000UL /* room for the generated guest DT */
/* More than a 48-bit IPA space holds: no header may claim it. */
#define IMAGE_MAX_SIZE (1ULL << 48)

struct image_info {
	uint64_t text_offset;
	uint64_t mem_size; /* bytes the image occupies once running (incl. bss) */
};

struct image_layout {
	uint64_t kernel_ipa; /* load address and entry point */
	uint64_t dtb_ipa;
	uint64_t initrd_ipa; /* 0 without an initrd */
};

/* Reads the Image header; -EINVAL with a reason if data is not an arm64 Image. */
int image_parse(const void *data, uint64_t size, struct image_info *out, char *err,
		int errlen);
/*
 * Kernel at RAM base + text_offset (the base is 2 MiB aligned), the DT in the
 * last 2 MiB of RAM, the initrd just below it. -ENOSPC with a reason if RAM is
 * too small.
 */
int image_layout(uint64_t ram_ipa, uint64_t ram_size, const struct image_info *img,
		 uint64_t initrd_size, struct image_layout *out, char *err, int errlen);

#endif
