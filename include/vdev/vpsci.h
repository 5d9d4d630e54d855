/* PSCI 1.1 (DEN0022) as a guest sees it; see docs/guest-abi.md. */
#ifndef VDEV_VPSCI_H
#define VDEV_VPSCI_H
#include <stdbool.h>
#include <stdint.h>

#include "arch/exception.h"

struct vcpu;

#define VPSCI_VERSION 0x10001 /* 1.1 */

/* True when fid is in the PSCI range (SMC32 or SMC64 standard service). */
bool vpsci_owns(uint32_t fid);
void vpsci_call(struct vcpu *v, struct exc_frame *f);
/* PSCI_FEATURES answer for a function id: 0 if implemented, else NOT_SUPPORTED. */
int64_t vpsci_features(uint32_t fid);

#endif
