/* FIT payload reader and verifier; see include/payload/fit.h. */
#include <libfdt.h>
#include <stdbool.h>
#include <string.h>

#include "dt/dt.h"
#include "lib/crc32.h"
#include "lib/errno.h"
#include "lib/fmt.h"
#include "lib/sha256.h"
#include "payload/fit.h"

#define FAIL(...)                                                                        \
	do {                                                                             \
		fmt_snprintf(err, (size_t)errlen, __VA_ARGS__);                          \
		if (errlen > 0)                                                          \
			fmt_printable(err);                                              \
		return -EINVAL;                                                          \
	} while (0)

/* U-Boot matches hash nodes by this prefix ("hash-1", "hash@1", ...). */
#define FIT_HASH_PREFIX "hash"

int fit_open(const void *blob, uint64_t size, struct fit *f, char *err, int errlen)
{
	int images, node, r;
	uint32_t total;

	memset(f, 0, sizeof(*f));
	if ((uintptr_t)blob & 7)
		FAIL("payload: address %p is not 8-byte aligned, as libfdt needs", blob);
	if (size < sizeof(struct fdt_header))
		FAIL("payload: only %llu bytes, too small for a FIT",
		     (unsigned long long)size);
	r = fdt_check_header(blob);
	if (r)
		FAIL("payload: not a FIT (%s)", fdt_strerror(r));
	total = fdt_totalsize(blob);
	if (total > size)
		FAIL("payload: FIT structure is %u bytes but only %llu were loaded "
		     "(truncated?)",
		     total, (unsigned long long)size);
	r = dt_check_header(blob, total);
	if (r == -FDT_ERR_BADVERSION)
		FAIL("payload: not a FIT (%s)", fdt_strerror(r));
	if (r)
		FAIL("payload: FIT structure is damaged (%s)", fdt_strerror(r));
	/* Everything after this reads the tree, so check all of it once. */
	r = fdt_check_full(blob, total);
	if (r)
		FAIL("payload: FIT structure is damaged (%s)", fdt_strerror(r));
	images = fdt_path_offset(blob, "/images");
	if (images < 0)
		FAIL("payload: not a FIT (no /images node)");

	f->blob = blob;
	f->size = size;
	f->ext_base = ((uint64_t)total + 3) & ~3ull;
	f->images = images;
	fdt_for_each_subnode(node, blob, images)
		f->nr_images++;
	if (!f->nr_images)
		FAIL("payload: /images is empty");
	return 0;
}

/* Locates the data of the image at node; a static reason on failure. */
static int image_data(const struct fit *f, int node, const void **data, uint64_t *size,
		      const char **why)
{
	int len;
	const void *p = fdt_getprop(f->blob, node, "data", &len);
	uint64_t off, base, sz;

	if (p) {
		*data = p;
		*size = (uint64_t)len;
		return 0;
	}
	if (!dt_read_u64(f->blob, node, "data-offset", &off))
		base = f->ext_base;
	else if (!dt_read_u64(f->blob, node, "data-position", &off))
		base = 0;
	else {
		*why = "no data (neither \"data\" nor \"data-offset\" or "
		       "\"data-position\")";
		return -EINVAL;
	}
	if (dt_read_u64(f->blob, node, "data-size", &sz)) {
		*why = "external data without a \"data-size\"";
		return -EINVAL;
	}
	if (base > f->size || off > f->size - base || sz > f->size - base - off) {
		*why = "external data lies beyond the end of the payload (truncated?)";
		return -EINVAL;
	}
	*data = (const uint8_t *)f->blob + base + off;
	*size = sz;
	return 0;
}

int fit_image(const struct fit *f, const char *name, const void **data, uint64_t *size)
{
	int node = fdt_subnode_offset(f->blob, f->images, name);
	const char *why;

	if (node < 0)
		return -ENOENT;
	return image_data(f, node, data, size, &why);
}

const char *fit_image_desc(const struct fit *f, const char *name)
{
	int node = fdt_subnode_offset(f->blob, f->images, name);
	int len;
	const char *d = node < 0 ? NULL : fdt_getprop(f->blob, node, "description", &len);

	/* only a NUL-terminated string is usable */
	return (d && len > 0 && d[len - 1] == '\0') ? d : NULL;
}

/* String property prop of an image node: NULL if absent; "?" if it is not a
 * NUL-terminated string (never valid, so the checks below name it). */
static const char *image_str(const struct fit *f, int node, const char *prop)
{
	int len;
	const char *v = fdt_getprop(f->blob, node, prop, &len);

	if (!v)
		return NULL;
	return (len > 0 && v[len - 1] == '\0' && strlen(v) == (size_t)len - 1) ? v : "?";
}

