/*
 * printf-style formatting, pure logic (host unit tested). Supports the flags
 * '-', '0', '#', width, precision (".N" and ".*"), the length modifiers hh, h, l,
 * ll, z, and the conversions d i u x X o p s c %.
 */
#ifndef LIB_FMT_H
#define LIB_FMT_H
#include <stdarg.h>
#include <stddef.h>

typedef void (*fmt_sink)(void *ctx, char c);

/* Emits through sink; returns the number of characters emitted. */
int fmt_vformat(fmt_sink sink, void *ctx, const char *fmt, va_list ap);
/* C99 semantics: always NUL-terminates when size > 0, returns the full length. */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Replaces each control character of s (below 0x20, and 0x7f) by '?': an
 * error message that quotes outside input (a DT string, a node name) stays
 * one printable line. Returns s. */
char *fmt_printable(char *s);

#endif
