/* printk over the polled PL011; the lock keeps lines from different CPUs whole. */
#include <stdarg.h>

#include "core/console.h"
#include "drivers/pl011.h"
#include "lib/fmt.h"
#include "lib/spinlock.h"

static uintptr_t uart;
static struct spinlock lock;

void console_set_uart(uintptr_t base)
{
	uart = base;
}

uintptr_t console_uart(void)
{
	return uart;
}

static void uart_sink(void *ctx, char c)
{
	(void)ctx;
	if (!uart)
		return;
	if (c == '\n')
		pl011_putc(uart, '\r');
	pl011_putc(uart, c);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	spin_lock(&lock);
	fmt_vformat(uart_sink, 0, fmt, ap);
	spin_unlock(&lock);
	va_end(ap);
}

void printk_unlocked(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fmt_vformat(uart_sink, 0, fmt, ap);
	va_end(ap);
}
