/* Polled PL011: Tessera keeps the line settings the boot loader chose. */
#include "drivers/pl011.h"

#define UARTDR 0x00
#define UARTFR 0x18
#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)

static inline uint32_t rd(uintptr_t base, unsigned off)
{
	return *(volatile uint32_t *)(base + off);
}

void pl011_putc(uintptr_t base, char c)
{
	while (rd(base, UARTFR) & FR_TXFF)
		;
	*(volatile uint32_t *)(base + UARTDR) = (uint8_t)c;
}

int pl011_getc(uintptr_t base)
{
	if (rd(base, UARTFR) & FR_RXFE)
		return -1;
	return (int)(rd(base, UARTDR) & 0xff);
}
