/* System register access for the guests (EL1). */
#ifndef GUEST_SYSREG_H
#define GUEST_SYSREG_H
#include <stdint.h>

#define read_sysreg(reg)                                                                 \
	({                                                                               \
		uint64_t v_;                                                             \
		__asm__ volatile("mrs %0, " #reg : "=r"(v_));                            \
		v_;                                                                      \
	})
#define write_sysreg(reg, val) __asm__ volatile("msr " #reg ", %0" ::"r"((uint64_t)(val)))

#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")
#define barrier() __asm__ volatile("" ::: "memory")

#define SCTLR_M (1UL << 0)
#define SCTLR_C (1UL << 2)
#define SCTLR_I (1UL << 12)

/* MPIDR_EL1 affinity fields Aff3..Aff0 (without the U and MT bits). */
#define MPIDR_AFF_MASK 0xff00ffffffUL

#endif
