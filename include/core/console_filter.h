/*
 * What of a guest's output may reach the shared terminal (pure logic, host
 * unit tested). The rule is docs/guest-abi.md's "Console output": printable
 * ASCII, tab and newline pass; escape sequences and other control bytes are
 * dropped whole, so a guest can neither erase its "[name] " prefix nor move
 * the cursor onto a line that is not its own. The guest being typed at
 * (interactive) also gets what a line editor needs on its own line:
 * backspace and cursor-left (never past its prefix), cursor-right, erase to
 * the end of the line, and carriage return, which prints the prefix again
 * (unless a line feed follows: CR LF is the end of the line).
 */
#ifndef CORE_CONSOLE_FILTER_H
#define CORE_CONSOLE_FILTER_H
#include <stdbool.h>

struct cfilter {
	unsigned char state; /* where in an escape sequence (console_filter.c) */
	bool csi_odd;        /* a CSI with more than one decimal parameter */
	bool cr;             /* a carriage return waits: CR LF is just a line end */
	unsigned param;      /* the CSI's decimal parameter so far */
	unsigned col;        /* the cursor, in columns after the prefix */
	unsigned prefix_len; /* columns the prefix takes (for tab stops) */
};

typedef void (*cfilter_sink)(void *ctx, char c);

/* A new line starts after a prefix of prefix_len columns. */
void cfilter_line_start(struct cfilter *f, unsigned prefix_len);
/*
 * Passes one byte of a line (never '\n': the caller ends lines) to sink as
 * the rule allows. prefix is what a carriage return prints again.
 */
void cfilter_put(struct cfilter *f, char c, bool interactive, const char *prefix,
		 cfilter_sink sink, void *ctx);

#endif
