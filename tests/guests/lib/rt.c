/* Guest runtime C side: setup, secondary entry, exceptions, power off. */
#include "guest/check.h"
#include "guest/console.h"
#include "guest/dt.h"
#include "guest/fault.h"
#include "guest/mmu.h"
#include "guest/rt.h"
#include "guest/smccc.h"
#include "guest/sysreg.h"

struct rt_ram rt_ram;
struct rt_entry rt_entry[RT_MAX_VCPUS];
_Static_assert(sizeof(struct rt_entry) == 64, "start.S stores rt_entry[cpu] at cpu << 6");
uint64_t rt_mmu_regs[4];

void rt_main(uint64_t dtb);
void rt_secondary_main(unsigned cpu, uint64_t ctx);
void rt_exception(struct rt_frame *f, unsigned vector);
void rt_park(void) __attribute__((noreturn));

/* -fstack-protector support (the guests use the hypervisor's flags). */
uintptr_t __stack_chk_guard = 0x7c3a91e25d04b86fUL;
void __stack_chk_fail(void);
void __stack_chk_fail(void)
{
	console_printf("FAIL: stack corruption detected (stack protector)\n");
	rt_system_off();
}

void rt_system_off(void)
{
	psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	console_printf("FAIL: PSCI SYSTEM_OFF returned\n");
	rt_park();
}

void rt_main(uint64_t dtb)
{
	guest_main(dtb);
	check_finish();
}

__attribute__((weak)) void guest_secondary_main(unsigned cpu, uint64_t ctx)
{
	check(false, "secondary vCPU has work",
	      "vCPU %u started (context 0x%lx) but this guest has no secondary code", cpu,
	      ctx);
}

void rt_secondary_main(unsigned cpu, uint64_t ctx)
{
	guest_secondary_main(cpu, ctx);
	psci_call(PSCI_CPU_OFF, 0, 0, 0);
	console_printf("FAIL: PSCI CPU_OFF returned on vCPU %u\n", cpu);
	rt_park();
}

static const char *const rt_vector_names[4] = {
	"EL1t (SP_EL0)",
	"EL1h (SP_EL1)",
	"lower EL, AArch64",
	"lower EL, AArch32",
};
static const char *const rt_type_names[4] = {"sync", "IRQ", "FIQ", "SError"};

static void (*rt_irq_handler)(void);
struct rt_frame *volatile rt_irq_frame;

void rt_set_irq_handler(void (*fn)(void))
{
	__atomic_store_n(&rt_irq_handler, fn, __ATOMIC_RELEASE);
}

void rt_exception(struct rt_frame *f, unsigned vector)
{
	void (*irq)(void) = __atomic_load_n(&rt_irq_handler, __ATOMIC_ACQUIRE);

	/* IRQ from EL1t or EL1h (vector type 1); lower ELs never run here */
	if ((vector & 3) == 1 && vector < 8 && irq) {
		rt_irq_frame = f; /* the handler may look at what it interrupted */
		irq();
		return;
	}
	if (fault_handle(f, vector))
		return;
	check(false, "no unexpected exception",
	      "unexpected exception on vCPU %u: %s from %s, ESR 0x%lx (EC 0x%lx), FAR 0x%lx, ELR 0x%lx",
	      rt_cpu_id(), rt_type_names[vector & 3], rt_vector_names[vector >> 2],
	      f->esr, ESR_EC(f->esr), f->far, f->elr);
	check_finish();
}

void rt_setup(uint64_t dtb)
{
	uint64_t img = (uint64_t)__image_start, img_end = (uint64_t)__image_end;
	char err[128];

	if (!dt_find_ram(dtb, img, &rt_ram, err, sizeof(err))) {
		check(false, "guest RAM found in the DT", "%s", err);
		check_finish();
	}
	console_printf("RAM 0x%lx-0x%lx (%lu MiB), image 0x%lx-0x%lx, DT at 0x%lx\n",
		       rt_ram.base, rt_ram.base + rt_ram.size - 1, rt_ram.size >> 20, img,
		       img_end - 1, dtb);
	if (img_end > rt_ram.base + rt_ram.size) {
		check(false, "image fits in RAM", "image ends at 0x%lx", img_end);
		check_finish();
	}
	if (!mmu_map(rt_ram.base, rt_ram.size, MMU_NORMAL) ||
	    !mmu_map(RT_UART_BASE, 4096, MMU_DEVICE)) {
		check(false, "stage-1 tables built", "out of tables or overlap");
		check_finish();
	}
	mmu_enable();
}
