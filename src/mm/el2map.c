/* EL2 stage-1 translation: TCR_EL2/MAIR_EL2 values and the table pool. */
#include <stddef.h>
#include <string.h>

#include "arch/sysreg.h"
#include "core/config.h"
#include "mm/el2map.h"
#include "mm/pt.h"

/* EL2 (E2H=0) stage-1 descriptor bits, Arm ARM D8.3.2. */
#define S1_ATTRIDX(i) ((uint64_t)(i) << 2)
#define S1_AP_RES1 (1UL << 6) /* AP[1]: one privilege level at EL2 */
#define S1_AP_RO (1UL << 7)   /* AP[2] */
#define S1_SH_INNER (3UL << 8)
#define S1_SH_OUTER (2UL << 8)
#define S1_AF (1UL << 10)
#define S1_XN (1UL << 54)

#define TCR_EL2_RES1 ((1UL << 31) | (1UL << 23))
#define TCR_IRGN0_WBWA (1UL << 8)
#define TCR_ORGN0_WBWA (1UL << 10)
#define TCR_SH0_INNER (3UL << 12)

#define POOL_PAGES 32

struct el2_mmu_regs el2_mmu_regs;

static uint64_t pool[POOL_PAGES][PT_ENTRIES] __attribute__((aligned(4096)));
static uint64_t *pool_free_list; /* freed pool pages, linked through word 0 */
static unsigned pool_used;
static void *(*extra_alloc)(void);
static struct pt el2_pt;

static void *table_alloc(void *ctx)
{
	uint64_t *t = NULL;

	(void)ctx;
	if (pool_free_list) {
		t = pool_free_list;
		pool_free_list = (uint64_t *)t[0];
	} else if (pool_used < POOL_PAGES) {
		t = pool[pool_used++];
	} else if (extra_alloc) {
		return extra_alloc(); /* already zeroed */
	}
	if (t)
		memset(t, 0, PAGE_SIZE);
	return t;
}

static void table_free(void *ctx, void *table)
{
	uint64_t *t = table;

	(void)ctx;
	/* pages from the page allocator are few and boot-time only: keep them */
	t[0] = (uint64_t)pool_free_list;
	pool_free_list = t;
}

static void tlb_inval_cb(void *ctx, uint64_t va, unsigned level, bool was_table)
{
	(void)ctx;
	(void)level;
	dsb(ishst);
	if (was_table)
		__asm__ volatile("tlbi alle2is" ::: "memory");
	else
		__asm__ volatile("tlbi vae2is, %0" ::"r"(va >> 12) : "memory");
	dsb(ish);
	isb();
}

static void publish(void *ctx)
{
	(void)ctx;
	dsb(ishst);
	isb();
}

static const struct pt_ops el2_ops = {
	.table_alloc = table_alloc,
	.table_free = table_free,
	.virt_to_phys = pt_identity_v2p,
	.phys_to_virt = pt_identity_p2v,
	.tlb_inval = tlb_inval_cb,
	.publish = publish,
};

void el2map_init(unsigned pa_bits, unsigned parange)
{
	unsigned ia_bits = pa_bits > 48 ? 48 : pa_bits;

	el2_pt.ia_bits = ia_bits;
	el2_pt.start_level = pt_pick_start_level(ia_bits, 1);
	el2_pt.ops = &el2_ops;
	el2_pt.ctx = NULL;
	el2_pt.root = table_alloc(NULL);

	el2_mmu_regs.mair = MAIR_EL2_VALUE;
	el2_mmu_regs.tcr = TCR_EL2_RES1 | (64 - ia_bits) | TCR_IRGN0_WBWA |
			   TCR_ORGN0_WBWA | TCR_SH0_INNER |
			   ((uint64_t)(parange > 5 ? 5 : parange) << 16);
	el2_mmu_regs.ttbr = (uint64_t)el2_pt.root;
}

static uint64_t prot_attrs(enum el2_prot prot)
{
	const uint64_t normal =
		S1_ATTRIDX(MAIR_IDX_NORMAL) | S1_SH_INNER | S1_AF | S1_AP_RES1;

	switch (prot) {
	case EL2_TEXT:
		return normal | S1_AP_RO;
	case EL2_RO:
		return normal | S1_AP_RO | S1_XN;
	case EL2_RW:
		return normal | S1_XN;
	case EL2_DEVICE:
		return S1_ATTRIDX(MAIR_IDX_DEVICE_nGnRE) | S1_AF | S1_AP_RES1 | S1_XN;
	case EL2_DEVICE_nGnRnE:
		return S1_ATTRIDX(MAIR_IDX_DEVICE_nGnRnE) | S1_AF | S1_AP_RES1 | S1_XN;
	case EL2_NORMAL_NC:
		return S1_ATTRIDX(MAIR_IDX_NORMAL_NC) | S1_SH_OUTER | S1_AF | S1_AP_RES1 |
		       S1_XN;
	}
	return 0;
}

int el2map_map(uint64_t pa, uint64_t size, enum el2_prot prot)
{
	uint64_t b = pa & ~(PAGE_SIZE - 1);
	uint64_t e = (pa + size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);

	return pt_map(&el2_pt, b, b, e - b, prot_attrs(prot));
}

int el2map_unmap(uint64_t pa, uint64_t size)
{
	uint64_t b = pa & ~(PAGE_SIZE - 1);
	uint64_t e = (pa + size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);

	return pt_unmap(&el2_pt, b, e - b);
}

void el2map_set_table_source(void *(*alloc_page)(void))
{
	extra_alloc = alloc_page;
}
