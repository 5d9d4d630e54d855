/*
 * Virtual PL011 (ARM DDI 0183): the register file a polling guest and Linux's
 * amba-pl011 driver use. Transmit goes into the guest's console ring
 * (core/console.h), printed by the console CPU; a store to a full ring waits
 * (the guest runs it again), so TXFF is never set and the transmit interrupt
 * condition always holds. Receive has a small FIFO fed by the physical
 * console. The interrupt is a level line into the vGIC.
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

static void reset_regs(struct vuart *u)
{
	u->rx_head = u->rx_count = 0;
	u->cr = 0x300; /* TXE | RXE, the reset value */
	u->ifls = 0x12;
	u->lcr_h = u->ibrd = u->fbrd = u->imsc = 0;
}

void vuart_init(struct vuart *u, struct vm *vm, unsigned intid)
{
	memset(u, 0, sizeof(*u));
	u->vm = vm;
	u->intid = intid;
	reset_regs(u);
	u->open = true;
	console_out_init(&u->out, vm, vm->name);
}

void vuart_flush(struct vuart *u)
{
	console_out_flush(&u->out);
}

static uint32_t raw_status(const struct vuart *u)
{
	return INT_TX | (u->rx_count ? INT_RX | INT_RT : 0);
}

/*
 * Recomputes the interrupt output and drives the vGIC when it changes, with
 * u->lock held: the line the vGIC sees and this state change together, so a
 * reset (vuart_close) cannot be overtaken by an older level on its way from
 * console input (the vGIC never takes u->lock: no inversion).
 */
static void update_line(struct vuart *u)
{
	bool high = (raw_status(u) & u->imsc) != 0;

	if (high != u->irq_line) {
		u->irq_line = high;
		vgic_spi_line(u->vm, u->intid, high);
	}
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

/* Every access but the flag register's read, under the lock; apart from
 * vuart_access() so that the poll of the flags sets up no frame. */
static __attribute__((noinline)) int
vuart_access_locked(struct vuart *u, struct mmio_access *a, uint64_t off)
{
	spin_lock(&u->lock);
	if (a->write) {
		uint32_t *slot = reg_slot(u, off);

		if (off == UARTDR && !(u->cr & CR_LBE)) {
			if (!console_out_put(&u->out, (char)a->value)) {
				/* its ring is full: like a store to a full FIFO,
				 * it waits (the guest runs the store again) */
				spin_unlock(&u->lock);
				return MMIO_RETRY;
			}
		} else if (slot)
			*slot = (uint32_t)a->value;
		/* ICR: the conditions are levels here and clear themselves */
	} else {
		a->value = read_reg(u, off);
	}
	update_line(u);
	spin_unlock(&u->lock);
	return 0;
}

int vuart_access(struct vcpu *v, struct mmio_access *a, void *dev)
{
	struct vuart *u = dev;

	(void)v;
	/* the register pollers spin on: reading it changes nothing */
	if (a->ipa == VUART_IPA + UARTFR) {
		if (!a->write) {
			bool rx = __atomic_load_n(&u->rx_count, __ATOMIC_RELAXED) != 0;

			a->value = rx ? FR_TXFE : FR_TXFE | FR_RXFE;
			return 0;
		}
	}
	return vuart_access_locked(u, a, a->ipa - VUART_IPA);
}

bool vuart_rx_push(struct vuart *u, char c)
{
	bool ok;

	spin_lock(&u->lock);
	ok = u->open && u->rx_count < VUART_RX_FIFO;
	if (ok) {
		u->rx[(u->rx_head + u->rx_count) % VUART_RX_FIFO] = c;
		u->rx_count++;
		__atomic_store_n(&u->out.typed_at, true, __ATOMIC_RELAXED);
		update_line(u);
	}
	spin_unlock(&u->lock);
	return ok;
}

void vuart_close(struct vuart *u)
{
	spin_lock(&u->lock);
	u->open = false;
	reset_regs(u);
	update_line(u); /* down: nothing pending, nothing enabled */
	__atomic_store_n(&u->out.typed_at, false, __ATOMIC_RELAXED);
	spin_unlock(&u->lock);
}

void vuart_open(struct vuart *u)
{
	spin_lock(&u->lock);
	u->open = true;
	spin_unlock(&u->lock);
}
