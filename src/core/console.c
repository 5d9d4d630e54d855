/*
 * The console (include/core/console.h): printk over the polled PL011, and
 * the guests' rings drained on the console CPU. The lock keeps lines from
 * different CPUs whole and makes the drain single-consumer.
 */
#include <stdarg.h>
#include <string.h>

#include "arch/gicv3.h"
#include "core/console.h"
#include "core/console_input.h"
#include "core/smp.h"
#include "drivers/pl011.h"
#include "lib/fmt.h"
#include "lib/spinlock.h"

#define CONSOLE_MAX_OUT 8 /* one ring per guest (VM_MAX) */

static uintptr_t uart;
static struct spinlock lock;
static const void *partial_owner; /* whose line is half printed, if any */
static struct console_out *outs[CONSOLE_MAX_OUT];
static unsigned nr_outs;
static bool drain_asked;   /* a console SGI is on its way: no second one */
static unsigned drain_cpu; /* the console CPU: logical id (0 until the guests exist) */

void console_set_uart(uintptr_t base)
{
	uart = base;
}

uintptr_t console_uart(void)
{
	return uart;
}

static void uart_sink(void *ctx, char c)
{
	(void)ctx;
	if (!uart)
		return;
	if (c == '\n')
		pl011_putc(uart, '\r');
	pl011_putc(uart, c);
}

static void end_partial_line(void)
{
	if (partial_owner) {
		uart_sink(0, '\n');
		partial_owner = 0;
	}
}

/*
 * What of o's ring may be printed now: whole lines; everything when the
 * guest is being typed at (its echo and prompt), when it stopped, or when
 * the ring is full of one line. A partial line keeps its bytes in the ring
 * (head stays at its start) until its end comes: when another line cut in
 * meanwhile, the partial line is printed again from its start, so it shows
 * whole at least once. Called with the lock held.
 */
static void drain_one(struct console_out *o)
{
	unsigned head = o->head, shown = o->shown;
	unsigned tail = __atomic_load_n(&o->tail, __ATOMIC_ACQUIRE);
	unsigned end = tail, from = shown;
	bool interactive = o->typed_at && console_input_focus() == o->owner;
	bool full = tail - head >= CONSOLE_OUT_LEN;

	if (shown == tail)
		return;
	if (!interactive && !o->flush) {
		for (end = tail; end != shown; end--)
			if (o->buf[(end - 1) % CONSOLE_OUT_LEN] == '\n')
				break;
		if (end == shown && !full)
			return; /* no whole line yet */
		if (end == shown)
			end = tail; /* one line fills the ring: out it goes */
		else
			full = false; /* whole lines make room */
	}
	if (partial_owner != o && shown != head && !full)
		from = head; /* cut by another line: again from its start */
	for (unsigned i = from; i != end; i++) {
		char c = o->buf[i % CONSOLE_OUT_LEN];

		if (partial_owner != o) {
			end_partial_line();
			for (const char *p = o->prefix; *p; p++)
				uart_sink(0, *p);
			cfilter_line_start(&o->filt, o->prefix_len);
			partial_owner = o;
		}
		if (c == '\n') {
			uart_sink(0, '\n');
			partial_owner = 0;
			head = i + 1;
		} else {
			cfilter_put(&o->filt, c, interactive, o->prefix, uart_sink, 0);
		}
	}
	o->shown = end;
	if (full || o->flush)
		head = end; /* no room to keep it, or no more of it to come */
	/* the bytes are out: the producer may reuse their slots */
	__atomic_store_n(&o->head, head, __ATOMIC_RELEASE);
}

/* o's note, if one waits, after its lines. Called with the lock held. */
static void note_one(struct console_out *o)
{
	const char *note = __atomic_exchange_n(&o->note, NULL, __ATOMIC_ACQUIRE);

	if (!note)
		return;
	end_partial_line();
	printk_unlocked("tessera: guest \"%s\": %s\n", o->name, note);
}

