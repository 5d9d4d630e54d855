/* The register frame the EL2 vectors build, and the exception kinds. */
#ifndef ARCH_EXCEPTION_H
#define ARCH_EXCEPTION_H

#define FRAME_SIZE 288
#define FRAME_SP 248
#define FRAME_ELR 256
#define FRAME_SPSR 264
#define FRAME_ESR 272
#define FRAME_FAR 280

/* Vector slots in VBAR order: (source * 4) + type. */
#define EXC_CUR_SP0 0
#define EXC_CUR_SPX 4
#define EXC_LOWER_A64 8
#define EXC_LOWER_A32 12
#define EXC_SYNC 0
#define EXC_IRQ 1
#define EXC_FIQ 2
#define EXC_SERROR 3

#ifndef __ASSEMBLER__
#include <stdint.h>

struct exc_frame {
	uint64_t x[31];
	uint64_t sp;
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
};

_Static_assert(sizeof(struct exc_frame) == FRAME_SIZE, "frame layout");

/* Called by the vectors with the saved frame; returns to eret from it. */
void exception_dispatch(struct exc_frame *f, unsigned kind);
/* Reports an exception Tessera did not expect, then stops the machine. */
void exception_report_unexpected(const struct exc_frame *f, unsigned kind);
#endif
#endif
