/* bpf_elf.h: a small loader for eBPF objects built by clang -target bpf.
 *
 * It takes one program section out of an ELF object and makes it a flat run
 * of 64-bit slots for bpfcore_load: slot 0 is the entry.  It resolves
 * bpf-to-bpf calls the way libbpf does: calls inside one section are
 * already pc-relative; calls from the program section to static functions
 * in .text carry R_BPF_64_32 relocations, so .text is appended after the
 * program and each such call's imm is rewritten.  Everything else a
 * relocation can mean (maps, global or static data, .rodata, externs) is
 * refused with an error naming the file, section, instruction and symbol.
 *
 * Scope: the benchmarks and tests.  The driver has its own loader.
 */
#ifndef BPF_ELF_H
#define BPF_ELF_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct bpf_elf_prog {
	uint64_t *insns;    /* the relocated program; slot 0 is the entry */
	uint32_t n_insns;   /* number of 64-bit slots */
	uint32_t text_off;  /* slot where .text starts, or n_insns if not appended */
	char section[64];   /* the program's section name */
	char func[64];      /* the function at slot 0, or "" if the symbol is missing */
};

/* Load the program in section `section` of the ELF object `path` into
 * *prog.  section may be NULL: then the object must have exactly one
 * executable section other than .text (or only .text).
 * Returns 0, or a negative errno with a message in err (errlen bytes,
 * may be 0): -ENOENT no such file or section, -EINVAL not a little-endian
 * eBPF ELF object or malformed, -ENOTSUP a relocation this loader does not
 * resolve, -ENOMEM.  On error *prog is left empty. */
int bpf_elf_load(const char *path, const char *section, struct bpf_elf_prog *prog,
		 char *err, size_t errlen);

/* Release what bpf_elf_load allocated; *prog is left empty.  NULL is allowed. */
void bpf_elf_free(struct bpf_elf_prog *prog);

#ifdef __cplusplus
}
#endif

#endif
