/*
 * Facts about the platform's devices that the host DT does not state, from
 * platform/<name>/devices.conf (data, not code), by compatible string.
 */
#ifndef PLATFORM_DEVICES_H
#define PLATFORM_DEVICES_H

#define PLATFORM_DMA_MASTER (1u << 0) /* masters DMA by physical address */
#define PLATFORM_RAM_LIKE (1u << 1)   /* no read side effects: may be Normal-NC */

struct platform_device {
	const char *compatible;
	unsigned flags;
};

extern const struct platform_device platform_devices[];
extern const unsigned platform_nr_devices;

/* The flags of the first compatible string in the list (a DT "compatible"
 * property: NUL-separated strings, len bytes) that the table knows; 0 if none. */
unsigned platform_device_flags(const char *compat, int len);

#endif
