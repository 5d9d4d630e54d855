/*
 * The gic guest: its own small GICv3 driver (programmed the way Linux does),
 * a per-vCPU log of the interrupts taken, and the checks (docs/guest-abi.md,
 * "Interrupts"). vCPU 0 runs the checks; vCPU 1 obeys commands from it.
 */
#ifndef GIC_GUEST_H
#define GIC_GUEST_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi/vplatform.h"
#include "arch/gic_regs.h"

/* Where the guest ABI (and the guest DT) puts the virtual GICv3. */
#define GICD_BASE VPLAT_GICD_IPA
#define GICD_SIZE VPLAT_GICD_SIZE
#define GICR_BASE VPLAT_GICR_IPA
#define GICR_STRIDE VPLAT_GICR_STRIDE
#define GIC_NR_VCPUS 2

/* ICC_SGI1R_EL1 fields */
#define SGI1R_INTID(i) ((uint64_t)(i) << 24)
#define SGI1R_AFF1(a) ((uint64_t)(a) << 16)
#define SGI1R_IRM (1UL << 40)

#define INTID_VTIMER 27
#define INTID_SPURIOUS 1020 /* 1020-1023: nothing to acknowledge */
#define GIC_DEFAULT_PRIO 0xa0

/* ---- MMIO: single loads and stores, so every trap has a syndrome ---- */
uint32_t gicd_r32(uint64_t off);
void gicd_w32(uint64_t off, uint32_t v);
uint32_t gicr_r32(unsigned cpu, uint64_t off);
void gicr_w32(unsigned cpu, uint64_t off, uint32_t v);
uint8_t mmio_r8(uint64_t addr);
void mmio_w8(uint64_t addr, uint8_t v);
uint32_t mmio_r32(uint64_t addr);
void mmio_w32(uint64_t addr, uint32_t v);
uint64_t mmio_r64(uint64_t addr);
void mmio_w64(uint64_t addr, uint64_t v);
/* The same with exception capture: false if the access faulted. */
bool probe_r32(uint64_t addr, uint32_t *v);
bool probe_w32(uint64_t addr, uint32_t v);
bool probe_r64(uint64_t addr, uint64_t *v);
bool probe_w64(uint64_t addr, uint64_t v);
bool probe_w8(uint64_t addr, uint8_t v);
bool probe_r8(uint64_t addr, uint8_t *v);

/* ---- driver ---- */
/* Maps the GIC in stage 1, initialises the distributor (vCPU 0 only). */
void gic_dist_init(void);
/* This vCPU's redistributor and CPU interface; false (and why) on failure. */
bool gic_cpu_init(unsigned cpu, char *why, size_t len);
void gic_send_sgi(uint64_t sgi1r);
/* The IRQ handler gic_dist_init() installs: logs and completes each one. */
void gic_irq(void);
void gic_set_eoimode1(bool on);
/* In EOImode 1, leave the timer interrupt active (no DIR) until gic_dir(). */
void gic_defer_timer_dir(bool on);
void gic_dir(unsigned intid);
/* The virtual timer's state when the handler took its interrupt. */
extern volatile uint64_t gic_timer_ctl_seen;

/* ---- interrupt log, per vCPU ---- */
#define LOG_MAX 512
/* How many interrupts vCPU cpu has taken so far. */
unsigned log_count(unsigned cpu);
/* Waits until vCPU cpu has taken n interrupts not yet taken out of its log
 * (or ms passes); returns how many there are. */
unsigned log_wait(unsigned cpu, unsigned n, unsigned ms);
/* Takes the entries logged since the last take (at most max). */
unsigned log_take(unsigned cpu, uint16_t *ids, unsigned max);
/* Whether vCPU cpu took exactly the INTIDs want[0..n) in that order since
 * the last take (waiting up to ms for them, then a little more for any
 * extra); takes them, and describes what it saw in detail. */
bool log_match(unsigned cpu, const uint16_t *want, unsigned n, unsigned ms, char *detail,
	       size_t len);
/* The same as one check; log_expect2 for both vCPUs at once. */
bool log_expect(unsigned cpu, const uint16_t *want, unsigned n, unsigned ms,
		const char *what);
bool log_expect2(const uint16_t *w0, unsigned n0, const uint16_t *w1, unsigned n1,
		 unsigned ms, const char *what);
/* vCPU 0 sets 1; vCPU 1's handler then holds SGI 11 active: it sets 2 and
 * waits (at most 1 s) for vCPU 0 to set 3 before its EOI. */
extern volatile unsigned hold_state;
#define HOLD_INTID 11

/* ---- vCPU 1 as a helper ---- */
enum cmd {
	CMD_NONE,
	CMD_SGI,
	CMD_MASK,
	CMD_UNMASK,
	CMD_WFI,
	CMD_WATCH,
	CMD_HPPIR,
	CMD_TIMER_OFF, /* vCPU 1: its timer fires with INTID 27 disabled, then CPU_OFF */
	CMD_TIMER_ON,  /* vCPU 1: INTID 27 enabled, its timer armed for 2 ms */
	CMD_EXIT
};
/* CMD_HPPIR: vCPU 1 (IRQs masked) waits until its CPU interface shows a
 * pending interrupt, i.e. Tessera has listed what was pended for it. */
extern volatile uint32_t cpu1_hppir;
/* CMD_WFI: set once vCPU 1 has noted its log count and is about to wait. */
extern volatile unsigned cpu1_in_wfi;
/* Runs one command on vCPU 1; false if it did not answer in time. */
bool on_cpu1(enum cmd c, uint64_t arg);
/* Starts a command on vCPU 1 without waiting for its end. */
void on_cpu1_start(enum cmd c, uint64_t arg);
bool on_cpu1_wait(unsigned ms);

/* CMD_WATCH: vCPU 1, IRQs masked, watches ICC_HPPIR1_EL1 while vCPU 0 sends
 * SGIs one by one (watch_expect[k] should show up after the k-th). */
#define WATCH_MAX 16
extern volatile unsigned watch_ready, watch_sent, watch_acked;
extern volatile uint32_t watch_expect[WATCH_MAX], watch_seen[WATCH_MAX];

/* ---- the checks ---- */
void regs_checks(void);
void timer_checks(void);
void sgi_checks(void);
/* The PL031's interrupt, when the DT has the device (passed through). */
void pt_checks(uint64_t dtb);
/* gic_irq() for INTID 34: the PL031's line drops before the EOI. */
void pt_line_down(void);
/* The vUART's level interrupt (level.c): gic_irq() calls vuart_irq()
 * before and after its EOI. Armed, the first one is completed with its line
 * still high, then then() runs (0: nothing); the next one drops the line. */
void vuart_irq(bool eoi_done);
void vuart_level_arm(void (*then)(void), uint8_t priority);
void vuart_level_off(void);
void level_checks(void);
#define INTID_PT 34
#define INTID_VUART 33 /* its vUART's (docs/guest-abi.md) */
/* Every register across every kind of exit; hypervisor: also the calls
 * only a hypervisor answers. */
void exitregs_checks(bool hypervisor);

#endif
