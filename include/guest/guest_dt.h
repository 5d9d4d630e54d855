/* The device tree each guest boots with, generated with libfdt (pure logic). */
#ifndef GUEST_GUEST_DT_H
#define GUEST_GUEST_DT_H
#include <stdbool.h>
#include <stdint.h>

#include "guest/dt_copy.h"

struct guest_config;

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
	/* No virtual PL011 (and its clock): e.g. the guest has the physical one. */
	bool no_vuart;
	/* /chosen/stdout-path; NULL: the virtual PL011 (none with no_vuart). */
	const char *stdout_path;
	/* Host nodes passed through (needs with_gic); NULL: none. Its
	 * gic_phandle, first_phandle and taken_names are set by guest_dt_*(). */
	const struct dt_copy_in *assigned;
	/* Raw assignments (no host node) of cfg, described from the config
	 * DTB cfg_dtb (guest_dt_raw.h); NULL: none. */
	const struct guest_config *cfg;
	const void *cfg_dtb;
	/* Optional: why guest_dt_build() failed, one line. */
	char *err;
	int errlen;
};

/* Writes the DT into buf; <0 (a libfdt error, or a dt_copy one with
 * assigned) if it cannot, saying why in p->err if given. */
int guest_dt_build(void *buf, int size, const struct guest_dt_params *p);
/* What guest_dt_build() would reject in p->assigned (see dt_copy_check()),
 * including node names that clash with the ones it generates. */
int guest_dt_check(const struct guest_dt_params *p, char *err, int errlen);

#endif
