/* The memory-type policy and the combining rules; see include/memattr/memattr.h. */
#include "lib/fmt.h"
#include "memattr/memattr.h"

/*
 * A PCI host bridge's regions. Configuration and I/O space never take a
 * Normal type: every access there must reach the bridge once, whole and in
 * order (configuration writes and I/O accesses are non-posted, PCI Express
 * Base 2.0, 2.4.1; I/O ports often have read side effects). A memory window
 * holds whatever BARs the guest's own enumeration puts there, so Tessera
 * cannot tell what it will hold; Normal-NC there needs the user's ram-like.
 * The prefetchable bit proves nothing: it is the device's claim that reads
 * have no side effects (PCI Local Bus 3.0, 6.2.5.1), not every device keeps
 * it (QEMU's virtio-pci marks its BAR prefetchable though its ISR status
 * register is cleared by a read, virtio 1.1, 4.1.4.5), it permits prefetching
 * and merging but not the speculative reads at any time that Normal memory
 * permits, and a window the bridge marks prefetchable may still be given a
 * non-prefetchable BAR by the guest's enumeration.
 */
static enum memattr_verdict pci_check(const struct memattr_req *q, char *why, int len)
{
	if (q->pci == MEMATTR_PCI_CONFIG || q->pci == MEMATTR_PCI_IO) {
		fmt_snprintf(why, (size_t)len,
			     "%s is never RAM-like: every access must reach the bridge "
			     "once, whole and in order, while Normal memory may be read "
			     "speculatively and its accesses merged; use %s",
			     q->pci == MEMATTR_PCI_CONFIG ? "PCIe configuration space"
							  : "a PCI I/O window",
			     q->pci == MEMATTR_PCI_CONFIG
				     ? "device-nGnRnE (configuration writes are "
				       "non-posted, so no early acknowledgement)"
				     : "device-nGnRE");
		return MEMATTR_REFUSED;
	}
	if (q->vouched_ram_like) {
		fmt_snprintf(
			why, (size_t)len,
			"normal-NC with ram-like: you vouch that every BAR the guest "
			"places in this window has no read side effects, which the "
			"PCI prefetchable bit does not prove; the guest may then map "
			"them write-combining (Normal-NC)");
		return MEMATTR_WARN;
	}
	fmt_snprintf(why, (size_t)len,
		     "normal-NC for a PCI memory window needs ram-like;: the guest's "
		     "enumeration decides which BARs land in it, and prefetchable does "
		     "not prove a BAR free of read side effects (QEMU's virtio-pci BAR "
		     "is prefetchable and holds a status register cleared on read); add "
		     "ram-like; if only memory (shared memory, frame buffers) will sit "
		     "there, else use device-nGnRE%s",
		     q->prefetchable
			     ? ""
			     : " (the bridge does not even mark it prefetchable)");
	return MEMATTR_REFUSED;
}

enum memattr_verdict memattr_check(const struct memattr_req *q, char *why, int len)
{
	bool ram_like = q->in_ram || q->platform_ram_like;

	if (q->pci && (q->type == S2_NORMAL_NC || q->type == S2_NORMAL_WB) &&
	    (q->type == S2_NORMAL_NC || q->pci != MEMATTR_PCI_MEM))
		return pci_check(q, why, len);
	switch (q->type) {
	case S2_DEVICE_nGnRE:
	case S2_DEVICE_nGnRnE:
		return MEMATTR_OK;
	case S2_NORMAL_NC:
		if (ram_like)
			return MEMATTR_OK;
		if (q->vouched_ram_like) {
			fmt_snprintf(
				why, (size_t)len,
				"normal-NC with ram-like: you vouch that reading it has no "
				"side effects, since Normal memory may be read "
				"speculatively and its accesses merged");
			return MEMATTR_WARN;
		}
		fmt_snprintf(
			why, (size_t)len,
			"normal-NC is only for RAM-like regions: it lets the guest map "
			"the region Normal, which the CPU may read speculatively and "
			"whose accesses it may merge, so a device with read side effects "
			"(a FIFO, a register cleared on read) would lose state; use "
			"device-nGnRE, or add ram-like; if reading it has no side "
			"effects");
		return MEMATTR_REFUSED;
	case S2_NORMAL_WB:
		if (!q->coherent && !q->in_ram) {
			fmt_snprintf(
				why, (size_t)len,
				"normal-WB (cacheable) is only for a device that snoops "
				"the CPU caches: add coherent; if it does, otherwise use "
				"device-nGnRE or normal-NC");
			return MEMATTR_REFUSED;
		}
		if (!q->fwb) {
			fmt_snprintf(
				why, (size_t)len,
				"normal-WB needs FEAT_S2FWB, which this CPU does not have: "
				"without it the guest's non-cacheable accesses and the "
				"caches could disagree, and Tessera keeps no mapping of the "
				"region to clean them; use device-nGnRE or normal-NC");
			return MEMATTR_REFUSED;
		}
		return MEMATTR_OK;
	}
	fmt_snprintf(why, (size_t)len, "unknown memory type");
	return MEMATTR_REFUSED;
}

