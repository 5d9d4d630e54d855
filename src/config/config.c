/* Assignment config parser and validator; see include/config/config.h. */
#include <libfdt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include "config/config.h"
#include "config_internal.h"
#include "dt/dt.h"
#include "lib/errno.h"
#include "lib/fmt.h"
#include "lib/range.h"

static bool name_char_ok(char c, bool guest)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	if (c == '-' || c == '_' || c == '.')
		return true;
	/* FIT image names are DT node names, which also allow these */
	return !guest && (c == ',' || c == '+');
}

int check_name_chars(struct cfg_ctx *x, const char *prop, const char *s, bool guest)
{
	if (!*s)
		return GERR(x, prop, "is empty");
	for (const char *p = s; *p; p++)
		if (!name_char_ok(*p, guest))
			return GERR(x, prop,
				    "\"%s\" has the character '%c'; use letters, digits, "
				    "'-', '_' and '.'%s",
				    s, (*p >= 0x20 && *p < 0x7f) ? *p : '?',
				    guest ? "" : " (and ',' '+')");
	return 0;
}

/* ---- guest properties ------------------------------------------------- */

static int parse_name(struct cfg_ctx *x, const char *prop, const void *val, int len)
{
	const char *s = NULL;
	int r = get_string(x, prop, val, len, CONFIG_NAME_LEN, &s);

	if (r || (r = check_name_chars(x, prop, s, true)))
		return r;
	for (unsigned i = 0; i < x->cfg->nr_guests; i++)
		if (!strcmp(x->cfg->guest[i].name, s))
			return GERR(x, prop, "guest name \"%s\" is already used by %s", s,
				    x->cfg->guest[i].path);
	memcpy(x->g->name, s, (size_t)len);
	return 0;
}

/* Name of the earlier guest that owns host CPU cpu, or NULL. */
static const char *cpu_owner(const struct cfg_ctx *x, unsigned cpu)
{
	for (unsigned i = 0; i < x->cfg->nr_guests; i++)
		for (unsigned j = 0; j < x->cfg->guest[i].nr_cpus; j++)
			if (x->cfg->guest[i].cpus[j] == cpu)
				return x->cfg->guest[i].name;
	return NULL;
}

static int parse_cpus(struct cfg_ctx *x, const char *prop, const void *val, int len)
{
	const fdt32_t *c = val;
	unsigned n = (unsigned)len / 4;
	struct guest_config *g = x->g;

	if (len <= 0 || len % 4)
		return GERR(x, prop, "must list at least one CPU index (cpus = <0 1>;)");
	if (n > NR_CPUS)
		return GERR(x, prop, "lists %u CPUs; Tessera is built for at most %d", n,
			    NR_CPUS);
	for (unsigned i = 0; i < n; i++) {
		unsigned cpu = fdt32_ld(&c[i]);
		const char *owner;

		if (cpu >= x->nr_host_cpus)
			return GERR(x, prop,
				    "CPU %u does not exist (the host has %u CPUs: "
				    "0-%u)",
				    cpu, x->nr_host_cpus, x->nr_host_cpus - 1);
		if (cpu >= NR_CPUS)
			return GERR(x, prop,
				    "CPU %u is beyond the %d CPUs Tessera is built "
				    "for (NR_CPUS)",
				    cpu, NR_CPUS);
		for (unsigned j = 0; j < i; j++)
			if (g->cpus[j] == cpu)
				return GERR(x, prop, "CPU %u is listed twice", cpu);
		owner = cpu_owner(x, cpu);
		if (owner)
			return GERR(x, prop, "CPU %u is already given to guest \"%s\"",
				    cpu, owner);
		g->cpus[i] = cpu;
	}
	g->nr_cpus = n;
	return 0;
}

