/*
 * Shared by test_config.c and test_config_load.c: the inputs the build makes
 * under build/host/{configs,fit} and config_parse() on a compiled config.
 * Linked into every unit test, so every global name here starts with
 * config_fixture.
 */
#ifndef UNIT_HELPERS_CONFIG_FIXTURE_H
#define UNIT_HELPERS_CONFIG_FIXTURE_H
#include <stddef.h>

#include "config/config.h"

/* Finds build/host from the test's own path (argv[0] is
 * build/host/tests/NAME); call it first in main(). */
void config_fixture_init(int argc, char **argv);
/* build/host/<sub>/<name> in a calloc'ed buffer with 8 zero bytes after it;
 * fails the running test if it cannot be read. */
void *config_fixture_read(const char *sub, const char *name, size_t *size);
/* Parses build/host/configs/<name>.dtb as "<name>.dts"; returns
 * config_parse's result, the error line in err. c->dtb points into the blob,
 * which lives until the next call. */
int config_fixture_parse(const char *name, unsigned cpus, struct sys_config *c, char *err,
			 int errlen);

#endif
