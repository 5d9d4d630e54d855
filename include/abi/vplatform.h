/*
 * The virtual platform every guest sees (docs/guest-abi.md): where Tessera
 * puts its emulated devices in a guest's IPA space and which INTIDs they use.
 * The one source of these numbers: the hypervisor (vGIC, vUART, guest DT,
 * layout checks) and the bare-metal test guests include this header. It
 * follows QEMU virt, so a guest built for virt finds familiar addresses.
 */
#ifndef ABI_VPLATFORM_H
#define ABI_VPLATFORM_H

#define VPLAT_GICD_IPA 0x08000000UL
#define VPLAT_GICD_SIZE 0x10000UL
#define VPLAT_GICR_IPA 0x080a0000UL
#define VPLAT_GICR_STRIDE 0x20000UL /* RD_base + SGI_base */

#define VPLAT_UART_IPA 0x09000000UL
#define VPLAT_UART_SIZE 0x1000UL
#define VPLAT_UART_INTID 33 /* SPI 1 */

/* Guest RAM stays clear of [BASE, END): the vGIC distributor and up to
 * NR_CPUS redistributor frames, then the vUART. (Assigned devices are
 * checked against the guest's own vGIC and vUART regions exactly.) */
#define VPLAT_DEV_WINDOW_BASE 0x08000000UL
#define VPLAT_DEV_WINDOW_END 0x09001000UL

#define VPLAT_MAINT_PPI 9   /* INTID 25 */
#define VPLAT_VTIMER_PPI 11 /* INTID 27 */
/* The other timer PPIs the guest DT lists (arm,armv8-timer wants all four):
 * the physical timer traps, the others are never raised for a guest. */
#define VPLAT_STIMER_PPI 13
#define VPLAT_PTIMER_PPI 14
#define VPLAT_HTIMER_PPI 10

#endif
