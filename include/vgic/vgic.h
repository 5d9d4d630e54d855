/*
 * Virtual GICv3 (IHI 0069): an emulated distributor and redistributors, and
 * the virtual CPU interface through the ICH_* list registers.
 *
 * A VM only ever sees its own interrupts: SGIs and PPIs of its vCPUs and the
 * SPIs it owns (vgic_own_spi()): purely virtual ones (its vUART) and
 * hardware-linked ones (physical SPIs assigned to it, src/core/irq.c carries
 * its distributor writes for them to the physical GIC). Every other INTID is
 * RAZ/WI. The virtual timer PPI is hardware-linked to the same PPI of the CPU
 * the vCPU runs on.
 *
 * The state and register emulation are pure logic (host unit tested); the
 * list registers live in src/vgic/vgic_lr.c. Locking: the per-VM lock guards
 * every virq; list registers are touched only by the CPU that runs the vCPU.
 */
#ifndef VGIC_VGIC_H
#define VGIC_VGIC_H
#include <stdbool.h>
#include <stdint.h>

#include "abi/vplatform.h"
#include "core/config.h"
#include "lib/spinlock.h"

#define VGIC_NR_PRIV 32
#define VGIC_NR_SGIS 16
/* INTIDs 32..287: room for every SPI of QEMU virt's GIC (256 INTIDs) and
 * more; a guest owns few of them (VGIC_MAX_OWNED). */
#define VGIC_NR_SPIS 256
#define VGIC_NR_IRQS (VGIC_NR_PRIV + VGIC_NR_SPIS)
#define VGIC_MAX_OWNED 64
#define VGIC_MAX_LRS 16

#define VGIC_GICD_IPA VPLAT_GICD_IPA
#define VGIC_GICD_SIZE VPLAT_GICD_SIZE
#define VGIC_GICR_IPA VPLAT_GICR_IPA
#define VGIC_GICR_STRIDE VPLAT_GICR_STRIDE

#define VGIC_MAINT_PPI VPLAT_MAINT_PPI
#define VGIC_VTIMER_PPI VPLAT_VTIMER_PPI

struct virq {
	uint8_t priority;
	uint8_t target; /* SPIs: the vCPU GICD_IROUTER names */
	bool enabled;
	bool pending; /* latched: edge, ISPENDR, or a level line seen high */
	bool active;
	bool level; /* level-sensitive (ICFGR) */
	bool line;  /* level input as the device drives it */
	bool group1;
	bool owned;      /* SPIs: this VM has it (else RAZ/WI) */
	bool hw;         /* hardware-linked: pintid is deactivated with it */
	bool in_lr;      /* sitting in a list register of its target vCPU */
	bool lr_pending; /* that list register held it pending at the last look */
	uint8_t lr_vcpu; /* whose list register, while in_lr */
	/* register writes the list register must follow (VIRQ_LR_*), applied
	 * by its vCPU on its next exit (vgic_lr.c) */
	uint8_t lr_req;
	uint16_t pintid;
	uint64_t route; /* GICD_IROUTER as written (Aff fields; IRM is RAZ/WI) */
};

#define VIRQ_LR_UNPEND 1u /* ICPENDR: no longer pending */
#define VIRQ_LR_DEACT 2u  /* ICACTIVER: no longer active */
#define VIRQ_LR_ACT 4u    /* ISACTIVER: active */
#define VIRQ_LR_SPEND 8u  /* ISPENDR of a linked SPI: the GIC's, unless pending there */
#define VIRQ_LR_PRIO 16u  /* IPRIORITYR: the list register's priority */

struct vgic_cpu {
	struct virq priv[VGIC_NR_PRIV];
	bool sleep; /* GICR_WAKER.ProcessorSleep */
	/* Owned by the CPU running this vCPU: */
	union {
		struct {
			uint32_t lr_used;
			/* private hardware-linked INTIDs taken at EL2 during
			 * this exit, not yet latched (vgic_inject_local) */
			uint32_t hw_new;
		};
		uint64_t in_flight; /* both at once: one test per exit */
	};
	/* list registers loaded with ICH_LR_EOI (virtual level interrupts) */
	uint32_t lr_eoi;
	uint16_t lr_intid[VGIC_MAX_LRS];
};

