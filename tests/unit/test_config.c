/*
 * Assignment config parser: every tests/unit/configs/NAME.dts compiled with dtc at
 * build time (build/host/configs), good ones field by field and one per
 * error class, each error asserted to name the file, the node, the property
 * and the reason. config_load() and the image checks are in
 * test_config_load.c.
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

static void test_good_min(void **state)
{
	static struct sys_config c;
	char err[CONFIG_ERR_LEN];
	const struct guest_config *g = &c.guest[0];

	(void)state;
	if (config_fixture_parse("good-min", HOST_CPUS, &c, err, sizeof(err)))
		fail_msg("%s", err);
	assert_string_equal(c.file, "good-min.dts");
	assert_int_equal(c.nr_guests, 1);
	assert_string_equal(g->name, "solo");
	assert_int_equal(g->nr_cpus, 1);
	assert_int_equal(g->cpus[0], 3);
	assert_int_equal(g->mem_size, 0x200000);
	/* the defaults */
	assert_int_equal(g->mem_ipa, CONFIG_DEFAULT_MEM_IPA);
	assert_int_equal(g->mem_ipa, 0x40000000);
	assert_string_equal(g->kernel, "k");
	assert_string_equal(g->initrd, "");
	assert_string_equal(g->bootargs, "");
	assert_int_equal(g->on_fault, CONFIG_ON_FAULT_INJECT);
	assert_string_equal(g->path, "/guest@0");
}

