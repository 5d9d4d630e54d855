/* Console input focus and Tessera's own interrupts; see include/core/console_input.h. */
#include "arch/gicv3.h"
#include "core/console.h"
#include "core/console_input.h"
#include "core/irq.h"
#include "core/smp.h"
#include "drivers/pl011.h"
#include "guest/vm.h"
#include "vdev/vuart.h"

static unsigned input_intid;
static unsigned focus;
static bool escape;

void console_input_init(unsigned intid)
{
	input_intid = intid;
}

static void console_input_irq(unsigned intid);

/* The guests' output is drained on a CPU no vCPU runs on, if there is one:
 * then no guest's exits carry the console's work at all. */
static void choose_drain_cpu(void)
{
	uint32_t online = smp_online_mask();

	for (unsigned c = 0; c < smp_nr_cpus && c < NR_CPUS; c++)
		if ((online & (1u << c)) && !pcpus[c].vcpu) {
			console_set_drain_cpu(c);
			return;
		}
	console_set_drain_cpu(0);
}

void console_input_start(void)
{
	choose_drain_cpu();
	if (!input_intid || !nr_vms)
		return;
	if (input_intid >= gic_nr_intids()) {
		printk("console: no input: its interrupt, INTID %u (host DT), is beyond "
		       "the GIC's last INTID %u\n",
		       input_intid, gic_nr_intids() - 1);
		input_intid = 0;
		return;
	}
	irq_route_host(input_intid, console_input_irq);
	pl011_rx_irq_enable(console_uart());
	gic_enable_spi(input_intid, smp_mpidr[0], 0x80);
	printk("console: input goes to guest \"%s\"; Ctrl-T then 0-%u switches, "
	       "Ctrl-T ? lists the guests\n",
	       vms[focus].name, nr_vms - 1);
}

void console_input_off(void)
{
	input_intid = 0;
}

const struct vm *console_input_focus(void)
{
	return (input_intid && nr_vms) ? &vms[focus] : 0;
}

static void list_guests(void)
{
	static const char *const state[] = {"running", "stopping", "off"};

	for (unsigned i = 0; i < nr_vms; i++)
		printk("console: %u: guest \"%s\" (%s)%s\n", i, vms[i].name,
		       state[vms[i].state], i == focus ? ", has the input" : "");
}

static void handle_char(char c)
{
	if (escape) {
		escape = false;
		unsigned idx = (unsigned)(c - '0'); /* wraps above 9 for c < '0' */

		if (idx < nr_vms && idx < VM_MAX) {
			focus = idx;
			printk("console: input goes to guest \"%s\"\n", vms[focus].name);
			return;
		}
		if (c == '?') {
			list_guests();
			return;
		}
		if (c == 'm') {
			printk("console: the devices of guest \"%s\":\n",
			       vms[focus].name);
			vm_report_devices(&vms[focus]);
			return;
		}
		if (c != CONSOLE_ESCAPE)
			return; /* unknown escape: dropped */
	} else if (c == CONSOLE_ESCAPE) {
		escape = true;
		return;
	}
	if (vms[focus].state == VM_RUNNING)
		vuart_rx_push(&vms[focus].uart,
			      c); /* a full FIFO drops it, like a UART */
}

static void console_input_irq(unsigned intid)
{
	(void)intid;
	int c;

	/* Clear first, then drain: a character that arrives after the last
	 * read but before a later clear would lose its interrupt, and the
	 * PL011 raises one only when the FIFO fills to its trigger level, so
	 * input would stop for good. One arriving after this clear raises it
	 * again (at worst a call that finds nothing). */
	pl011_rx_irq_clear(console_uart());
	while ((c = pl011_getc(console_uart())) >= 0)
		handle_char((char)c);
}
