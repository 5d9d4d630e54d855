/* ESR_ELx decoding (Arm ARM D24.2.45); pure logic, host unit tested. */
#ifndef ARCH_ESR_H
#define ARCH_ESR_H
#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define ESR_IL (1UL << 25)
#define ESR_ISS(esr) ((esr)&0x1ffffff)

#define EC_UNKNOWN 0x00
#define EC_WFX 0x01
#define EC_SVC64 0x15
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_SYSREG 0x18
#define EC_IABT_LOW 0x20
#define EC_IABT_CUR 0x21
#define EC_PC_ALIGN 0x22
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25
#define EC_SP_ALIGN 0x26
#define EC_SERROR 0x2f
#define EC_BRK64 0x3c

/* WF* ISS.TI (Arm ARM, ESR_EL2 for EC 0x01). */
#define ESR_WFX_TI_MASK 3UL
#define ESR_WFX_TI_WFI 0UL

/* Data abort ISS fields (ISV=1 syndrome). */
#define ESR_DABT_ISV (1UL << 24)
#define ESR_DABT_SAS(esr) (((esr) >> 22) & 3)
#define ESR_DABT_SSE (1UL << 21)
#define ESR_DABT_SRT(esr) (((esr) >> 16) & 0x1f)
#define ESR_DABT_SF (1UL << 15)
#define ESR_DABT_FNV (1UL << 10)
#define ESR_DABT_S1PTW (1UL << 7)
#define ESR_DABT_WNR (1UL << 6)
#define ESR_xABT_FSC(esr) ((esr)&0x3f)

/* DISR_EL1 (FEAT_RAS): A, bit 31, says an ESB deferred an SError there. */
#define DISR_EL1_A_BIT 31
#define DISR_EL1_A (1UL << DISR_EL1_A_BIT)

#ifndef __ASSEMBLER__
/* The ESR_ELx that SError would have had: DISR_EL1 keeps its ISS[24:0]
 * (Arm ARM, DISR_EL1); IL is 1 for an SError. */
uint64_t esr_from_disr(uint64_t disr);
const char *esr_ec_name(unsigned ec);
const char *esr_fsc_name(unsigned fsc);
/* One line: class, and for aborts the fault status, level and access. */
int esr_describe(uint64_t esr, char *buf, int len);
#endif

#endif