/* An SPI a VM owns, kept across resets. */
struct vgic_owned {
	uint16_t intid;  /* the guest's INTID */
	uint16_t pintid; /* hardware-linked: the physical INTID; 0: virtual */
	bool level;      /* its trigger at reset (the host DT's, for a linked one) */
};

struct vgic {
	struct spinlock lock;
	unsigned nr_vcpus;
	uint32_t ctlr;    /* GICD_CTLR: EnableGrp0, EnableGrp1 */
	unsigned nr_irqs; /* INTIDs GICD_TYPER reports: up to the last owned one */
	struct vgic_owned owned[VGIC_MAX_OWNED];
	unsigned nr_owned;
	struct virq spi[VGIC_NR_SPIS];
	struct vgic_cpu cpu[NR_CPUS];
};

/* ---- pure logic (src/vgic/vgic_state.c, vgic_dist.c, vgic_redist.c) ---- */

/* No SPIs owned, everything in reset state. */
void vgic_init(struct vgic *g, unsigned nr_vcpus);
/* Gives the VM SPI intid: virtual (pintid 0) or linked to physical pintid.
 * -EINVAL for a non-SPI, -EEXIST if owned already, -ENOSPC when full. */
int vgic_own_spi(struct vgic *g, unsigned intid, unsigned pintid, bool level);
/* Back to reset state (a guest restart), keeping what the VM owns. */
void vgic_reset(struct vgic *g);
/* Back to reset state for one vCPU's private interrupts. */
void vgic_reset_cpu(struct vgic *g, unsigned vcpu);
/* A vCPU starting (first boot or PSCI CPU_ON): its private interrupts reset,
 * but the SGIs sent to it meanwhile stay pending. */
void vgic_start_cpu(struct vgic *g, unsigned vcpu);
/* The virq for intid as seen from vcpu, or NULL if this VM has no such INTID. */
struct virq *vgic_irq(struct vgic *g, unsigned vcpu, unsigned intid);
/* The vCPU an interrupt is delivered to. */
unsigned vgic_irq_target(const struct vgic *g, unsigned vcpu, unsigned intid);
/* Marks intid pending (edge); returns the target vCPU, or -1 if none. */
int vgic_set_pending(struct vgic *g, unsigned vcpu, unsigned intid);
/* Drives an SPI's input line: a level-sensitive SPI is pending while the line
 * is high, an edge-triggered one becomes pending on a rising edge. Returns
 * the target vCPU to kick, or -1. */
int vgic_set_line(struct vgic *g, unsigned intid, bool high);
/* Highest-priority pending, enabled interrupt not yet in a list register for
 * vcpu (lowest priority value wins, then lowest INTID); -1 if none. */
int vgic_pick(struct vgic *g, unsigned vcpu);

/* GICD_CTLR enables q's group (EnableGrp1 or EnableGrp0). */
static inline bool vgic_group_on(const struct vgic *g, const struct virq *q)
{
	return g->ctlr & (q->group1 ? 2u : 1u);
}

/* q may go into a list register: pending, enabled, its group enabled. */
static inline bool vgic_deliverable(const struct vgic *g, const struct virq *q)
{
	return q->pending && q->enabled && !q->in_lr && !q->active && vgic_group_on(g, q);
}
/* Bitmask of vCPUs an ICC_SGI1R_EL1 write targets (self excluded for IRM). */
uint32_t vgic_sgi_targets(uint64_t sgi1r, unsigned self, unsigned nr_vcpus);

