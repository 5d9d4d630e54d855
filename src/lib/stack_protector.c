/* -fstack-protector support; libfdt from Debian is built with it. */
#include <stdint.h>

#include "core/stop.h"

uintptr_t __stack_chk_guard = 0x2f8d3c6a5b1e7049UL;

void __stack_chk_fail(void);
void __stack_chk_fail(void)
{
	hyp_stop("stack corruption detected (stack protector)");
}
