/* The part of <stdlib.h> Tessera implements (src/lib/strtoul.c); libfdt needs it. */
#ifndef LIBC_STDLIB_H
#define LIBC_STDLIB_H
#include <stddef.h>

unsigned long strtoul(const char *s, char **end, int base);

#endif
