/* ESR decoding for reports; see include/arch/esr.h. */
#include "arch/esr.h"
#include "lib/fmt.h"

const char *esr_ec_name(unsigned ec)
{
	switch (ec) {
	case EC_UNKNOWN:
		return "unknown reason (undefined instruction)";
	case EC_WFX:
		return "WFI/WFE";
	case 0x07:
		return "SIMD/FP access trap";
	case 0x0e:
		return "illegal execution state";
	case EC_SVC64:
		return "SVC";
	case EC_HVC64:
		return "HVC";
	case EC_SMC64:
		return "SMC";
	case EC_SYSREG:
		return "system register access";
	case 0x19:
		return "SVE access trap";
	case EC_IABT_LOW:
		return "instruction abort from a lower EL";
	case EC_IABT_CUR:
		return "instruction abort (same EL)";
	case EC_PC_ALIGN:
		return "PC alignment fault";
	case EC_DABT_LOW:
		return "data abort from a lower EL";
	case EC_DABT_CUR:
		return "data abort (same EL)";
	case EC_SP_ALIGN:
		return "SP alignment fault";
	case EC_SERROR:
		return "SError";
	case 0x30:
	case 0x31:
		return "breakpoint";
	case 0x32:
	case 0x33:
		return "software step";
	case 0x34:
	case 0x35:
		return "watchpoint";
	case EC_BRK64:
		return "BRK instruction";
	default:
		return "reserved or unhandled class";
	}
}

const char *esr_fsc_name(unsigned fsc)
{
	switch (fsc & 0x3c) {
	case 0x00:
		return "address size fault";
	case 0x04:
		return "translation fault";
	case 0x08:
		return "access flag fault";
	case 0x0c:
		return "permission fault";
	}
	switch (fsc) {
	case 0x10:
		return "synchronous external abort";
	case 0x21:
		return "alignment fault";
	case 0x30:
		return "TLB conflict abort";
	default:
		return "other fault";
	}
}

int esr_describe(uint64_t esr, char *buf, int len)
{
	unsigned ec = ESR_EC(esr);
	int n = fmt_snprintf(buf, (size_t)len, "EC 0x%02x %s, IL=%d, ISS 0x%07lx", ec,
			     esr_ec_name(ec), (esr & ESR_IL) ? 1 : 0,
			     (unsigned long)ESR_ISS(esr));

	if ((ec == EC_DABT_LOW || ec == EC_DABT_CUR || ec == EC_IABT_LOW ||
	     ec == EC_IABT_CUR) &&
	    n < len) {
		unsigned fsc = ESR_xABT_FSC(esr);

		n += fmt_snprintf(buf + n, (size_t)(len - n), ": %s", esr_fsc_name(fsc));
		if (fsc < 0x10 && n < len)
			n += fmt_snprintf(buf + n, (size_t)(len - n), " at level %u",
					  fsc & 3);
		if ((ec == EC_DABT_LOW || ec == EC_DABT_CUR) && n < len)
			n += fmt_snprintf(buf + n, (size_t)(len - n), ", %s%s",
					  (esr & ESR_DABT_WNR) ? "write" : "read",
					  (esr & ESR_DABT_FNV) ? ", FAR not valid" : "");
	}
	return n;
}

uint64_t esr_from_disr(uint64_t disr)
{
	return ((uint64_t)EC_SERROR << 26) | ESR_IL | ESR_ISS(disr);
}
