/*
 * Bulk copy into and out of Normal memory with the MMU on, for guest images
 * (tens of MiB at boot). Unlike memcpy() (src/lib/string.c, which must also
 * work with the MMU off, where all memory is Device and accesses must be
 * aligned) it loads from any alignment: FIT image data is only 4-byte
 * aligned, and 8-byte words stay the widest unit -mgeneral-regs-only allows.
 */
#ifndef LIB_COPY_H
#define LIB_COPY_H
#include <stddef.h>

/* memcpy() for Normal memory (non-overlapping); returns dst. */
void *copy_normal(void *dst, const void *src, size_t n);

#endif
