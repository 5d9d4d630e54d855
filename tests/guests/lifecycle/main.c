/*
 * lifecycle: a guest that is restarted, and knows it. Tessera's restart
 * reloads only the image (and zeroes its bss); the rest of RAM keeps what was
 * there. So on its first boot the guest leaves a mark far above its image and
 * then asks for a restart: PSCI SYSTEM_RESET (the default build), or an access
 * to an unmapped IPA (-DLIFECYCLE_FAULT=1) that the config's on-fault policy
 * answers ("reset" restarts it, "stop" turns it off for good). On the next
 * boot it finds the mark, checks that the image was reloaded, and powers off.
 */
#include "guest/check.h"
#include "guest/console.h"
#include "guest/mmu.h"
#include "guest/rt.h"
#include "guest/smccc.h"
#include "guest/sysreg.h"

#ifndef LIFECYCLE_FAULT
#define LIFECYCLE_FAULT 0
#endif

/* Far above the image, well below the DT (which sits 2 MiB under RAM's end). */
#define MARK_OFFSET (8UL << 20)
#define MARK_MAGIC 0x6c69666563796c65UL /* "lifecycl" */
#define FAULT_IPA 0x20000000UL          /* nothing there (docs/guest-abi.md) */
#define DATA_AS_LINKED 0x11aa22bb33cc44ddUL
#define DATA_CHANGED 0xdeadUL

struct lc_mark {
	uint64_t magic;
	uint64_t boots;
};

/* In .data: a restart that reloads the image brings its linked value back. */
static volatile uint64_t lc_data = DATA_AS_LINKED;

static void clean_to_poc(volatile void *p)
{
	/* the next boot starts with the MMU off: memory must hold the mark */
	__asm__ volatile("dc civac, %0\n\tdsb sy" ::"r"(p) : "memory");
}

static void first_boot(volatile struct lc_mark *m)
{
	check(lc_data == DATA_AS_LINKED, "first boot: .data holds its linked value",
	      "0x%lx", lc_data);
	m->magic = MARK_MAGIC;
	m->boots = 1;
	lc_data = DATA_CHANGED;
	clean_to_poc(m);
	clean_to_poc(&lc_data);
	console_printf("first boot: no mark at 0x%lx, mark written\n", (uint64_t)m);
#if LIFECYCLE_FAULT
	if (!mmu_map(FAULT_IPA, 4096, MMU_DEVICE)) {
		check(false, "stage-1 map of the fault page", "cannot map 0x%lx",
		      FAULT_IPA);
		return;
	}
	console_printf("first boot: loading from unmapped IPA 0x%lx\n", FAULT_IPA);
	(void)*(volatile uint64_t *)FAULT_IPA;
	/* with on-fault "inject" the abort is an unexpected exception instead */
	check(false, "the on-fault policy took the guest away",
	      "the load from 0x%lx returned", FAULT_IPA);
#else
	console_printf("first boot: calling PSCI SYSTEM_RESET\n");
	psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
	check(false, "PSCI SYSTEM_RESET does not return", "it returned");
#endif
}

void guest_main(uint64_t dtb)
{
	volatile struct lc_mark *m;
	uint64_t at;

	rt_setup(dtb);
	at = rt_ram.base + MARK_OFFSET;
	if (!check(at >= (uint64_t)__image_end && at + sizeof(*m) <= dtb,
		   "mark offset lies between the image and the DT",
		   "mark at 0x%lx, image ends 0x%lx, DT at 0x%lx", at,
		   (uint64_t)__image_end, dtb))
		return;
	m = (volatile struct lc_mark *)at;
	if (m->magic != MARK_MAGIC) {
		first_boot(m);
		return;
	}
	m->boots++;
	clean_to_poc(m);
	check(m->boots == 2,
	      LIFECYCLE_FAULT ? "restarted after its fault (on-fault reset)"
			      : "restarted by SYSTEM_RESET",
	      "this is boot %lu", m->boots);
	check(lc_data == DATA_AS_LINKED,
	      "the image was reloaded: .data holds its linked value again", "0x%lx",
	      lc_data);
}
