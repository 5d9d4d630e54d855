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

#define CHECK(expect, ...)                                                     \
	do {                                                                   \
		char b_[128];                                                  \
		int n_ = fmt_snprintf(b_, sizeof(b_), __VA_ARGS__);            \
		assert_string_equal(b_, expect);                               \
		assert_int_equal(n_, (int)strlen(expect));                     \
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_width_flags),
		cmocka_unit_test(test_strings_chars),
		cmocka_unit_test(test_truncation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
