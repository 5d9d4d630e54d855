/*
 * A virtual level interrupt: the vUART's transmit interrupt (INTID 33, a
 * level line, high while enabled: nothing ever waits to be sent). One the
 * guest completes while its line is still high is pending again at once, as
 * on a GIC (IHI 0069, 4.1.1: level-sensitive), even if the guest then runs
 * without a single exit. pt.c uses the same interrupt next to the PL031's.
 */
#include "gic.h"
#include "guest/check.h"
#include "guest/rt.h"

#define UART_IMSC 0x38
#define UART_TXIM (1u << 5)
#define WAIT_MS 500

/* 0 off; 1 the first one: completed with the line high, then tx_then();
 * 2 the next one: its line drops before its EOI; 3 done */
static volatile unsigned tx_state;
static void (*volatile tx_then)(void);

static void uart_tx_enable(bool on)
{
	uint32_t imsc = mmio_r32(RT_UART_BASE + UART_IMSC);

	mmio_w32(RT_UART_BASE + UART_IMSC, on ? imsc | UART_TXIM : imsc & ~UART_TXIM);
}

void vuart_irq(bool eoi_done)
{
	if (!eoi_done && tx_state == 2) {
		uart_tx_enable(false);
		tx_state = 3;
	} else if (eoi_done && tx_state == 1) {
		tx_state = 2;
		if (tx_then)
			tx_then();
	}
}

void vuart_level_arm(void (*then)(void), uint8_t priority)
{
	mmio_w8(GICD_BASE + GICD_IPRIORITYR(INTID_VUART), priority);
	mmio_w64(GICD_BASE + GICD_IROUTER(INTID_VUART), 0);
	tx_then = then;
	tx_state = 1;
	gicd_w32(GICD_ISENABLER(1), 1u << (INTID_VUART - 32));
	uart_tx_enable(true);
}

void vuart_level_off(void)
{
	uart_tx_enable(false);
	gicd_w32(GICD_ICENABLER(1), 1u << (INTID_VUART - 32));
	tx_state = 0;
	tx_then = 0;
}

void level_checks(void)
{
	static const uint16_t twice[] = {INTID_VUART, INTID_VUART};

	vuart_level_arm(0, GIC_DEFAULT_PRIO);
	/* log_wait() spins on memory and CNTVCT_EL0: no exit */
	log_expect(0, twice, 2, WAIT_MS,
		   "the vUART's level interrupt (INTID 33) completed with its line still "
		   "high is taken again, with no exit meanwhile");
	vuart_level_off();
}
