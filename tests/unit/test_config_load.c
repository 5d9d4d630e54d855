/*
 * config_load() and config_check_images() against the payloads of
 * build/host/fit and FITs made here: the image names and types a config
 * needs, the realignment of the config, and hostile blobs (the config quoted
 * in one line, DTB versions libfdt cannot check safely). The parser itself is
 * test_config.c's.
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

#include "config/config.h"
#include "lib/errno.h"
#include "payload/fit.h"
#include "helpers/config_fixture.h"

#define HOST_CPUS 4

/* Loads a payload file into an aligned buffer and opens it. */
static void *open_fit(const char *name, struct fit *f)
{
	char err[256];
	size_t size;
	void *blob = config_fixture_read("fit", name, &size);

	if (fit_open(blob, size, f, err, sizeof(err)))
		fail_msg("%s: %s", name, err);
	return blob;
}

static void test_check_images(void **state)
{
	static struct sys_config c;
	char err[CONFIG_ERR_LEN];
	struct fit f;
	void *blob = open_fit("good.itb", &f);

	(void)state;
	assert_int_equal(config_fixture_parse("payload", HOST_CPUS, &c, err, sizeof(err)),
			 0);
	assert_int_equal(config_check_images(&c, &f, "payload.dts", err, sizeof(err)), 0);

	assert_int_equal(
		config_fixture_parse("good-full", HOST_CPUS, &c, err, sizeof(err)), 0);
	assert_int_equal(config_check_images(&c, &f, "good-full.dts", err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "good-full.dts: /guest@0: property \"kernel\": image "
				 "\"linux\" is not in the payload");

	assert_int_equal(
		config_fixture_parse("check-initrd", HOST_CPUS, &c, err, sizeof(err)), 0);
	assert_int_equal(
		config_check_images(&c, &f, "check-initrd.dts", err, sizeof(err)),
		-EINVAL);
	assert_string_equal(err, "check-initrd.dts: /guest@0: property \"initrd\": image "
				 "\"missing\" is not in the payload");
	free(blob);
}

/* An image of the wrong type for its use: the config names it with the reason. */
static void test_check_image_types(void **state)
{
	static struct sys_config c;
	static uint64_t scratch[1024];
	char err[CONFIG_ERR_LEN];
	struct fit f;
	void *blob = open_fit("good.itb", &f);
	void *big = calloc(1, f.size + 4096);
	int n;

	(void)state;
	assert_non_null(big);
	assert_int_equal(fdt_open_into(blob, big, (int)f.size + 4096), 0);
	assert_int_equal(fit_open(big, f.size + 4096, &f, err, sizeof(err)), 0);
	assert_int_equal(config_fixture_parse("payload", HOST_CPUS, &c, err, sizeof(err)),
			 0);
	n = fdt_path_offset(big, "/images/rootfs");
	assert_int_equal(fdt_setprop_string(big, n, "type", "kernel"), 0);
	assert_int_equal(fit_open(big, f.size, &f, err, sizeof(err)), 0);
	assert_int_equal(config_check_images(&c, &f, "payload.dts", err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "payload.dts: /guest@0: property \"initrd\": image "
				 "\"rootfs\" has type \"kernel\", expected type "
				 "\"ramdisk\"");
	assert_int_equal(fdt_setprop_string(big, fdt_path_offset(big, "/images/rootfs"),
					    "type", "ramdisk"),
			 0);
	assert_int_equal(fdt_setprop_string(big, fdt_path_offset(big, "/images/config"),
					    "type", "kernel"),
			 0);
	assert_int_equal(fit_open(big, f.size, &f, err, sizeof(err)), 0);
	assert_int_equal(config_load(&f, HOST_CPUS, scratch, sizeof(scratch), &c, err,
				     sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "payload: image \"config\" (payload.dts) has type "
				 "\"kernel\", expected type \"flat_dt\"");
	free(big);
	free(blob);
}

static void check_loaded(const struct sys_config *c)
{
	assert_string_equal(c->file, "payload.dts");
	assert_int_equal(c->nr_guests, 2);
	assert_string_equal(c->guest[0].name, "checks");
	assert_int_equal(c->guest[0].nr_cpus, 2);
	assert_int_equal(c->guest[0].mem_size, 0x04000000);
	assert_string_equal(c->guest[0].kernel, "checks");
	assert_string_equal(c->guest[0].initrd, "rootfs");
	assert_string_equal(c->guest[0].bootargs, "console=ttyAMA0");
	assert_string_equal(c->guest[1].name, "other");
	assert_int_equal(c->guest[1].cpus[0], 2);
	assert_int_equal(c->guest[1].mem_ipa, 0x80000000);
	assert_int_equal(c->guest[1].on_fault, CONFIG_ON_FAULT_STOP);
}

static void test_load_from_payloads(void **state)
{
	static struct sys_config c;
	static uint64_t scratch[1024];
	char err[CONFIG_ERR_LEN];
	struct fit f;
	void *blob;

	(void)state;
	blob = open_fit("good.itb", &f);
	assert_int_equal(fit_verify_all(&f, err, sizeof(err)), 0);
	if (config_load(&f, HOST_CPUS, scratch, sizeof(scratch), &c, err, sizeof(err)))
		fail_msg("%s", err);
	check_loaded(&c);
	free(blob);

	/* mkpayload -E page-aligns the config: no scratch needed */
	blob = open_fit("good-ext.itb", &f);
	if (config_load(&f, HOST_CPUS, NULL, 0, &c, err, sizeof(err)))
		fail_msg("%s", err);
	check_loaded(&c);
	/* the names it finds in the config come from that payload */
	assert_int_equal(config_load(&f, 2, NULL, 0, &c, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "payload.dts: /guest@1: property \"cpus\": CPU 2 does "
				 "not exist (the host has 2 CPUs: 0-1)");
	free(blob);
}

/*
 * A FIT made here whose config data sits at an address that is 4 modulo 8
 * (misalign = 1) or 0 modulo 8: a padding property before it moves it.
 */
static void *make_fit(int misalign, const char *cfg_name, struct fit *f)
{
	size_t cfglen;
	void *cfg = config_fixture_read("configs", cfg_name, &cfglen);
	static const uint8_t img[16] = {1, 2, 3};
	size_t len = cfglen + 4096;
	char err[256];

	for (int pad = 0; pad < 2; pad++) {
		void *buf = calloc(1, len);
		const void *data;
		uint64_t size;

		assert_non_null(buf);
		assert_int_equal(fdt_create(buf, (int)len), 0);
		assert_int_equal(fdt_finish_reservemap(buf), 0);
		assert_int_equal(fdt_begin_node(buf, ""), 0);
		assert_int_equal(fdt_begin_node(buf, "images"), 0);
		assert_int_equal(fdt_begin_node(buf, FIT_CONFIG_IMAGE), 0);
		assert_int_equal(fdt_property_string(buf, "description", "payload.dts"),
				 0);
		assert_int_equal(fdt_property(buf, "pad", img, 4 * pad), 0);
		assert_int_equal(fdt_property(buf, "data", cfg, (int)cfglen), 0);
		assert_int_equal(fdt_property_string(buf, "type", "flat_dt"), 0);
		assert_int_equal(fdt_end_node(buf), 0);
		assert_int_equal(fdt_begin_node(buf, "checks"), 0);
		assert_int_equal(fdt_property(buf, "data", img, sizeof(img)), 0);
		assert_int_equal(fdt_property_string(buf, "type", "kernel"), 0);
		assert_int_equal(fdt_end_node(buf), 0);
		assert_int_equal(fdt_begin_node(buf, "rootfs"), 0);
		assert_int_equal(fdt_property(buf, "data", img, sizeof(img)), 0);
		assert_int_equal(fdt_property_string(buf, "type", "ramdisk"), 0);
		assert_int_equal(fdt_end_node(buf), 0);
		assert_int_equal(fdt_end_node(buf), 0);
		assert_int_equal(fdt_end_node(buf), 0);
		assert_int_equal(fdt_finish(buf), 0);
		assert_int_equal(fit_open(buf, len, f, err, sizeof(err)), 0);
		assert_int_equal(fit_image(f, FIT_CONFIG_IMAGE, &data, &size), 0);
		if ((((uintptr_t)data & 7) != 0) == misalign) {
			free(cfg);
			return buf;
		}
		free(buf);
	}
	fail_msg("could not place the config data as wanted");
	return NULL;
}

static void test_load_alignment(void **state)
{
	static struct sys_config c;
	static uint64_t scratch[1024];
	char err[CONFIG_ERR_LEN];
	struct fit f;
	void *blob;

	(void)state;
	blob = make_fit(1, "payload.dtb", &f);
	assert_int_equal(config_load(&f, HOST_CPUS, NULL, 0, &c, err, sizeof(err)),
			 -ENOSPC);
	assert_non_null(strstr(err, "not 8-byte aligned"));
	assert_int_equal(config_load(&f, HOST_CPUS, scratch, 64, &c, err, sizeof(err)),
			 -ENOSPC);
	assert_int_equal(config_load(&f, HOST_CPUS, scratch, sizeof(scratch), &c, err,
				     sizeof(err)),
			 0);
	assert_int_equal(c.nr_guests, 2);
	assert_string_equal(c.guest[1].name, "other");
	free(blob);

	blob = make_fit(0, "payload.dtb", &f);
	assert_int_equal(config_load(&f, HOST_CPUS, NULL, 0, &c, err, sizeof(err)), 0);
	assert_int_equal(c.nr_guests, 2);
	free(blob);
}

static void test_load_errors(void **state)
{
	static struct sys_config c;
	char err[CONFIG_ERR_LEN];
	struct fit f;
	void *blob;
	const void *data;
	uint64_t size;

	(void)state;
	/* the image names come from the config in the payload */
	blob = make_fit(0, "good-min.dtb", &f);
	assert_int_equal(config_load(&f, HOST_CPUS, NULL, 0, &c, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err,
			    "payload.dts: /guest@0: property \"kernel\": image \"k\" "
			    "is not in the payload");
	free(blob);

	/* a config image that is no DTB */
	blob = make_fit(0, "payload.dtb", &f);
	assert_int_equal(fit_image(&f, FIT_CONFIG_IMAGE, &data, &size), 0);
	memset((void *)data, 0x5a, 8);
	assert_int_equal(config_load(&f, HOST_CPUS, NULL, 0, &c, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "payload.dts: the compiled config is not a valid DTB "
				 "(FDT_ERR_BADMAGIC)");
	/* no config image at all */
	fdt_set_name((void *)f.blob,
		     fdt_subnode_offset(f.blob, f.images, FIT_CONFIG_IMAGE), "konfig");
	assert_int_equal(config_load(&f, HOST_CPUS, NULL, 0, &c, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "payload: no usable image \"config\""));
	free(blob);
}

/*
 * Found by the fuzzer (tests/fuzz/fuzz_config.c): a message that quotes a
 * config string holding a newline was two lines (a forged console line), and
 * a DTB of version 10 made libfdt's fdt_check_full() dereference NULL.
 */
static void test_hostile_blobs(void **state)
{
	static struct sys_config c;
	char err[CONFIG_ERR_LEN];
	size_t size;
	void *blob = config_fixture_read("configs", "payload.dtb", &size);
	void *big = calloc(1, size + 256);
	struct fit f;
	const void *data;
	uint64_t dsize;

	(void)state;
	assert_non_null(big);
	assert_int_equal(fdt_open_into(blob, big, (int)size + 256), 0);
	assert_int_equal(fdt_setprop_string(big, 0, "compatible",
					    "tessera,config-v1\ntessera: forged"),
			 0);
	assert_int_equal(config_parse(big, "x.dts", HOST_CPUS, &c, err, sizeof(err)),
			 -EINVAL);
	assert_null(strchr(err, '\n'));
	assert_non_null(strstr(err, "\"tessera,config-v1?tessera: forged\""));

	fdt_set_version(blob, 10);
	fdt_set_last_comp_version(blob, 2);
	assert_int_equal(config_parse(blob, "x.dts", HOST_CPUS, &c, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "x.dts: /: not a compiled config (DTB): "
				 "FDT_ERR_BADVERSION");
	free(big);
	free(blob);

	/* a property of length -12 made libfdt walk one tag forever */
	big = make_fit(0, "payload.dtb", &f);
	assert_int_equal(fit_image(&f, FIT_CONFIG_IMAGE, &data, &dsize), 0);
	memcpy((uint8_t *)data + fdt_off_dt_struct(data) +
		       fdt_first_property_offset(data, 0) + 4,
	       "\xff\xff\xff\xf4", 4);
	assert_int_equal(config_load(&f, HOST_CPUS, NULL, 0, &c, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "payload.dts: the compiled config is not a valid DTB "
				 "(FDT_ERR_BADSTRUCTURE)");
	free(big);

	big = make_fit(0, "payload.dtb", &f);
	assert_int_equal(fit_image(&f, FIT_CONFIG_IMAGE, &data, &dsize), 0);
	fdt_set_version((void *)data, 10);
	fdt_set_last_comp_version((void *)data, 2);
	assert_int_equal(config_load(&f, HOST_CPUS, NULL, 0, &c, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "payload.dts: the compiled config is not a valid DTB "
				 "(FDT_ERR_BADVERSION)");
	free(big);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_images),
		cmocka_unit_test(test_check_image_types),
		cmocka_unit_test(test_hostile_blobs),
		cmocka_unit_test(test_load_from_payloads),
		cmocka_unit_test(test_load_alignment),
		cmocka_unit_test(test_load_errors),
	};

	config_fixture_init(argc, argv);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