static int parse_mem_size(struct cfg_ctx *x, const char *prop, const void *val, int len)
{
	uint64_t v = 0;
	int r = get_u64(x, prop, val, len, &v);

	if (r)
		return r;
	if (!v)
		return GERR(x, prop, "is 0; a guest needs RAM");
	if (v % CONFIG_RAM_ALIGN)
		return GERR(x, prop, "0x%llx is not a multiple of 2 MiB",
			    (unsigned long long)v);
	x->g->mem_size = v;
	return 0;
}

static int parse_mem_ipa(struct cfg_ctx *x, const char *prop, const void *val, int len)
{
	uint64_t v = 0;
	int r = get_u64(x, prop, val, len, &v);

	if (r)
		return r;
	if (v % CONFIG_RAM_ALIGN)
		return GERR(x, prop, "0x%llx is not 2 MiB aligned",
			    (unsigned long long)v);
	x->g->mem_ipa = v;
	x->g->mem_ipa_given = true;
	return 0;
}

static int parse_image_name(struct cfg_ctx *x, const char *prop, const void *val, int len,
			    char *dst)
{
	const char *s = NULL;
	int r = get_string(x, prop, val, len, CONFIG_NAME_LEN, &s);

	if (r || (r = check_name_chars(x, prop, s, false)))
		return r;
	if (!strcmp(s, FIT_CONFIG_IMAGE))
		return GERR(x, prop,
			    "\"%s\" is the config's own image, not a guest image", s);
	memcpy(dst, s, (size_t)len);
	return 0;
}

static int parse_kernel(struct cfg_ctx *x, const char *prop, const void *val, int len)
{
	return parse_image_name(x, prop, val, len, x->g->kernel);
}

static int parse_initrd(struct cfg_ctx *x, const char *prop, const void *val, int len)
{
	return parse_image_name(x, prop, val, len, x->g->initrd);
}

static int parse_bootargs(struct cfg_ctx *x, const char *prop, const void *val, int len)
{
	const char *s = NULL;
	int r = get_string(x, prop, val, len, CONFIG_BOOTARGS_LEN, &s);

	if (!r)
		memcpy(x->g->bootargs, s, (size_t)len);
	return r;
}

static const char *const on_fault_names[] = {
	[CONFIG_ON_FAULT_INJECT] = "inject",
	[CONFIG_ON_FAULT_STOP] = "stop",
	[CONFIG_ON_FAULT_RESET] = "reset",
};

const char *config_on_fault_name(enum config_on_fault f)
{
	return (unsigned)f < ARRAY_LEN(on_fault_names) ? on_fault_names[f] : "?";
}

static int parse_on_fault(struct cfg_ctx *x, const char *prop, const void *val, int len)
{
	const char *s = NULL;
	int r = get_string(x, prop, val, len, CONFIG_NAME_LEN, &s);

	if (r)
		return r;
	for (unsigned i = 0; i < ARRAY_LEN(on_fault_names); i++)
		if (!strcmp(s, on_fault_names[i])) {
			x->g->on_fault = (enum config_on_fault)i;
			return 0;
		}
	return GERR(x, prop,
		    "unknown value \"%s\" (expected \"inject\", \"stop\" or "
		    "\"reset\")",
		    s);
}

static int parse_mem_identity(struct cfg_ctx *x, const char *prop, const void *val,
			      int len)
{
	(void)val;
	if (len)
		return GERR(x, prop, "takes no value (memory-identity;)");
	x->g->mem_identity = true;
	return 0;
}

static int parse_mem_pa(struct cfg_ctx *x, const char *prop, const void *val, int len)
{
	uint64_t v = 0;
	int r = get_u64(x, prop, val, len, &v);

	if (r)
		return r;
	if (!v || v % CONFIG_RAM_ALIGN)
		return GERR(x, prop, "0x%llx is not a 2 MiB aligned, non-zero address",
			    (unsigned long long)v);
	x->g->mem_pa = v;
	return 0;
}

/* virtual-spis = <first count>: SPIs with no device behind them, which the
 * guest pends itself (GICD_ISPENDR), e.g. for tests or doorbells. */
