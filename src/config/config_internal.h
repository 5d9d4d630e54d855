/* Shared by the config parser's files (src/config/): context and helpers. */
#ifndef CONFIG_INTERNAL_H
#define CONFIG_INTERNAL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* What the parse of one config needs at hand, mostly for error messages. */
struct cfg_ctx {
	const void *dtb;
	const char *file;
	unsigned nr_host_cpus;
	struct sys_config *cfg;
	struct guest_config *g; /* the guest being parsed */
	const char *at;         /* the node being parsed, for messages */
	char *err;
	int errlen;
};

/* "file: path: [property "prop": ]reason", one line; returns -EINVAL. */
int cfg_err(struct cfg_ctx *x, const char *path, const char *prop, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* An error about the node being parsed. */
#define GERR(x, prop, ...) cfg_err(x, (x)->at, prop, __VA_ARGS__)

/* A property holding exactly one string of at most max-1 characters. */
int get_string(struct cfg_ctx *x, const char *prop, const void *val, int len, size_t max,
	       const char **s);
/* A 64-bit integer given as one cell or two (<hi lo>). */
int get_u64(struct cfg_ctx *x, const char *prop, const void *val, int len, uint64_t *v);
/* Names: letters, digits, '-', '_', '.' (and ',' '+' for image names). */
int check_name_chars(struct cfg_ctx *x, const char *prop, const char *s, bool guest);

/* The assignment subnodes of the guest node (config_assign.c). */
int config_parse_assignments(struct cfg_ctx *x, int guest_node);

#endif
