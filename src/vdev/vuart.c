/*
 * Virtual PL011 (ARM DDI 0183): the register file a polling guest and Linux's
 * amba-pl011 driver use. Transmit is immediate, so TXFF is never set and the
 * transmit interrupt condition always holds; receive has a small FIFO fed by
 * the physical console. The interrupt is a level line into the vGIC.
 */
#include <string.h>

#include "core/console.h"
#include "core/console_input.h"
#include "guest/vm.h"
#include "trap/mmio.h"
#include "vdev/vuart.h"
#include "vgic/vgic.h"

#define UARTDR 0x000
#define UARTRSR 0x004
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

#define FR_RXFE (1u << 4)
#define FR_TXFE (1u << 7)
#define INT_RX (1u << 4)
#define INT_TX (1u << 5)
#define INT_RT (1u << 6)
#define CR_LBE (1u << 7)

/* PrimeCell identification (DDI 0183 3.3.13): PL011 r1p5, cell id B105F00D. */
static const uint8_t id_regs[8] = {0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

void vuart_init(struct vuart *u, struct vm *vm, unsigned intid)
{
	memset(u, 0, sizeof(*u));
	u->vm = vm;
	u->intid = intid;
	u->cr = 0x300; /* TXE | RXE, the reset value */
	u->ifls = 0x12;
}

static void emit_line(struct vuart *u)
{
	printk("[%s] %.*s\n", u->vm->name, (int)u->len, u->line);
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
	if (u->typed_at && console_input_focus() == u->vm) {
		/* the guest being typed at: its echo and prompt show at once;
		 * until then lines stay whole, whoever prints in between */
		if (u->len)
			emit_line(u);
		if (c == '\n' || (unsigned char)c >= 0x20 || c == '\t' || c == 0x1b ||
		    c == '\b')
			console_guest_putc(u, u->vm->name, c);
		return;
	}
	if (c == '\n') {
		emit_line(u);
	} else if ((unsigned char)c >= 0x20 || c == '\t' || c == 0x1b) {
		u->line[u->len++] = c;
		if (u->len == VUART_LINE)
			emit_line(u);
	} /* NUL, CR and other controls are dropped: the line is ours */
}

static uint32_t raw_status(const struct vuart *u)
{
	return INT_TX | (u->rx_count ? INT_RX | INT_RT : 0);
}

/* Recomputes the interrupt output; called with u->lock held, returns whether
 * the level changed (the caller then drives the vGIC without the lock). */
static bool update_line(struct vuart *u)
{
	bool high = (raw_status(u) & u->imsc) != 0;
	bool changed = high != u->irq_line;

	u->irq_line = high;
	return changed;
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

static uint32_t read_reg(struct vuart *u, uint64_t off)
{
	uint32_t *slot = reg_slot(u, off);

	switch (off) {
	case UARTDR:
		if (u->rx_count) {
			char c = u->rx[u->rx_head];

			u->rx_head = (u->rx_head + 1) % VUART_RX_FIFO;
			u->rx_count--;
			return (uint8_t)c;
		}
		return 0;
	case UARTFR:
		return FR_TXFE | (u->rx_count ? 0 : FR_RXFE);
	case UARTRIS:
		return raw_status(u);
	case UARTMIS:
		return raw_status(u) & u->imsc;
	default:
		if (slot)
			return *slot;
		if (off >= UARTPERIPHID0 && off < UARTPERIPHID0 + 0x20)
			return id_regs[(off - UARTPERIPHID0) / 4];
		return 0; /* RSR, ILPR, DMACR...: nothing to report */
	}
}

int vuart_access(struct vcpu *v, struct mmio_access *a, void *dev)
{
	struct vuart *u = dev;
	uint64_t off = a->ipa - VUART_IPA;
	bool changed;

	(void)v;
	if (!a->write && off == UARTFR) {
		/* the register pollers spin on: reading it changes nothing */
		a->value =
			FR_TXFE |
			(__atomic_load_n(&u->rx_count, __ATOMIC_RELAXED) ? 0 : FR_RXFE);
		return 0;
	}
	spin_lock(&u->lock);
	if (a->write) {
		uint32_t *slot = reg_slot(u, off);

		if (off == UARTDR && !(u->cr & CR_LBE))
			put_char(u, (char)a->value);
		else if (slot)
			*slot = (uint32_t)a->value;
		/* ICR: the conditions are levels here and clear themselves */
	} else {
		a->value = read_reg(u, off);
	}
	changed = update_line(u);
	spin_unlock(&u->lock);
	if (changed)
		vgic_spi_line(u->vm, u->intid, u->irq_line);
	return 0;
}

bool vuart_rx_push(struct vuart *u, char c)
{
	bool ok, changed;

	spin_lock(&u->lock);
	ok = u->rx_count < VUART_RX_FIFO;
	if (ok) {
		u->rx[(u->rx_head + u->rx_count) % VUART_RX_FIFO] = c;
		u->rx_count++;
		u->typed_at = true;
	}
	changed = update_line(u);
	spin_unlock(&u->lock);
	if (changed)
		vgic_spi_line(u->vm, u->intid, u->irq_line);
	return ok;
}
