/* object.h: an eBPF ELF object as libbpfsoc holds it (object.c reads it,
 * check.c checks it, load.c puts it on a device).  Internal. */
#ifndef BPFSOC_OBJECT_H
#define BPFSOC_OBJECT_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"

struct btf;
struct btf_ext;

enum map_kind { MAP_USER, MAP_DATA, MAP_RODATA, MAP_BSS };

/* A prog-array slot the object fills statically (libbpf's
 * `.values = { [i] = &prog }`). */
struct map_init {
	uint32_t index;
	char *prog;              /* the program's function name */
};

struct bpfsoc_map {
	struct bpfsoc_object *obj;
	char *name;
	enum map_kind kind;
	uint32_t type, key_size, value_size, max_entries, flags;
	uint32_t btf_key_id, btf_value_id;
	int sec;                 /* ELF section of its definition (or its data) */
	uint64_t sec_off;        /* offset of the definition in it */
	uint8_t *data;           /* .data / .rodata: the initial value */
	struct map_init *inits;
	size_t n_inits;
	/* on the device, once loaded */
	uint32_t id, value_addr, value_stride;
};

/* A relocation of one instruction of a program's image. */
enum reloc_kind { RELO_MAP, RELO_MAP_VALUE };

struct reloc {
	uint32_t insn;           /* in the program's image */
	enum reloc_kind kind;
	struct bpfsoc_map *map;
	uint32_t off;            /* RELO_MAP_VALUE: bytes into the value */
};

/* Where an instruction came from, for messages. */
struct insn_src {
	int sec;                 /* ELF section */
	uint32_t sec_insn;       /* instruction index in that section */
	const char *file;        /* BTF line info, or NULL */
	uint32_t line, col;
};

struct bpfsoc_program {
	struct bpfsoc_object *obj;
	char *name, *sec_name;
	int sec;
	uint64_t *insns;         /* the image: the function, then .text if it calls into it */
	uint32_t n_insns;
	uint32_t n_own;          /* the function's own instructions; .text follows */
	struct insn_src *src;    /* n_insns */
	struct reloc *relocs;
	size_t n_relocs;
	int id;                  /* device program id once loaded, else -1 */
};

struct bpfsoc_object {
	char *path, *name;
	struct btf *btf;
	struct btf_ext *btf_ext;
	char **sec_names;        /* by ELF section index */
	size_t n_secs;
	struct bpfsoc_program *progs;
	size_t n_progs;
	struct bpfsoc_map *maps;
	size_t n_maps;
	struct bpfsoc_device *dev;   /* loaded on, or NULL */
};

/* The program's instructions with their lddw relocations resolved: the
 * maps' ids and ARRAY value addresses by map index, or NULL for those the
 * device gave at load.  malloc'ed. */
uint64_t *bpfsoc_prog_image(const struct bpfsoc_program *p, const uint32_t *ids,
			    const uint32_t *addrs);

/* "OBJ: section S, program P, insn N (file.c:L)" for messages */
void bpfsoc_insn_where(const struct bpfsoc_program *p, uint32_t insn, char *buf, size_t len);

#endif
