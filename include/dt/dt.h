/* Small helpers over libfdt for reading the host DT (pure logic). */
#ifndef DT_DT_H
#define DT_DT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* GIC interrupt specifiers <type number flags> (arm,gic-v3 binding): type 0
 * an SPI, number 0-987 (INTIDs 32-1019), 1 a PPI. */
#define DT_GIC_SPI 0
#define DT_GIC_PPI 1
#define DT_GIC_SPI_MAX 987
/* Longest node path kept (DTSpec sets none; real boards' stay well below). */
#define DT_PATH_LEN 256

uint64_t dt_read_cells(const void *p, int cells);
/* status absent, "okay" or "ok" (DT spec 2.3.4). */
bool dt_is_enabled(const void *fdt, int node);
/* Entry index of node's reg, translated through the parents' ranges to a CPU
 * physical address. -ENOENT if absent, -EINVAL if it cannot be translated. */
int dt_reg(const void *fdt, int node, int index, uint64_t *addr, uint64_t *size);
/* The same with node's parent already known (libfdt finds a parent by
 * walking from the root: a walk over every node should not). */
int dt_reg_in(const void *fdt, int node, int parent, int index, uint64_t *addr,
	      uint64_t *size);
/* An address in bus's children's address space (what their reg holds),
 * translated through bus's and its parents' ranges to a CPU physical address;
 * -EINVAL if it cannot be. The root (offset 0) leaves it as is. */
int dt_translate(const void *fdt, int bus, uint64_t *addr);
/* Number of entries in node's reg, or 0. */
int dt_reg_count(const void *fdt, int node);
/* Reads a 32- or 64-bit integer property (e.g. linux,initrd-start). */
int dt_read_u64(const void *fdt, int node, const char *prop, uint64_t *v);
/* The node's interrupt parent as Linux finds it (DT spec 2.4.1):
 * interrupt-parent, else the tree parent, up to the first node with
 * #interrupt-cells; <0 if there is none (or a loop). */
int dt_irq_parent(const void *fdt, int node);
/* Whether node is top or one of its descendants. */
bool dt_in_subtree(const void *fdt, int node, int top);
/*
 * For a blob of bufsize readable bytes: fdt_check_header(), its totalsize
 * within bufsize (-FDT_ERR_TRUNCATED), the version Tessera reads (17, what dtc, mkimage, QEMU
 * and U-Boot write) and the structure block's tags, each length within the
 * block. libfdt (1.6.1) is not safe on hostile input without the last two:
 * fdt_check_full() dereferences NULL on a version-10 blob (-FDT_ERR_BADVERSION
 * here) and loops forever on a property of length -12, as do its node and
 * property walks (-FDT_ERR_BADSTRUCTURE here). Run it before any other
 * libfdt call on a blob from outside.
 */
int dt_check_header(const void *fdt, size_t bufsize);
/* Node path for messages; "?" when it does not fit. */
const char *dt_path(const void *fdt, int node, char *buf, int len);

#endif