static void drain_all(void)
{
	unsigned n = __atomic_load_n(&nr_outs, __ATOMIC_ACQUIRE);

	for (unsigned i = 0; i < n; i++) {
		drain_one(outs[i]);
		note_one(outs[i]);
	}
}

static void flush_one(struct console_out *o)
{
	o->flush = true;
	drain_one(o);
	if (partial_owner == o)
		end_partial_line();
	o->flush = false;
}

void console_out_init(struct console_out *o, const void *owner, const char *name)
{
	memset(o, 0, sizeof(*o));
	o->owner = owner;
	o->name = name;
	fmt_snprintf(o->prefix, sizeof(o->prefix), "[%s] ", name);
	o->prefix_len = (unsigned)strlen(o->prefix);
	spin_lock(&lock);
	if (nr_outs < CONSOLE_MAX_OUT) {
		outs[nr_outs] = o;
		o->listed = true;
		__atomic_store_n(&nr_outs, nr_outs + 1, __ATOMIC_RELEASE);
	}
	spin_unlock(&lock);
}

/* One SGI per batch: the drain clears the flag before it looks at the
 * rings, so a byte put after its look asks again. The fences order each
 * side's store before its load (the store-buffer pattern). */
static void ask_drain(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!__atomic_exchange_n(&drain_asked, true, __ATOMIC_SEQ_CST))
		gic_send_sgi(smp_mpidr[drain_cpu], GIC_SGI_CONSOLE);
}

bool console_out_put(struct console_out *o, char c)
{
	unsigned tail = o->tail;
	unsigned used = tail - __atomic_load_n(&o->head, __ATOMIC_ACQUIRE);

	if (used >= CONSOLE_OUT_LEN || !o->listed) {
		if (o->listed)
			ask_drain();
		return !o->listed; /* an unlisted ring has nowhere to go */
	}
	o->buf[tail % CONSOLE_OUT_LEN] = c;
	__atomic_store_n(&o->tail, tail + 1, __ATOMIC_RELEASE);
	if (c == '\n' || used + 1 >= CONSOLE_OUT_LEN / 2 ||
	    (o->typed_at && console_input_focus() == o->owner))
		ask_drain();
	return true;
}

void console_out_note(struct console_out *o, const char *text)
{
	if (!o->listed)
		return; /* no drain would ever see it */
	__atomic_store_n(&o->note, text, __ATOMIC_RELEASE);
	ask_drain();
}

void console_set_drain_cpu(unsigned cpu)
{
	__atomic_store_n(&drain_cpu, cpu, __ATOMIC_RELAXED);
}

void console_drain_irq(unsigned intid)
{
	(void)intid;
	__atomic_store_n(&drain_asked, false, __ATOMIC_SEQ_CST);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	spin_lock(&lock);
	drain_all();
	spin_unlock(&lock);
}

void console_out_flush(struct console_out *o)
{
	spin_lock(&lock);
	drain_all(); /* the other guests' lines first: they may be older */
	flush_one(o);
	spin_unlock(&lock);
}

static void flush_all(void)
{
	unsigned n = __atomic_load_n(&nr_outs, __ATOMIC_ACQUIRE);

	drain_all();
	for (unsigned i = 0; i < n; i++)
		flush_one(outs[i]);
	end_partial_line();
}

void console_flush_all(void)
{
	spin_lock(&lock);
	flush_all();
	spin_unlock(&lock);
}

void console_silence(void)
{
	spin_lock(&lock);
	flush_all();
	uart = 0;
	spin_unlock(&lock);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	spin_lock(&lock);
	drain_all();
	end_partial_line();
	fmt_vformat(uart_sink, 0, fmt, ap);
	spin_unlock(&lock);
	va_end(ap);
}

void printk_unlocked(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fmt_vformat(uart_sink, 0, fmt, ap);
	va_end(ap);
}
