/*
 * Deliberate faults that prove the EL2 exception report and W^X work. Chosen
 * with "tessera.selftest=<name>" in /chosen/bootargs (QEMU -append):
 *   write-text  store to Tessera's text      -> permission fault (W^X)
 *   exec-data   branch into a data page      -> instruction abort (W^X)
 *   undef       an undefined instruction     -> EC 0x00
 *   guest-serror  no fault: guests may call TESSERA_HC_TEST_SERROR, which
 *                 runs Tessera's SError handling as if the hardware had
 *                 raised one (QEMU's TCG cannot)
 */
#ifndef CORE_SELFTEST_H
#define CORE_SELFTEST_H

#include <stdbool.h>

void selftest_run(const char *bootargs);
/* tessera.selftest=guest-serror was given. */
extern bool selftest_guest_serror;

#endif
