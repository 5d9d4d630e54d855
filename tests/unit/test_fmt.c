/* fmt_snprintf: the printf every console line goes through. Deliberate
 * edge cases (NULL %s, unknown conversions) upset -Wformat, hence the pragmas. */
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#pragma GCC diagnostic ignored "-Wformat-overflow"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "lib/fmt.h"

#define CHECK(expect, ...)                                                               \
	do {                                                                             \
		char b_[128];                                                            \
		int n_ = fmt_snprintf(b_, sizeof(b_), __VA_ARGS__);                      \
		assert_string_equal(b_, expect);                                         \
		assert_int_equal(n_, (int)strlen(expect));                               \
	} while (0)

static void test_integers(void **state)
{
	(void)state;
	CHECK("0", "%d", 0);
	CHECK("-42 42", "%d %u", -42, 42u);
	CHECK("-2147483648", "%d", (int)-2147483647 - 1);
	CHECK("18446744073709551615", "%lu", (unsigned long)-1);
	CHECK("-9223372036854775808", "%ld", (long)(-9223372036854775807L - 1));
	CHECK("ff FF 377", "%x %X %o", 255u, 255u, 255u);
	CHECK("-1 255", "%hhd %hhu", (signed char)-1, (unsigned char)255);
	CHECK("65535", "%hu", (unsigned short)65535);
	CHECK("123", "%zu", (size_t)123);
}

static void test_width_flags(void **state)
{
	(void)state;
	CHECK("   42|42   |", "%5d|%-5d|", 42, 42);
	CHECK("00042 -0042", "%05d %05d", 42, -42);
	CHECK("0x1f 0 0X1F", "%#x %#x %#X", 31u, 0u, 31u);
	CHECK("0x000000001f", "%#012x", 31u);
	CHECK("  0x1f", "%#6x", 31u);
	CHECK("0042", "%.4d", 42);
	CHECK("   ab", "%*s", 5, "ab");
	CHECK("ab   |", "%-*s|", 5, "ab");
}

static void test_strings_chars(void **state)
{
	(void)state;
	CHECK("hello", "%s", "hello");
	CHECK("hel", "%.3s", "hello");
	CHECK("hel", "%.*s", 3, "hello");
	CHECK("(null)", "%s", (char *)NULL);
	CHECK("x%", "%c%%", 'x');
	CHECK("0x1234", "%p", (void *)0x1234);
	CHECK("%q", "%q");
}

static void test_truncation(void **state)
{
	char b[6];
	int n;

	(void)state;
	memset(b, 'z', sizeof(b));
	n = fmt_snprintf(b, sizeof(b), "%s", "0123456789");
	assert_int_equal(n, 10);
	assert_string_equal(b, "01234");
	n = fmt_snprintf(b, 1, "abc");
	assert_int_equal(n, 3);
	assert_int_equal(b[0], '\0');
	n = fmt_snprintf(NULL, 0, "abc%d", 12);
	assert_int_equal(n, 5);
}

static void test_length_modifiers(void **state)
{
	(void)state;
	CHECK("-1 18446744073709551615", "%lld %llu", -1LL, (unsigned long long)-1);
	CHECK("fedcba9876543210", "%llx", 0xfedcba9876543210ULL);
	CHECK("0x00000000402019d0", "%#018lx", 0x402019d0UL); /* the exception report */
	CHECK("-56 200", "%hhd %hhu", 200, 200);              /* converted as char */
	CHECK("4464 -1", "%hu %hd", 70000, 65535);            /* and as short */
	CHECK("-5", "%zd", (long)-5);
	CHECK("ffffffff", "%x", -1);
}

static void test_precision_and_flag_mix(void **state)
{
	(void)state;
	CHECK("", "%.0d", 0); /* C: zero with precision 0 prints nothing */
	CHECK("  ", "%2.0x", 0u);
	CHECK("   042", "%06.3d", 42);  /* '0' is ignored with a precision */
	CHECK("42    |", "%-06d|", 42); /* and with '-' */
	CHECK("-0042", "%.4d", -42);
	CHECK("0x0000ff", "%#08x", 255u);    /* zeros go after the prefix */
	CHECK("0", "%#x", 0u);               /* no prefix for zero */
	CHECK("ab   |", "%*s|", -5, "ab");   /* negative width from * means '-' */
	CHECK("hello", "%.*s", -1, "hello"); /* negative precision means none */
	CHECK("    x|x    |", "%5c|%-5c|", 'x', 'x');
	CHECK("17 00021", "%o %05o", 15u, 17u);
	CHECK("0x0", "%p", (void *)0);
}

static void test_odd_formats(void **state)
{
	(void)state;
	CHECK("abc", "abc%");         /* a lone '%' at the end is dropped */
	CHECK("%y %+d", "%y %+d", 1); /* unknown conversions are shown, not guessed */
}

struct sink_buf {
	char s[64];
	int n;
};

static void sink(void *ctx, char c)
{
	struct sink_buf *b = ctx;

	if (b->n < (int)sizeof(b->s) - 1)
		b->s[b->n] = c;
	b->n++;
}

static int via_sink(struct sink_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vformat(sink, b, fmt, ap);
	va_end(ap);
	return n;
}

static void test_vformat_sink(void **state)
{
	struct sink_buf b;

	(void)state;
	memset(&b, 0, sizeof(b));
	/* every character goes through the sink once; the count matches */
	assert_int_equal(via_sink(&b, "CPU %u online (MPIDR %#lx)", 3u, 0x3UL), 24);
	assert_int_equal(b.n, 24);
	assert_string_equal(b.s, "CPU 3 online (MPIDR 0x3)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_width_flags),
		cmocka_unit_test(test_strings_chars),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_length_modifiers),
		cmocka_unit_test(test_precision_and_flag_mix),
		cmocka_unit_test(test_odd_formats),
		cmocka_unit_test(test_vformat_sink),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
