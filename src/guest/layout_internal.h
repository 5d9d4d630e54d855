/* Shared by layout.c (resolve and place) and layout_check.c (system checks). */
#ifndef GUEST_LAYOUT_INTERNAL_H
#define GUEST_LAYOUT_INTERNAL_H
#include "guest/layout.h"

struct layout_ctx {
	const struct sys_config *c;
	const struct layout_host *h;
	struct sys_layout *out;
	int gic_node; /* host DT offset of the GIC */
	char *err;
	int errlen;
};

/* "file: node: [property "prop": ]reason"; returns -EINVAL. */
int layout_err(struct layout_ctx *x, const char *node, const char *prop, const char *fmt,
	       ...) __attribute__((format(printf, 4, 5)));
/* Adds a warning line in the same format (dropped when the list is full). */
void layout_warn(struct layout_ctx *x, const char *node, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The config node and property a region comes from, for messages. */
const char *layout_region_node(const struct guest_layout *g,
			       const struct layout_region *r);
const char *layout_region_prop(const struct guest_layout *g,
			       const struct layout_region *r);

#define PAGE_4K 0x1000ull

#endif
