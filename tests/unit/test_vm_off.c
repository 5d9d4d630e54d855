/*
 * vm_set_off_last (src/guest/vm_off.c): two guests that go off at the same
 * instant on two CPUs; at least one of them must see every guest off, or the
 * machine never powers off. Run as the store-buffer litmus test on two host
 * threads, many rounds: with plain stores and loads the host's store buffer
 * (x86 and arm64 alike) lets both miss the other's VM_OFF within a few
 * thousand rounds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <time.h>

#include "guest/vm.h"

#define ROUNDS 200000
#define SECONDS_MAX 3
/* Pairs per round: the two threads run through them side by side, which
 * brings their stores and loads within a few cycles of each other far more
 * often than one start signal alone does. */
#define PAIRS 32

static struct vm pairs[PAIRS][2];
static struct vm two[2];
static unsigned go[2];             /* round number each thread may start */
static unsigned done[2];           /* round number each thread finished */
static unsigned at[2];             /* the pair each thread is at (round * PAIRS + p) */
static bool saw_all_off[PAIRS][2]; /* each answer in that round */
#define STOP (~0u)                 /* go[] value: no more rounds */

static void wait_for(unsigned *word, unsigned value)
{
	for (unsigned spins = 0; __atomic_load_n(word, __ATOMIC_ACQUIRE) != value;)
		if (++spins % 4096 == 0)
			sched_yield(); /* the machine may have fewer free cores */
}

static void *guest_cpu(void *arg)
{
	unsigned me = (unsigned)(uintptr_t)arg;

	for (unsigned r = 1;; r++) {
		unsigned g;

		for (unsigned spins = 0;
		     (g = __atomic_load_n(&go[me], __ATOMIC_ACQUIRE)) != r && g != STOP;)
			if (++spins % 4096 == 0)
				sched_yield();
		if (g == STOP)
			return NULL;
		for (unsigned p = 0; p < PAIRS; p++) {
			/* lockstep: both threads take pair p at about the same
			 * instant, when each sees the other done with p - 1 */
			__atomic_store_n(&at[me], r * PAIRS + p, __ATOMIC_RELEASE);
			for (unsigned spins = 0;
			     __atomic_load_n(&at[!me], __ATOMIC_ACQUIRE) < r * PAIRS + p;)
				if (++spins % 65536 == 0)
					sched_yield();
			saw_all_off[p][me] = vm_set_off_last(&pairs[p][me], pairs[p], 2);
		}
		__atomic_store_n(&done[me], r, __ATOMIC_RELEASE);
	}
}

static void test_last_two_off_at_once(void **state)
{
	pthread_t t[2];
	unsigned missed = 0, r, rounds = ROUNDS;
	time_t end = time(NULL) + SECONDS_MAX;

	(void)state;
	for (unsigned i = 0; i < 2; i++)
		assert_int_equal(
			pthread_create(&t[i], NULL, guest_cpu, (void *)(uintptr_t)i), 0);
	for (r = 1; r <= rounds; r++) {
		for (unsigned p = 0; p < PAIRS; p++) {
			vm_set_state(&pairs[p][0], VM_RUNNING);
			vm_set_state(&pairs[p][1], VM_RUNNING);
		}
		/* both start this round as close together as we can make it */
		__atomic_store_n(&go[0], r, __ATOMIC_RELEASE);
		__atomic_store_n(&go[1], r, __ATOMIC_RELEASE);
		wait_for(&done[0], r);
		wait_for(&done[1], r);
		for (unsigned p = 0; p < PAIRS; p++)
			if (!saw_all_off[p][0] && !saw_all_off[p][1])
				missed++;
		if (r % 256 == 0 && time(NULL) > end)
			rounds = r; /* enough on a slow or busy machine */
	}
	__atomic_store_n(&go[0], STOP, __ATOMIC_RELEASE);
	__atomic_store_n(&go[1], STOP, __ATOMIC_RELEASE);
	for (unsigned i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	print_message("%u rounds of %u pairs, %u pairs in which neither guest saw "
		      "all off\n",
		      rounds, PAIRS, missed);
	assert_int_equal(missed, 0);
}

static void test_one_running_keeps_the_machine(void **state)
{
	(void)state;
	memset(two, 0, sizeof(two));
	vm_set_state(&two[0], VM_RUNNING);
	vm_set_state(&two[1], VM_STOPPING);
	assert_false(vm_set_off_last(&two[1], two, 2));
	assert_int_equal(vm_state(&two[1]), VM_OFF);
	assert_true(vm_set_off_last(&two[0], two, 2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_running_keeps_the_machine),
		cmocka_unit_test(test_last_two_off_at_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