static void test_good_full(void **state)
{
	static struct sys_config c;
	char err[CONFIG_ERR_LEN];
	const struct guest_config *g = c.guest;

	(void)state;
	if (config_fixture_parse("good-full", HOST_CPUS, &c, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(c.nr_guests, 3);

	assert_string_equal(g[0].name, "abcdefghijklmnopqrstuvwxyz01234"); /* 31 */
	assert_int_equal(g[0].nr_cpus, 2);
	assert_int_equal(g[0].cpus[0], 3); /* in the order given: vCPU 0 first */
	assert_int_equal(g[0].cpus[1], 1);
	assert_int_equal(g[0].mem_size, 0x08000000);
	assert_int_equal(g[0].mem_ipa, 0);
	assert_string_equal(g[0].kernel, "linux");
	assert_string_equal(g[0].initrd, "initrd.cpio,v+1");
	assert_int_equal(strlen(g[0].bootargs), 255);
	assert_int_equal(g[0].bootargs[254], 'x');
	assert_int_equal(g[0].on_fault, CONFIG_ON_FAULT_RESET);
	assert_string_equal(g[0].path, "/guest@0");

	/* properties in another order, 64-bit values */
	assert_string_equal(g[1].name, "rtos");
	assert_int_equal(g[1].nr_cpus, 1);
	assert_int_equal(g[1].cpus[0], 0);
	assert_int_equal(g[1].mem_size, 0x100000000ull);
	assert_int_equal(g[1].mem_ipa, 0x100000000ull);
	assert_int_equal(g[1].on_fault, CONFIG_ON_FAULT_INJECT);
	assert_string_equal(g[1].path, "/guest@1");

	assert_string_equal(g[2].name, "bare");
	assert_int_equal(g[2].mem_ipa, 0x0a000000); /* above the device window */
	assert_int_equal(g[2].on_fault, CONFIG_ON_FAULT_STOP);
	assert_string_equal(g[2].bootargs, "");
	assert_string_equal(g[2].initrd, "");
}

struct bad {
	const char *file;
	const char *expect[3]; /* substrings of the error line, NULL-padded */
};

/* One config per error class. The line must begin with "<file>.dts: " and
 * contain every expect[] (node path, property, reason). */
static const struct bad bad_configs[] = {
	{"err-compat-missing",
	 {"err-compat-missing.dts: /: property \"compatible\" is "
	  "missing",
	  "\"tessera,config-v1\""}},
	{"err-compat-wrong",
	 {"err-compat-wrong.dts: /: property \"compatible\": "
	  "\"tessera,config-v2\" is not \"tessera,config-v1\""}},
	{"err-no-guests", {"err-no-guests.dts: /: no guest nodes"}},
	{"err-dup-name",
	 {"/guest@1: property \"name\": guest name \"a\" is already used "
	  "by /guest@0"}},
	{"err-no-name", {"/guest@0: property \"name\" is missing"}},
	{"err-no-cpus", {"/guest@0: property \"cpus\" is missing"}},
	{"err-no-memsize", {"/guest@0: property \"memory-size\" is missing"}},
	{"err-no-kernel", {"/guest@0: property \"kernel\" is missing"}},
	{"err-cpu-range",
	 {"/guest@0: property \"cpus\": CPU 4 does not exist", "the host has 4 CPUs"}},
	{"err-cpu-taken",
	 {"err-cpu-taken.dts: /guest@1: property \"cpus\": CPU 2 is "
	  "already given to guest \"checks\""}},
	{"err-cpu-twice", {"/guest@0: property \"cpus\": CPU 1 is listed twice"}},
	{"err-cpus-empty", {"/guest@0: property \"cpus\": must list at least one CPU"}},
	{"err-mem-zero", {"/guest@0: property \"memory-size\": is 0"}},
	{"err-mem-align",
	 {"/guest@0: property \"memory-size\": 0x100000 is not a "
	  "multiple of 2 MiB"}},
	{"err-mem-cells",
	 {"/guest@0: property \"memory-size\": must be one or two cells"}},
	{"err-mem-wrap", {"/guest@0: property \"memory-size\":", "wraps around"}},
	{"err-ipa-align",
	 {"/guest@0: property \"memory-ipa\": 0x40100000 is not 2 MiB "
	  "aligned"}},
	{"err-ipa-window",
	 {"/guest@0: property \"memory-ipa\": RAM 0x0-0xfffffff "
	  "overlaps the guest's device window 0x8000000-0x9000fff"}},
	{"err-ipa-window-end",
	 {"/guest@0: property \"memory-ipa\": RAM "
	  "0x8e00000-0x91fffff overlaps"}},
	{"err-on-fault",
	 {"/guest@0: property \"on-fault\": unknown value \"panic\"",
	  "\"inject\", \"stop\" or \"reset\""}},
	{"err-unknown-prop", {"/guest@0: property \"memory_ipa\": unknown property"}},
	{"err-name-long",
	 {"/guest@0: property \"name\":", "is 32 characters long, at most "
					  "31"}},
	{"err-name-chars",
	 {"/guest@0: property \"name\": \"my guest\" has the character "
	  "' '"}},
	{"err-kernel-list", {"/guest@0: property \"kernel\": must be one string"}},
	{"err-kernel-cells", {"/guest@0: property \"kernel\": must be one string"}},
	{"err-kernel-config",
	 {"/guest@0: property \"kernel\": \"config\" is the "
	  "config's own image"}},
	{"err-bootargs-long",
	 {"/guest@0: property \"bootargs\":", "is 256 characters "
					      "long, at most 255"}},
	{"err-assign-empty",
	 {"err-assign-empty.dts: /guest@0/gpio: needs host-path", "or reg"}},
	{"err-assign-both",
	 {"/guest@0/rtc: property \"reg\": comes from the host node /pl031@9010000",
	  "leave it out"}},
	{"err-assign-relpath",
	 {"/guest@0/rtc: property \"host-path\": \"pl031@9010000\" is not an "
	  "absolute path"}},
	{"err-assign-reg-cells",
	 {"/guest@0/fb: property \"reg\": must be <addr-hi addr-lo size-hi size-lo>",
	  "not 8 bytes"}},
	{"err-assign-reg-zero", {"/guest@0/fb: property \"reg\": entry 0", "size 0"}},
	{"err-assign-ppi",
	 {"/guest@0/dev: property \"interrupts\": entry 0 is a PPI, not an SPI"}},
	{"err-assign-spi-range",
	 {"/guest@0/dev: property \"interrupts\": entry 0: SPI 988 does not exist"}},
	{"err-assign-irq-flags",
	 {"/guest@0/dev: property \"interrupts\": entry 0: trigger flags 8",
	  "level-high (4) or rising-edge (1)"}},
	{"err-assign-hostpath-prop",
	 {"/guest@0/rtc: property \"compatible\": unknown property (with "
	  "host-path"}},
	{"err-assign-subnode", {"/guest@0/fb: unknown subnode \"child\"", "guest-node"}},
	{"err-mem-pa-alone", {"/guest@0: property \"memory-pa\": needs memory-identity"}},
	{"err-mem-identity-ipa",
	 {"/guest@0: property \"memory-ipa\": contradicts memory-identity"}},
	{"err-memattr-unknown",
	 {"/guest@0/dev: property \"memattr\": unknown type \"device-GRE\"",
	  "\"device-nGnRE\", \"device-nGnRnE\", \"normal-NC\" or \"normal-WB\""}},
	{"err-memattr-count",
	 {"/guest@0/dev: property \"memattr\": lists 3 types for 2 reg entries"}},
	{"err-ramlike-value", {"/guest@0/dev: property \"ram-like\": takes no value"}},
	{"err-vspis",
	 {"/guest@0: property \"virtual-spis\": <16 4>: INTIDs must be SPIs"}},
	/* first + count wrapped to 1 and passed the limit check */
	{"err-vspis-wrap",
	 {"/guest@0: property \"virtual-spis\": <4294967295 2>: INTIDs must be SPIs"}},
	{"err-root-node", {"err-root-node.dts: /memory@40000000: unknown node"}},
	{"err-root-prop",
	 {"err-root-prop.dts: /: property \"compatibel\": unknown "
	  "property"}},
};

static void test_errors(void **state)
{
	(void)state;
	for (unsigned i = 0; i < sizeof(bad_configs) / sizeof(bad_configs[0]); i++) {
		const struct bad *b = &bad_configs[i];
		static struct sys_config c;
		char err[CONFIG_ERR_LEN], prefix[64];

		if (config_fixture_parse(b->file, HOST_CPUS, &c, err, sizeof(err)) !=
		    -EINVAL)
			fail_msg("%s: accepted (\"%s\")", b->file, err);
		snprintf(prefix, sizeof(prefix), "%s.dts: /", b->file);
		if (strncmp(err, prefix, strlen(prefix)))
			fail_msg("%s: error does not start with \"%s\": %s", b->file,
				 prefix, err);
		assert_null(strchr(err, '\n'));
		for (int k = 0; k < 3 && b->expect[k]; k++)
			if (!strstr(err, b->expect[k]))
				fail_msg("%s: error lacks \"%s\": %s", b->file,
					 b->expect[k], err);
	}
}

/* Both kinds of assignment, field by field. */
static void test_good_assign(void **state)
{
	static struct sys_config c;
	char err[CONFIG_ERR_LEN];
	const struct guest_config *g = &c.guest[0];
	const struct assign_config *a;

	(void)state;
	if (config_fixture_parse("good-assign", HOST_CPUS, &c, err, sizeof(err)))
		fail_msg("%s", err);
	assert_true(g->mem_identity);
	assert_int_equal(g->mem_pa, 0x60000000);
	assert_int_equal(g->vspi_first, 100);
	assert_int_equal(g->vspi_count, 2);
	assert_int_equal(g->nr_assign, 3);
	a = &g->assign[0];
	assert_string_equal(a->path, "/guest@0/rtc");
	assert_string_equal(a->name, "rtc");
	assert_string_equal(a->host_path, "/pl031@9010000");
	assert_int_equal(a->nr_reg, 0);
	assert_int_equal(a->guest_node, -1);
	a = &g->assign[1];
	assert_string_equal(a->name, "fb@70000000");
	assert_string_equal(a->host_path, "");
	assert_int_equal(a->nr_reg, 2);
	assert_int_equal(a->reg[0][0], 0x70000000);
	assert_int_equal(a->reg[0][1], 0x400000);
	assert_int_equal(a->reg[1][0], 0x0c000000);
	assert_int_equal(a->nr_irq, 2);
	assert_int_equal(a->irq[0], 42);
	assert_true(a->irq_level[0]);
	assert_int_equal(a->irq[1], 43);
	assert_false(a->irq_level[1]);
	assert_int_equal(fdt_node_offset_by_compatible(c.dtb, -1, "simple-framebuffer"),
			 a->node);
	a = &g->assign[2];
	assert_true(a->guest_node >= 0);
	assert_string_equal(fdt_get_name(c.dtb, a->guest_node, NULL), "guest-node");
}

static void test_too_many_guests(void **state)
{
	static struct sys_config c;
	char err[CONFIG_ERR_LEN];

	(void)state;
	/* err-too-many.dts has 9 guests on CPUs 0-7, 0 */
	_Static_assert(CONFIG_MAX_GUESTS == 8, "update err-too-many.dts");
	assert_int_equal(config_fixture_parse("err-too-many", 8, &c, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err,
			    "err-too-many.dts: /guest@8: too many guests (at most 8)");
}

/* The host CPU count bounds the indices: CPU 3 is fine on 4 CPUs, not on 3. */
static void test_cpu_bound(void **state)
{
	static struct sys_config c;
	char err[CONFIG_ERR_LEN];

	(void)state;
	assert_int_equal(config_fixture_parse("good-min", 4, &c, err, sizeof(err)), 0);
	assert_int_equal(config_fixture_parse("good-min", 3, &c, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "good-min.dts: /guest@0: property \"cpus\": CPU 3 does "
				 "not exist (the host has 3 CPUs: 0-2)");
}

static void test_small_err_buffer(void **state)
{
	static struct sys_config c;
	char err[24];

	(void)state;
	memset(err, 'z', sizeof(err));
	assert_int_equal(config_fixture_parse("err-cpu-taken", HOST_CPUS, &c, err, 16),
			 -EINVAL);
	assert_int_equal(strlen(err), 15);
	assert_int_equal(err[16], 'z'); /* nothing written past errlen */
	assert_int_equal(config_fixture_parse("err-assign-empty", HOST_CPUS, &c, err, 0),
			 -EINVAL);
}

static void test_on_fault_names(void **state)
{
	(void)state;
	assert_string_equal(config_on_fault_name(CONFIG_ON_FAULT_INJECT), "inject");
	assert_string_equal(config_on_fault_name(CONFIG_ON_FAULT_STOP), "stop");
	assert_string_equal(config_on_fault_name(CONFIG_ON_FAULT_RESET), "reset");
	assert_string_equal(config_on_fault_name((enum config_on_fault)7), "?");
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_min),
		cmocka_unit_test(test_good_full),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_good_assign),
		cmocka_unit_test(test_too_many_guests),
		cmocka_unit_test(test_cpu_bound),
		cmocka_unit_test(test_small_err_buffer),
		cmocka_unit_test(test_on_fault_names),
	};

	config_fixture_init(argc, argv);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
