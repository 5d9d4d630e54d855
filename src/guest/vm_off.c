/*
 * The hand-off at the end of a guest's life (pure logic, host unit tested):
 * the last guest to go off powers the machine off. Two guests that stop at
 * once on two CPUs each store their own state and then load the other's;
 * with plain accesses both loads may pass the other CPU's store (a store
 * buffer, on arm64 as on x86) and neither sees all guests off. Sequentially
 * consistent accesses (STLR then LDAR on arm64) forbid that outcome: at
 * least one of the two sees both off.
 */
#include "guest/vm.h"

int vm_state(const struct vm *vm)
{
	return __atomic_load_n(&vm->state, __ATOMIC_SEQ_CST);
}

void vm_set_state(struct vm *vm, int state)
{
	__atomic_store_n(&vm->state, state, __ATOMIC_SEQ_CST);
}

bool vm_set_off_last(struct vm *vm, struct vm *all, unsigned n)
{
	vm_set_state(vm, VM_OFF);
	for (unsigned i = 0; i < n; i++)
		if (vm_state(&all[i]) != VM_OFF)
			return false;
	return true;
}
