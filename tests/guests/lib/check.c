/* Check framework; see guest/check.h. */
#include <stdarg.h>
#include <stdint.h>

#include "guest/check.h"
#include "guest/console.h"
#include "guest/rt.h"
#include "lib/fmt.h"

static unsigned check_count, check_failed;

bool check(bool ok, const char *what, const char *detail_fmt, ...)
{
	char detail[200];
	va_list ap;

	check_count++;
	if (ok) {
		console_printf("PASS: %s\n", what);
		return true;
	}
	check_failed++;
	va_start(ap, detail_fmt);
	fmt_vsnprintf(detail, sizeof(detail), detail_fmt, ap);
	va_end(ap);
	console_printf("FAIL: %s (%s)\n", what, detail);
	return false;
}

unsigned check_failures(void)
{
	return check_failed;
}

void check_finish(void)
{
	console_printf("DONE: %u checks, %u failed\n", check_count, check_failed);
	rt_system_off();
}
