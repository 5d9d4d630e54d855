/*
 * What the host DT says about the machine (pure logic over libfdt; host unit
 * tested against DTBs dumped from QEMU).
 */
#ifndef DT_INVENTORY_H
#define DT_INVENTORY_H
#include <stdbool.h>
#include <stdint.h>

#include "core/config.h"
#include "dt/dt.h"
#include "lib/range.h"

#define INV_MAX_RAM 8
#define INV_MAX_RESERVED 16
#define INV_MAX_FREE 32
#define INV_MAX_REDIST 4
#define INV_ERR_LEN 200

enum psci_conduit { PSCI_CONDUIT_NONE, PSCI_CONDUIT_SMC, PSCI_CONDUIT_HVC };

struct inv_gic {
	unsigned version; /* 2 or 3; 0 when absent */
	struct range dist;
	struct range redist[INV_MAX_REDIST];
	unsigned nr_redist;
	unsigned maint_intid; /* INTID of the maintenance PPI, 0 if not given */
	char path[DT_PATH_LEN];
};

struct inv_timer {
	unsigned phys_intid; /* non-secure EL1 physical timer PPI, as an INTID */
	unsigned virt_intid;
	unsigned hyp_intid;
};

struct inventory {
	struct range ram[INV_MAX_RAM];
	unsigned nr_ram;
	struct range reserved[INV_MAX_RESERVED]; /* /reserved-memory and /memreserve/ */
	unsigned nr_reserved;
	struct range dtb;
	struct range image;
	struct range payload;
	bool has_payload;
	struct range free[INV_MAX_FREE]; /* RAM minus all of the above, page aligned */
	unsigned nr_free;
	uint64_t cpu_mpidr[NR_CPUS]; /* in /cpus order */
	unsigned nr_cpus;
	unsigned nr_cpus_in_dt; /* may exceed NR_CPUS */
	struct inv_gic gic;
	struct inv_timer timer;
	enum psci_conduit psci;
	char bootargs[160];
};

struct inv_console {
	struct range regs;
	char path[DT_PATH_LEN];
	int node;       /* its offset in the host DT */
	unsigned intid; /* its receive interrupt (an SPI), 0 if the DT names none */
};

/* Finds the PL011 named by /chosen/stdout-path. On error returns <0 and
 * writes a one-line reason to err. */
int inventory_console(const void *fdt, struct inv_console *con, char *err, int errlen);

/*
 * Fills inv from the host DT. dtb_pa is where the DTB sits (it becomes
 * reserved), image is Tessera's own footprint. On error returns <0 and writes
 * one line naming the missing or broken node to err.
 */
int inventory_parse(const void *fdt, uint64_t dtb_pa, const struct range *image,
		    struct inventory *inv, char *err, int errlen);

/*
 * Checks that the RAM and the GIC inv names lie below 2^pa_bits (the CPU's
 * physical address size, at most the 48 bits Tessera maps). On error
 * returns <0 and writes one line naming the node to err.
 */
int inventory_check_pa(const void *fdt, const struct inventory *inv, unsigned pa_bits,
		       char *err, int errlen);

const char *psci_conduit_name(enum psci_conduit c);

#endif
