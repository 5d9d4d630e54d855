/* Loading the test DTBs that unit-data.mk builds under build/host/dtbs/. */
#ifndef UNIT_HELPERS_DTB_H
#define UNIT_HELPERS_DTB_H

/* Reads NAME.dtb into a malloc'ed buffer checked with fdt_check_header();
 * fails the running test if the file is missing or broken. */
void *dtb_load(const char *name);
/* Node offset of path; fails the running test if there is none. */
int dtb_node(const void *fdt, const char *path);

#endif
