/*
 * Guests (VMs) and their vCPUs. Static partitioning: every vCPU is bound to one
 * physical CPU for its whole life, and a physical CPU runs at most one vCPU.
 */
#ifndef GUEST_VM_H
#define GUEST_VM_H
#include <stdbool.h>
#include <stdint.h>

#include "arch/cpu.h"
#include "arch/el1_ctx.h"
#include "arch/exception.h"
#include "core/config.h"
#include "lib/spinlock.h"
#include "mm/stage2.h"
#include "trap/mmio.h"
#include "vdev/vuart.h"
#include "vgic/vgic.h"

#define VM_MAX 8
#define VM_MAX_MMIO 8
#define VM_NAME_LEN 32
#define VM_MAX_REGIONS 64 /* LAYOUT_MAX_REGIONS */

enum vcpu_state { VCPU_OFF, VCPU_ON_PENDING, VCPU_ON };
enum vm_state { VM_RUNNING, VM_STOPPING, VM_OFF };
enum vm_request { VM_REQ_OFF, VM_REQ_RESET };
enum vm_on_fault { VM_FAULT_INJECT, VM_FAULT_STOP, VM_FAULT_RESET };

struct vm;
struct guest_config;
struct guest_layout;

struct vcpu {
	struct vm *vm;
	unsigned id;   /* guest-visible index: MPIDR Aff0 */
	unsigned pcpu; /* logical physical CPU */
	volatile int state;
	uint64_t entry;           /* where it starts (boot or PSCI CPU_ON) */
	uint64_t ctx;             /* x0 at that start */
	volatile bool vgic_dirty; /* virtual interrupts may need a list register */
	struct el1_ctx el1;
	/* &vm->vgic.cpu[id], for the exit path's look at it */
	struct vgic_cpu *vgic_cpu;
	/* the trapped access being emulated, and the region it hit last
	 * (src/trap/trap.c) */
	struct mmio_access mmio;
	struct vm_mmio *mmio_last;
};

struct vm_mmio {
	uint64_t base, size;
	/* 0 when handled; <0 makes the access fault like an unmapped one */
	int (*access)(struct vcpu *v, struct mmio_access *a, void *dev);
	void *dev;
};

struct vm {
	unsigned id;
	char name[VM_NAME_LEN];
	volatile int state;
	int request;
	const char *stop_reason;
	enum vm_on_fault on_fault;
	struct spinlock lock;

	struct stage2 s2;
	uint64_t ram_pa, ram_ipa, ram_size;
	uint64_t entry_ipa, dtb_ipa;
	/* Boot log (core/boot_time.h): vCPU 0's next entry is the VM's first
	 * instruction (set by vm_start), and when its reset was asked (0: none). */
	bool time_entry;
	uint64_t reset_at;

	unsigned nr_vcpus;
	struct vcpu vcpu[NR_CPUS];

	unsigned nr_mmio;
	struct vm_mmio mmio[VM_MAX_MMIO];

	struct vuart uart;
	struct vgic vgic;
	const struct guest_config *cfg;    /* what vm_load() (re)loads from */
	const struct guest_layout *layout; /* its regions and interrupts */
	bool set_way_said; /* this life's first set/way sweep was logged */
	/* the guest DT as first built, copied back at each restart (vm_load.c) */
	void *dt_saved;
	uint64_t dt_saved_size, dt_saved_ipa;

	/* per layout region, read when the guest (re)starts (vm_report.c):
	 * stage 2's MemAttr and AT S12E1R's PAR for a Normal-WB stage 1 */
	uint8_t region_s2attr[VM_MAX_REGIONS];
	uint64_t region_par[VM_MAX_REGIONS];
};

struct pcpu {
	struct vcpu *vcpu; /* the vCPU bound to this CPU, or NULL */
};

extern struct pcpu pcpus[NR_CPUS];

/* The vCPU of the calling CPU (inline: every exit starts with it). */
static inline struct vcpu *vcpu_current(void)
{
	return pcpus[cpu_id()].vcpu;
}
extern struct vm vms[VM_MAX];
extern unsigned nr_vms;

int vm_add_mmio(struct vm *vm, uint64_t base, uint64_t size,
		int (*access)(struct vcpu *, struct mmio_access *, void *), void *dev);
struct vm_mmio *vm_find_mmio(struct vm *vm, uint64_t ipa);

