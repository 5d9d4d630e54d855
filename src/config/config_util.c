/* Error lines and property readers of the config parser (config_internal.h). */
#include <stdarg.h>
#include <string.h>

#include "config_internal.h"
#include "dt/dt.h"
#include "lib/errno.h"
#include "lib/fmt.h"

int cfg_err(struct cfg_ctx *x, const char *path, const char *prop, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (x->errlen <= 0)
		return -EINVAL;
	if (prop)
		n = fmt_snprintf(x->err, (size_t)x->errlen,
				 "%s: %s: property \"%s\": ", x->file, path, prop);
	else
		n = fmt_snprintf(x->err, (size_t)x->errlen, "%s: %s: ", x->file, path);
	if (n >= 0 && n < x->errlen) {
		va_start(ap, fmt);
		fmt_vsnprintf(x->err + n, (size_t)(x->errlen - n), fmt, ap);
		va_end(ap);
	}
	fmt_printable(x->err);
	return -EINVAL;
}

int get_string(struct cfg_ctx *x, const char *prop, const void *val, int len, size_t max,
	       const char **s)
{
	const char *v = val;

	if (len < 1 || v[len - 1] != '\0' || strlen(v) != (size_t)len - 1)
		return GERR(x, prop, "must be one string (prop = \"...\";)");
	if ((size_t)len > max)
		return GERR(x, prop,
			    "\"%.20s...\" is %d characters long, at most %u "
			    "are allowed",
			    v, len - 1, (unsigned)max - 1);
	*s = v;
	return 0;
}

int get_u64(struct cfg_ctx *x, const char *prop, const void *val, int len, uint64_t *v)
{
	if (len != 4 && len != 8)
		return GERR(x, prop,
			    "must be one or two cells (<size> or <hi lo>), not "
			    "%d bytes",
			    len);
	*v = dt_read_cells(val, len / 4);
	return 0;
}