static int parse_virtual_spis(struct cfg_ctx *x, const char *prop, const void *val,
			      int len)
{
	unsigned first, count;

	if (len != 8)
		return GERR(x, prop, "must be <first-INTID count>");
	first = (unsigned)dt_read_cells(val, 1);
	count = (unsigned)dt_read_cells((const char *)val + 4, 1);
	if (first < 32 || first >= 1020 || !count || count > 64 || count > 1020 - first)
		return GERR(x, prop,
			    "<%u %u>: INTIDs must be SPIs (32 and up), 1 to 64 of "
			    "them",
			    first, count);
	x->g->vspi_first = first;
	x->g->vspi_count = count;
	return 0;
}

struct config_prop {
	const char *name;
	int (*parse)(struct cfg_ctx *x, const char *prop, const void *val, int len);
	const char *required; /* NULL if optional, else what it gives, for messages */
};

/* Every property a guest node may have. Anything else is an error, so a typo
 * cannot silently drop a setting. A new property is one more row. */
static const struct config_prop guest_props[] = {
	{"name", parse_name, "the guest's name, used in messages and on the console"},
	{"cpus", parse_cpus, "the host CPUs the guest gets, e.g. <1 2>"},
	{"memory-size", parse_mem_size, "the guest's RAM size, e.g. <0x0 0x4000000>"},
	{"memory-ipa", parse_mem_ipa, NULL},
	{"kernel", parse_kernel, "the payload image the guest boots"},
	{"initrd", parse_initrd, NULL},
	{"bootargs", parse_bootargs, NULL},
	{"on-fault", parse_on_fault, NULL},
	{"memory-identity", parse_mem_identity, NULL},
	{"memory-pa", parse_mem_pa, NULL},
	{"virtual-spis", parse_virtual_spis, NULL},
};

/* Checks that need several properties, once all are read. */
static int check_guest(struct cfg_ctx *x)
{
	struct guest_config *g = x->g;
	uint64_t end = g->mem_ipa + g->mem_size;

	if (end < g->mem_ipa)
		return GERR(x, "memory-size",
			    "RAM 0x%llx + 0x%llx wraps around the address "
			    "space",
			    (unsigned long long)g->mem_ipa,
			    (unsigned long long)g->mem_size);
	if (g->mem_pa && !g->mem_identity)
		return GERR(x, "memory-pa",
			    "needs memory-identity (memory-pa says where the "
			    "identity-mapped RAM goes)");
	if (g->mem_identity && g->mem_ipa_given)
		return GERR(x, "memory-ipa",
			    "contradicts memory-identity (the RAM's IPA is its PA); "
			    "remove one of them");
	if (!g->mem_identity &&
	    range_overlaps(g->mem_ipa, g->mem_size, VPLAT_DEV_WINDOW_BASE,
			   VPLAT_DEV_WINDOW_END - VPLAT_DEV_WINDOW_BASE))
		return GERR(x, "memory-ipa",
			    "RAM 0x%llx-0x%llx overlaps the guest's device window "
			    "0x%lx-0x%lx (vGIC, vUART)",
			    (unsigned long long)g->mem_ipa, (unsigned long long)end - 1,
			    VPLAT_DEV_WINDOW_BASE, VPLAT_DEV_WINDOW_END - 1);
	return 0;
}

