/*
 * FIT payload reader: real payloads made by tools/mkpayload and mkimage at
 * build time (build/host/fit, see tools/tools.mk), good and corrupted, plus
 * finer damage done here with libfdt on a copy of a good one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/errno.h"
#include "lib/sha256.h"
#include "payload/fit.h"
#include "helpers/file.h"

static char data_dir[512];

static void *read_file(const char *name, size_t extra, size_t *size)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/%s", data_dir, name);
	return test_read_file(path, extra, size);
}

/* fit_verify_all on a payload file; returns its error line ("" if none). */
static const char *verify_file(const char *name)
{
	static char err[256];
	struct fit f;
	size_t size;
	void *blob = read_file(name, 0, &size);

	err[0] = '\0';
	assert_int_equal(fit_open(blob, size, &f, err, sizeof(err)), 0);
	if (fit_verify_all(&f, err, sizeof(err)) == 0)
		assert_string_equal(err, "");
	free(blob);
	return err;
}

/* Image name of f holds exactly the bytes of file. */
static void assert_image_is(const struct fit *f, const char *name, const char *file)
{
	size_t fsize;
	void *want = read_file(file, 0, &fsize);
	const void *data;
	uint64_t size;

	assert_int_equal(fit_image(f, name, &data, &size), 0);
	assert_int_equal(size, fsize);
	assert_memory_equal(data, want, fsize);
	free(want);
}

static void check_good(const char *file, unsigned nr_images)
{
	char err[256] = "";
	size_t size;
	void *blob = read_file(file, 0, &size);
	struct fit f;
	const void *data;
	uint64_t isize;

	assert_int_equal(fit_open(blob, size, &f, err, sizeof(err)), 0);
	assert_int_equal(f.nr_images, nr_images);
	if (fit_verify_all(&f, err, sizeof(err)))
		fail_msg("%s: %s", file, err);
	assert_image_is(&f, "checks", "checks.img");
	assert_image_is(&f, "rootfs", "rootfs.img");
	assert_image_is(&f, FIT_CONFIG_IMAGE, "good.itb.config.dtb");
	assert_string_equal(fit_image_desc(&f, FIT_CONFIG_IMAGE), "payload.dts");
	assert_string_equal(fit_image_desc(&f, "checks"), "checks.img");
	assert_null(fit_image_desc(&f, "nothere"));
	assert_int_equal(fit_image(&f, "nothere", &data, &isize), -ENOENT);
	free(blob);
}

static void test_good_embedded(void **state)
{
	(void)state;
	check_good("good.itb", 3);
}

static void test_good_external_offset(void **state)
{
	char err[256];
	size_t size;
	void *blob = read_file("good-ext.itb", 0, &size);
	struct fit f;
	const void *data;
	uint64_t isize;

	(void)state;
	check_good("good-ext.itb", 3);
	/* mkpayload -E page-aligns every image */
	assert_int_equal(fit_open(blob, size, &f, err, sizeof(err)), 0);
	assert_int_equal(fit_image(&f, "checks", &data, &isize), 0);
	assert_int_equal(((uintptr_t)data - (uintptr_t)blob) % 4096, 0);
	assert_int_equal(fit_image(&f, FIT_CONFIG_IMAGE, &data, &isize), 0);
	assert_int_equal(((uintptr_t)data - (uintptr_t)blob) % 4096, 0);
	free(blob);
}

static void test_good_external_position(void **state)
{
	(void)state;
	check_good("good-pos.itb", 3);
}

static void test_good_crc32_and_two_hashes(void **state)
{
	(void)state;
	check_good("crc.itb", 3);
	check_good("multi.itb", 3);
}

static void test_corrupted(void **state)
{
	(void)state;
	assert_string_equal(
		verify_file("corrupt.itb"),
		"payload: image \"checks\": sha256 mismatch (payload corrupted?)");
	assert_string_equal(
		verify_file("corrupt-ext.itb"),
		"payload: image \"checks\": sha256 mismatch (payload corrupted?)");
	assert_string_equal(
		verify_file("corrupt-crc.itb"),
		"payload: image \"checks\": crc32 mismatch (payload corrupted?)");
}

static void test_no_hash(void **state)
{
	const char *e;

	(void)state;
	e = verify_file("nohash.itb");
	assert_non_null(strstr(e, "payload: image \"rootfs\": no hash node"));
}

