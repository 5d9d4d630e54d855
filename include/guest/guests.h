/* Creating every guest from the payload at boot (src/guest/guests.c). */
#ifndef GUEST_GUESTS_H
#define GUEST_GUESTS_H

#include "dt/inventory.h"
#include "guest/guest_dt.h"
#include "payload/fit.h"

struct vm;

/* The verified payload; guests reload their images from it on reset. */
extern struct fit boot_fit;

/* Verifies the payload, creates and loads every guest, starts them, and
 * makes the calling CPU an idle CPU. Stops the machine with a message if the
 * payload or the config is rejected. */
void guests_boot(const struct inventory *inv) __attribute__((noreturn));
/* The parts of a guest's DT that come from its virtual platform. */
void guests_fill_dt_params(const struct vm *vm, struct guest_dt_params *p);

#endif
