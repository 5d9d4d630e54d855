/*
 * The console: Tessera's printk and every guest's output on the one physical
 * UART, a line at a time.
 *
 * A guest's output never touches the UART from its exit path: the virtual
 * UART puts each byte into the guest's own ring (struct console_out) and, at
 * the end of a line, asks the console CPU (a CPU no guest runs on if there
 * is one, else the boot CPU) to drain the rings with an SGI. The drain prints whole
 * lines, "[name] " first, through the output rule of core/console_filter.h;
 * the guest being typed at is echoed as it comes. printk drains the whole
 * lines already written before its own, so a guest's line that comes before
 * an event Tessera reports also comes before the report.
 */
#ifndef CORE_CONSOLE_H
#define CORE_CONSOLE_H
#include <stdbool.h>
#include <stdint.h>

#include "core/console_filter.h"

/* A guest's ring: lines up to CONSOLE_OUT_LEN - 1 characters come out whole. */
#define CONSOLE_OUT_LEN 4096
#define CONSOLE_PREFIX_LEN 40

struct console_out {
	const void *owner; /* the guest (compared with the input focus) */
	const char *name;  /* the guest's, for its notes (not copied) */
	const char *note;  /* a line of Tessera's about it, waiting for the drain */
	char prefix[CONSOLE_PREFIX_LEN];
	unsigned prefix_len;
	/* Free-running indexes: tail written by the producer (the guest's
	 * vCPUs, under the virtual UART's lock); head (the start of what may
	 * still be printed again) and shown (what is on the terminal) by the
	 * drain, under the console lock. */
	unsigned head, shown, tail;
	bool typed_at; /* someone typed to it: echo output as it comes */
	bool flush;    /* print a partial line too (the guest stopped) */
	bool listed;   /* registered with the console */
	struct cfilter filt;
	char buf[CONSOLE_OUT_LEN];
};

void console_set_uart(uintptr_t base);
uintptr_t console_uart(void);
/* The UART now belongs to a guest: what is pending is printed, from here on
 * printk and the drain drop everything. */
void console_silence(void);
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Unlocked variant for the exception report, which may interrupt printk. */
void printk_unlocked(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A guest's ring, set up once at creation (name: the guest's name). */
void console_out_init(struct console_out *o, const void *owner, const char *name);
/*
 * Exit path: one byte of the guest's output into its ring; no printing, no
 * lock but the caller's. false when the ring is full: the drain is asked for
 * and the caller has the guest try again.
 */
bool console_out_put(struct console_out *o, char c);
/*
 * Exit path: a line of Tessera's about the guest, "tessera: guest "NAME":
 * text", printed by the console CPU after the lines its ring holds (and
 * before any later printk), so a once-per-life event is logged without the
 * exit printing. text must stay valid (a literal); one note waits at a
 * time: a second one before the drain replaces the first.
 */
void console_out_note(struct console_out *o, const char *text);
/* The guest stopped: everything of its ring is printed now, partial line too. */
void console_out_flush(struct console_out *o);
/* Whatever every ring holds is printed now (before the machine stops). */
void console_flush_all(void);
/* The console SGI's handler on the console CPU: drains every ring. */
void console_drain_irq(unsigned intid);
/* Where the drain runs (logical CPU id), set before any guest starts. */
void console_set_drain_cpu(unsigned cpu);

#endif
