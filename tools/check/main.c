/*
 * tessera-check: checks an assignment config on the host before it is
 * flashed, with the code Tessera runs at boot (config_parse, inventory_parse,
 * layout_build) against a host DT: QEMU virt's, dumped by QEMU when it is
 * installed, or the platform's DTB (--platform). Prints the same error and
 * warning lines Tessera would print. `tessera-check --help` says it all.
 */
#include <getopt.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "mm/palloc.h"

#define DEFAULT_IMAGE_BASE 0x40200000ull
#define DEFAULT_IMAGE_SIZE 0x100000ull
#define DEFAULT_DTB_BASE 0x48000000ull
#define DEFAULT_INTIDS 256u

struct opts {
	const char *config, *platform, *list;
	const char *fwb_why; /* how fwb was decided */
	bool fwb, map;
	unsigned nr_intids;
	bool intids_given;
	unsigned pa_bits; /* the CPU's physical address size */
	const char *pa_why;
	uint64_t image_base, image_size, dtb_base, payload_base, payload_size;
	bool image_given, dtb_given;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: tessera-check CONFIG.dts|CONFIG.dtb [--platform HOST.dtb]\n"
		"                     [--cpu max|cortex-a57 | --fwb yes|no] [--map]\n"
		"                     [--gic-intids N] [--image BASE:SIZE]\n"
		"                     [--payload BASE:SIZE] [--dtb BASE] [--pa-bits N]\n"
		"       tessera-check --list-devices HOST.dtb\n"
		"\n"
		"Checks a Tessera assignment config as Tessera checks it at boot (the\n"
		"same code): prints each warning as \"warning: ...\" and the reason it is\n"
		"rejected as \"error: ...\". Exit 0: valid (warnings allowed), 1: rejected,\n"
		"2: usage or I/O error. A .dts is compiled with dtc as tools/mkpayload\n"
		"does. The payload's images are not checked (the config alone is).\n"
		"\n"
		"  --platform HOST.dtb  the host DT to check against. Default: QEMU virt's,\n"
		"                       dumped by " CHECK_QEMU
		" (-M virt,virtualization=on,\n"
		"                       gic-version=3 -cpu max -m 1G -smp 4); without QEMU\n"
		"                       installed --platform is needed\n"
		"  --cpu max|cortex-a57 the CPU: max has FEAT_S2FWB, cortex-a57 does not\n"
		"  --fwb yes|no         whether stage 2 runs with FWB (default yes)\n"
		"  --pa-bits N          the CPU's physical address size, 32, 36, 40, 42,\n"
		"                       44, 48 or 52 (default 48, max's; cortex-a57: 44);\n"
		"                       guests get IPAs of that many bits, at most 40\n"
		"  --gic-intids N       INTIDs the GIC has (default %u, QEMU virt's; no DT\n"
		"                       property says it, Tessera reads it from the GIC)\n"
		"  --image BASE:SIZE    Tessera's own image (default %#llx:%#llx, where\n"
		"                       QEMU -kernel puts it on virt)\n"
		"  --dtb BASE           where the host DTB is (default %#llx, where QEMU\n"
		"                       -kernel puts it on virt with 1 GiB and no -initrd)\n"
		"  --payload BASE:SIZE  where the payload is (default: the host DT's\n"
		"                       /chosen/linux,initrd-start/end, if any). QEMU\n"
		"                       -initrd puts it at 0x48000000 and the DTB after it\n"
		"  --map                print each guest's regions and interrupts\n"
		"  --list-devices HOST.dtb\n"
		"                       list the host DT's nodes with registers that a\n"
		"                       config could assign (host-path), with their\n"
		"                       regions, interrupts, DMA and console facts\n",
		DEFAULT_INTIDS, DEFAULT_IMAGE_BASE, DEFAULT_IMAGE_SIZE, DEFAULT_DTB_BASE);
}

static int bad_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "tessera-check: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n(tessera-check --help for usage)\n");
	return EXIT_USAGE;
}

static bool parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (!*s || *s == '-')
		return false;
	*v = strtoull(s, &end, 0);
	return !*end;
}

