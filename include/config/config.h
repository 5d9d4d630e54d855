/*
 * The assignment config: which guests exist and what each one gets. Written
 * as device-tree source (one file per system), compiled to a DTB and packed
 * into the payload as the FIT image "config" (tools/mkpayload). Parsed here
 * into plain structs, with one-line errors naming the file, the node, the
 * property and the reason. Pure logic: the host check tool will run it too.
 *
 *   / { compatible = "tessera,config-v1";
 *       guest@0 { name, cpus, memory-size, [memory-ipa | memory-identity
 *                 [memory-pa]], kernel, [initrd], [bootargs], [on-fault],
 *                 [virtual-spis],
 *                 NAME { host-path } | NAME { reg, [interrupts], [guest DT
 *                 properties], [guest-node { ... }] } ... }; };
 *
 * docs/config.md documents every node and property. Growing it: a new guest
 * property is one row in guest_props[] (config.c), a new assignment property
 * one in config_assign.c, plus a field here. This is the syntax; what the
 * host DT has to say about an assignment is checked by guest/layout.h.
 */
#ifndef CONFIG_CONFIG_H
#define CONFIG_CONFIG_H
#include <stdbool.h>
#include <stdint.h>

#include "abi/vplatform.h"
#include "core/config.h"
#include "mm/stage2.h"
#include "payload/fit.h"

#define CONFIG_COMPATIBLE "tessera,config-v1"
#define CONFIG_MAX_GUESTS NR_CPUS /* each guest owns at least one CPU */
#define CONFIG_NAME_LEN 32        /* guest and image names, with the NUL */
#define CONFIG_BOOTARGS_LEN 256
#define CONFIG_PATH_LEN 256
#define CONFIG_FILE_LEN 64
#define CONFIG_ERR_LEN 512   /* a comfortable err buffer for these functions */
#define CONFIG_MAX_ASSIGN 16 /* device assignments per guest */
#define CONFIG_MAX_REGS 8    /* reg entries of one raw assignment */
#define CONFIG_MAX_IRQS 8    /* interrupts of one raw assignment */

#define CONFIG_RAM_ALIGN 0x200000ull /* 2 MiB: stage-2 block mappings */
#define CONFIG_DEFAULT_MEM_IPA 0x40000000ull

enum config_on_fault {
	CONFIG_ON_FAULT_INJECT, /* inject an abort into the guest (default) */
	CONFIG_ON_FAULT_STOP,   /* stop the guest */
	CONFIG_ON_FAULT_RESET,  /* restart the guest */
};

/*
 * One device assignment (a guest subnode): a host DT node (host_path) whose
 * reg and interrupts the layout takes from the host DT, or a raw region of
 * host physical address space (reg, interrupts) described to the guest by
 * the node's other properties or its guest-node child.
 */
struct assign_config {
	char path[CONFIG_PATH_LEN];       /* the config node, e.g. "/guest@0/rtc" */
	char name[CONFIG_NAME_LEN];       /* its node name: the guest DT node's */
	char host_path[CONFIG_PATH_LEN];  /* "" for a raw assignment */
	uint64_t reg[CONFIG_MAX_REGS][2]; /* raw: base, size */
	unsigned nr_reg;
	unsigned irq[CONFIG_MAX_IRQS]; /* raw: INTIDs (SPIs) */
	bool irq_level[CONFIG_MAX_IRQS];
	unsigned nr_irq;
	enum s2_memtype memattr[CONFIG_MAX_REGS]; /* per region, or one for all */
	unsigned nr_memattr;                      /* 0: the default, device-nGnRE */
	bool ram_like;   /* the user vouches: reading it has no side effects */
	bool coherent;   /* the user vouches: the device snoops the CPU caches */
	bool persistent; /* RAM carve-out: its contents survive guest resets */
	int node;        /* offset in the config DTB (raw: guest DT properties) */
	int guest_node;  /* raw: offset of its guest-node child, or -1 */
};

struct guest_config {
	char name[CONFIG_NAME_LEN];
	unsigned cpus[NR_CPUS]; /* host CPU indices; cpus[i] runs vCPU i */
	unsigned nr_cpus;
	uint64_t mem_size;
	uint64_t mem_ipa;
	bool mem_ipa_given;
	bool mem_identity; /* RAM at IPA == PA */
	uint64_t mem_pa;   /* with mem_identity: where (0: Tessera chooses) */
	unsigned vspi_first, vspi_count; /* virtual-spis: INTIDs it raises itself */
	char kernel[CONFIG_NAME_LEN];    /* FIT image names */
	char initrd[CONFIG_NAME_LEN];    /* "" when the guest has none */
	char bootargs[CONFIG_BOOTARGS_LEN];
	enum config_on_fault on_fault;
	char path[CONFIG_PATH_LEN]; /* the config node, e.g. "/guest@0" */
	struct assign_config assign[CONFIG_MAX_ASSIGN];
	unsigned nr_assign;
};

struct sys_config {
	struct guest_config guest[CONFIG_MAX_GUESTS]; /* in config order */
	unsigned nr_guests;
	char file[CONFIG_FILE_LEN]; /* the config's file name, for messages */
	const void *dtb;            /* the parsed DTB (raw assignments' guest nodes) */
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