static void test_open_errors(void **state)
{
	char err[256];
	size_t size;
	uint8_t *blob = read_file("good.itb", 8, &size);
	struct fit f;
	_Alignas(8) uint8_t junk[64] = "this is not a device tree";

	(void)state;
	assert_int_equal(fit_open(blob, size - 1, &f, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "only"));
	assert_non_null(strstr(err, "truncated"));
	assert_int_equal(fit_open(blob, 16, &f, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "too small"));
	assert_int_equal(fit_open(junk, sizeof(junk), &f, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "payload: not a FIT (FDT_ERR_BADMAGIC)");
	memmove(blob + 4, blob, size);
	assert_int_equal(fit_open(blob + 4, size, &f, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "not 8-byte aligned"));
	free(blob);

	/* found by the fuzzer: libfdt's fdt_check_full() dereferences NULL on a
	 * blob of version 10, which fit_open() now refuses before */
	blob = read_file("good.itb", 8, &size);
	fdt_set_version(blob, 10);
	fdt_set_last_comp_version(blob, 2);
	assert_int_equal(fit_open(blob, size, &f, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "payload: not a FIT (FDT_ERR_BADVERSION)");
	free(blob);

	/* found by the fuzzer: a property of length -12 made libfdt walk the
	 * same tag forever (fit_open() never returned) */
	blob = read_file("good.itb", 8, &size);
	{
		int prop = fdt_first_property_offset(blob, 0);
		uint8_t *len = blob + fdt_off_dt_struct(blob) + prop + 4;

		assert_true(prop >= 0);
		memcpy(len, "\xff\xff\xff\xf4", 4);
	}
	assert_int_equal(fit_open(blob, size, &f, err, sizeof(err)), -EINVAL);
	assert_string_equal(err,
			    "payload: FIT structure is damaged (FDT_ERR_BADSTRUCTURE)");
	free(blob);

	/* a DTB that is not a FIT: the compiled config itself */
	blob = read_file("good.itb.config.dtb", 0, &size);
	assert_int_equal(fit_open(blob, size, &f, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "payload: not a FIT (no /images node)");
	free(blob);
}

/*
 * A writable copy of a payload file, and its FIT. The FIT structure of an
 * embedded payload is grown to leave room for edits; one with external data
 * is edited within its own totalsize (mkpayload -E pads it to 4 KiB), as
 * the data behind it must stay where it is.
 */
static void *edit_copy(const char *file, struct fit *f)
{
	char err[256];
	size_t size;
	uint8_t *blob = read_file(file, 4096, &size);
	int total = (int)fdt_totalsize(blob);

	if ((size_t)total == size) {
		assert_int_equal(fdt_open_into(blob, blob, total + 4096), 0);
		size += 4096;
	} else {
		assert_int_equal(fdt_open_into(blob, blob, total), 0);
	}
	assert_int_equal(fit_open(blob, size, f, err, sizeof(err)), 0);
	return blob;
}

static int node(void *blob, const char *path)
{
	int n = fdt_path_offset(blob, path);

	assert_true(n >= 0);
	return n;
}

/* Reopens f's blob (edits move nodes) and returns the verify error. */
static const char *verify_edited(const struct fit *old)
{
	static char err[256];
	struct fit f;

	err[0] = '\0';
	assert_int_equal(fit_open(old->blob, old->size, &f, err, sizeof(err)), 0);
	if (fit_verify_all(&f, err, sizeof(err)) == 0)
		return "";
	return err;
}

static void test_hash_node_errors(void **state)
{
	struct fit f;
	void *blob;
	uint8_t four[4] = {0};

	(void)state;
	blob = edit_copy("good.itb", &f);
	assert_string_equal(verify_edited(&f), "");
	fdt_setprop_string(blob, node(blob, "/images/rootfs/hash-1"), "algo", "md5");
	assert_string_equal(
		verify_edited(&f),
		"payload: image \"rootfs\": hash-1: unsupported hash algo \"md5\" "
		"(Tessera checks sha256 and crc32)");
	free(blob);

	blob = edit_copy("good.itb", &f);
	fdt_delprop(blob, node(blob, "/images/checks/hash-1"), "value");
	assert_non_null(
		strstr(verify_edited(&f), "image \"checks\": hash-1 has no \"value\""));
	free(blob);

	blob = edit_copy("good.itb", &f);
	fdt_setprop(blob, node(blob, "/images/checks/hash-1"), "value", four, 4);
	assert_string_equal(verify_edited(&f),
			    "payload: image \"checks\": hash-1: sha256 "
			    "value is 4 bytes, expected 32");
	free(blob);

	blob = edit_copy("good.itb", &f);
	fdt_delprop(blob, node(blob, "/images/config/hash-1"), "algo");
	assert_string_equal(verify_edited(&f),
			    "payload: image \"config\": hash-1 has no \"algo\"");
	free(blob);

	/* a signature node is not a hash */
	blob = edit_copy("good.itb", &f);
	fdt_set_name(blob, node(blob, "/images/rootfs/hash-1"), "signature-1");
	assert_non_null(strstr(verify_edited(&f), "image \"rootfs\": no hash node"));
	free(blob);

	/* a wrong value in a second hash is caught too */
	blob = edit_copy("multi.itb", &f);
	assert_string_equal(verify_edited(&f), "");
	fdt_setprop(blob, node(blob, "/images/rootfs/hash-2"), "value", four, 4);
	assert_string_equal(
		verify_edited(&f),
		"payload: image \"rootfs\": crc32 mismatch (payload corrupted?)");
	free(blob);
}

static void test_data_errors(void **state)
{
	char err[256];
	struct fit f;
	void *blob;
	size_t size;
	const void *data;
	uint64_t isize;

	(void)state;
	blob = edit_copy("good.itb", &f);
	fdt_delprop(blob, node(blob, "/images/rootfs"), "data");
	assert_non_null(strstr(verify_edited(&f), "image \"rootfs\": no data"));
	assert_int_equal(fit_open(blob, fdt_totalsize(blob), &f, err, sizeof(err)), 0);
	assert_int_equal(fit_image(&f, "rootfs", &data, &isize), -EINVAL);
	free(blob);

	blob = edit_copy("good-ext.itb", &f);
	fdt_delprop(blob, node(blob, "/images/checks"), "data-size");
	assert_non_null(
		strstr(verify_edited(&f),
		       "image \"checks\": external data without a \"data-size\""));
	free(blob);

	/* external data cut off: only the FIT structure was loaded */
	blob = read_file("good-ext.itb", 0, &size);
	assert_int_equal(fit_open(blob, fdt_totalsize(blob), &f, err, sizeof(err)), 0);
	assert_int_equal(fit_verify_all(&f, err, sizeof(err)), -EINVAL);
	assert_string_equal(err,
			    "payload: image \"config\": external data lies beyond the "
			    "end of the payload (truncated?)");
	/* one byte short of the last image (mkimage pads the file beyond it) */
	assert_int_equal(fit_open(blob, size, &f, err, sizeof(err)), 0);
	assert_int_equal(fit_image(&f, "rootfs", &data, &isize), 0);
	size = (size_t)((const uint8_t *)data + isize - (const uint8_t *)blob);
	assert_int_equal(fit_open(blob, size, &f, err, sizeof(err)), 0);
	assert_int_equal(fit_verify_all(&f, err, sizeof(err)), 0);
	assert_int_equal(fit_open(blob, size - 1, &f, err, sizeof(err)), 0);
	assert_int_equal(fit_image(&f, "checks", &data, &isize), 0);
	assert_int_equal(fit_image(&f, "rootfs", &data, &isize), -EINVAL);
	assert_int_equal(fit_verify_all(&f, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "image \"rootfs\": external data lies beyond"));
	free(blob);

	/* an offset so large that offset + size wraps */
	blob = edit_copy("good-ext.itb", &f);
	fdt_setprop_u64(blob, node(blob, "/images/checks"), "data-offset", ~0ull - 8);
	assert_non_null(
		strstr(verify_edited(&f), "image \"checks\": external data lies"));
	free(blob);
}

static void test_empty_images(void **state)
{
	char err[256];
	struct fit f;
	void *blob = edit_copy("good.itb", &f);
	int images = node(blob, "/images");
	int child;

	(void)state;
	while ((child = fdt_first_subnode(blob, images)) >= 0)
		assert_int_equal(fdt_del_node(blob, child), 0);
	assert_int_equal(fit_open(blob, fdt_totalsize(blob), &f, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "payload: /images is empty");
	free(blob);
}

/* The hash Tessera checks is the one of the packed file (not of the FIT). */
static void test_hash_is_of_the_file(void **state)
{
	char err[256];
	size_t size;
	void *blob = read_file("good.itb", 0, &size);
	struct fit f;
	const void *data;
	uint64_t isize;
	uint8_t d[SHA256_DIGEST_LEN];
	int len;
	const void *value;

	(void)state;
	assert_int_equal(fit_open(blob, size, &f, err, sizeof(err)), 0);
	assert_int_equal(fit_image(&f, "checks", &data, &isize), 0);
	sha256_digest(data, isize, d);
	value = fdt_getprop(blob, fdt_path_offset(blob, "/images/checks/hash-1"), "value",
			    &len);
	assert_int_equal(len, SHA256_DIGEST_LEN);
	assert_memory_equal(value, d, SHA256_DIGEST_LEN);
	free(blob);
}

/* Compressed or foreign-arch data is refused by name: Tessera copies an
 * image's bytes as they are and runs arm64 guests only. */
static void test_image_props(void **state)
{
	struct fit f;
	void *blob;

	(void)state;
	blob = edit_copy("good.itb", &f);
	fdt_setprop_string(blob, node(blob, "/images/checks"), "compression", "gzip");
	assert_string_equal(verify_edited(&f),
			    "payload: image \"checks\": compression \"gzip\": Tessera "
			    "loads images as they are (pack it uncompressed, compression "
			    "= \"none\")");
	free(blob);

	blob = edit_copy("good.itb", &f);
	fdt_setprop_string(blob, node(blob, "/images/rootfs"), "arch", "arm");
	assert_string_equal(verify_edited(&f),
			    "payload: image \"rootfs\": arch \"arm\", but Tessera runs "
			    "only arm64 guests (arch = \"arm64\")");
	free(blob);

	/* a value that is not a string is named as "?" */
	blob = edit_copy("good.itb", &f);
	fdt_setprop_u32(blob, node(blob, "/images/config"), "compression", 0);
	assert_non_null(strstr(verify_edited(&f), "image \"config\": compression \"?\""));
	free(blob);

	/* absent means none and any arch: hand-made FITs may leave them out */
	blob = edit_copy("good.itb", &f);
	fdt_delprop(blob, node(blob, "/images/checks"), "compression");
	fdt_delprop(blob, node(blob, "/images/checks"), "arch");
	assert_string_equal(verify_edited(&f), "");
	free(blob);
}

/* Each image must be of the type its use needs; a kernel's os is Linux's. */
static void test_check_use(void **state)
{
	char why[160];
	struct fit f;
	void *blob = edit_copy("good.itb", &f);
	struct fit g;
	char err[160];

	(void)state;
	assert_int_equal(fit_check_use(&f, "checks", FIT_USE_KERNEL, why, sizeof(why)),
			 0);
	assert_int_equal(fit_check_use(&f, "rootfs", FIT_USE_RAMDISK, why, sizeof(why)),
			 0);
	assert_int_equal(fit_check_use(&f, "config", FIT_USE_CONFIG, why, sizeof(why)),
			 0);
	assert_int_equal(fit_check_use(&f, "rootfs", FIT_USE_KERNEL, why, sizeof(why)),
			 -EINVAL);
	assert_string_equal(why, "has type \"ramdisk\", expected type \"kernel\"");
	assert_int_equal(fit_check_use(&f, "checks", FIT_USE_CONFIG, why, sizeof(why)),
			 -EINVAL);
	assert_string_equal(why, "has type \"kernel\", expected type \"flat_dt\"");
	assert_int_equal(fit_check_use(&f, "nothere", FIT_USE_KERNEL, why, sizeof(why)),
			 -ENOENT);

	fdt_setprop_string(blob, node(blob, "/images/checks"), "os", "vxworks");
	assert_int_equal(fit_open(blob, f.size, &g, err, sizeof(err)), 0);
	assert_int_equal(fit_check_use(&g, "checks", FIT_USE_KERNEL, why, sizeof(why)),
			 -EINVAL);
	assert_string_equal(why, "has os \"vxworks\"; Tessera boots arm64 Images by "
				 "Linux's protocol (os = \"linux\")");
	fdt_delprop(blob, node(blob, "/images/checks"), "os");
	fdt_setprop_string(blob, node(blob, "/images/checks"), "type", "kernel_noload");
	assert_int_equal(fit_open(blob, f.size, &g, err, sizeof(err)), 0);
	assert_int_equal(fit_check_use(&g, "checks", FIT_USE_KERNEL, why, sizeof(why)),
			 0);
	fdt_delprop(blob, node(blob, "/images/checks"), "type");
	assert_int_equal(fit_open(blob, f.size, &g, err, sizeof(err)), 0);
	assert_int_equal(fit_check_use(&g, "checks", FIT_USE_KERNEL, why, sizeof(why)),
			 -EINVAL);
	assert_string_equal(why, "has no type, expected type \"kernel\"");
	free(blob);
}

int main(int argc, char **argv)
{
	const char *slash = argc > 0 ? strrchr(argv[0], '/') : NULL;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_embedded),
		cmocka_unit_test(test_good_external_offset),
		cmocka_unit_test(test_good_external_position),
		cmocka_unit_test(test_good_crc32_and_two_hashes),
		cmocka_unit_test(test_corrupted),
		cmocka_unit_test(test_no_hash),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_hash_node_errors),
		cmocka_unit_test(test_data_errors),
		cmocka_unit_test(test_empty_images),
		cmocka_unit_test(test_hash_is_of_the_file),
		cmocka_unit_test(test_image_props),
		cmocka_unit_test(test_check_use),
	};

	/* the payloads sit in build/host/fit, next to build/host/tests */
	snprintf(data_dir, sizeof(data_dir), "%.*s/../fit",
		 slash ? (int)(slash - argv[0]) : 1, slash ? argv[0] : ".");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
