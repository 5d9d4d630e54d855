/* arm64 Image header and guest RAM layout; see include/guest/image.h. */
#include <stdint.h>
#include <string.h>

#include "guest/image.h"
#include "lib/errno.h"
#include "lib/fmt.h"

#define HDR_SIZE 64
#define HDR_MAGIC_OFF 0x38
#define SZ_2M 0x200000UL
#define SZ_4K 0x1000UL

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

int image_parse(const void *data, uint64_t size, struct image_info *out, char *err,
		int errlen)
{
	const uint8_t *h = data;
	uint64_t image_size;

	if (size < HDR_SIZE || memcmp(h + HDR_MAGIC_OFF, "ARM\x64", 4)) {
		fmt_snprintf(err, (size_t)errlen,
			     "not an arm64 Image (no \"ARM\\x64\" magic at offset 0x38)");
		return -EINVAL;
	}
	image_size = le64(h + 16);
	if (image_size > IMAGE_MAX_SIZE) {
		fmt_snprintf(err, (size_t)errlen,
			     "Image header: image_size %#lx is larger than any guest RAM "
			     "(a damaged header?)",
			     (unsigned long)image_size);
		return -EINVAL;
	}
	/* booting.rst: image_size 0 means a pre-3.17 kernel, text_offset 0x80000 */
	out->text_offset = image_size ? le64(h + 8) : IMAGE_LEGACY_TEXT_OFFSET;
	out->mem_size = image_size > size ? image_size : size;
	if (out->text_offset >= SZ_2M || (out->text_offset & 7)) {
		fmt_snprintf(err, (size_t)errlen, "Image text_offset %#lx is not usable",
			     (unsigned long)out->text_offset);
		return -EINVAL;
	}
	return 0;
}

int image_layout(uint64_t ram_ipa, uint64_t ram_size, const struct image_info *img,
		 uint64_t initrd_size, struct image_layout *out, char *err, int errlen)
{
	/* Every sum below is checked before it is formed: the header's
	 * image_size and the sizes from the payload are outside input. */
	uint64_t below_dt, kernel_end;

	if (ram_size > UINT64_MAX - ram_ipa) {
		fmt_snprintf(err, (size_t)errlen,
			     "RAM at %#lx of %#lx bytes runs past the end of the address "
			     "space",
			     (unsigned long)ram_ipa, (unsigned long)ram_size);
		return -EINVAL;
	}
	below_dt = ram_size >= 2 * SZ_2M ? ram_size - SZ_2M : 0;
	if (ram_size < 2 * SZ_2M || img->text_offset > below_dt ||
	    img->mem_size > below_dt - img->text_offset) {
		fmt_snprintf(err, (size_t)errlen,
			     "memory-size %#lx is too small for a kernel of %#lx bytes "
			     "plus 2 MiB for the DT",
			     (unsigned long)ram_size, (unsigned long)img->mem_size);
		return -ENOSPC;
	}
	out->kernel_ipa = ram_ipa + img->text_offset;
	out->dtb_ipa = ram_ipa + below_dt;
	out->initrd_ipa = 0;
	kernel_end = out->kernel_ipa + img->mem_size;
	if (initrd_size) {
		uint64_t base;

		if (initrd_size > out->dtb_ipa - kernel_end ||
		    (base = (out->dtb_ipa - initrd_size) & ~(SZ_4K - 1)) < kernel_end) {
			fmt_snprintf(err, (size_t)errlen,
				     "memory-size %#lx is too small for the kernel (%#lx "
				     "bytes), the initrd (%#lx bytes) and the DT",
				     (unsigned long)ram_size,
				     (unsigned long)img->mem_size,
				     (unsigned long)initrd_size);
			return -ENOSPC;
		}
		out->initrd_ipa = base;
	}
	return 0;
}
