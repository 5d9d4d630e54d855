/* printk over the polled PL011; the lock keeps lines from different CPUs whole. */
#include <stdarg.h>

#include "core/console.h"
#include "drivers/pl011.h"
#include "lib/fmt.h"
#include "lib/spinlock.h"

static uintptr_t uart;
static struct spinlock lock;
static const void *partial_owner; /* whose line is half printed, if any */

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

static void end_partial_line(void)
{
	if (partial_owner) {
		uart_sink(0, '\n');
		partial_owner = 0;
	}
}

void console_silence(void)
{
	spin_lock(&lock);
	end_partial_line();
	uart = 0;
	spin_unlock(&lock);
}

void console_guest_putc(const void *owner, const char *name, char c)
{
	spin_lock(&lock);
	if (partial_owner != owner) {
		end_partial_line();
		for (const char *p = "["; *p; p++)
			uart_sink(0, *p);
		for (; *name; name++)
			uart_sink(0, *name);
		uart_sink(0, ']');
		uart_sink(0, ' ');
		partial_owner = owner;
	}
	uart_sink(0, c);
	if (c == '\n')
		partial_owner = 0;
	spin_unlock(&lock);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	spin_lock(&lock);
	end_partial_line();
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
