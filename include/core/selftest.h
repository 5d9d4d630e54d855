/*
 * Deliberate faults that prove the EL2 exception report and W^X work. Chosen
 * with "tessera.selftest=<name>" in /chosen/bootargs (QEMU -append):
 *   write-text  store to Tessera's text      -> permission fault (W^X)
 *   exec-data   branch into a data page      -> instruction abort (W^X)
 *   undef       an undefined instruction     -> EC 0x00
 */
#ifndef CORE_SELFTEST_H
#define CORE_SELFTEST_H

void selftest_run(const char *bootargs);

#endif
