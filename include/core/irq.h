/*
 * The interrupt routing table: for each physical INTID, who owns it. Tessera
 * (a handler: the kick SGI, the console input, the maintenance PPI), one
 * guest (a passed-through SPI, delivered to the VM as a hardware-linked
 * virtual interrupt at the same INTID), or whichever vCPU runs on the CPU
 * that takes it (the virtual timer PPI, also hardware-linked). Host
 * interrupt dispatch happens here and nowhere else.
 */
#ifndef CORE_IRQ_H
#define CORE_IRQ_H
#include <stdbool.h>
#include <stdint.h>

struct vm;

#define IRQ_MAX_INTID 1020

/* Tessera handles intid itself (after deactivating it). */
void irq_route_host(unsigned intid, void (*handler)(unsigned intid));
/* A physical SPI that belongs to vm from now on. */
void irq_route_guest(unsigned intid, struct vm *vm);
/* A PPI that goes to the vCPU of the CPU that takes it. */
void irq_route_local_vcpu(unsigned intid);

/* An acknowledged interrupt, its priority already dropped (EOImode 1):
 * handled, forwarded, or deactivated. true when it went straight into a
 * list register of the vCPU this CPU runs (vgic_fast_spi()), so that
 * the exit has nothing more to flush. */
bool irq_dispatch(unsigned intid);
/* intid goes to the vCPU of the CPU that takes it (irq_route_local_vcpu);
 * inline for the interrupt exit: a copy of the routing table's owner. */
extern uint32_t irq_local_vcpu_mask;
static inline bool irq_local_vcpu(unsigned intid)
{
	return intid < 32 && ((irq_local_vcpu_mask >> intid) & 1);
}
/* Idle CPU: acknowledge and dispatch whatever woke it (bounded). */
void irq_poll_idle(void);

#endif
