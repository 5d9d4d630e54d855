/*
 * What a guest really got, on the console: its assigned regions with their
 * stage-2 type as the tables hold it and the effective type a guest
 * Normal-WB mapping gets, and its hardware-linked interrupts. Printed at
 * guest creation and on request (Ctrl-T m).
 */
#include "core/console.h"
#include "guest/layout.h"
#include "guest/vm.h"
#include "memattr/memattr.h"
#include "mm/stage2.h"

/* One line per assigned region and interrupt: what the guest really got. */
void vm_report_devices(const struct vm *vm)
{
	const struct guest_layout *g = vm->layout;

	for (unsigned i = 0; i < g->nr_regions; i++) {
		const struct layout_region *r = &g->region[i];
		char name[80], eff[24];
		struct stage2_mapping m;

		if (r->kind != LAYOUT_DEVICE)
			continue;
		/* what stage 2 really holds, and what a guest's Normal-WB mapping
		 * of it then gets (the combining rules, memattr.h) */
		if (stage2_lookup(&vm->s2, r->ipa, &m)) {
			printk("guest \"%s\": %s: %#lx-%#lx %s, not mapped now (the guest "
			       "is off)\n",
			       vm->name, layout_region_name(g, r, name, sizeof(name)),
			       (unsigned long)r->dev_base,
			       (unsigned long)(r->dev_base + r->dev_size - 1),
			       s2_memtype_name(r->type));
			continue;
		}
		printk("guest \"%s\": %s: %#lx-%#lx mapped %s%s (pages %#lx-%#lx, "
		       "stage-2 MemAttr %#lx); a guest Normal-WB mapping of it is %s\n",
		       vm->name, layout_region_name(g, r, name, sizeof(name)),
		       (unsigned long)r->dev_base,
		       (unsigned long)(r->dev_base + r->dev_size - 1),
		       s2_memtype_name(r->type), r->in_ram ? ", carved out of RAM" : "",
		       (unsigned long)r->pa, (unsigned long)(r->pa + r->size - 1),
		       (unsigned long)((m.desc & S2_DESC_MEMATTR_MASK) >>
				       S2_DESC_MEMATTR_SHIFT),
		       memattr_attr_name(
			       memattr_effective(MEMATTR_NORMAL_WB, r->type, vm->s2.fwb),
			       eff, sizeof(eff)));
	}
	for (unsigned i = 0; i < g->nr_irqs; i++)
		printk("guest \"%s\": INTID %u (%s, from %s) hardware-linked\n", vm->name,
		       g->irq[i].intid, g->irq[i].level ? "level" : "edge",
		       g->cfg->assign[g->irq[i].assign].path);
}
