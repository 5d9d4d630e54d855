/* RAM pattern test at page granularity. */
#ifndef GUEST_RAMTEST_H
#define GUEST_RAMTEST_H
#include <stdint.h>

/*
 * Writes then reads back address-dependent patterns (and their inverse) at the
 * start, middle and end of every 4 KiB page of [lo, hi). Returns the number
 * of mismatching words; *first_bad = the first bad address (if any).
 */
uint64_t ramtest_pages(uint64_t lo, uint64_t hi, uint64_t *first_bad);

#endif
