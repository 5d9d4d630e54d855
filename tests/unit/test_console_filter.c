/* The console output rule (src/core/console_filter.c, docs/guest-abi.md):
 * what of a guest's bytes reaches the terminal, line mode and typed at. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/console_filter.h"

#define PREFIX "[g] "

struct out {
	char buf[512];
	size_t len;
};

static void sink(void *ctx, char c)
{
	struct out *o = ctx;

	if (o->len + 1 < sizeof(o->buf))
		o->buf[o->len++] = c;
	o->buf[o->len] = 0;
}

/* What a line of guest bytes (no '\n') becomes. */
static const char *run(const char *in, size_t n, bool interactive)
{
	static struct out o;
	struct cfilter f;

	memset(&o, 0, sizeof(o));
	cfilter_line_start(&f, strlen(PREFIX));
	for (size_t i = 0; i < n; i++)
		cfilter_put(&f, in[i], interactive, PREFIX, sink, &o);
	return o.buf;
}

#define LINE(in, inter) run(in, sizeof(in) - 1, inter)

static void test_text_passes(void **state)
{
	(void)state;
	assert_string_equal(LINE("hello, world ~!", false), "hello, world ~!");
	assert_string_equal(LINE("a\tb", false), "a\tb");
	assert_string_equal(LINE("a\tb", true), "a\tb");
}

static void test_controls_dropped(void **state)
{
	(void)state;
	/* CR would let the rest overwrite the prefix; BS, BEL, NUL, DEL, FF */
	assert_string_equal(LINE("ab\rtessera: forged", false), "abtessera: forged");
	assert_string_equal(LINE("a\b\x07\x7f\x0c\x00z", false), "az");
	/* not ASCII: shown as '?', never as a C1 control (0x9b is CSI) */
	assert_string_equal(LINE("\x9b"
				 "2K\xc3\xa9",
				 false),
			    "?2K??");
}

static void test_escape_sequences_dropped_whole(void **state)
{
	(void)state;
	/* cursor up and erase line: the attack on the line above */
	assert_string_equal(LINE("x\x1b[1A\x1b[2K\x1b[1Gtessera: y", false),
			    "xtessera: y");
	/* SGR (colours, conceal) goes too */
	assert_string_equal(LINE("\x1b[8;31mhidden\x1b[0m", false), "hidden");
	/* OSC (window title) to BEL, DCS to ST, charset and two-byte escapes */
	assert_string_equal(LINE("a\x1b]0;title\x07"
				 "b\x1bPq#0\x1b\\c\x1b(Bd\x1b"
				 "7e",
				 false),
			    "abcde");
	/* typed at, only the line editor's own sequences pass */
	assert_string_equal(LINE("x\x1b[1A\x1b[2K\x1b[?25l\x1b[1;1H", true), "x");
}

static void test_broken_sequences(void **state)
{
	(void)state;
	/* a control byte cancels a sequence and counts as itself */
	assert_string_equal(LINE("\x1b[12\x18z", false), "z");
	assert_string_equal(LINE("\x1b\x1b[Kz", false), "z");
	assert_string_equal(LINE("\x1b\x01z", false), "z");
	/* a huge parameter neither overflows nor passes */
	assert_string_equal(LINE("ab\x1b[99999999999999999999D", true), "ab\x1b[2D");
}

static void test_line_editor(void **state)
{
	(void)state;
	/* backspace and cursor-left stop at the prefix */
	assert_string_equal(LINE("ab\b\b\b\bc", true), "ab\b\bc");
	assert_string_equal(LINE("abc\x1b[9D\x1b[D", true), "abc\x1b[3D");
	assert_string_equal(LINE("ab\x1b[2C\x1b[9D", true), "ab\x1b[2C\x1b[4D");
	/* erase to the end of the line; "erase below" becomes that */
	assert_string_equal(LINE("a\x1b[K\x1b[0J\x1b[1K\x1b[2J", true), "a\x1b[K\x1b[K");
	/* a tab counts to its stop: the prefix takes 4 columns, so 4 more */
	assert_string_equal(LINE("\t\x1b[9D", true), "\t\x1b[4D");
}

static void test_carriage_return(void **state)
{
	(void)state;
	/* a redraw brings the prefix back before the guest's text */
	assert_string_equal(LINE("$ ls\r$ ls -l", true), "$ ls\r" PREFIX "$ ls -l");
	assert_string_equal(LINE("abc\rx\b\b", true), "abc\r" PREFIX "x\b");
	/* CR CR: one redraw; CR at the end waits for what follows */
	assert_string_equal(LINE("a\r\rb", true), "a\r" PREFIX "b");
	assert_string_equal(LINE("a\r", true), "a");
	/* CR before the line end is nothing: the next line starts afresh */
	{
		struct out o = {0};
		struct cfilter f;

		cfilter_line_start(&f, 4);
		cfilter_put(&f, 'a', true, PREFIX, sink, &o);
		cfilter_put(&f, '\r', true, PREFIX, sink, &o);
		cfilter_line_start(&f, 4); /* the caller saw '\n' */
		cfilter_put(&f, 'b', true, PREFIX, sink, &o);
		assert_string_equal(o.buf, "ab");
	}
}

static void test_state_does_not_leak_across_lines(void **state)
{
	struct out o = {0};
	struct cfilter f;

	(void)state;
	cfilter_line_start(&f, 4);
	cfilter_put(&f, '\x1b', false, PREFIX, sink, &o);
	cfilter_put(&f, ']', false, PREFIX, sink, &o);
	/* the line ends inside an OSC string: the next one is text again */
	cfilter_line_start(&f, 4);
	cfilter_put(&f, 'z', false, PREFIX, sink, &o);
	assert_string_equal(o.buf, "z");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_passes),
		cmocka_unit_test(test_controls_dropped),
		cmocka_unit_test(test_escape_sequences_dropped_whole),
		cmocka_unit_test(test_broken_sequences),
		cmocka_unit_test(test_line_editor),
		cmocka_unit_test(test_carriage_return),
		cmocka_unit_test(test_state_does_not_leak_across_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
