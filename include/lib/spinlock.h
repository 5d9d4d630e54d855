/* Ticket spinlock (needs the MMU on: exclusives want Normal memory). */
#ifndef LIB_SPINLOCK_H
#define LIB_SPINLOCK_H
#include <stdint.h>

struct spinlock {
	uint32_t next;
	uint32_t owner;
};

static inline void spin_lock(struct spinlock *l)
{
	uint32_t me = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me)
		__asm__ volatile("yield");
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
}

#endif