/* What any image must be for Tessera to use its data as it is. */
static int check_image_props(const struct fit *f, int node, const char *iname, char *err,
			     int errlen)
{
	const char *comp = image_str(f, node, "compression");
	const char *arch = image_str(f, node, "arch");

	if (comp && strcmp(comp, "none"))
		FAIL("payload: image \"%s\": compression \"%s\": Tessera loads images "
		     "as they are (pack it uncompressed, compression = \"none\")",
		     iname, comp);
	if (arch && strcmp(arch, "arm64"))
		FAIL("payload: image \"%s\": arch \"%s\", but Tessera runs only arm64 "
		     "guests (arch = \"arm64\")",
		     iname, arch);
	return 0;
}

int fit_check_use(const struct fit *f, const char *name, enum fit_use use, char *why,
		  int len)
{
	static const char *const want[] = {
		[FIT_USE_CONFIG] = "flat_dt",
		[FIT_USE_KERNEL] = "kernel",
		[FIT_USE_RAMDISK] = "ramdisk",
	};
	int node = fdt_subnode_offset(f->blob, f->images, name);
	const char *type, *os;

	if (node < 0 || (unsigned)use >= sizeof(want) / sizeof(want[0])) {
		fmt_snprintf(why, (size_t)len, "is not in the payload");
		return -ENOENT;
	}
	type = image_str(f, node, "type");
	if (!type || (strcmp(type, want[use]) &&
		      !(use == FIT_USE_KERNEL && !strcmp(type, "kernel_noload")))) {
		fmt_snprintf(why, (size_t)len, "has %s%s%s, expected type \"%s\"",
			     type ? "type \"" : "no type", type ? type : "",
			     type ? "\"" : "", want[use]);
		if (len > 0)
			fmt_printable(why);
		return -EINVAL;
	}
	os = image_str(f, node, "os");
	if (use == FIT_USE_KERNEL && os && strcmp(os, "linux")) {
		fmt_snprintf(why, (size_t)len,
			     "has os \"%s\"; Tessera boots arm64 Images by Linux's "
			     "protocol (os = \"linux\")",
			     os);
		if (len > 0)
			fmt_printable(why);
		return -EINVAL;
	}
	return 0;
}

/* Checks one hash node of image iname against its data. */
static int verify_hash(const struct fit *f, int hnode, const char *iname,
		       const void *data, uint64_t size, char *err, int errlen)
{
	const char *hname = fdt_get_name(f->blob, hnode, NULL);
	int alen, vlen;
	const char *algo = fdt_getprop(f->blob, hnode, "algo", &alen);
	const uint8_t *value = fdt_getprop(f->blob, hnode, "value", &vlen);
	uint8_t sum[SHA256_DIGEST_LEN] = {0};
	int want = 0;

	if (!algo || alen < 1 || algo[alen - 1] != '\0')
		FAIL("payload: image \"%s\": %s has no \"algo\"", iname, hname);
	if (!strcmp(algo, "sha256")) {
		sha256_digest(data, (size_t)size, sum);
		want = SHA256_DIGEST_LEN;
	} else if (!strcmp(algo, "crc32")) {
		uint32_t crc = crc32(data, (size_t)size);

		/* mkimage stores it as one big-endian cell */
		sum[0] = (uint8_t)(crc >> 24);
		sum[1] = (uint8_t)(crc >> 16);
		sum[2] = (uint8_t)(crc >> 8);
		sum[3] = (uint8_t)crc;
		want = 4;
	} else {
		FAIL("payload: image \"%s\": %s: unsupported hash algo \"%s\" (Tessera "
		     "checks sha256 and crc32)",
		     iname, hname, algo);
	}
	if (!value)
		FAIL("payload: image \"%s\": %s has no \"value\" (was the FIT made by "
		     "mkimage?)",
		     iname, hname);
	if (vlen != want)
		FAIL("payload: image \"%s\": %s: %s value is %d bytes, expected %d",
		     iname, hname, algo, vlen, want);
	if (memcmp(value, sum, (size_t)want))
		FAIL("payload: image \"%s\": %s mismatch (payload corrupted?)", iname,
		     algo);
	return 0;
}

int fit_verify_all(const struct fit *f, char *err, int errlen)
{
	int node, r;

	fdt_for_each_subnode(node, f->blob, f->images) {
		const char *iname = fdt_get_name(f->blob, node, NULL);
		const char *why = "";
		const void *data;
		uint64_t size;
		int hnode;
		unsigned hashes = 0;

		if (image_data(f, node, &data, &size, &why))
			FAIL("payload: image \"%s\": %s", iname, why);
		if ((r = check_image_props(f, node, iname, err, errlen)))
			return r;
		fdt_for_each_subnode(hnode, f->blob, node) {
			const char *hname = fdt_get_name(f->blob, hnode, NULL);

			/* other subnodes (e.g. signature-N) are not Tessera's */
			if (strncmp(hname, FIT_HASH_PREFIX, strlen(FIT_HASH_PREFIX)))
				continue;
			r = verify_hash(f, hnode, iname, data, size, err, errlen);
			if (r)
				return r;
			hashes++;
		}
		if (!hashes)
			FAIL("payload: image \"%s\": no hash node, and Tessera runs only "
			     "verified images (add hash-1 { algo = \"sha256\"; })",
			     iname);
	}
	return 0;
}
