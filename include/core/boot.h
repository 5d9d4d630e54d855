/* Boot sequence entry points called from src/arch/head.S, and boot-time state. */
#ifndef CORE_BOOT_H
#define CORE_BOOT_H
#include <stdbool.h>
#include <stdint.h>

#include "arch/cpu.h"
#include "dt/inventory.h"

/* Linker script symbols. */
extern char __image_start[], __text_end[], __rodata_end[], __image_end[];

extern struct inventory host_inv;
extern const void *host_fdt; /* the host DT Tessera was booted with */
extern struct inv_console
	host_con; /* Tessera's console (regs.size 0 before it is known) */
extern struct cpu_features boot_cpu;
/* The DTB header was valid when the MMU was still off (so it is mapped). */
extern bool boot_dtb_ok;

void boot_mmu_prepare(uint64_t dtb_pa);
void boot_main(uint64_t dtb_pa) __attribute__((noreturn));
void secondary_main(unsigned cpu) __attribute__((noreturn));

#endif