static int parse_guest(struct cfg_ctx *x, int node)
{
	struct guest_config *g = x->g;
	bool seen[ARRAY_LEN(guest_props)] = {false};
	int prop, r;

	memset(g, 0, sizeof(*g));
	x->at = g->path;
	g->mem_ipa = CONFIG_DEFAULT_MEM_IPA;
	g->on_fault = CONFIG_ON_FAULT_INJECT;
	if (fdt_get_path(x->dtb, node, g->path, sizeof(g->path)) < 0)
		return cfg_err(x, fdt_get_name(x->dtb, node, NULL), NULL,
			       "node path is longer than %d characters",
			       CONFIG_PATH_LEN - 1);

	fdt_for_each_property_offset(prop, x->dtb, node) {
		const char *pname;
		int len;
		const void *val = fdt_getprop_by_offset(x->dtb, prop, &pname, &len);
		unsigned i;

		if (!val)
			return GERR(x, NULL, "unreadable property (%s)",
				    fdt_strerror(len));
		for (i = 0; i < ARRAY_LEN(guest_props); i++)
			if (!strcmp(pname, guest_props[i].name))
				break;
		if (i == ARRAY_LEN(guest_props))
			return GERR(x, pname, "unknown property (a typo?)");
		seen[i] = true;
		r = guest_props[i].parse(x, pname, val, len);
		if (r)
			return r;
	}
	for (unsigned i = 0; i < ARRAY_LEN(guest_props); i++)
		if (guest_props[i].required && !seen[i])
			return GERR(x, NULL, "property \"%s\" is missing (%s)",
				    guest_props[i].name, guest_props[i].required);

	r = check_guest(x);
	return r ? r : config_parse_assignments(x, node);
}

/* ---- the root --------------------------------------------------------- */

/* Root properties that may appear besides compatible. */
static const char *const root_props[] = {"compatible", "model", "#address-cells",
					 "#size-cells"};

static bool is_guest_node(const char *name)
{
	return !strcmp(name, "guest") || !strncmp(name, "guest@", 6);
}

static int check_root(struct cfg_ctx *x)
{
	int len, prop;
	const char *compat = fdt_getprop(x->dtb, 0, "compatible", &len);

	if (!compat)
		return cfg_err(x, "/", NULL,
			       "property \"compatible\" is missing; a Tessera config has "
			       "compatible = \"" CONFIG_COMPATIBLE "\"");
	if (fdt_node_check_compatible(x->dtb, 0, CONFIG_COMPATIBLE))
		return cfg_err(x, "/", "compatible",
			       "\"%.*s\" is not \"" CONFIG_COMPATIBLE
			       "\" (not a Tessera config, or a newer version)",
			       (int)strnlen(compat, (size_t)len), compat);
	fdt_for_each_property_offset(prop, x->dtb, 0) {
		const char *pname;
		unsigned i;

		if (!fdt_getprop_by_offset(x->dtb, prop, &pname, &len))
			return cfg_err(x, "/", NULL, "unreadable property (%s)",
				       fdt_strerror(len));
		for (i = 0; i < ARRAY_LEN(root_props); i++)
			if (!strcmp(pname, root_props[i]))
				break;
		if (i == ARRAY_LEN(root_props))
			return cfg_err(x, "/", pname, "unknown property (a typo?)");
	}
	return 0;
}

int config_parse(const void *dtb, const char *file, unsigned nr_host_cpus,
		 struct sys_config *out, char *err, int errlen)
{
	struct cfg_ctx x = {.dtb = dtb,
			    .file = file,
			    .nr_host_cpus = nr_host_cpus,
			    .cfg = out,
			    .err = err,
			    .errlen = errlen};
	int node, r;

	memset(out, 0, sizeof(*out));
	out->dtb = dtb;
	fmt_snprintf(out->file, sizeof(out->file), "%s", file);
	r = dt_check_header(dtb, fdt_totalsize(dtb));
	if (r)
		return cfg_err(&x, "/", NULL, "not a compiled config (DTB): %s",
			       fdt_strerror(r));
	r = check_root(&x);
	if (r)
		return r;

