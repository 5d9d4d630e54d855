/* Error codes returned (negated) by Tessera's functions. */
#ifndef LIB_ERRNO_H
#define LIB_ERRNO_H

#define ENOENT 2
#define EIO 5
#define ENOMEM 12
#define EBUSY 16
#define EEXIST 17
#define ENODEV 19
#define EINVAL 22
#define ENOSPC 28
#define ERANGE 34
#define ENOTSUP 95

const char *errno_name(int err);

#endif
