/*
 * Virtual PL011 (ARM DDI 0183): enough of the register file that a polling
 * guest and Linux's amba-pl011 driver are satisfied. Transmit is immediate, so
 * the FIFO is never full and TX is always empty.
 */
#include <string.h>

#include "core/console.h"
#include "guest/vm.h"
#include "trap/mmio.h"
#include "vdev/vuart.h"

#define UARTDR 0x000
#define UARTFR 0x018
#define UARTIBRD 0x024
#define UARTFBRD 0x028
#define UARTLCR_H 0x02c
#define UARTCR 0x030
#define UARTIFLS 0x034
#define UARTIMSC 0x038
#define UARTRIS 0x03c
#define UARTMIS 0x040
#define UARTICR 0x044
#define UARTPERIPHID0 0xfe0
#define UARTPCELLID0 0xff0

#define FR_TXFE (1u << 7)
#define FR_RXFE (1u << 4)

/* PrimeCell identification (DDI 0183 3.3.13): PL011 r1p5, cell id B105F00D. */
static const uint8_t id_regs[8] = {0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

void vuart_init(struct vuart *u, const char *owner)
{
	memset(u, 0, sizeof(*u));
	u->owner = owner;
	u->cr = 0x300; /* TXE | RXE, the reset value */
	u->ifls = 0x12;
}

static void emit_line(struct vuart *u)
{
	printk("[%s] %.*s\n", u->owner, (int)u->len, u->line);
	u->len = 0;
}

void vuart_flush(struct vuart *u)
{
	spin_lock(&u->lock);
	if (u->len)
		emit_line(u);
	spin_unlock(&u->lock);
}

static void put_char(struct vuart *u, char c)
{
	spin_lock(&u->lock);
	if (c == '\n') {
		emit_line(u);
	} else if (c != '\r') {
		u->line[u->len++] = c;
		if (u->len == VUART_LINE)
			emit_line(u);
	}
	spin_unlock(&u->lock);
}

static uint32_t *reg_slot(struct vuart *u, uint64_t off)
{
	switch (off) {
	case UARTIBRD:
		return &u->ibrd;
	case UARTFBRD:
		return &u->fbrd;
	case UARTLCR_H:
		return &u->lcr_h;
	case UARTCR:
		return &u->cr;
	case UARTIFLS:
		return &u->ifls;
	case UARTIMSC:
		return &u->imsc;
	default:
		return 0;
	}
}

int vuart_access(struct vcpu *v, struct mmio_access *a, void *dev)
{
	struct vuart *u = dev;
	uint64_t off = a->ipa - VUART_IPA;
	uint32_t *slot = reg_slot(u, off);

	(void)v;
	if (a->write) {
		if (off == UARTDR)
			put_char(u, (char)a->value);
		else if (slot)
			*slot = (uint32_t)a->value;
		return 0; /* other registers: writes ignored */
	}
	if (off == UARTFR)
		a->value = FR_TXFE | FR_RXFE;
	else if (slot)
		a->value = *slot;
	else if (off >= UARTPERIPHID0 && off < UARTPERIPHID0 + 0x20)
		a->value = id_regs[(off - UARTPERIPHID0) / 4];
	else
		a->value = 0; /* DR with nothing received, RIS/MIS: no interrupt */
	return 0;
}
