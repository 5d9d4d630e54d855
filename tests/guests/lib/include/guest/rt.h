/*
 * Guest runtime: boot, per-vCPU stacks, the guest's RAM and the entry points
 * each test guest provides. Shared by C and assembly.
 */
#ifndef GUEST_RT_H
#define GUEST_RT_H

#include "abi/vplatform.h"

#define RT_MAX_VCPUS 4
#define RT_STACK_SIZE 16384
#define RT_UART_BASE VPLAT_UART_IPA

/* SCTLR_EL1 with the MMU and caches off: the v8.0 RES1 bits only. */
#define RT_SCTLR_EL1_OFF 0x30d00800UL
#define RT_CPACR_FPEN 0x300000UL

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

struct rt_ram {
	uint64_t base;
	uint64_t size;
};

/*
 * State at entry (start.S), per vCPU, for the boot-protocol checks. For
 * secondaries x[1] is x1 and x[2], x[3] are not captured (0).
 */
struct rt_entry {
	uint64_t x[4];
	uint64_t daif, sctlr, current_el;
	uint64_t pad;
};
extern struct rt_entry rt_entry[RT_MAX_VCPUS];

/* The guest's RAM, from the DT's /memory (valid after rt_setup()). */
extern struct rt_ram rt_ram;
/* MAIR, TCR, TTBR0, SCTLR for secondaries; 0 while the MMU is off. */
extern uint64_t rt_mmu_regs[4];

extern char __image_start[], __image_end[];

/* Provided by each guest: the boot vCPU's C entry, x0 = DT address. */
void guest_main(uint64_t dtb);
/* Optional (weak default: report and fail): secondary vCPU body. */
void guest_secondary_main(unsigned cpu, uint64_t ctx);

/*
 * Reads RAM from the DT, maps RAM (Normal WB) and the UART page (Device) in
 * stage 1 and turns the MMU on. On failure reports FAIL and powers off.
 */
void rt_setup(uint64_t dtb);

/* Entry for PSCI CPU_ON (physical = virtual address: identity map). */
void rt_secondary_entry(void);

/* vCPU index: MPIDR_EL1.Aff0, which is 0..n-1 by the guest ABI. */
static inline unsigned rt_cpu_id(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, tpidr_el1" : "=r"(v));
	return (unsigned)v;
}

/*
 * IRQs: every IRQ the calling guest takes (any vCPU) runs fn, with IRQs
 * masked, on the vCPU that took it; it must acknowledge what it handles.
 * Without a handler an IRQ is an unexpected exception.
 */
void rt_set_irq_handler(void (*fn)(void));
/* While an IRQ handler runs: the interrupted context (fault.h), which it
 * may change (ELR to resume elsewhere). */
struct rt_frame;
extern struct rt_frame *volatile rt_irq_frame;

static inline void rt_irq_unmask(void)
{
	__asm__ volatile("msr daifclr, #2" ::: "memory");
}

static inline void rt_irq_mask(void)
{
	__asm__ volatile("msr daifset, #2" ::: "memory");
}

/* Power the whole guest off; never returns (parks if SYSTEM_OFF fails). */
void rt_system_off(void) __attribute__((noreturn));
#endif
#endif