/* BASE:SIZE, SIZE not 0 */
static bool parse_range(const char *s, uint64_t *base, uint64_t *size)
{
	char buf[64];
	const char *colon = strchr(s, ':');

	if (!colon || (size_t)(colon - s) >= sizeof(buf))
		return false;
	snprintf(buf, sizeof(buf), "%.*s", (int)(colon - s), s);
	return parse_u64(buf, base) && parse_u64(colon + 1, size) && *size &&
	       *base + *size > *base;
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	enum {
		O_PLATFORM = 256,
		O_CPU,
		O_FWB,
		O_INTIDS,
		O_IMAGE,
		O_PAYLOAD,
		O_DTB,
		O_PA_BITS,
		O_LIST
	};
	static const struct option longopts[] = {
		{"platform", required_argument, NULL, O_PLATFORM},
		{"cpu", required_argument, NULL, O_CPU},
		{"fwb", required_argument, NULL, O_FWB},
		{"gic-intids", required_argument, NULL, O_INTIDS},
		{"image", required_argument, NULL, O_IMAGE},
		{"payload", required_argument, NULL, O_PAYLOAD},
		{"dtb", required_argument, NULL, O_DTB},
		{"pa-bits", required_argument, NULL, O_PA_BITS},
		{"list-devices", required_argument, NULL, O_LIST},
		{"map", no_argument, NULL, 'm'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bool cpu = false, fwb = false, pa = false;
	uint64_t v;
	int c;

	*o = (struct opts){.fwb = true,
			   .fwb_why = "the default",
			   .nr_intids = DEFAULT_INTIDS,
			   .image_base = DEFAULT_IMAGE_BASE,
			   .image_size = DEFAULT_IMAGE_SIZE,
			   .dtb_base = DEFAULT_DTB_BASE,
			   .pa_bits = 48,
			   .pa_why = "the default"};
	opterr = 0;
	while ((c = getopt_long(argc, argv, "hm", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			exit(0);
		case 'm':
			o->map = true;
			break;
		case O_PLATFORM:
			o->platform = optarg;
			break;
		case O_LIST:
			o->list = optarg;
			break;
		case O_CPU:
			if (strcmp(optarg, "max") && strcmp(optarg, "cortex-a57"))
				return bad_usage("--cpu %s: max or cortex-a57", optarg);
			o->fwb = !strcmp(optarg, "max");
			o->fwb_why = o->fwb ? "--cpu max" : "--cpu cortex-a57";
			if (!pa) {
				o->pa_bits = o->fwb ? 48 : 44;
				o->pa_why = o->fwb_why;
			}
			cpu = true;
			break;
		case O_FWB:
			if (strcmp(optarg, "yes") && strcmp(optarg, "no"))
				return bad_usage("--fwb %s: yes or no", optarg);
			o->fwb = !strcmp(optarg, "yes");
			o->fwb_why = "--fwb";
			fwb = true;
			break;
		case O_INTIDS:
			if (!parse_u64(optarg, &v) || v < 32 || v > 1020)
				return bad_usage("--gic-intids %s: a number of INTIDs, "
						 "32 to 1020",
						 optarg);
			o->nr_intids = (unsigned)v;
			o->intids_given = true;
			break;
		case O_IMAGE:
			if (!parse_range(optarg, &o->image_base, &o->image_size))
				return bad_usage("--image %s: BASE:SIZE, e.g. "
						 "0x40200000:0x100000",
						 optarg);
			o->image_given = true;
			break;
		case O_PAYLOAD:
			if (!parse_range(optarg, &o->payload_base, &o->payload_size))
				return bad_usage("--payload %s: BASE:SIZE, e.g. "
						 "0x48000000:0x2000000",
						 optarg);
			break;
		case O_PA_BITS:
			/* the sizes ID_AA64MMFR0_EL1.PARange can give */
			if (!parse_u64(optarg, &v) ||
			    (v != 32 && v != 36 && v != 40 && v != 42 && v != 44 &&
			     v != 48 && v != 52))
				return bad_usage(
					"--pa-bits %s: 32, 36, 40, 42, 44, 48 or 52",
					optarg);
			o->pa_bits = (unsigned)v;
			o->pa_why = "--pa-bits";
			pa = true;
			break;
		case O_DTB:
			if (!parse_u64(optarg, &o->dtb_base))
				return bad_usage("--dtb %s: an address, e.g. 0x48000000",
						 optarg);
			o->dtb_given = true;
			break;
		default:
			return bad_usage("%s: unknown option or missing argument",
					 argv[optind - 1]);
		}
	}
	if (cpu && fwb)
		return bad_usage("%s", "give --cpu or --fwb, not both");
	if (o->list) {
		if (optind != argc || o->platform || o->map)
			return bad_usage("%s", "--list-devices takes a host DTB and "
					       "nothing else");
		return 0;
	}
	if (optind + 1 != argc)
		return bad_usage("%s",
				 optind == argc ? "no config given" : "give one config");
	o->config = argv[optind];
	return 0;
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n >= t && !strcmp(s + n - t, tail);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* The config as a DTB: read, or compiled first. NULL: *code says why. */
static void *load_config(const char *path, int *code)
{
	const char *dtb = path;
	size_t size;
	void *blob;

	if (ends_with(path, ".dts")) {
		FILE *f = fopen(path, "r");

		if (!f) {
			blob = check_read_file(path, &size); /* says why */
			free(blob);
			*code = EXIT_USAGE;
			return NULL;
		}
		fclose(f);
		dtb = check_temp_path("config.dtb");
		if (!dtb || (*code = check_dtc(path, dtb)))
			return NULL;
	}
	*code = EXIT_USAGE;
	blob = check_read_file(dtb, &size);
	if (!blob)
		return NULL;
	if (check_fdt_blob(blob, size, path, " (a config .dts or .dtb)")) {
		free(blob);
		return NULL;
	}
	return blob;
}

/* The host DT as a blob: --platform, or dumped by QEMU. */
static void *load_host(const struct opts *o, const char **name)
{
	const char *path = o->platform;
	size_t size;
	void *blob;
	int r;

	if (!path) {
		path = check_temp_path("virt.dtb");
		if (!path)
			return NULL;
		r = check_qemu_dump(path);
		if (r < 0) {
			fprintf(stderr,
				"tessera-check: %s is not installed, so QEMU virt's DT "
				"cannot be dumped: give the host DT with --platform "
				"HOST.dtb\n",
				CHECK_QEMU);
			return NULL;
		}
		if (r)
			return NULL;
		*name = "QEMU virt (dumped by " CHECK_QEMU ", -m 1G -smp 4)";
	} else {
		*name = path;
	}
	blob = check_read_file(path, &size);
	if (blob && check_fdt_blob(blob, size, path, " (the host DT)")) {
		free(blob);
		return NULL;
	}
	return blob;
}

/* As Tessera decides at boot (guests.c): GUEST_IPA_BITS, capped by the CPU. */
static unsigned guest_ipa_bits(const struct opts *o)
{
	return o->pa_bits < GUEST_IPA_BITS ? o->pa_bits : GUEST_IPA_BITS;
}

static void print_host(const struct opts *o, const char *name,
		       const struct inventory *inv, const struct inv_console *con)
{
	uint64_t ram = 0;
	char a[48], b[48];

	for (unsigned i = 0; i < inv->nr_ram; i++)
		ram += inv->ram[i].size;
	printf("host DT: %s\n", name);
	printf("host: %u CPU%s, %s RAM, GICv%u (%s), console %s\n", inv->nr_cpus,
	       inv->nr_cpus == 1 ? "" : "s", check_size_str(ram, a, sizeof(a)),
	       inv->gic.version, inv->gic.path, con->path);
	printf("assumed: GIC with %u INTIDs (%s), stage 2 with FWB: %s (%s), guest IPA "
	       "size %u bits (CPU physical addresses %u bits, %s)\n",
	       o->nr_intids,
	       o->intids_given ? "--gic-intids" : "QEMU virt's; --gic-intids N",
	       o->fwb ? "yes" : "no", o->fwb_why, guest_ipa_bits(o), o->pa_bits,
	       o->pa_why);
	printf("assumed: Tessera's image at %s (%s), host DTB at %#llx (%s), ",
	       check_range_str(inv->image.base, inv->image.size, a, sizeof(a)),
	       o->image_given ? "--image" : "default; --image",
	       (unsigned long long)inv->dtb.base,
	       o->dtb_given ? "--dtb" : "default; --dtb");
	if (inv->has_payload)
		printf("payload at %s (%s)\n",
		       check_range_str(inv->payload.base, inv->payload.size, b,
				       sizeof(b)),
		       o->payload_size ? "--payload" : "the host DT's /chosen");
	else
		printf("no payload (--payload)\n");
}

static int check(const struct opts *o)
{
	static struct sys_config cfg;
	static struct sys_layout lay;
	static char err[CONFIG_ERR_LEN];
	struct inventory inv;
	struct inv_console con;
	struct palloc ram;
	struct range image = {o->image_base, o->image_size};
	const char *file = base_name(o->config), *host_name = NULL;
	void *blob, *host = NULL, *cfg_blob;
	int code;
	char e[INV_ERR_LEN];

	cfg_blob = load_config(o->config, &code);
	if (!cfg_blob)
		return code;
	code = EXIT_USAGE;
	blob = load_host(o, &host_name);
	if (blob)
		host = check_host_copy(blob, o->payload_base, o->payload_size);
	free(blob);
	if (!host)
		goto out;
	if (inventory_console(host, &con, e, sizeof(e)) ||
	    inventory_parse(host, o->dtb_base, &image, &inv, e, sizeof(e)) ||
	    inventory_check_pa(host, &inv, 48, e, sizeof(e))) {
		fprintf(stderr,
			"tessera-check: %s: Tessera cannot boot with this host DT: %s\n",
			o->platform ? o->platform : "QEMU virt's DT", e);
		goto out;
	}
	print_host(o, host_name, &inv, &con);
	code = EXIT_REJECTED;
	if (strlen(file) >= CONFIG_FILE_LEN) {
		printf("error: %s: the file name is longer than %d characters\n", file,
		       CONFIG_FILE_LEN - 1);
		goto out;
	}
	if (config_parse(cfg_blob, file, inv.nr_cpus, &cfg, err, sizeof(err))) {
		printf("error: %s\n", err);
		goto out;
	}
	palloc_init(&ram, inv.free, inv.nr_free);
	struct layout_host h = {.fdt = host,
				.inv = &inv,
				.con = &con,
				.nr_intids = o->nr_intids,
				.ipa_bits = guest_ipa_bits(o),
				.pa_bits = o->pa_bits,
				.fwb = o->fwb,
				.ram = &ram};
	int r = layout_build(&cfg, &h, &lay, err, sizeof(err));

	for (unsigned i = 0; i < lay.nr_warn; i++)
		printf("warning: %s\n", lay.warn[i]);
	if (r) {
		printf("error: %s\n", err);
		goto out;
	}
	check_print_notes(&cfg, &lay);
	if (o->map)
		check_print_map(&cfg, &lay);
	printf("%s: valid, %u guest%s%s\n", file, cfg.nr_guests,
	       cfg.nr_guests == 1 ? "" : "s",
	       lay.nr_warn ? " (with the warnings above)" : "");
	code = EXIT_VALID;
out:
	free(cfg_blob);
	free(host);
	return code;
}

static int list_devices(const char *path)
{
	size_t size;
	void *blob = check_read_file(path, &size);
	int r;

	if (!blob)
		return EXIT_USAGE;
	r = check_fdt_blob(blob, size, path, " (the host DT)")
		    ? EXIT_USAGE
		    : check_list_devices(blob, path);
	free(blob);
	return r;
}

int main(int argc, char **argv)
{
	struct opts o;
	int r = parse_opts(argc, argv, &o);

	if (r)
		return r;
	if (o.list)
		return list_devices(o.list);
	return check(&o);
}