	fdt_for_each_subnode(node, dtb, 0) {
		const char *name = fdt_get_name(dtb, node, NULL);
		char path[CONFIG_PATH_LEN];

		if (!is_guest_node(name))
			return cfg_err(&x, dt_path(dtb, node, path, sizeof(path)), NULL,
				       "unknown node (guests are guest@N nodes)");
		if (out->nr_guests == CONFIG_MAX_GUESTS)
			return cfg_err(&x, dt_path(dtb, node, path, sizeof(path)), NULL,
				       "too many guests (at most %d)", CONFIG_MAX_GUESTS);
		x.g = &out->guest[out->nr_guests];
		r = parse_guest(&x, node);
		if (r)
			return r;
		out->nr_guests++;
	}
	if (!out->nr_guests)
		return cfg_err(&x, "/", NULL, "no guest nodes (guest@0 { ... };)");
	return 0;
}

int config_check_images(const struct sys_config *c, const struct fit *f, const char *file,
			char *err, int errlen)
{
	struct cfg_ctx x = {.file = file, .err = err, .errlen = errlen};

	for (unsigned i = 0; i < c->nr_guests; i++) {
		const struct guest_config *g = &c->guest[i];
		const char *props[] = {"kernel", "initrd"};
		const char *names[] = {g->kernel, g->initrd};
		char why[160];

		for (unsigned k = 0; k < ARRAY_LEN(props); k++) {
			const void *data;
			uint64_t size;
			int r;

			if (!names[k][0])
				continue;
			r = fit_image(f, names[k], &data, &size);
			if (r == -ENOENT)
				return cfg_err(&x, g->path, props[k],
					       "image \"%s\" is not in the payload",
					       names[k]);
			if (r)
				return cfg_err(&x, g->path, props[k],
					       "image \"%s\" has no usable data",
					       names[k]);
			if (fit_check_use(f, names[k],
					  k ? FIT_USE_RAMDISK : FIT_USE_KERNEL, why,
					  sizeof(why)))
				return cfg_err(&x, g->path, props[k], "image \"%s\" %s",
					       names[k], why);
		}
	}
	return 0;
}

int config_load(const struct fit *f, unsigned nr_host_cpus, void *scratch,
		uint64_t scratch_size, struct sys_config *out, char *err, int errlen)
{
	const void *dtb;
	uint64_t size;
	const char *file = fit_image_desc(f, FIT_CONFIG_IMAGE);
	int r;

	if (fit_image(f, FIT_CONFIG_IMAGE, &dtb, &size)) {
		fmt_snprintf(err, (size_t)errlen,
			     "payload: no usable image \"" FIT_CONFIG_IMAGE
			     "\" (the compiled assignment config; see tools/mkpayload)");
		return -EINVAL;
	}
	if (!file || !*file)
		file = FIT_CONFIG_IMAGE;
	{
		char why[160];

		if (fit_check_use(f, FIT_CONFIG_IMAGE, FIT_USE_CONFIG, why,
				  sizeof(why))) {
			fmt_snprintf(err, (size_t)errlen,
				     "payload: image \"" FIT_CONFIG_IMAGE "\" (%s) %s",
				     file, why);
			fmt_printable(err);
			return -EINVAL;
		}
	}
	if ((uintptr_t)dtb & 7) {
		if (!scratch || ((uintptr_t)scratch & 7) || scratch_size < size) {
			fmt_snprintf(err, (size_t)errlen,
				     "%s: the config (%llu bytes) is not 8-byte aligned "
				     "and the scratch buffer cannot hold it",
				     file, (unsigned long long)size);
			fmt_printable(err);
			return -ENOSPC;
		}
		memcpy(scratch, dtb, (size_t)size);
		dtb = scratch;
	}
	r = dt_check_header(dtb, (size_t)size);
	if (!r)
		r = fdt_check_full(dtb, (size_t)size);
	if (r) {
		fmt_snprintf(err, (size_t)errlen,
			     "%s: the compiled config is not a valid "
			     "DTB (%s)",
			     file, fdt_strerror(r));
		fmt_printable(err);
		return -EINVAL;
	}
	r = config_parse(dtb, file, nr_host_cpus, out, err, errlen);
	if (r)
		return r;
	return config_check_images(out, f, out->file, err, errlen);
}
