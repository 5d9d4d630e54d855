#include "lib/errno.h"

const char *errno_name(int err)
{
	switch (err < 0 ? -err : err) {
	case 0:
		return "ok";
	case ENOENT:
		return "not found";
	case EIO:
		return "I/O error";
	case ENOMEM:
		return "out of memory";
	case EBUSY:
		return "busy";
	case EEXIST:
		return "already in use";
	case EINVAL:
		return "invalid argument";
	case ENOSPC:
		return "no space left";
	case ERANGE:
		return "out of range";
	case ENOTSUP:
		return "not supported";
	default:
		return "unknown error";
	}
}
