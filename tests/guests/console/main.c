/*
 * console: what a guest prints and how it reaches the shared console
 * (tests/scenarios/console-hostile.scn). One source, two roles:
 *
 * flood (-DCONSOLE_FLOOD=1): tries to forge lines with escape sequences and
 * control characters, prints a line of 3000 characters, then prints numbered
 * lines as fast as it can until it reads 'q' from its UART; the scenario
 * checks that none of them was lost, cut or mixed with another.
 *
 * meter: reads 'g' from its UART (typed once the flood runs), then times
 * its own exits while the flood goes on: a null hypercall and the UARTDR
 * store of a newline, interleaved, 301 times each. A newline must not wait
 * for the other guest's output, so its 90th percentile stays within a small
 * factor of the null hypercall's (the slowest tenth is left to the host's
 * scheduler; waiting for the other guest's lines is far more often).
 */
#include <stddef.h>

#include "guest/check.h"
#include "guest/console.h"
#include "guest/rt.h"
#include "guest/smccc.h"
#include "guest/timer.h"

#ifndef CONSOLE_FLOOD
#define CONSOLE_FLOOD 0
#endif

#define UARTDR ((volatile uint32_t *)(RT_UART_BASE + 0x00))
#define UARTFR ((volatile uint32_t *)(RT_UART_BASE + 0x18))
#define FR_RXFE (1u << 4)
#define LONG_REPEAT 300 /* "0123456789" 300 times: 3000 characters */
#define FLOOD_PAYLOAD 100
#define METER_N 301
#define METER_FACTOR 20 /* a newline exit against a null hypercall */

/* A received character, or -1. */
static int uart_getc(void)
{
	if (*UARTFR & FR_RXFE)
		return -1;
	return (int)(*UARTDR & 0xff);
}

#if CONSOLE_FLOOD
static void put_bytes(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		console_putc(s[i]);
}

#define PUT(lit) put_bytes(lit, sizeof(lit) - 1)

static void forge(void)
{
	/* erase this line, back to column 1, and pose as Tessera */
	PUT("forge-1 \x1b[2K\x1b[1Gtessera: guest \"meter\" is off (forged)\n");
	/* carriage return over the prefix */
	PUT("forge-2 \rtessera: stopping: all guests are off (forged)\n");
	/* up a line, erase it, pose as the other guest */
	PUT("forge-3 \x1b[A\x1b[2K\r[meter] DONE (forged)\n");
	/* conceal what follows, and a window title */
	PUT("forge-4 \x1b[8m\x1b]0;owned\x07title\x1b[0m\n");
	/* an 8-bit CSI, BEL, DEL, NUL, backspace */
	PUT("forge-5 \x9b"
	    "2K\x07\x7f\x00\bz\n");
}

static void flood(void)
{
	char payload[FLOOD_PAYLOAD + 1];
	unsigned n;

	for (n = 0;; n++) {
		for (unsigned i = 0; i < FLOOD_PAYLOAD; i++)
			payload[i] = (char)('a' + (n + i) % 26);
		payload[FLOOD_PAYLOAD] = 0;
		console_printf("flood %u %s\n", n, payload);
		if (uart_getc() == 'q')
			break;
	}
	console_printf("flood: %u lines\n", n + 1);
}

void guest_main(uint64_t dtb)
{
	rt_setup(dtb);
	forge();
	PUT("long-1 ");
	for (unsigned i = 0; i < LONG_REPEAT; i++)
		PUT("0123456789");
	PUT(" end\n");
	console_printf("flood: start\n");
	flood();
}
#else
static void sort(uint64_t *a, unsigned n)
{
	for (unsigned i = 1; i < n; i++)
		for (unsigned j = i; j && a[j - 1] > a[j]; j--) {
			uint64_t t = a[j];

			a[j] = a[j - 1];
			a[j - 1] = t;
		}
}

static uint64_t hvc_t[METER_N], nl_t[METER_N];

void guest_main(uint64_t dtb)
{
	uint64_t hvc_p, nl_p;

	rt_setup(dtb);
	console_printf("meter: waiting for g\n");
	while (uart_getc() != 'g')
		;
	for (unsigned i = 0; i < METER_N; i++) {
		uint64_t t0, t1;

		t0 = timer_now();
		smccc_hvc(TESSERA_HC_NULL, 0, 0, 0, 0);
		t1 = timer_now();
		hvc_t[i] = t1 - t0;
		console_putc('m');
		t0 = timer_now();
		console_putc('\n');
		t1 = timer_now();
		nl_t[i] = t1 - t0;
	}
	sort(hvc_t, METER_N);
	sort(nl_t, METER_N);
	hvc_p = hvc_t[METER_N * 9 / 10];
	nl_p = nl_t[METER_N * 9 / 10];
	console_printf("meter: ticks, null hypercall / newline: median %lu / %lu, "
		       "90th percentile %lu / %lu, max %lu / %lu\n",
		       hvc_t[METER_N / 2], nl_t[METER_N / 2], hvc_p, nl_p,
		       hvc_t[METER_N - 1], nl_t[METER_N - 1]);
	check(nl_p <= METER_FACTOR * (hvc_p ? hvc_p : 1),
	      "a newline exit does not wait for another guest's output",
	      "90th percentile %lu ticks, %u x the null hypercall's %lu", nl_p,
	      (unsigned)(nl_p / (hvc_p ? hvc_p : 1)), hvc_p);
}
#endif
