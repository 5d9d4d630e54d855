/*
 * Host fuzz targets (libFuzzer, ASan, UBSan) for the parsers of outside
 * input. Each fuzz_*.c is one target over the same pure sources the unit
 * tests link; tests/fuzz/fuzz.mk builds them, tests/fuzz/run.sh runs them.
 * A target checks what the code promises (FUZZ_CHECK), not only that it
 * does not crash: a broken promise aborts like a sanitizer finding.
 */
#ifndef TESTS_FUZZ_FUZZ_H
#define TESTS_FUZZ_FUZZ_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A malloc'ed copy of data, 8-byte aligned as libfdt needs (at least 1 byte,
 * so an empty input still gets a buffer); free() it. */
void *fuzz_copy(const uint8_t *data, size_t size);
/* Reads a whole file (8-byte aligned); exits if it cannot. */
void *fuzz_read_file(const char *path, size_t *size);
/* Little-endian integers from a byte cursor; zero once the input runs out. */
struct fuzz_in {
	const uint8_t *p;
	size_t left;
};
uint64_t fuzz_u64(struct fuzz_in *in);
uint32_t fuzz_u32(struct fuzz_in *in);
uint8_t fuzz_u8(struct fuzz_in *in);

#define FUZZ_CHECK(cond, ...)                                                            \
	do {                                                                             \
		if (!(cond)) {                                                           \
			fprintf(stderr, "fuzz: %s:%d: promise broken: ", __FILE__,       \
				__LINE__);                                               \
			fprintf(stderr, __VA_ARGS__);                                    \
			fputc('\n', stderr);                                             \
			abort();                                                         \
		}                                                                        \
	} while (0)

#endif
