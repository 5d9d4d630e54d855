/* The device tree each guest boots with, generated with libfdt (pure logic). */
#ifndef GUEST_GUEST_DT_H
#define GUEST_GUEST_DT_H
#include <stdbool.h>
#include <stdint.h>

struct guest_dt_params {
	uint64_t ram_ipa, ram_size;
	unsigned nr_vcpus;
	const char *bootargs; /* may be NULL */
	uint64_t initrd_ipa, initrd_size;
	uint64_t uart_ipa;
	unsigned uart_spi; /* SPI number (INTID - 32) */
	bool with_gic;     /* vGICv3 and the arch timer */
	uint64_t gicd_ipa, gicr_ipa, gicr_size;
	unsigned maint_ppi;    /* PPI numbers (INTID - 16) */
	unsigned timer_ppi[4]; /* secure phys, phys, virt, hyp */
};

/* Writes the DT into buf; <0 (a libfdt error) if it does not fit. */
int guest_dt_build(void *buf, int size, const struct guest_dt_params *p);

#endif
