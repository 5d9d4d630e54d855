/*
 * A guest's virtual PL011. Output is collected per line and printed on the
 * physical console prefixed with the guest's name.
 */
#ifndef VDEV_VUART_H
#define VDEV_VUART_H
#include <stdint.h>

#include "lib/spinlock.h"

#define VUART_IPA 0x09000000UL
#define VUART_SIZE 0x1000UL
#define VUART_LINE 160

struct vcpu;
struct mmio_access;

struct vuart {
	const char *owner; /* guest name, for the line prefix */
	struct spinlock lock;
	char line[VUART_LINE];
	unsigned len;
	/* registers Linux's amba-pl011 driver programs; kept so reads return them */
	uint32_t cr, lcr_h, ibrd, fbrd, ifls, imsc;
};

void vuart_init(struct vuart *u, const char *owner);
int vuart_access(struct vcpu *v, struct mmio_access *a, void *dev);
/* Prints a partial line (e.g. when the guest stops mid-line). */
void vuart_flush(struct vuart *u);

#endif
