/*
 * Guest console: one 32-bit store to UARTDR per character. The guest ABI
 * says the virtual PL011 is never busy, so UARTFR is not polled (each poll
 * would be one more trap); natively QEMU's PL011 never is either.
 */
#include <stdbool.h>
#include <stdint.h>

#include "guest/console.h"
#include "guest/rt.h"
#include "lib/fmt.h"

static volatile uint32_t *const console_dr = (volatile uint32_t *)RT_UART_BASE;
static int console_lock;

void console_putc(char c)
{
	*console_dr = (uint32_t)(unsigned char)c;
}

#define UARTFR_OFFSET 0x18
#define UARTFR_RXFE (1u << 4)

char console_getc(void)
{
	volatile uint32_t *fr = (volatile uint32_t *)(RT_UART_BASE + UARTFR_OFFSET);

	while (*fr & UARTFR_RXFE)
		;
	return (char)*console_dr;
}

void console_wait_for(char c)
{
	while (console_getc() != c)
		;
}

static void console_sink(void *ctx, char c)
{
	(void)ctx;
	console_putc(c);
}

/*
 * Exclusives need the MMU on (Normal memory); before that only the boot vCPU
 * runs, so the lock is skipped. The lock holds the owner's vCPU index + 1 so
 * that a report from the exception handler, taken while this vCPU was
 * printing, does not deadlock.
 */
int console_vprintf(const char *fmt, va_list ap)
{
	int me = (int)rt_cpu_id() + 1, free = 0;
	bool locked = false;
	int n;

	if (rt_mmu_regs[3] != 0 &&
	    __atomic_load_n(&console_lock, __ATOMIC_RELAXED) != me) {
		while (!__atomic_compare_exchange_n(&console_lock, &free, me, false,
						    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			free = 0;
		locked = true;
	}
	n = fmt_vformat(console_sink, 0, fmt, ap);
	if (locked)
		__atomic_store_n(&console_lock, 0, __ATOMIC_RELEASE);
	return n;
}

int console_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = console_vprintf(fmt, ap);
	va_end(ap);
	return n;
}
