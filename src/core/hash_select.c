/* SHA-256 block function choice at boot; see include/core/hash_select.h. */
#include <string.h>

#include "arch/sha256_ce.h"
#include "core/console.h"
#include "core/hash_select.h"
#include "core/stop.h"
#include "lib/sha256.h"

#define HASH_ARG "tessera.sha256=portable"

static bool hash_forced_portable(const char *bootargs)
{
	const char *p = bootargs ? strstr(bootargs, HASH_ARG) : NULL;

	return p && (p == bootargs || p[-1] == ' ') &&
	       (p[strlen(HASH_ARG)] == 0 || p[strlen(HASH_ARG)] == ' ');
}

void hash_select(const struct cpu_features *f, const char *bootargs)
{
	char why[96];

	/* The portable code is the fallback: it must be right in any case. */
	if (sha256_kat(sha256_blocks_c, why, sizeof(why))) {
		printk("sha256: the portable code FAILED its self test: %s\n", why);
		hyp_stop("no SHA-256 code to verify the payload with");
	}
	sha256_use(sha256_blocks_c);
	if (!f->sha256) {
		printk("sha256: portable code (the CPU has no SHA-256 instructions), "
		       "self test passed\n");
		return;
	}
	if (hash_forced_portable(bootargs)) {
		printk("sha256: portable code (" HASH_ARG "), self test passed\n");
		return;
	}
	if (sha256_kat(sha256_ce_blocks, why, sizeof(why))) {
		printk("sha256: the Armv8 SHA-256 instruction code FAILED its self "
		       "test (%s); the portable code hashes instead\n",
		       why);
		return;
	}
	sha256_use(sha256_ce_blocks);
	printk("sha256: Armv8 SHA-256 instructions (ID_AA64ISAR0_EL1.SHA2), self test "
	       "passed\n");
}
