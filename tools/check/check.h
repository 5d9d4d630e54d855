/*
 * tessera-check: checks an assignment config on the host, with the same pure
 * code Tessera runs at boot (config_parse, inventory_parse, layout_build).
 * main.c: options and the check; host.c: files, dtc, QEMU and the host DT;
 * report.c: the --map and --list-devices listings.
 */
#ifndef TOOLS_CHECK_CHECK_H
#define TOOLS_CHECK_CHECK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"
#include "dt/inventory.h"
#include "guest/layout.h"

/* Exit codes. */
#define EXIT_VALID 0
#define EXIT_REJECTED 1
#define EXIT_USAGE 2

#define CHECK_QEMU "qemu-system-aarch64"

/* ---- host.c ---- */

/* Reads a whole file into malloc'd memory (8-byte aligned, as libfdt wants).
 * On error returns NULL and prints "tessera-check: PATH: reason" to stderr. */
void *check_read_file(const char *path, size_t *size);

/* A fresh file name in the tool's temporary directory (removed at exit);
 * NULL (with a message) if the directory cannot be made. */
const char *check_temp_path(const char *name);

/* Compiles a config .dts with dtc (tools/mkpayload's flags) into out.
 * dtc's own messages go to stderr. Returns 0, or the exit code to use. */
int check_dtc(const char *dts, const char *out);

/* Dumps QEMU virt's host DT into out; -1 if QEMU is not installed, 1 if it
 * failed (its output is shown), 0 on success. */
int check_qemu_dump(const char *out);

/* A libfdt check of a DT blob read from path: 0, or -1 with a message. */
int check_fdt_blob(const void *blob, size_t size, const char *path, const char *what);

/* A copy of the host DT (malloc'd) with /chosen/linux,initrd-start/end set
 * to the payload when payload_size is not 0; NULL (message printed) if it
 * cannot be made. */
void *check_host_copy(const void *fdt, uint64_t payload, uint64_t payload_size);

/* ---- report.c ---- */

void check_print_map(const struct sys_config *c, const struct sys_layout *l);
/* "note: FILE: NODE: ..." for regions whose type is worth explaining (the
 * memory windows of a PCI host bridge). */
void check_print_notes(const struct sys_config *c, const struct sys_layout *l);

/* Lists the host DT's assignable nodes; returns an exit code. */
int check_list_devices(const void *fdt, const char *path);

/* "4 KiB", "256 MiB", or hex bytes when not a whole unit. */
const char *check_size_str(uint64_t size, char *buf, size_t len);

/* "0x9010000-0x9010fff" */
const char *check_range_str(uint64_t base, uint64_t size, char *buf, size_t len);

#endif
