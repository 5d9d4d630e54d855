/* Boot-time self tests chosen from bootargs; see include/core/selftest.h. */
#include <stdint.h>
#include <string.h>

#include "core/boot.h"
#include "core/console.h"
#include "core/selftest.h"

/* A "ret" instruction placed in writable, non-executable data. */
static volatile uint32_t data_ret_insn = 0xd65f03c0;

static int arg_is(const char *args, const char *want)
{
	const char *p = strstr(args, "tessera.selftest=");
	size_t n = strlen(want);

	if (!p)
		return 0;
	p += strlen("tessera.selftest=");
	return strncmp(p, want, n) == 0 && (p[n] == 0 || p[n] == ' ');
}

bool selftest_guest_serror;

void selftest_run(const char *bootargs)
{
	if (arg_is(bootargs, "guest-serror")) {
		printk("selftest: guests may raise test SErrors (TESSERA_HC_TEST_SERROR)\n");
		selftest_guest_serror = true;
		return;
	} else if (arg_is(bootargs, "write-text")) {
		printk("selftest: writing to Tessera's text at %p\n", (void *)boot_main);
		*(volatile uint32_t *)(uintptr_t)boot_main = 0;
	} else if (arg_is(bootargs, "exec-data")) {
		void (*fn)(void) = (void (*)(void))(uintptr_t)&data_ret_insn;

		printk("selftest: executing data at %p\n", (void *)fn);
		fn();
	} else if (arg_is(bootargs, "undef")) {
		printk("selftest: executing an undefined instruction\n");
		__asm__ volatile("udf #0");
	} else {
		return;
	}
	printk("selftest: FAILED, the access above did not fault\n");
}
