/* The guest DT node of a raw assignment (src/guest/guest_dt_raw.c). */
#ifndef GUEST_GUEST_DT_RAW_H
#define GUEST_GUEST_DT_RAW_H
#include <stdint.h>

#include "config/config.h"

/*
 * In sequential-write mode, inside the guest's root node: the node of raw
 * assignment a (from the config DTB cfg_dtb), named as in the config, with
 * interrupt-parent = gic_phandle when it has interrupts. Writes nothing for
 * a host-path assignment, or a raw one with nothing to describe. 0 or a
 * libfdt error.
 */
int guest_dt_raw_node(void *fdt, const void *cfg_dtb, const struct assign_config *a,
		      uint32_t gic_phandle);

#endif
