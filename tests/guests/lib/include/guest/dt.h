/* Minimal flattened device tree reader: finds the /memory range holding an address. */
#ifndef GUEST_DT_H
#define GUEST_DT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest/rt.h"

/*
 * Byte-wise (safe with the MMU off). On success fills ram with the /memory
 * reg entry that contains addr; else writes the reason to err.
 */
bool dt_find_ram(uint64_t fdt, uint64_t addr, struct rt_ram *ram, char *err, size_t len);
/* Whether the root node's compatible lists compat ("tessera,guest": the
 * guest runs under Tessera). */
bool dt_root_compatible(uint64_t fdt, const char *compat);
/* Whether a node of this name (unit address included) is in the DT. */
bool dt_has_node(uint64_t fdt, const char *name);

#endif
