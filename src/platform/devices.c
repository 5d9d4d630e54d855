/* Lookup in the platform's device table (include/platform/devices.h). */
#include <string.h>

#include "platform/devices.h"

unsigned platform_device_flags(const char *compat, int len)
{
	for (int off = 0; compat && off < len;) {
		const char *s = compat + off;
		size_t n = strnlen(s, (size_t)(len - off));

		for (unsigned i = 0; i < platform_nr_devices; i++)
			if (strlen(platform_devices[i].compatible) == n &&
			    !memcmp(platform_devices[i].compatible, s, n))
				return platform_devices[i].flags;
		off += (int)n + 1;
	}
	return 0;
}
