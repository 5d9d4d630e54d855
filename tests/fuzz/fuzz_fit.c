/*
 * Fuzz target: the FIT payload (src/payload/fit.c) and the config it carries
 * (config_load: the config image, realigned if need be, parsed and its image
 * names looked up). Input: the payload file as the boot loader leaves it.
 * Every image data range fit_image() hands out must lie inside the payload.
 */
#include <libfdt.h>
#include <string.h>

#include "config/config.h"
#include "fuzz.h"
#include "payload/fit.h"

static struct sys_config sys;
static uint64_t scratch[8192]; /* like guests.c's cfg_scratch */

static void check_image(const struct fit *f, const char *name)
{
	const void *data;
	uint64_t size;
	const char *desc;
	const uint8_t *b = f->blob;

	if (fit_image(f, name, &data, &size))
		return;
	FUZZ_CHECK((const uint8_t *)data >= b && (const uint8_t *)data <= b + f->size &&
			   size <= (uint64_t)(b + f->size - (const uint8_t *)data),
		   "image \"%s\": %#lx bytes at offset %#lx of a %#lx-byte payload", name,
		   (unsigned long)size, (unsigned long)((const uint8_t *)data - b),
		   (unsigned long)f->size);
	desc = fit_image_desc(f, name);
	if (desc)
		FUZZ_CHECK(strlen(desc) < f->size, "description");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *blob = fuzz_copy(data, size);
	struct fit f;
	char err[CONFIG_ERR_LEN];
	int node;

	if (fit_open(blob, size, &f, err, sizeof(err)) ||
	    fit_verify_all(&f, err, sizeof(err))) {
		FUZZ_CHECK(memchr(err, '\0', sizeof(err)) && err[0], "no message");
		free(blob);
		return 0;
	}
	fdt_for_each_subnode(node, blob, f.images) {
		const char *name = fdt_get_name(blob, node, NULL);

		if (name)
			check_image(&f, name);
	}
	if (config_load(&f, 4, scratch, sizeof(scratch), &sys, err, sizeof(err)))
		FUZZ_CHECK(memchr(err, '\0', sizeof(err)) && err[0], "no message");
	free(blob);
	return 0;
}
