/* ARM PL011 UART, polled (DDI0183: UARTDR 0x00, UARTFR 0x18). */
#ifndef DRIVERS_PL011_H
#define DRIVERS_PL011_H
#include <stdint.h>

void pl011_putc(uintptr_t base, char c);
/* A received byte, or -1 when the receive FIFO is empty. */
int pl011_getc(uintptr_t base);
/* Receive and receive-timeout interrupts on; clear them once drained. */
void pl011_rx_irq_enable(uintptr_t base);
void pl011_rx_irq_clear(uintptr_t base);

#endif
