/*
 * Fuzz target: the assignment config (src/config) and everything built from
 * it at boot: the layout against QEMU virt's host DT (src/guest/layout*.c,
 * 1 GiB, 4 CPUs) and each guest's DT (src/guest/guest_dt*.c, dt_copy.c).
 * Input: a compiled config (DTB) as config_load() checks it. An accepted
 * layout must keep each guest's RAM inside host free RAM and its regions
 * inside its IPA space; every rejection says why in one line.
 */
#include <libfdt.h>
#include <string.h>

#include "config/config.h"
#include "dt/dt.h"
#include "dt/inventory.h"
#include "fuzz.h"
#include "guest/guest_dt.h"
#include "guest/image.h"
#include "guest/layout.h"
#include "mm/palloc.h"

#ifndef FUZZ_DTB_DIR
#define FUZZ_DTB_DIR "build/host/dtbs"
#endif

#define DTB_PA 0x48000000ULL

static void *host;
static struct inventory inv;
static struct inv_console con;
static struct sys_config cfg;
static struct sys_layout lay;
static struct palloc ram;
static uint64_t dt_buf[GUEST_DT_MAX / 8];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const struct range image = {0x40200000, 0x4e123};
	char e[INV_ERR_LEN];
	size_t size;

	(void)argc;
	(void)argv;
	host = fuzz_read_file(FUZZ_DTB_DIR "/virt.dtb", &size);
	if (inventory_parse(host, DTB_PA, &image, &inv, e, sizeof(e)) ||
	    inventory_console(host, &con, e, sizeof(e))) {
		fprintf(stderr, "fuzz_config: host DT: %s\n", e);
		exit(2);
	}
	return 0;
}

static bool in_free_ram(uint64_t base, uint64_t size)
{
	for (unsigned i = 0; i < inv.nr_free; i++)
		if (base >= inv.free[i].base && size <= range_end(&inv.free[i]) - base)
			return true;
	return false;
}

static void check_layout(void)
{
	for (unsigned i = 0; i < lay.nr_guests; i++) {
		const struct guest_layout *g = &lay.guest[i];
		struct guest_dt_params p;
		char err[200];

		FUZZ_CHECK(g->ram_size && in_free_ram(g->ram_pa, g->ram_size),
			   "guest %u RAM %#llx+%#llx not in free RAM", i,
			   (unsigned long long)g->ram_pa,
			   (unsigned long long)g->ram_size);
		for (unsigned j = 0; j < g->nr_regions; j++) {
			const struct layout_region *r = &g->region[j];

			FUZZ_CHECK(r->size && r->ipa + r->size > r->ipa &&
					   r->ipa + r->size <= 1ULL << GUEST_IPA_BITS,
				   "guest %u region %u at %#llx+%#llx", i, j,
				   (unsigned long long)r->ipa,
				   (unsigned long long)r->size);
		}
		layout_dt_params(g, cfg.dtb, &p);
		p.bootargs = g->cfg->bootargs;
		p.err = err;
		p.errlen = sizeof(err);
		if (guest_dt_build(dt_buf, (int)sizeof(dt_buf), &p) == 0)
			FUZZ_CHECK(fdt_check_full(dt_buf, sizeof(dt_buf)) == 0,
				   "guest %u DT is damaged", i);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *dtb = fuzz_copy(data, size);
	char err[CONFIG_ERR_LEN];
	struct layout_host h = {.fdt = host,
				.inv = &inv,
				.con = &con,
				.nr_intids = 256,
				.ipa_bits = GUEST_IPA_BITS,
				.fwb = size & 1,
				.ram = &ram};

	/* config_load() checks the whole DTB before parsing it */
	if (dt_check_header(dtb, size) || fdt_check_full(dtb, size)) {
		free(dtb);
		return 0;
	}
	memset(err, 0, sizeof(err));
	if (config_parse(dtb, "fuzz.dts", 4, &cfg, err, sizeof(err))) {
		FUZZ_CHECK(err[0] && !strchr(err, '\n'), "no one-line message: \"%s\"",
			   err);
		free(dtb);
		return 0;
	}
	palloc_init(&ram, inv.free, inv.nr_free);
	if (layout_build(&cfg, &h, &lay, err, sizeof(err)) == 0)
		check_layout();
	else
		FUZZ_CHECK(err[0], "no message");
	free(dtb);
	return 0;
}
