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

/* layout.c: a device region of assignment ai, whole 4 KiB pages around
 * [base, base+size), device-nGnRE until the config says otherwise; NULL on
 * error (err says why). */
struct layout_region *layout_add_device(struct layout_ctx *x, struct guest_layout *g,
					int ai, uint64_t base, uint64_t size);
/* A hardware-linked SPI of assignment ai. */
int layout_add_irq(struct layout_ctx *x, struct guest_layout *g, int ai, unsigned intid,
		   bool level);

/* ---- layout_pci.c: PCI host bridges (device_type = "pci") ---- */
bool layout_pci_is_bridge(const void *fdt, int node);
/* After its reg regions: marks them configuration space, adds the windows
 * of its ranges and the SPIs of its interrupt-map (INTx). */
int layout_pci_resolve(struct layout_ctx *x, struct guest_layout *g, int ai, int node);
/* A bridge whose regions lie beyond the guests' IPA space, said in one
 * line naming each region and the IPA size it needs. */
int layout_pci_check_ipa(struct layout_ctx *x, const struct guest_layout *g);

#endif
