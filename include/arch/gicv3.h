/*
 * The physical GICv3 as Tessera itself uses it: Group 1 non-secure SGIs to kick
 * another CPU, acknowledged at EL2 (GICv3 architecture spec, IHI 0069).
 */
#ifndef ARCH_GICV3_H
#define ARCH_GICV3_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/gic_regs.h"
#include "arch/sysreg.h"
#include "dt/inventory.h"

#define GIC_SGI_KICK 8    /* "look at your mailbox": stop, reset or start a vCPU */
#define GIC_SGI_CONSOLE 9 /* to the boot CPU: guests' console rings want draining */
#define GIC_INTID_SPURIOUS 1023

/* Boot CPU, before gic_init(): the distributor and each redistributor
 * region answer as GICv3 (or v4) frames; else -ENODEV and why in err. */
int gic_check(const struct inv_gic *g, char *err, size_t len);
/* Boot CPU: distributor (affinity routing, Group 1 enabled). */
int gic_init(const struct inv_gic *g);
/* Every CPU: wakes its redistributor, enables the system register interface. */
int gic_init_cpu(void);
/* Sends SGI intid to the CPU with this MPIDR. */
void gic_send_sgi(uint64_t mpidr, unsigned intid);
/* Acknowledge; end of interrupt is split (EOImode 1): gic_eoi() drops the
 * running priority, gic_deactivate() ends the active state. Inline: every
 * interrupt exit runs them. */
static inline unsigned gic_ack(void)
{
	unsigned intid = (unsigned)sysreg_read(ICC_IAR1_EL1);

	dsb(sy);
	return intid & 0xffffff;
}

static inline void gic_eoi(unsigned intid)
{
	sysreg_write(ICC_EOIR1_EL1, intid); /* priority drop */
	isb();
}
void gic_deactivate(unsigned intid);
/* Routes an SPI to the CPU with this MPIDR, Group 1, enabled. */
void gic_enable_spi(unsigned intid, uint64_t mpidr, uint8_t priority);
/* INTIDs the distributor implements (GICD_TYPER.ITLinesNumber), at most 1020. */
unsigned gic_nr_intids(void);
/* A device SPI a guest owns, as its virtual state says: trigger, priority,
 * Group 1, routed to mpidr, then enabled or disabled. */
void gic_spi_configure(unsigned intid, bool enabled, uint8_t priority, bool level,
		       uint64_t mpidr);
void gic_spi_set_pending(unsigned intid, bool pending);
/* Ends an SPI's active state from any CPU (the distributor's
 * GICD_ICACTIVER: ICC_DIR_EL1 belongs to the CPU that acknowledged it). */
void gic_spi_deactivate(unsigned intid);
/* GICD_ISPENDR's bit: for a level SPI still active, its line is high. */
bool gic_spi_pending(unsigned intid);
/* Reclaim: disabled, and neither pending nor active any more. */
void gic_spi_release(unsigned intid);
/* Enables an SGI or PPI on the calling CPU as Group 1 with this priority. */
void gic_enable_private(unsigned intid, uint8_t priority);

#endif
