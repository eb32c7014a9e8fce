/* bpf_testdata.h: reader of the bpf_conformance ".data" test format.
 *
 * A test file is a run of sections, each opened by a line "-- NAME":
 *
 *   -- asm        the program in the syntax of bpf_asm.h
 *   -- raw        the program as 64-bit slots (0x-hex or decimal)
 *   -- mem        the memory r1 points to, hex bytes, whitespace allowed
 *   -- result     the expected r0 (0x-hex or decimal, may be negative)
 *   -- error      the program must fail; the text says why (may be empty)
 *   -- no register offset, -- c      read and ignored
 *   -- map        map definitions: name type key_size value_size max_entries
 *
 * and three bpfsoc extensions (tests/data/README.md):
 *
 *   -- fault      the expected fault, by name (PC_BOUNDS, ...)
 *   -- fault-pc   the slot the fault is charged to
 *   -- budget     the instruction budget for this test
 *
 * Lines before the first section must be blank or '#' comments.  A '#'
 * starts a comment in every section except -- error and -- c.
 */
#ifndef BPF_TESTDATA_H
#define BPF_TESTDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One line of "-- map". */
struct bpf_testdata_map {
	char *name;
	uint32_t type, key_size, value_size, max_entries;
	unsigned line; /* where it was defined */
};

struct bpf_testdata {
	char *name;              /* file name (or the name given with a string) */

	uint64_t *insns;         /* the program, from -- asm or -- raw */
	uint32_t n_insns;
	bool from_raw;           /* the program came from -- raw */
	char *asm_text;          /* the -- asm section as written, or NULL */
	unsigned asm_line;       /* line of asm_text's first line in the file */

	uint8_t *mem;            /* -- mem bytes (NULL when mem_len is 0) */
	size_t mem_len;

	bool has_result;         /* -- result */
	uint64_t result;

	bool has_error;          /* -- error: the program must fail */
	char *error;             /* its first non-blank line, "" if none */

	bool has_fault;          /* -- fault */
	unsigned fault;          /* BPF_FAULT_* */
	bool has_fault_pc;       /* -- fault-pc */
	uint32_t fault_pc;
	bool has_budget;         /* -- budget */
	uint32_t budget;

	bool no_register_offset; /* -- no register offset was present */
	struct bpf_testdata_map *maps; /* -- map */
	unsigned n_maps;
};

/* Parse test text.  name is used in messages and kept in t->name (NULL:
 * "<string>").  Returns 0, or -1 with err saying "name:LINE: what"; on
 * failure t holds nothing that needs freeing (bpf_testdata_free is still
 * safe). */
int bpf_testdata_parse(const char *text, const char *name, struct bpf_testdata *t,
		       char *err, size_t errlen);

/* Read and parse the file at path. */
int bpf_testdata_load(const char *path, struct bpf_testdata *t, char *err, size_t errlen);

/* Free what t holds and zero it. */
void bpf_testdata_free(struct bpf_testdata *t);

/* BPF_FAULT_* of a fault name ("PC_BOUNDS", case-insensitive), -1 if none. */
int bpf_testdata_fault_code(const char *name);

#ifdef __cplusplus
}
#endif

#endif
