/* See config_fixture.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/config_fixture.h"
#include "helpers/file.h"

static char build_dir[512]; /* build/host */
static void *last_blob;

void config_fixture_init(int argc, char **argv)
{
	const char *slash = argc > 0 ? strrchr(argv[0], '/') : NULL;

	/* the inputs sit in build/host/{configs,fit}, next to build/host/tests */
	snprintf(build_dir, sizeof(build_dir), "%.*s/..",
		 slash ? (int)(slash - argv[0]) : 1, slash ? argv[0] : ".");
}

void *config_fixture_read(const char *sub, const char *name, size_t *size)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/%s/%s", build_dir, sub, name);
	return test_read_file(path, 8, size);
}

int config_fixture_parse(const char *name, unsigned cpus, struct sys_config *c, char *err,
			 int errlen)
{
	char dtb[128], dts[128];
	size_t size;
	void *blob;
	int r;

	snprintf(dtb, sizeof(dtb), "%s.dtb", name);
	snprintf(dts, sizeof(dts), "%s.dts", name);
	blob = config_fixture_read("configs", dtb, &size);
	err[0] = '\0';
	r = config_parse(blob, dts, cpus, c, err, errlen);
	/* c->dtb points into the blob: it lives until the next parse */
	free(last_blob);
	last_blob = blob;
	return r;
}
