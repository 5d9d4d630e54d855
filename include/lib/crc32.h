/*
 * CRC-32 (IEEE 802.3, reflected, polynomial 0xedb88320), as zlib's crc32()
 * and mkimage's "crc32" hash algo compute it. Pure logic.
 */
#ifndef LIB_CRC32_H
#define LIB_CRC32_H
#include <stddef.h>
#include <stdint.h>

/* Continues crc (0 to start) over data, zlib style: crc32_update(crc32_update(0,
 * a), b) is the CRC of a followed by b. */
uint32_t crc32_update(uint32_t crc, const void *data, size_t len);

static inline uint32_t crc32(const void *data, size_t len)
{
	return crc32_update(0, data, len);
}

#endif
