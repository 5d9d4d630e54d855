/* Reading the test inputs that the build makes under build/host/. */
#ifndef UNIT_HELPERS_FILE_H
#define UNIT_HELPERS_FILE_H
#include <stddef.h>

/* The whole file in a calloc'ed buffer (16-byte aligned) with extra zero
 * bytes after it; fails the running test if it cannot be read. */
void *test_read_file(const char *path, size_t extra, size_t *size);

#endif