static bool is_device(uint8_t a)
{
	return (a & 0xf0) == 0;
}

/* One half (inner or outer) of a Normal attribute: 0 NC, 1 WT, 2 WB; the
 * result of combining is the weaker cacheability: NC > WT > WB. */
static unsigned cacheability(unsigned half)
{
	if (half == 0x4)
		return 0;
	return (half & 0x4) ? 2 : 1; /* 0b01RW, 0b11RW: write-back */
}

static uint8_t combine_normal(uint8_t s1, uint8_t s2)
{
	uint8_t out = 0;

	for (int sh = 0; sh <= 4; sh += 4) {
		unsigned a = (s1 >> sh) & 0xf, b = (s2 >> sh) & 0xf;

		/* keep stage 1's half (and its allocation hints) unless stage 2's
		 * is less cacheable */
		out |= (uint8_t)((cacheability(b) < cacheability(a) ? b : a) << sh);
	}
	return out;
}

uint8_t memattr_effective(uint8_t s1, enum s2_memtype t, bool fwb)
{
	uint8_t s2;

	switch (t) {
	case S2_DEVICE_nGnRnE:
		s2 = MEMATTR_DEVICE_nGnRnE;
		break;
	case S2_DEVICE_nGnRE:
		s2 = MEMATTR_DEVICE_nGnRE;
		break;
	case S2_NORMAL_NC:
		s2 = MEMATTR_NORMAL_NC;
		break;
	default:
		/* FWB MemAttr 0b110 forces Write-Back whatever stage 1 says;
		 * without FWB, Write-Back at stage 2 leaves stage 1's type */
		return fwb ? MEMATTR_NORMAL_WB : s1;
	}
	/* Device wins over Normal; two Device types give the stricter of each
	 * of G, R, E: the lower Device encoding (R_HMNDG) */
	if (is_device(s1) && is_device(s2))
		return s1 < s2 ? s1 : s2;
	if (is_device(s1))
		return s1;
	if (is_device(s2))
		return s2;
	return combine_normal(s1, s2);
}

const char *memattr_attr_name(uint8_t attr, char *buf, int len)
{
	static const char *const dev[] = {"nGnRnE", "nGnRE", "nGRE", "GRE"};
	static const char *const half[] = {"NC", "WT", "WB"};
	unsigned in = attr & 0xf, out = attr >> 4;

	if (is_device(attr))
		fmt_snprintf(buf, (size_t)len, "Device-%s", dev[(attr >> 2) & 3]);
	else if (cacheability(in) == cacheability(out))
		fmt_snprintf(buf, (size_t)len, "Normal-%s", half[cacheability(in)]);
	else
		fmt_snprintf(buf, (size_t)len, "Normal i%s o%s", half[cacheability(in)],
			     half[cacheability(out)]);
	return buf;
}

/*
 * PAR_EL1 fields (Arm ARM, PAR_EL1): a fault keeps F, FST, PTW and S; a
 * translation keeps ATTR and SH and gets the IPA where the hardware put the
 * physical address. NS (UNKNOWN for a Non-secure regime without RME) and the
 * IMPLEMENTATION DEFINED bits go; bit 11 is RES1 in both formats.
 */
#define PAR_F (1UL << 0)
#define PAR_S (1UL << 9)
#define PAR_FST_SHIFT 1
#define PAR_FAULT_KEEP (PAR_F | (0x3fUL << PAR_FST_SHIFT) | (1UL << 8) | PAR_S)
#define PAR_OK_KEEP ((0xffUL << 56) | (3UL << 7))
#define PAR_RES1 (1UL << 11)
#define PAR_PA_MASK 0x000ffffffffff000UL /* PA[51:12] */

/* A stage-2 fault's level would tell how the host built stage 2: report
 * every leveled fault code (translation, access flag, permission, and
 * external abort on a walk) at level 0. */
static uint64_t par_fault(uint64_t par)
{
	unsigned fst = (unsigned)(par >> PAR_FST_SHIFT) & 0x3f;

	par &= PAR_FAULT_KEEP;
	if ((par & PAR_S) &&
	    ((fst >= 0x04 && fst <= 0x0f) || (fst >= 0x14 && fst <= 0x17)))
		par &= ~(3UL << PAR_FST_SHIFT);
	return par | PAR_RES1;
}

uint64_t memattr_par_for_guest(uint64_t par_s1, uint64_t par_s12)
{
	if (par_s1 & PAR_F)
		return par_fault(par_s1);
	if (par_s12 & PAR_F)
		return par_fault(par_s12);
	return (par_s12 & PAR_OK_KEEP) | (par_s1 & PAR_PA_MASK) | PAR_RES1;
}
