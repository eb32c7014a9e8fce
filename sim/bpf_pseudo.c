/* bpf_pseudo.c: resolve the pseudo sources of lddw (RFC 9669 4.4). */
#include <errno.h>
#include <stdio.h>

#include "bpf_insn.h"
#include "bpf_pseudo.h"

static int fail(char *err, size_t len, uint32_t i, const char *what, int32_t key, int rc)
{
	if (err && len)
		snprintf(err, len, "instruction %u: lddw %s %d: %s", i, what, key,
			 rc == -ENOENT ? "no such object" : "cannot be resolved");
	return rc;
}

int bpf_resolve_pseudo(uint64_t *insns, uint32_t n, const struct bpf_pseudo_env *env,
		       char *err, size_t errlen)
{
	for (uint32_t i = 0; i < n; i++) {
		uint64_t w = insns[i];
		if ((w & 0xff) != BPF_OP_LDDW)
			continue;
		if (i + 1 >= n) {
			if (err && errlen)
				snprintf(err, errlen, "instruction %u: lddw has no second slot", i);
			return -EINVAL;
		}
		unsigned src = (w >> 12) & 0xf, dst = (w >> 8) & 0xf;
		int32_t imm = (int32_t)(w >> 32);
		int32_t next_imm = (int32_t)(insns[i + 1] >> 32);
		uint64_t v = 0;
		int rc = 0;

		switch (src) {
		case 0:
			i++;
			continue;
		case BPF_PSEUDO_MAP_FD:
		case BPF_PSEUDO_MAP_IDX:
			rc = env->map ? env->map(env->user, src == BPF_PSEUDO_MAP_IDX, imm, &v)
				      : -ENOENT;
			if (rc)
				return fail(err, errlen, i, src == BPF_PSEUDO_MAP_IDX ? "map index" : "map fd",
					    imm, rc);
			break;
		case BPF_PSEUDO_MAP_VALUE:
		case BPF_PSEUDO_MAP_IDX_VALUE:
			rc = env->map_value ? env->map_value(env->user, src == BPF_PSEUDO_MAP_IDX_VALUE,
							     imm, &v) : -ENOENT;
			if (rc)
				return fail(err, errlen, i, src == BPF_PSEUDO_MAP_IDX_VALUE ?
					    "value of map index" : "value of map fd", imm, rc);
			v += (uint64_t)(int64_t)next_imm;
			break;
		case BPF_PSEUDO_VAR:
			rc = env->var ? env->var(env->user, imm, &v) : -ENOENT;
			if (rc)
				return fail(err, errlen, i, "variable", imm, rc);
			break;
		case BPF_PSEUDO_CODE: {
			/* the instruction imm slots after the next one, as Linux counts */
			int64_t target = (int64_t)i + 1 + imm;
			if (target < 0 || target >= n) {
				if (err && errlen)
					snprintf(err, errlen, "instruction %u: lddw code address %+d is "
						 "outside the program (%u slots)", i, imm, n);
				return -EINVAL;
			}
			v = BPF_PROG_BASE + 8ull * (env->load_slot + (uint32_t)target);
			break;
		}
		default:
			if (err && errlen)
				snprintf(err, errlen, "instruction %u: lddw with unknown source %u", i, src);
			return -EINVAL;
		}
		bpf_lddw(&insns[i], dst, v);
		i++;
	}
	return 0;
}
