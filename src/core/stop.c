/* The one way Tessera stops the machine. */
#include "arch/psci.h"
#include "core/console.h"
#include "core/stop.h"

void hyp_stop(const char *why)
{
	console_flush_all(); /* the guests' last partial lines, if any */
	printk("tessera: stopping: %s\n", why);
	psci_system_off();
	printk("tessera: firmware did not power off (no PSCI SYSTEM_OFF); CPU parked\n");
	park();
}
