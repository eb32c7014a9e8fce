/* bpf_pseudo.h: resolve the pseudo sources of lddw before loading.
 *
 * RFC 9669 gives lddw six pseudo sources (src 1..6) whose values only a
 * loader knows: the address of a map (by fd or by index), of a map's first
 * value plus an offset, of a platform variable, or of an instruction.  The
 * core executes lddw with src 0 only, so the loader rewrites each pseudo
 * lddw into an lddw of the resolved 64-bit value, as Linux does.
 */
#ifndef BPF_PSEUDO_H
#define BPF_PSEUDO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BPF_PSEUDO_MAP_FD 1
#define BPF_PSEUDO_MAP_VALUE 2
#define BPF_PSEUDO_VAR 3
#define BPF_PSEUDO_CODE 4
#define BPF_PSEUDO_MAP_IDX 5
#define BPF_PSEUDO_MAP_IDX_VALUE 6

/* What the loader knows.  Each lookup returns 0 and sets *addr, or a
 * negative errno when the fd, index or id names nothing.  A NULL lookup
 * means that kind of object does not exist here. */
struct bpf_pseudo_env {
	int (*map)(void *user, int by_index, int32_t key, uint64_t *addr);
	int (*map_value)(void *user, int by_index, int32_t key, uint64_t *addr);
	int (*var)(void *user, int32_t id, uint64_t *addr);
	void *user;
	uint32_t load_slot; /* where insns[0] will sit in IMEM (for code addresses) */
};

/* Rewrite every pseudo lddw of insns[0..n) in place.  Returns 0, or a
 * negative errno with err saying which instruction and why. */
int bpf_resolve_pseudo(uint64_t *insns, uint32_t n, const struct bpf_pseudo_env *env,
		       char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
