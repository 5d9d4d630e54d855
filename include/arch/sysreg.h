/* System register access and the EL2 register values Tessera uses. */
#ifndef ARCH_SYSREG_H
#define ARCH_SYSREG_H

#define SCTLR_EL2_RES1 0x30c50830UL
#define SCTLR_EL2_M (1UL << 0)
#define SCTLR_EL2_C (1UL << 2)
#define SCTLR_EL2_SA (1UL << 3)
#define SCTLR_EL2_I (1UL << 12)
#define SCTLR_EL2_WXN (1UL << 19)
/* FEAT_IESB: an implicit error synchronization event at each exception
 * entry to EL2 and each ERET from it (src/arch/serror_hw.c) */
#define SCTLR_EL2_IESB (1UL << 21)

/* HCR_EL2 (Arm ARM, HCR_EL2). */
#define HCR_EL2_VM (1UL << 0)
#define HCR_EL2_SWIO (1UL << 1)
#define HCR_EL2_PTW (1UL << 2) /* stage-1 walks touching stage-2 Device memory fault */
#define HCR_EL2_FMO (1UL << 3)
#define HCR_EL2_IMO (1UL << 4)
#define HCR_EL2_AMO (1UL << 5)
#define HCR_EL2_VSE (1UL << 8) /* a virtual SError is pending for EL1 */
#define HCR_EL2_FB (1UL << 9)
#define HCR_EL2_BSU_IS (1UL << 10)
#define HCR_EL2_DC (1UL << 12)
#define HCR_EL2_TWI (1UL << 13)
#define HCR_EL2_TID3 (1UL << 18)
#define HCR_EL2_TSC (1UL << 19)
#define HCR_EL2_TIDCP (1UL << 20)
#define HCR_EL2_TACR (1UL << 21)
#define HCR_EL2_TSW (1UL << 22)
#define HCR_EL2_RW (1UL << 31)
#define HCR_EL2_TERR (1UL << 36)
#define HCR_EL2_APK (1UL << 40)
#define HCR_EL2_API (1UL << 41)
#define HCR_EL2_FWB (1UL << 46)
/* With no guest: EL1 is AArch64, and physical SErrors are taken to EL2
 * (AMO) so that one Tessera raises itself is reported (arch/serror_hw.h) */
#define HCR_EL2_HOST (HCR_EL2_RW | HCR_EL2_AMO)

/* CPTR_EL2 (E2H=0): RES1 bits, TFP=0 so libfdt's SIMD code does not trap. */
#define CPTR_EL2_RES1 0x33ffUL

/* MAIR_EL2 attribute indices used by the EL2 stage-1 map. */
#define MAIR_IDX_NORMAL 0
#define MAIR_IDX_DEVICE_nGnRnE 1
#define MAIR_IDX_DEVICE_nGnRE 2
#define MAIR_IDX_NORMAL_NC 3
#define MAIR_EL2_VALUE 0x44040000ffUL

#ifndef __ASSEMBLER__
#include <stdint.h>

/* The extra level expands a register macro (e.g. S3_4_C1_C2_0) before it is
 * turned into the assembler's register name. */
#define sysreg_read(reg) sysreg_read_(reg)
#define sysreg_read_(reg)                                                                \
	({                                                                               \
		uint64_t v_;                                                             \
		__asm__ volatile("mrs %0, " #reg : "=r"(v_));                            \
		v_;                                                                      \
	})
#define sysreg_write(reg, val) sysreg_write_(reg, val)
#define sysreg_write_(reg, val)                                                          \
	__asm__ volatile("msr " #reg ", %0" ::"r"((uint64_t)(val)))

#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")
#define dmb(opt) __asm__ volatile("dmb " #opt ::: "memory")
#define wfe() __asm__ volatile("wfe" ::: "memory")
#define wfi() __asm__ volatile("wfi" ::: "memory")
#define sev() __asm__ volatile("sev" ::: "memory")

static inline unsigned current_el(void)
{
	return (unsigned)((sysreg_read(CurrentEL) >> 2) & 3);
}
#endif
#endif
