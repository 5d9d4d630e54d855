/*
 * The assignment config: which guests exist and what each one gets. Written
 * as device-tree source (one file per system), compiled to a DTB and packed
 * into the payload as the FIT image "config" (tools/mkpayload). Parsed here
 * into plain structs, with one-line errors naming the file, the node, the
 * property and the reason. Pure logic: the host check tool will run it too.
 *
 *   / { compatible = "tessera,config-v1";
 *       guest@0 { name, cpus, memory-size, [memory-ipa], kernel, [initrd],
 *                 [bootargs], [on-fault] }; };
 *
 * Growing it: a new guest property is one row in guest_props[] (config.c)
 * plus a field here; device assignments will be guest subnodes, which are
 * rejected until then.
 */
#ifndef CONFIG_CONFIG_H
#define CONFIG_CONFIG_H
#include <stdint.h>

#include "core/config.h"
#include "payload/fit.h"

#define CONFIG_COMPATIBLE "tessera,config-v1"
#define CONFIG_MAX_GUESTS NR_CPUS /* each guest owns at least one CPU */
#define CONFIG_NAME_LEN 32        /* guest and image names, with the NUL */
#define CONFIG_BOOTARGS_LEN 256
#define CONFIG_PATH_LEN 64
#define CONFIG_FILE_LEN 64
#define CONFIG_ERR_LEN 256 /* a comfortable err buffer for these functions */

#define CONFIG_RAM_ALIGN 0x200000ull /* 2 MiB: stage-2 block mappings */
#define CONFIG_DEFAULT_MEM_IPA 0x40000000ull
/* IPAs of the virtual devices (vGIC, vUART; docs/guest-abi.md): guest RAM
 * must stay clear of them. */
#define CONFIG_DEV_WINDOW_BASE 0x08000000ull
#define CONFIG_DEV_WINDOW_END 0x0a000000ull

enum config_on_fault {
	CONFIG_ON_FAULT_INJECT, /* inject an abort into the guest (default) */
	CONFIG_ON_FAULT_STOP,   /* stop the guest */
	CONFIG_ON_FAULT_RESET,  /* restart the guest */
};

struct guest_config {
	char name[CONFIG_NAME_LEN];
	unsigned cpus[NR_CPUS]; /* host CPU indices; cpus[i] runs vCPU i */
	unsigned nr_cpus;
	uint64_t mem_size;
	uint64_t mem_ipa;
	char kernel[CONFIG_NAME_LEN]; /* FIT image names */
	char initrd[CONFIG_NAME_LEN]; /* "" when the guest has none */
	char bootargs[CONFIG_BOOTARGS_LEN];
	enum config_on_fault on_fault;
	char path[CONFIG_PATH_LEN]; /* the config node, e.g. "/guest@0" */
};

struct sys_config {
	struct guest_config guest[CONFIG_MAX_GUESTS]; /* in config order */
	unsigned nr_guests;
	char file[CONFIG_FILE_LEN]; /* the config's file name, for messages */
};

/*
 * Parses and validates the compiled config dtb (8-byte aligned). file names
 * it in messages; nr_host_cpus bounds the CPU indices. On error returns <0
 * and writes one line to err, e.g.
 *   system.dts: /guest@1: property "cpus": CPU 2 is already given to guest "checks"
 */
int config_parse(const void *dtb, const char *file, unsigned nr_host_cpus,
		 struct sys_config *out, char *err, int errlen);

/* Checks that every kernel and initrd the config names is an image in the FIT. */
int config_check_images(const struct sys_config *c, const struct fit *f, const char *file,
			char *err, int errlen);

/*
 * The boot path in one call, after fit_verify_all(): takes the "config"
 * image of f, names it by that image's description (the .dts file name),
 * parses it and checks the image names. libfdt needs the DTB 8-byte aligned
 * and an embedded FIT image is only 4-byte aligned, so a misaligned DTB is
 * first copied to scratch (8-byte aligned, scratch_size bytes; may be NULL
 * when the config is known to be aligned).
 */
int config_load(const struct fit *f, unsigned nr_host_cpus, void *scratch,
		uint64_t scratch_size, struct sys_config *out, char *err, int errlen);

const char *config_on_fault_name(enum config_on_fault f);

#endif
