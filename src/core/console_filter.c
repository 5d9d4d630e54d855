/* The console output rule; see include/core/console_filter.h. */
#include "core/console_filter.h"

enum {
	CF_TEXT,
	CF_ESC,     /* after ESC */
	CF_CSI,     /* after ESC [ (ECMA-48 control sequence) */
	CF_STR,     /* in an OSC, DCS, SOS, PM or APC string */
	CF_STR_ESC, /* ESC inside such a string: ESC \ ends it */
	CF_NF,      /* ESC and intermediate bytes, until a final byte */
};

#define ESC 0x1b
#define PARAM_MAX 9999u /* a larger count means nothing more on a terminal */

void cfilter_line_start(struct cfilter *f, unsigned prefix_len)
{
	f->state = CF_TEXT;
	f->cr = false; /* a line end after a CR: nothing to redraw */
	f->col = 0;
	f->prefix_len = prefix_len;
}

static void emit_csi(unsigned n, char final, cfilter_sink sink, void *ctx)
{
	char digits[4];
	int i = 0;

	sink(ctx, ESC);
	sink(ctx, '[');
	do
		digits[i++] = (char)('0' + n % 10);
	while ((n /= 10) && i < 4);
	while (i)
		sink(ctx, digits[--i]);
	sink(ctx, final);
}

/* The sequences a line editor needs on its own line; everything else goes. */
static void csi_final(struct cfilter *f, char final, bool interactive, cfilter_sink sink,
		      void *ctx)
{
	unsigned n = f->param ? f->param : 1;

	if (!interactive || f->csi_odd)
		return;
	switch (final) {
	case 'D': /* cursor left: never into the prefix */
		if (n > f->col)
			n = f->col;
		if (n) {
			emit_csi(n, 'D', sink, ctx);
			f->col -= n;
		}
		return;
	case 'C': /* cursor right: stays on this line (the margin stops it) */
		emit_csi(n, 'C', sink, ctx);
		f->col = f->col + n > PARAM_MAX ? PARAM_MAX : f->col + n;
		return;
	case 'K': /* erase to the end of the line */
	case 'J': /* erase below: this line is the last one, so the same */
		if (f->param == 0) {
			sink(ctx, ESC);
			sink(ctx, '[');
			sink(ctx, 'K');
		}
		return;
	default:
		return;
	}
}

static void text(struct cfilter *f, char c, bool interactive, cfilter_sink sink,
		 void *ctx)
{
	unsigned char u = (unsigned char)c;
	unsigned at;

	if (u >= 0x20 && u < 0x7f) {
		sink(ctx, c);
		f->col++;
	} else if (u >= 0x80) {
		/* not ASCII: shown, but as nothing a terminal could act on
		 * (0x80-0x9f are C1 controls to some) */
		sink(ctx, '?');
		f->col++;
	} else if (c == '\t') {
		sink(ctx, c);
		at = f->prefix_len + f->col;
		f->col = (at / 8 + 1) * 8 - f->prefix_len;
	} else if (c == ESC) {
		f->state = CF_ESC;
	} else if (interactive && c == '\b') {
		if (f->col) {
			sink(ctx, c);
			f->col--;
		}
	} else if (interactive && c == '\r') {
		f->cr = true; /* what follows says whether it is a line end */
	} /* NUL, BEL, CR and BS of a guest not typed at, DEL...: dropped */
}

void cfilter_put(struct cfilter *f, char c, bool interactive, const char *prefix,
		 cfilter_sink sink, void *ctx)
{
	unsigned char u = (unsigned char)c;

	if (f->cr && c != '\r') {
		/* the editor redraws its line: the prefix comes back first */
		f->cr = false;
		sink(ctx, '\r');
		for (; *prefix; prefix++)
			sink(ctx, *prefix);
		f->col = 0;
	}
	switch (f->state) {
	case CF_TEXT:
		text(f, c, interactive, sink, ctx);
		return;
	case CF_ESC:
		if (c == '[') {
			f->state = CF_CSI;
			f->param = 0;
			f->csi_odd = false;
		} else if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_') {
			f->state = CF_STR;
		} else if (u >= 0x20 && u <= 0x2f) {
			f->state = CF_NF;
		} else if (u >= 0x30 && u <= 0x7e) {
			f->state = CF_TEXT; /* a two-byte escape sequence: dropped */
		} else if (c != ESC) {
			f->state = CF_TEXT; /* not a sequence after all */
			text(f, c, interactive, sink, ctx);
		}
		return;
	case CF_CSI:
		if (u >= '0' && u <= '9') {
			f->param = f->param * 10 + (u - '0');
			if (f->param > PARAM_MAX)
				f->param = PARAM_MAX;
		} else if ((u >= 0x3a && u <= 0x3f) || (u >= 0x20 && u <= 0x2f)) {
			f->csi_odd = true; /* ';', private markers, intermediates */
		} else if (u >= 0x40 && u <= 0x7e) {
			f->state = CF_TEXT;
			csi_final(f, c, interactive, sink, ctx);
		} else {
			f->state = CF_TEXT; /* cancelled (ECMA-48 allows CAN, SUB) */
			text(f, c, interactive, sink, ctx);
		}
		return;
	case CF_STR:
		if (c == 0x07)
			f->state = CF_TEXT;
		else if (c == ESC)
			f->state = CF_STR_ESC;
		return;
	case CF_STR_ESC:
		if (c == '\\') {
			f->state = CF_TEXT;
		} else {
			f->state = CF_ESC; /* another sequence begins */
			cfilter_put(f, c, interactive, prefix, sink, ctx);
		}
		return;
	case CF_NF:
		if (u >= 0x30 && u <= 0x7e)
			f->state = CF_TEXT;
		else if (!(u >= 0x20 && u <= 0x2f)) {
			f->state = CF_TEXT;
			text(f, c, interactive, sink, ctx);
		}
		return;
	default:
		f->state = CF_TEXT;
		return;
	}
}