/* List register encoding (ICH_LR<n>_EL2). */
#define ICH_LR_STATE_SHIFT 62
#define ICH_LR_PENDING (1UL << 62)
#define ICH_LR_ACTIVE (2UL << 62)
#define ICH_LR_HW (1UL << 61)
#define ICH_LR_GROUP1 (1UL << 60)
#define ICH_LR_EOI (1UL << 41) /* HW = 0: a maintenance interrupt at its deactivation */
/* Inline: the exit path loads list registers. */
static inline uint64_t vgic_lr_encode(unsigned intid, const struct virq *q)
{
	uint64_t lr = intid | ((uint64_t)q->priority << 48) | ICH_LR_PENDING;

	if (q->group1)
		lr |= ICH_LR_GROUP1;
	if (q->hw)
		lr |= ICH_LR_HW | ((uint64_t)q->pintid << 32);
	else if (q->level)
		lr |= ICH_LR_EOI; /* a line still high then is pending again */
	return lr;
}

/* Distributor and redistributor register files. Return 0, or <0 for an
 * access that must fault; *kick gets the vCPUs whose interrupts changed. */
int vgicd_access(struct vgic *g, unsigned vcpu, uint64_t off, unsigned size, bool write,
		 uint64_t *val, uint32_t *kick);
int vgicr_access(struct vgic *g, unsigned vcpu, uint64_t off, unsigned size, bool write,
		 uint64_t *val, uint32_t *kick);

/* The SPIs [*lo, *hi) whose state a distributor write at off may have
 * changed (an empty span for registers that hold none). */
void vgicd_write_span(uint64_t off, unsigned size, unsigned *lo, unsigned *hi);

/* ---- EL2 side (src/vgic/vgic_lr.c) ---- */
struct vm;
struct vcpu;
struct mmio_access;

int vgic_vm_setup(struct vm *vm);
/* vCPU (re)start on this CPU: empty list registers, interface enabled. */
void vgic_vcpu_start(struct vcpu *v);
/* vCPU stop on this CPU: drop list registers and any forwarded interrupt. */
void vgic_vcpu_stop(struct vcpu *v);
/* Exit path: list registers <-> virq state of v (c: its vgic_cpu). Called
 * through vcpu_vgic_exit() (include/guest/vm.h), which skips it when nothing
 * is in flight. */
void vgic_sync_flush(struct vcpu *v, struct vgic_cpu *c);
/* A physical interrupt forwarded to vm as hardware-linked virtual intid
 * (vcpu: the vCPU for a PPI; SPIs go to their target). It stays active
 * physically until the guest deactivates it. False if vm does not own it. */
bool vgic_inject_hw(struct vm *vm, unsigned vcpu, unsigned intid, unsigned pintid);
/* A hardware-linked interrupt intid (same physical INTID) for the running
 * vCPU v, straight into a list register when nothing else needs the exit's
 * flush (vgic_lr.c): one of its PPIs (its virtual timer), or an SPI its VM
 * owns that is routed to it. false: nothing done. */
struct vcpu;
bool vgic_fast_local(struct vcpu *v, unsigned intid);
bool vgic_fast_spi(struct vcpu *v, unsigned intid);
/* A private interrupt (the virtual timer's) the calling CPU took for the vCPU
 * it runs, hardware-linked to the same physical INTID: only noted, the exit's
 * vgic_sync_flush() latches it, under the lock it takes anyway (no other CPU
 * writes hw_new). */
static inline void vgic_inject_local(struct vgic *g, unsigned vcpu, unsigned intid)
{
	g->cpu[vcpu].hw_new |= 1u << intid;
}
/* Carries a linked SPI's virtual state (enable, priority, trigger, target
 * vCPU's CPU) to the physical GIC (vgic lock held, or the VM not running). */
void vgic_hw_sync(struct vm *vm, unsigned intid);
/* Drives an SPI line of vm from any CPU (virtual devices). */
void vgic_spi_line(struct vm *vm, unsigned intid, bool high);
/* Trapped ICC_SGI1R_EL1 / ICC_ASGI1R_EL1 / ICC_SGI0R_EL1 write. */
void vgic_sgi_write(struct vcpu *v, uint64_t val);
/* WFI may sleep: no virtual interrupt is waiting for the guest. */
bool vgic_vcpu_idle_ok(struct vcpu *v);

#endif
