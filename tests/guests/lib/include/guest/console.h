/* Guest console: the (virtual) PL011 data register; see docs/guest-abi.md. */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H
#include <stdarg.h>

void console_putc(char c);
/* Waits for one character typed on the guest's console (polls UARTFR). */
char console_getc(void);
/* Reads typed characters until c: how a scenario says "now" to a guest
 * (an event, where a fixed wait would depend on the machine's load). */
void console_wait_for(char c);
/* Whole call under a lock, so lines of two vCPUs do not interleave. */
int console_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int console_vprintf(const char *fmt, va_list ap);

#endif
