/*
 * The payload: a FIT image (U-Boot's Flattened Image Tree, made by mkimage;
 * tools/mkpayload builds one) holding the compiled config and the guest
 * images. Pure logic over libfdt.
 *
 * Images live under /images/<name>. Their data is either embedded ("data")
 * or external (mkimage -E): "data-offset" counts from the end of the FIT
 * structure (its totalsize rounded up to 4), "data-position" from the start
 * of the blob; both with "data-size" (mkpayload -E places each image 4 KiB
 * aligned from the start of the blob). Every image must carry at least one
 * hash-N node (sha256 or crc32), and Tessera runs nothing before
 * fit_verify_all() has checked them all.
 */
#ifndef PAYLOAD_FIT_H
#define PAYLOAD_FIT_H
#include <stdint.h>

/* The image holding the compiled assignment config (a DTB). Its description
 * is the name of the .dts it came from, for error messages. */
#define FIT_CONFIG_IMAGE "config"

struct fit {
	const void *blob;
	uint64_t size;     /* bytes loaded: the FIT structure plus external data */
	uint64_t ext_base; /* where "data-offset" counts from */
	int images;        /* node offset of /images */
	unsigned nr_images;
};

/*
 * Checks that blob (8-byte aligned, as libfdt requires) holds a well-formed
 * FIT whose structure fits in size bytes and that has a non-empty /images.
 * On error returns <0 and writes one line to err.
 */
int fit_open(const void *blob, uint64_t size, struct fit *f, char *err, int errlen);

/*
 * Verifies every image: it has data inside the payload, is not compressed
 * ("compression", if given, is "none") and is for arm64 ("arch", if given),
 * and has at least one hash node, each with a supported algo ("sha256",
 * "crc32") and a value that matches. On error returns <0 and writes one line naming the image and the
 * reason to err.
 */
int fit_verify_all(const struct fit *f, char *err, int errlen);

/* Data of image name: 0, -ENOENT if there is no such image, -EINVAL if its
 * data is missing or lies outside the payload. */
int fit_image(const struct fit *f, const char *name, const void **data, uint64_t *size);

/* What an image is used as, which its "type" must say. */
enum fit_use { FIT_USE_CONFIG, FIT_USE_KERNEL, FIT_USE_RAMDISK };

/*
 * Checks that image name may be used as use: its type is "flat_dt", "kernel"
 * (or "kernel_noload") or "ramdisk", and a kernel's os, if given, is
 * "linux". 0, or <0 with the reason (a phrase after the image's name) in why.
 */
int fit_check_use(const struct fit *f, const char *name, enum fit_use use, char *why,
		  int len);

/* The image's "description", or NULL if the image or the property is absent. */
const char *fit_image_desc(const struct fit *f, const char *name);

#endif
