/* Locked EL2 front end of palloc; memory is zeroed through the identity map. */
#include <string.h>

#include "core/config.h"
#include "lib/spinlock.h"
#include "mm/page.h"
#include "mm/palloc.h"

static struct palloc pool;
static struct spinlock lock;

void page_init(const struct range *free, unsigned n)
{
	palloc_init(&pool, free, n);
}

uint64_t page_alloc_range(uint64_t size, uint64_t align)
{
	uint64_t pa;

	spin_lock(&lock);
	pa = palloc_alloc(&pool, size, align);
	spin_unlock(&lock);
	if (pa)
		memset((void *)pa, 0, (size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1));
	return pa;
}

void page_free_range(uint64_t pa, uint64_t size)
{
	spin_lock(&lock);
	palloc_free(&pool, pa, (size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1));
	spin_unlock(&lock);
}

void *page_alloc_zeroed(void)
{
	return (void *)page_alloc_range(PAGE_SIZE, PAGE_SIZE);
}

uint64_t page_free_bytes(void)
{
	uint64_t n;

	spin_lock(&lock);
	n = palloc_free_bytes(&pool);
	spin_unlock(&lock);
	return n;
}

struct palloc *page_pool(void)
{
	return &pool;
}
