/* Tessera's own console: printk to the host UART, one line at a time. */
#ifndef CORE_CONSOLE_H
#define CORE_CONSOLE_H
#include <stdint.h>

void console_set_uart(uintptr_t base);
uintptr_t console_uart(void);
/* The UART now belongs to a guest: from here on printk drops everything. */
void console_silence(void);
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * One character of a guest's console output, printed at once: the focused
 * guest is echoed as it types. A line is prefixed "[name] "; a line of anyone
 * else's in between ends the partial one first.
 */
void console_guest_putc(const void *owner, const char *name, char c);
/* Unlocked variant for the exception report, which may interrupt printk. */
void printk_unlocked(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
