/*
 * What a guest really got, on the console: its assigned regions with their
 * stage-2 type as the tables hold it and the effective type a guest
 * Normal-WB mapping gets as the MMU reports it, and its hardware-linked
 * interrupts. Printed at
 * guest creation and on request (Ctrl-T m).
 */
#include "core/console.h"
#include "guest/layout.h"
#include "guest/vm.h"
#include "memattr/memattr.h"
#include "lib/fmt.h"
#include "mm/stage2.h"
#include "mm/stage2_hw.h"

_Static_assert(LAYOUT_MAX_REGIONS <= VM_MAX_REGIONS, "vm region arrays too small");

void vm_report_probe(struct vm *vm)
{
	const struct guest_layout *g = vm->layout;

	for (unsigned i = 0; i < g->nr_regions; i++) {
		const struct layout_region *r = &g->region[i];
		struct stage2_mapping m;

		if (r->kind != LAYOUT_DEVICE)
			continue;
		vm->region_s2attr[i] =
			stage2_lookup(&vm->s2, r->ipa, &m)
				? 0xff
				: (uint8_t)((m.desc & S2_DESC_MEMATTR_MASK) >>
					    S2_DESC_MEMATTR_SHIFT);
		vm->region_par[i] = stage2_hw_probe_wb(&vm->s2, r->ipa);
	}
}

/*
 * The effective type of a guest Normal-WB mapping, as the MMU reported it
 * (AT S12E1R), and the Arm ARM's combining rules' answer when the two differ
 * (a CPU or emulator that deviates shows it here).
 */
static const char *effective_wb(const struct vm *vm, unsigned i, char *buf, int len)
{
	uint64_t par = vm->region_par[i];
	uint8_t rule = memattr_effective(MEMATTR_NORMAL_WB, vm->layout->region[i].type,
					 vm->s2.fwb);
	uint8_t attr = (uint8_t)(par >> 56);
	char a[24], b[24];

	if (par & 1)
		fmt_snprintf(buf, (size_t)len,
			     "not translated (AT S12E1R: PAR_EL1 %#lx); the Arm ARM's "
			     "rules give %s",
			     (unsigned long)par, memattr_attr_name(rule, b, sizeof(b)));
	else if (attr != rule)
		fmt_snprintf(
			buf, (size_t)len,
			"%s (AT S12E1R: PAR_EL1.ATTR 0x%02x); the Arm ARM's rules give %s",
			memattr_attr_name(attr, a, sizeof(a)), attr,
			memattr_attr_name(rule, b, sizeof(b)));
	else
		fmt_snprintf(buf, (size_t)len, "%s (AT S12E1R: PAR_EL1.ATTR 0x%02x)",
			     memattr_attr_name(attr, a, sizeof(a)), attr);
	return buf;
}

/* One line per assigned region and interrupt: what the guest really got. */
void vm_report_devices(const struct vm *vm)
{
	const struct guest_layout *g = vm->layout;

	for (unsigned i = 0; i < g->nr_regions; i++) {
		const struct layout_region *r = &g->region[i];
		char name[80], eff[128];

		if (r->kind != LAYOUT_DEVICE)
			continue;
		if (vm->state != VM_RUNNING || vm->region_s2attr[i] == 0xff) {
			printk("guest \"%s\": %s: %#lx-%#lx %s, not mapped now (the guest "
			       "is off or restarting)\n",
			       vm->name, layout_region_name(g, r, name, sizeof(name)),
			       (unsigned long)r->dev_base,
			       (unsigned long)(r->dev_base + r->dev_size - 1),
			       s2_memtype_name(r->type));
			continue;
		}
		printk("guest \"%s\": %s: %#lx-%#lx mapped %s%s (pages %#lx-%#lx, "
		       "stage-2 MemAttr %#x); a guest Normal-WB mapping of it is %s\n",
		       vm->name, layout_region_name(g, r, name, sizeof(name)),
		       (unsigned long)r->dev_base,
		       (unsigned long)(r->dev_base + r->dev_size - 1),
		       s2_memtype_name(r->type), r->in_ram ? ", carved out of RAM" : "",
		       (unsigned long)r->pa, (unsigned long)(r->pa + r->size - 1),
		       vm->region_s2attr[i], effective_wb(vm, i, eff, sizeof(eff)));
	}
	for (unsigned i = 0; i < g->nr_irqs; i++)
		printk("guest \"%s\": INTID %u (%s, from %s) hardware-linked\n", vm->name,
		       g->irq[i].intid, g->irq[i].level ? "level" : "edge",
		       g->cfg->assign[g->irq[i].assign].path);
}
