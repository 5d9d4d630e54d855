/* strtoul for the EL2 image: libfdt parses unit addresses and aliases with it. */
#include <stdlib.h>

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

unsigned long strtoul(const char *s, char **end, int base)
{
	const char *p = s;
	unsigned long v = 0;
	int any = 0;

	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	if (*p == '+')
		p++;
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    digit_value(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = (p[0] == '0') ? 8 : 10;
	}
	for (; digit_value(*p) < base; p++, any = 1)
		v = v * (unsigned long)base + (unsigned long)digit_value(*p);
	if (end)
		*end = (char *)(any ? p : s);
	return v;
}
