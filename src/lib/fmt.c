/* printf-style formatting without libc; see include/lib/fmt.h. */
#include <stdbool.h>
#include <stdint.h>

#include "lib/fmt.h"

struct fmt_out {
	fmt_sink sink;
	void *ctx;
	int count;
};

struct fmt_spec {
	bool left;
	bool zero;
	bool alt; /* '#': 0x prefix for non-zero hex */
	int width;
	int prec; /* -1: none */
};

static void out_char(struct fmt_out *o, char c)
{
	o->sink(o->ctx, c);
	o->count++;
}

static void out_pad(struct fmt_out *o, char c, int n)
{
	while (n-- > 0)
		out_char(o, c);
}

static void out_str(struct fmt_out *o, const struct fmt_spec *sp, const char *s)
{
	int len = 0;

	if (!s)
		s = "(null)";
	while (s[len] && (sp->prec < 0 || len < sp->prec))
		len++;
	if (!sp->left)
		out_pad(o, ' ', sp->width - len);
	for (int i = 0; i < len; i++)
		out_char(o, s[i]);
	if (sp->left)
		out_pad(o, ' ', sp->width - len);
}

static void out_num(struct fmt_out *o, const struct fmt_spec *sp, uint64_t v,
		    unsigned base, bool upper, bool neg, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	int n = 0, plen = 0, len, zeros;

	do {
		buf[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (sp->prec == 0 && n == 1 && buf[0] == '0')
		n = 0;
	while (prefix && prefix[plen])
		plen++;
	zeros = (sp->prec > n) ? sp->prec - n : 0;
	len = n + zeros + plen + (neg ? 1 : 0);
	if (sp->zero && !sp->left && sp->prec < 0 && sp->width > len) {
		zeros += sp->width - len;
		len = sp->width;
	}
	if (!sp->left)
		out_pad(o, ' ', sp->width - len);
	if (neg)
		out_char(o, '-');
	for (int i = 0; i < plen; i++)
		out_char(o, prefix[i]);
	out_pad(o, '0', zeros);
	while (n)
		out_char(o, buf[--n]);
	if (sp->left)
		out_pad(o, ' ', sp->width - len);
}

static int parse_int(const char **p)
{
	int v = 0;

	while (**p >= '0' && **p <= '9')
		v = v * 10 + (*(*p)++ - '0');
	return v;
}

int fmt_vformat(fmt_sink sink, void *ctx, const char *fmt, va_list ap)
{
	struct fmt_out o = {sink, ctx, 0};

	for (const char *p = fmt; *p; p++) {
		struct fmt_spec sp = {false, false, false, 0, -1};
		int lng = 0; /* -2 hh, -1 h, 1 l, 2 ll/z */

		if (*p != '%') {
			out_char(&o, *p);
			continue;
		}
		p++;
		for (;; p++) {
			if (*p == '-')
				sp.left = true;
			else if (*p == '0')
				sp.zero = true;
			else if (*p == '#')
				sp.alt = true;
			else
				break;
		}
		if (*p == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0) {
				sp.left = true;
				sp.width = -sp.width;
			}
			p++;
		} else {
			sp.width = parse_int(&p);
		}
		if (*p == '.') {
			p++;
			if (*p == '*') {
				sp.prec = va_arg(ap, int);
				p++;
			} else {
				sp.prec = parse_int(&p);
			}
		}
		for (;; p++) {
			if (*p == 'l')
				lng++;
			else if (*p == 'h')
				lng--;
			else if (*p == 'z')
				lng = 2;
			else
				break;
		}

		uint64_t u;
		int64_t s;
		switch (*p) {
		case 'd':
		case 'i':
			if (lng >= 1)
				s = (lng == 1) ? va_arg(ap, long) : va_arg(ap, long long);
			else
				s = va_arg(ap, int);
			if (lng == -1)
				s = (short)s;
			else if (lng <= -2)
				s = (signed char)s;
			out_num(&o, &sp, s < 0 ? -(uint64_t)s : (uint64_t)s, 10, false,
				s < 0, NULL);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			if (lng >= 1)
				u = (lng == 1) ? va_arg(ap, unsigned long)
					       : va_arg(ap, unsigned long long);
			else
				u = va_arg(ap, unsigned int);
			if (lng == -1)
				u = (unsigned short)u;
			else if (lng <= -2)
				u = (unsigned char)u;
			out_num(&o, &sp, u, *p == 'u' ? 10 : (*p == 'o' ? 8 : 16),
				*p == 'X', false,
				(sp.alt && u && (*p == 'x' || *p == 'X'))
					? (*p == 'x' ? "0x" : "0X")
					: NULL);
			break;
		case 'p':
			out_num(&o, &sp, (uintptr_t)va_arg(ap, void *), 16, false, false,
				"0x");
			break;
		case 's':
			out_str(&o, &sp, va_arg(ap, const char *));
			break;
		case 'c': {
			char c[2] = {(char)va_arg(ap, int), 0};
			sp.prec = 1;
			out_str(&o, &sp, c);
			break;
		}
		case '%':
			out_char(&o, '%');
			break;
		case '\0':
			return o.count;
		default: /* unknown conversion: show it rather than guess */
			out_char(&o, '%');
			out_char(&o, *p);
			break;
		}
	}
	return o.count;
}

struct fmt_buf {
	char *buf;
	size_t size;
	size_t pos;
};

static void buf_sink(void *ctx, char c)
{
	struct fmt_buf *b = ctx;

	if (b->pos + 1 < b->size)
		b->buf[b->pos] = c;
	b->pos++;
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmt_buf b = {buf, size, 0};
	int n = fmt_vformat(buf_sink, &b, fmt, ap);

	if (size)
		buf[b.pos < size ? b.pos : size - 1] = '\0';
	return n;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

char *fmt_printable(char *s)
{
	for (char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return s;
}
