/* Polled PL011: Tessera keeps the line settings the boot loader chose. */
#include "drivers/pl011.h"

#define UARTDR 0x00
#define UARTFR 0x18
#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)
#define UARTIMSC 0x38
#define UARTICR 0x44
#define INT_RX (1u << 4)
#define INT_RT (1u << 6)

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

void pl011_rx_irq_enable(uintptr_t base)
{
	*(volatile uint32_t *)(base + UARTIMSC) = INT_RX | INT_RT;
}

void pl011_rx_irq_clear(uintptr_t base)
{
	*(volatile uint32_t *)(base + UARTICR) = INT_RX | INT_RT;
}
