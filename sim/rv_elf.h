/* rv_elf.h: loads a 32-bit RISC-V ELF executable (libelf) for the SoC
 * simulator: its PT_LOAD segments at their physical addresses, its entry
 * point, and the address of the symbol `tohost` if it has one. */
#ifndef RV_ELF_H
#define RV_ELF_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Called for each loadable segment: len bytes (file bytes, then zeros up
 * to the segment's memory size) at addr.  Returns 0 or a negative errno. */
typedef int (*rv_elf_load_fn)(void *user, uint32_t addr, const void *data, size_t len);

struct rv_elf_info {
	uint32_t entry;
	int has_tohost;
	uint32_t tohost;
};

/* Loads path through load(user, ...).  Returns 0, or a negative errno with
 * a message naming the file (and segment) in err: -ENOENT cannot open,
 * -EINVAL not a 32-bit little-endian RISC-V executable, or what load
 * returned (then the message names the segment's address range). */
int rv_elf_load(const char *path, rv_elf_load_fn load, void *user, struct rv_elf_info *info,
		char *err, size_t errlen);

/* The address of symbol name in the ELF file path: 0, or -ENOENT (no such
 * symbol) / -EINVAL (not an ELF file) / -errno of open. */
int rv_elf_symbol(const char *path, const char *name, uint32_t *addr);

#ifdef __cplusplus
}
#endif

#endif