/* Marks vCPU 0 runnable at the VM's entry and kicks its CPU. */
void vm_start(struct vm *vm);
/* Asks every vCPU of vm to stop (from any CPU); the last one to stop turns
 * the VM off or restarts it. */
void vm_request_stop(struct vm *vm, enum vm_request req, const char *reason);
/* A stop of vm already asked for as a reset becomes a stop for good. */
void vm_request_off_instead(struct vm *vm, const char *reason);
/* PSCI CPU_ON for a vCPU of vm; returns a PSCI status. */
int64_t vm_cpu_on(struct vm *vm, uint64_t mpidr, uint64_t entry, uint64_t ctx);
/* PSCI AFFINITY_INFO; returns a PSCI status or 0 (on), 1 (off), 2 (pending). */
int64_t vm_affinity_info(struct vm *vm, uint64_t mpidr, uint64_t level);

/* Stops the calling CPU's vCPU and idles the CPU; never returns. */
void vcpu_stop_self(void) __attribute__((noreturn));
/* The idle loop every CPU ends in (src/arch/guest_entry.S resets the stack). */
void pcpu_idle(void) __attribute__((noreturn));
void pcpu_loop(void) __attribute__((noreturn));
/* Makes the CPU look at its vCPU's state: wakes it from idle or the guest. */
void pcpu_kick(unsigned pcpu);
/* Marks v off; the last vCPU of a stopping VM finishes the stop. */
void vm_vcpu_stopped(struct vcpu *v);
/* Called by the kick interrupt: stops this CPU's vCPU if its VM is stopping. */
void vcpu_check_requests(void);

/* vm->state with sequentially consistent ordering (src/guest/vm_off.c). */
int vm_state(const struct vm *vm);
void vm_set_state(struct vm *vm, int state);
/* Marks vm off; true when every VM of all[0..n) is off by then. Of guests
 * that go off at once, at least one gets true. */
bool vm_set_off_last(struct vm *vm, struct vm *all, unsigned n);

/* Exit path: list registers only when something is in flight (the common
 * exit skips the call). */
static inline void vcpu_vgic_exit(struct vcpu *v)
{
	struct vgic_cpu *c = v->vgic_cpu;

	if (v->vgic_dirty || c->in_flight)
		vgic_sync_flush(v, c);
}

/* Reads what each assigned region really got, from the tables and the MMU,
 * while no vCPU of vm runs (at creation and at each restart). */
void vm_report_probe(struct vm *vm);
/* The guest's assigned regions and interrupts on the console (vm_report.c),
 * as vm_report_probe() found them: no table walk, so safe at any time. */
void vm_report_devices(const struct vm *vm);

/* Loads images and DT into vm's RAM (src/guest/vm_load.c); fresh (a new
 * guest) also zeroes the rest of its RAM, a restart keeps it. */
int vm_load(struct vm *vm, bool fresh, char *err, int errlen);

/*
 * Lifecycle phases (src/guest/vm_phases.c), in the order a stop or a reset
 * runs them once every vCPU has stopped: release the physical interrupts,
 * unmap the devices, [reset them], then for a restart reload, map and claim
 * again before vm_start(). vm_create runs map and claim the first time.
 */
void vm_irqs_release(struct vm *vm);
int vm_devices_unmap(struct vm *vm);
/* Drains and resets what it can of each unmapped device, one line each, then
 * clears the carve-outs on a reset; non-zero if one could not be cleared. */
int vm_devices_reclaim(struct vm *vm);
/* Cleans and invalidates a carve-out of RAM that Tessera's own map no
 * longer holds, and zeroes it unless keep (vm_phases.c says why). */
struct layout_region;
int vm_carveout_clear(const struct layout_region *rg, bool keep);
/* vm_pci.c: a region of a PCI host bridge, once unmapped; for the ECAM,
 * bus mastering off in every function (one line each); name: the region's.
 * Non-zero if bus mastering could not be turned off. */
int vm_pci_reclaim(const struct vm *vm, const struct layout_region *rg, const char *name);
/* Held around a temporary EL2 mapping made during reclaim (Tessera's EL2
 * tables are shared, and two guests may reclaim at once). */
void vm_tmp_map_lock(void);
void vm_tmp_map_unlock(void);
int vm_devices_map(struct vm *vm);
void vm_irqs_claim(struct vm *vm);

#endif
