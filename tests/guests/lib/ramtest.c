/* RAM pattern test; see guest/ramtest.h. */
#include "guest/ramtest.h"

#define RAMTEST_PAGE 4096UL

/* Differs per address and per pass, so aliasing and stuck bits both show. */
static uint64_t ramtest_pattern(uint64_t addr, unsigned pass)
{
	uint64_t v = addr * 0x9e3779b97f4a7c15UL ^ 0xa5a5f00dcafe5a5aUL;

	return pass ? ~v : v;
}

static const uint64_t ramtest_offsets[] = {0, RAMTEST_PAGE / 2, RAMTEST_PAGE - 8};

uint64_t ramtest_pages(uint64_t lo, uint64_t hi, uint64_t *first_bad)
{
	uint64_t bad = 0;

	*first_bad = 0;
	for (unsigned pass = 0; pass < 2; pass++) {
		/* Write everything first, so a write that lands elsewhere is caught. */
		for (uint64_t p = lo; p + RAMTEST_PAGE <= hi; p += RAMTEST_PAGE)
			for (unsigned i = 0; i < 3; i++) {
				uint64_t a = p + ramtest_offsets[i];
				*(volatile uint64_t *)a = ramtest_pattern(a, pass);
			}
		for (uint64_t p = lo; p + RAMTEST_PAGE <= hi; p += RAMTEST_PAGE)
			for (unsigned i = 0; i < 3; i++) {
				uint64_t a = p + ramtest_offsets[i];
				if (*(volatile uint64_t *)a != ramtest_pattern(a, pass)) {
					if (!bad)
						*first_bad = a;
					bad++;
				}
			}
	}
	return bad;
}
