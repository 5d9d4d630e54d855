/*
 * Reading the whole ID space at EL2. Unallocated encodings there are
 * reserved, RAZ (Arm ARM D19.2), so every one can be read by name.
 */
#include "arch/sysreg.h"
#include "trap/idregs.h"

#define R(crm, op2)                                                                      \
	case IDREG_INDEX(crm, op2):                                                      \
		return sysreg_read(S3_0_C0_C##crm##_##op2)
#define ROW(crm)                                                                         \
	R(crm, 0);                                                                       \
	R(crm, 1);                                                                       \
	R(crm, 2);                                                                       \
	R(crm, 3);                                                                       \
	R(crm, 4);                                                                       \
	R(crm, 5);                                                                       \
	R(crm, 6);                                                                       \
	R(crm, 7)

static uint64_t idreg_read(unsigned i)
{
	switch (i) {
		ROW(1);
		ROW(2);
		ROW(3);
		ROW(4);
		ROW(5);
		ROW(6);
		ROW(7);
	default:
		return 0;
	}
}

void idregs_hw_read(uint64_t hw[IDREG_NR])
{
	for (unsigned i = 0; i < IDREG_NR; i++)
		hw[i] = idreg_read(i);
}
