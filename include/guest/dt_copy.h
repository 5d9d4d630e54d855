/*
 * Device pass-through in the guest DT: copies the host DT nodes assigned to a
 * guest, with their subtrees, into the DT guest_dt_build() writes (pure logic).
 *
 * Each assigned node lands at the guest root under its host name. Its reg (and
 * ranges) are translated to CPU physical addresses for the root's 2+2 cells;
 * interrupts must go to the host GIC and are pointed at the guest's; clocks and
 * gpios may refer only to nodes copied too, or to fixed clocks, which are then
 * copied at the root as well. Anything that cannot be carried over is an error
 * dt_copy_check() reports before any guest starts.
 */
#ifndef GUEST_DT_COPY_H
#define GUEST_DT_COPY_H
#include <stdint.h>

/* Most host nodes one guest's copies may refer to by phandle. */
#define DT_COPY_MAX_REFS 32

struct dt_copy_in {
	const void *host;       /* host DTB */
	const int *nodes;       /* host node offsets assigned to this guest */
	unsigned nr_nodes;      /* each once, none inside another */
	int gic_node;           /* host GIC node offset (the only interrupt parent) */
	uint32_t gic_phandle;   /* the guest GIC's phandle */
	uint32_t first_phandle; /* first guest phandle free for copied nodes */
	/* Names of the nodes the guest root already has, each NUL-terminated,
	 * ended by an empty one ("cpus\0psci\0"); NULL: none. */
	const char *taken_names;
};

/* Checks that every assigned node can be copied; writes nothing but err.
 * 0, or <0 with one line in err, mostly
 * "<host node path>: property \"<prop>\": <reason and what to change>". */
int dt_copy_check(const struct dt_copy_in *in, char *err, int errlen);

/* In sequential-write mode, inside the guest's root node: writes each assigned
 * node, then the fixed clocks they refer to. Fails as dt_copy_check() does, or
 * with a libfdt error (err then says so). err may be NULL. */
int dt_copy_write(void *fdt, const struct dt_copy_in *in, char *err, int errlen);

#endif
