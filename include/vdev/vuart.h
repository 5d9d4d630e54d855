/*
 * A guest's virtual PL011 (ARM DDI 0183). Output is collected per line and
 * printed on the physical console prefixed with the guest's name; input comes
 * from the physical console when this guest has the focus.
 */
#ifndef VDEV_VUART_H
#define VDEV_VUART_H
#include <stdbool.h>
#include <stdint.h>

#include "abi/vplatform.h"
#include "lib/spinlock.h"

#define VUART_IPA VPLAT_UART_IPA
#define VUART_SIZE VPLAT_UART_SIZE
#define VUART_SPI VPLAT_UART_INTID
#define VUART_LINE 160
#define VUART_RX_FIFO 256 /* deeper than a PL011: pasted input is not lost */

struct vm;
struct vcpu;
struct mmio_access;

struct vuart {
	struct vm *vm;
	unsigned intid;
	struct spinlock lock;
	char line[VUART_LINE];
	unsigned len;
	char rx[VUART_RX_FIFO];
	unsigned rx_head, rx_count;
	bool irq_line; /* the level last driven into the vGIC */
	bool typed_at; /* someone typed to it: echo output as it comes */
	/* registers Linux's amba-pl011 driver programs; reads return them */
	uint32_t cr, lcr_h, ibrd, fbrd, ifls, imsc, ris_latched;
};

void vuart_init(struct vuart *u, struct vm *vm, unsigned intid);
int vuart_access(struct vcpu *v, struct mmio_access *a, void *dev);
/* Prints a partial line (e.g. when the guest stops mid-line). */
void vuart_flush(struct vuart *u);
/* Console input for this guest; false when the receive FIFO is full. */
bool vuart_rx_push(struct vuart *u, char c);

#endif
