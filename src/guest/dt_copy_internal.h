/* Shared by dt_copy.c (the copy) and dt_copy_pci.c (interrupt-map, MSI). */
#ifndef GUEST_DT_COPY_INTERNAL_H
#define GUEST_DT_COPY_INTERNAL_H
#include <libfdt.h>
#include <stdbool.h>

#include "guest/dt_copy.h"

#define PATH_LEN 128
#define MAX_SPEC_CELLS 16 /* more specifier cells than any binding uses */
#define GIC_CELLS 3       /* the guest GIC's #interrupt-cells (arm,gic-v3) */
#define FIX_DT "; fix the host DT"
#define TRANSLATE                                                                        \
	"cannot be translated to a CPU physical address; check ranges of the "           \
	"buses above it in the host DT"

struct dt_copy_ctx {
	const struct dt_copy_in *in;
	const void *h; /* the host DT */
	void *out;     /* the guest DT; NULL while checking */
	char *err;
	int errlen;
	bool failed;                /* err holds a check failure (not a libfdt one) */
	int refs[DT_COPY_MAX_REFS]; /* host nodes referred to: phandle first + index */
	unsigned nr_refs;
};

/* "<node path>: [property "<prop>": ]<reason>" into c->err; -EINVAL. */
int dt_copy_fail(struct dt_copy_ctx *c, int node, const char *prop, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
const char *dt_copy_path(const struct dt_copy_ctx *c, int node, char *buf);
int dt_copy_u32(const void *h, int node, const char *name, uint32_t *v);
/* #address-cells and the like, with the DT spec's default when absent. */
int dt_copy_cells(const void *h, int node, const char *name, int dflt);
/* "<what> <t>, not the host GIC ...; do not assign this node" */
int dt_copy_not_gic(struct dt_copy_ctx *c, int node, const char *prop, const char *what,
		    int t);
/* The host GIC has 3 interrupt cells, as specifiers are copied as they are. */
int dt_copy_gic_cells_ok(struct dt_copy_ctx *c, int node, const char *prop);

/* ---- dt_copy_pci.c ---- */
/* interrupt-map: checked, and written with the guest GIC as parent. */
int dt_copy_imap(struct dt_copy_ctx *c, int node, const fdt32_t *v, int len);
/* msi-map, msi-parent: dropped when they name the host GIC's MSI controller
 * (an ITS, which Tessera keeps), else refused. */
int dt_copy_msi(struct dt_copy_ctx *c, int node, const char *name, const fdt32_t *v,
		int len);

#endif
