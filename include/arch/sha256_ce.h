/*
 * SHA-256 blocks with the Armv8 Cryptographic Extension (src/arch/sha256_ce.S),
 * a sha256_blocks_fn (include/lib/sha256.h). Only where ID_AA64ISAR0_EL1.SHA2
 * is non-zero (boot_cpu.sha256), and outside SME streaming mode. Saves and
 * restores the SIMD registers it uses (their low 128 bits).
 */
#ifndef ARCH_SHA256_CE_H
#define ARCH_SHA256_CE_H
#include <stddef.h>
#include <stdint.h>

void sha256_ce_blocks(uint32_t st[8], const uint8_t *p, size_t nblocks);

#endif
