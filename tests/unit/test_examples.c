/*
 * The example systems (the .dts files in platform/qemu-virt/configs/, compiled by
 * tools/tools.mk into build/host/examples/) against the host DT QEMU virt
 * really has (build/host/dtbs/virt.dtb: 1 GiB, 4 CPUs): each must parse, get
 * a layout and a DT for every guest, as Tessera would at boot. The directory
 * of .dts files is listed when the test runs, one test per example, so an
 * example added later is checked too; none at all is a failure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config/config.h"
#include "guest/layout.h"
#include "helpers/dtb.h"
#include "helpers/file.h"

#ifndef EXAMPLE_DIR
#define EXAMPLE_DIR "platform/qemu-virt/configs"
#endif
#ifndef EXAMPLE_DTB_DIR
#define EXAMPLE_DTB_DIR "build/host/examples"
#endif

#define MAX_EXAMPLES 64
#define DTB_PA 0x48000000ULL /* where QEMU puts the DTB with 1 GiB */
static const struct range image = {0x40200000, 0x4e123};

/* The payload images the examples may name: those tests/payloads use. */
static const char *const image_names[] = {"linux", "rootfs", "checks"};

static void *host;
static struct inventory inv;
static struct inv_console con;
static struct palloc ram;
static struct sys_config cfg;
static struct sys_layout lay;
static char err[CONFIG_ERR_LEN];
static char dt_err[CONFIG_ERR_LEN];
static char guest_dt[65536];
static void *blob; /* the example being checked (freed by the next, or teardown) */

static int setup(void **state)
{
	char e[INV_ERR_LEN];

	(void)state;
	host = dtb_load("virt");
	if (inventory_parse(host, DTB_PA, &image, &inv, e, sizeof(e)) ||
	    inventory_console(host, &con, e, sizeof(e)))
		fail_msg("%s", e);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(host);
	free(blob);
	return 0;
}

static void check_image_name(const char *file, const char *guest, const char *prop,
			     const char *name)
{
	if (!name[0])
		return;
	for (size_t i = 0; i < sizeof(image_names) / sizeof(image_names[0]); i++)
		if (!strcmp(name, image_names[i]))
			return;
	fail_msg("%s: %s: property \"%s\": image \"%s\" is not linux, rootfs or checks",
		 file, guest, prop, name);
}

/* Whether an earlier sibling of node has its name. */
static bool name_taken(const void *fdt, int node)
{
	int parent = fdt_parent_offset(fdt, node), o;

	fdt_for_each_subnode(o, fdt, parent) {
		if (o == node)
			return false;
		if (!strcmp(fdt_get_name(fdt, o, NULL), fdt_get_name(fdt, node, NULL)))
			return true;
	}
	return false;
}

/* Whether a node before node (in DT order) has its phandle. */
static bool phandle_taken(const void *fdt, int node, uint32_t ph)
{
	for (int o = 0; o >= 0 && o < node; o = fdt_next_node(fdt, o, NULL))
		if (fdt_get_phandle(fdt, o) == ph)
			return true;
	return false;
}

/* No two children of one node with the same name, no phandle used twice:
 * what libfdt's sequential writer does not check. */
static void check_dt_shape(const char *file, const char *guest, const void *fdt)
{
	int depth = 0;

	for (int node = fdt_next_node(fdt, 0, &depth); node >= 0 && depth > 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		uint32_t ph = fdt_get_phandle(fdt, node);

		if (name_taken(fdt, node))
			fail_msg("%s: guest \"%s\": two nodes named \"%s\" in its DT",
				 file, guest, fdt_get_name(fdt, node, NULL));
		if (ph && phandle_taken(fdt, node, ph))
			fail_msg("%s: guest \"%s\": phandle %u is used twice in its DT",
				 file, guest, ph);
	}
}

static void test_example(void **state)
{
	const char *name = *state; /* "rtc-gpio.dts" */
	char path[1024];
	struct stat st;
	size_t size;
	struct layout_host h = {.fdt = host,
				.inv = &inv,
				.con = &con,
				.nr_intids = 256,
				.ipa_bits = GUEST_IPA_BITS,
				.ram = &ram};

	snprintf(path, sizeof(path), "%s/%.*s.dtb", EXAMPLE_DTB_DIR,
		 (int)(strlen(name) - 4), name);
	if (stat(path, &st))
		fail_msg("%s: not compiled: no %s (make unit-build)", name, path);
	free(blob);
	blob = NULL;
	blob = test_read_file(path, 8, &size);
	if (config_parse(blob, name, 4, &cfg, err, sizeof(err)))
		fail_msg("config rejected: %s", err);
	palloc_init(&ram, inv.free, inv.nr_free);
	if (layout_build(&cfg, &h, &lay, err, sizeof(err)))
		fail_msg("layout rejected: %s", err);
	for (unsigned i = 0; i < cfg.nr_guests; i++) {
		const struct guest_config *g = &cfg.guest[i];
		struct guest_dt_params p;

		check_image_name(name, g->path, "kernel", g->kernel);
		check_image_name(name, g->path, "initrd", g->initrd);
		layout_dt_params(&lay.guest[i], cfg.dtb, &p);
		p.bootargs = g->bootargs;
		p.err = dt_err;
		p.errlen = sizeof(dt_err);
		if (guest_dt_build(guest_dt, sizeof(guest_dt), &p))
			fail_msg("%s: guest \"%s\": its DT cannot be built: %s", name,
				 g->name, dt_err);
		if (fdt_check_full(guest_dt, sizeof(guest_dt)))
			fail_msg("%s: guest \"%s\": its DT is not valid", name, g->name);
		check_dt_shape(name, g->name, guest_dt);
	}
}

static void test_none(void **state)
{
	(void)state;
	fail_msg("no example systems (*.dts) in %s", EXAMPLE_DIR);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
	static struct CMUnitTest tests[MAX_EXAMPLES];
	static char *names[MAX_EXAMPLES];
	DIR *d = opendir(EXAMPLE_DIR);
	const struct dirent *e;
	size_t n = 0;
	int r;

	if (!d) {
		fprintf(stderr, "test_examples: cannot open %s\n", EXAMPLE_DIR);
		return 1;
	}
	while ((e = readdir(d)) && n < MAX_EXAMPLES) {
		size_t len = strlen(e->d_name);

		if (len > 4 && !strcmp(e->d_name + len - 4, ".dts"))
			names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), by_name);
	for (size_t i = 0; i < n; i++)
		tests[i] = (struct CMUnitTest){.name = names[i],
					       .test_func = test_example,
					       .initial_state = names[i]};
	if (!n)
		tests[n++] = (struct CMUnitTest){.name = "examples found",
						 .test_func = test_none};
	r = _cmocka_run_group_tests("examples", tests, n, setup, teardown);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	return r;
}
