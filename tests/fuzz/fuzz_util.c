/* Shared by every fuzz target; see fuzz.h. */
#include <string.h>

#include "fuzz.h"

/* UBSan findings end the run like ASan's (also set by -fno-sanitize-recover). */
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
	return "halt_on_error=1:print_stacktrace=1";
}

void *fuzz_copy(const uint8_t *data, size_t size)
{
	void *p = aligned_alloc(8, (size + 8) & ~(size_t)7);

	if (!p)
		abort();
	if (size)
		memcpy(p, data, size);
	return p;
}

void *fuzz_read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	long n;
	void *p;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "fuzz: cannot read %s (make fuzz-build builds it)\n",
			path);
		exit(2);
	}
	p = aligned_alloc(8, ((size_t)n + 8) & ~(size_t)7);
	if (!p || fread(p, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "fuzz: cannot read %s\n", path);
		exit(2);
	}
	fclose(f);
	*size = (size_t)n;
	return p;
}

uint8_t fuzz_u8(struct fuzz_in *in)
{
	if (!in->left)
		return 0;
	in->left--;
	return *in->p++;
}

uint32_t fuzz_u32(struct fuzz_in *in)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++)
		v |= (uint32_t)fuzz_u8(in) << (8 * i);
	return v;
}

uint64_t fuzz_u64(struct fuzz_in *in)
{
	uint64_t lo = fuzz_u32(in);

	return lo | (uint64_t)fuzz_u32(in) << 32;
}
