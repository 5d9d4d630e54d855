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
#include "helpers/file.h"

#ifndef UNIT_DTB_DIR
#define UNIT_DTB_DIR "build/host/dtbs"
#endif

void *dtb_load(const char *name)
{
	const char *dir = getenv("TESSERA_DTB_DIR");
	char path[512];
	size_t size;
	void *buf;

	snprintf(path, sizeof(path), "%s/%s.dtb", dir ? dir : UNIT_DTB_DIR, name);
	buf = test_read_file(path, 0, &size);
	if (fdt_check_header(buf) || fdt_totalsize(buf) > size)
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
