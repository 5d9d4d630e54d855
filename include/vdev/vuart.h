/*
 * A guest's virtual PL011 (ARM DDI 0183). Output goes into the guest's
 * console ring and is printed a line at a time, prefixed with the guest's
 * name (core/console.h); input comes from the physical console when this
 * guest has the focus.
 */
#ifndef VDEV_VUART_H
#define VDEV_VUART_H
#include <stdbool.h>
#include <stdint.h>

#include "abi/vplatform.h"
#include "core/console.h"
#include "lib/spinlock.h"

#define VUART_IPA VPLAT_UART_IPA
#define VUART_SIZE VPLAT_UART_SIZE
#define VUART_SPI VPLAT_UART_INTID
#define VUART_RX_FIFO 256 /* deeper than a PL011: pasted input is not lost */

struct vm;
struct vcpu;
struct mmio_access;

struct vuart {
	struct vm *vm;
	unsigned intid;
	struct spinlock lock;
	char rx[VUART_RX_FIFO];
	unsigned rx_head, rx_count;
	bool irq_line; /* the level last driven into the vGIC */
	bool open;     /* its guest runs: console input may come in */
	/* registers Linux's amba-pl011 driver programs; reads return them */
	uint32_t cr, lcr_h, ibrd, fbrd, ifls, imsc, ris_latched;
	struct console_out out;
};

void vuart_init(struct vuart *u, struct vm *vm, unsigned intid);
int vuart_access(struct vcpu *v, struct mmio_access *a, void *dev);
/* Prints what its ring holds, a partial line too (the guest stopped). */
void vuart_flush(struct vuart *u);
/* Console input for this guest; false when the receive FIFO is full or the
 * guest is not running. */
bool vuart_rx_push(struct vuart *u, char c);
/*
 * The guest stopped: back to the reset state (registers, an empty receive
 * FIFO, the interrupt line down) and no input until vuart_open(). Under the
 * UART's lock, so console input on another CPU is either before (and
 * undone) or after (and refused); the lock itself is never re-initialised.
 */
void vuart_close(struct vuart *u);
/* Its guest starts again: input is taken. */
void vuart_open(struct vuart *u);

#endif
