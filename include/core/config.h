/* Build-time limits. */
#ifndef CORE_CONFIG_H
#define CORE_CONFIG_H

#define NR_CPUS 8
#define STACK_SIZE 16384
#define PAGE_SIZE 4096UL
#define PAGE_SHIFT 12

#define TESSERA_VERSION "0.1.0"

#endif
