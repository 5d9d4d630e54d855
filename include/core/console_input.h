/*
 * Console input: the physical UART's receive interrupt feeds one guest's
 * virtual PL011 at a time. Ctrl-T then a guest number (0-7) moves the focus,
 * Ctrl-T ? lists the guests, Ctrl-T m shows the focused guest's devices (their
 * memory types), Ctrl-T Ctrl-T sends a Ctrl-T.
 */
#ifndef CORE_CONSOLE_INPUT_H
#define CORE_CONSOLE_INPUT_H
#include <stdbool.h>

struct vm;

#define CONSOLE_ESCAPE 0x14 /* Ctrl-T */

/* The UART's receive interrupt from the host DT (0: no input). */
void console_input_init(unsigned intid);
/* Once the guests exist: choose the console CPU that drains their output,
 * route the input interrupt to the boot CPU, say how to switch. */
void console_input_start(void);
/* The guest that has the console input, or NULL. */
const struct vm *console_input_focus(void);
/* The console was handed to a guest: no input for Tessera any more. */
void console_input_off(void);

#endif
