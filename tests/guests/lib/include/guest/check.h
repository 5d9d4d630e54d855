/*
 * Check framework: every check prints "PASS: <what>" or
 * "FAIL: <what> (<detail>)"; check_finish() prints
 * "DONE: <n> checks, <m> failed" and powers the guest off.
 */
#ifndef GUEST_CHECK_H
#define GUEST_CHECK_H
#include <stdbool.h>

/* detail_fmt is formatted only when the check fails. */
bool check(bool ok, const char *what, const char *detail_fmt, ...)
	__attribute__((format(printf, 3, 4)));
unsigned check_failures(void);
void check_finish(void) __attribute__((noreturn));

#endif
