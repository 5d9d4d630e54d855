/* The SError decision; see include/trap/serror.h. */
#include "trap/serror.h"
#include "arch/esr.h"

static const char *const aet_names[8] = {
	"uncontainable", "unrecoverable", "restartable", "recoverable",
	"reserved AET",  "reserved AET",  "corrected",   "reserved AET",
};

void serror_decide(uint64_t esr, enum vm_on_fault policy, enum serror_where where,
		   struct serror_decision *d)
{
	uint64_t iss = ESR_ISS(esr);
	unsigned aet = SERROR_ISS_AET(iss);
	/* AET classifies the error only with IDS 0 and DFSC "asynchronous SError
	 * interrupt" (FEAT_RAS); otherwise nothing is known of it */
	bool classified =
		!(iss & SERROR_ISS_IDS) && SERROR_ISS_DFSC(iss) == SERROR_DFSC_ASYNC;

	d->vsesr = 0;
	if (iss & SERROR_ISS_IDS)
		d->kind = "implementation defined syndrome";
	else if (!classified)
		d->kind = "uncategorized";
	else
		d->kind = aet_names[aet];
	/* UC: the error may have reached any state, Tessera's and other
	 * guests' included (Arm RAS, "Uncontainable error"): isolation can no
	 * longer be vouched for. */
	if (classified && aet == SERROR_AET_UC) {
		d->action = SERROR_STOP_MACHINE;
		return;
	}
	/* CE: corrected, nothing was lost */
	if (classified && aet == SERROR_AET_CE) {
		d->action = SERROR_CONTINUE;
		return;
	}
	/* The guest may learn the class of the error (UEU, UEO, UER), never
	 * the host's implementation defined syndrome: uncategorized then. */
	if (classified && aet <= SERROR_AET_UER)
		d->vsesr = ((uint64_t)aet << 10) | SERROR_DFSC_ASYNC;
	switch (policy) {
	case VM_FAULT_STOP:
		d->action = SERROR_STOP_GUEST;
		break;
	case VM_FAULT_RESET:
		/* a guest whose life ends anyway stays off if it was going
		 * off, and resets if it was resetting */
		d->action = where == SERROR_AT_STOP ? SERROR_DROP : SERROR_RESET_GUEST;
		break;
	default:
		/* only a running vCPU can take a virtual SError; one that
		 * stops starts its next life (or CPU_ON) without it */
		d->action = where == SERROR_AT_EXIT ? SERROR_INJECT : SERROR_DROP;
		break;
	}
}
