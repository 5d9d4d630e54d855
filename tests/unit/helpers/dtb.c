/* Test DTB loader; see dtb.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>

#include "helpers/dtb.h"

#ifndef UNIT_DTB_DIR
#define UNIT_DTB_DIR "build/host/dtbs"
#endif

void *dtb_load(const char *name)
{
	const char *dir = getenv("TESSERA_DTB_DIR");
	char path[512];
	FILE *f;
	long size;
	void *buf;

	snprintf(path, sizeof(path), "%s/%s.dtb", dir ? dir : UNIT_DTB_DIR, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (run `make unit-build` first)", path);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	buf = malloc((size_t)size);
	assert_non_null(buf);
	if (fread(buf, 1, (size_t)size, f) != (size_t)size)
		fail_msg("cannot read %s", path);
	fclose(f);
	if (fdt_check_header(buf) || fdt_totalsize(buf) > (uint32_t)size)
		fail_msg("%s is not a valid DTB", path);
	return buf;
}

int dtb_node(const void *fdt, const char *path)
{
	int node = fdt_path_offset(fdt, path);

	if (node < 0)
		fail_msg("test DTB has no node %s", path);
	return node;
}
