/*
 * Chooses SHA-256's block function at boot: the Armv8 SHA-256 instructions
 * when the CPU has them and they pass the known-answer test (sha256_kat()),
 * the portable C otherwise or with "tessera.sha256=portable" in bootargs.
 * Prints one line saying which; stops if no block function passes, since
 * then no image could be verified.
 */
#ifndef CORE_HASH_SELECT_H
#define CORE_HASH_SELECT_H

#include "arch/cpu.h"

void hash_select(const struct cpu_features *f, const char *bootargs);

#endif
