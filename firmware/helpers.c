/* helpers.c: the eBPF helpers' semantics (helpers.h). */
#include "helpers.h"

#include "bpfsoc_map.h"
#include "bpfsoc_proto.h"

#define ETH_HLEN 14

/* ---- trace_printk ---- */

static void trace_put(struct trace_buf *t, char c)
{
	if (t->len == TRACE_SIZE) {
		t->dropped++;
		return;
	}
	t->buf[(t->head + t->len) % TRACE_SIZE] = c;
	t->len++;
}

static void trace_num(struct trace_buf *t, uint64_t v, unsigned base, int neg)
{
	char d[24];
	int n = 0;

	if (neg)
		trace_put(t, '-');
	do {
		d[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n)
		trace_put(t, d[--n]);
}

uint32_t trace_drain(struct trace_buf *t, uint8_t *out, uint32_t max)
{
	uint32_t n = t->len < max ? t->len : max;

	for (uint32_t i = 0; i < n; i++)
		out[i] = (uint8_t)t->buf[(t->head + i) % TRACE_SIZE];
	t->head = (t->head + n) % TRACE_SIZE;
	t->len -= n;
	return n;
}

/* bpf_trace_printk(fmt, fmt_size, a, b, c): %d %i %u %x %c %s %p %%, with
 * l / ll length modifiers; at most three arguments, as in Linux. */
static int64_t trace_printk(struct helper_env *e, uint64_t fmt, uint64_t size,
			    const uint64_t *args)
{
	struct trace_buf *t = e->trace;
	char f[128];
	unsigned ai = 0;
	uint32_t start = t->len;

	if (size == 0 || size > sizeof(f) || !e->mem_ok(e->u, fmt, (uint32_t)size))
		return -FW_EINVAL;
	e->mem_read(e->u, fmt, f, (uint32_t)size);
	for (uint32_t i = 0; i < size && f[i]; i++) {
		int longs = 0;

		if (f[i] != '%') {
			trace_put(t, f[i]);
			continue;
		}
		if (++i >= size)
			break;
		while (f[i] == 'l' && i + 1 < size) {
			longs++;
			i++;
		}
		if (f[i] == '%') {
			trace_put(t, '%');
			continue;
		}
		if (ai >= 3)
			return -FW_EINVAL;
		uint64_t v = args[ai++];
		if (!longs && f[i] != 'p')
			v = (f[i] == 'd' || f[i] == 'i') ? (uint64_t)(int64_t)(int32_t)v : (uint32_t)v;
		switch (f[i]) {
		case 'd':
		case 'i':
			trace_num(t, (int64_t)v < 0 ? -v : v, 10, (int64_t)v < 0);
			break;
		case 'u':
			trace_num(t, v, 10, 0);
			break;
		case 'x':
			trace_num(t, v, 16, 0);
			break;
		case 'p':
			trace_put(t, '0');
			trace_put(t, 'x');
			trace_num(t, v, 16, 0);
			break;
		case 'c':
			trace_put(t, (char)v);
			break;
		case 's': {
			char c;
			for (uint32_t k = 0; k < 64 && e->mem_ok(e->u, v + k, 1); k++) {
				e->mem_read(e->u, v + k, &c, 1);
				if (!c)
					break;
				trace_put(t, c);
			}
			break;
		}
		default:
			return -FW_EINVAL;
		}
	}
	return (int64_t)(t->len - start);
}

/* ---- the helpers ---- */

static struct map *arg_map(struct helper_env *e, uint64_t a)
{
	return (a >> 32) ? NULL : map_get(e->arena, (uint32_t)a);
}

static uint32_t ctx_get(struct helper_env *e, unsigned field)
{
	return e->rd32(e->u, e->ctx + 4 * field);
}

static void ctx_set(struct helper_env *e, unsigned field, uint32_t v)
{
	e->wr32(e->u, e->ctx + 4 * field, v);
}

int helper_call(struct helper_env *e, uint32_t id, const uint64_t a[5], uint64_t *ret)
{
	struct map *m;
	uint8_t key[BPFSOC_MAP_MAX_KEY_SIZE], val[BPFSOC_MAP_MAX_VALUE_SIZE];

	switch (id) {
	case BPFSOC_HELPER_MAP_LOOKUP_ELEM:
	case BPFSOC_HELPER_MAP_UPDATE_ELEM:
	case BPFSOC_HELPER_MAP_DELETE_ELEM:
		m = arg_map(e, a[0]);
		if (!m || !e->mem_ok(e->u, a[1], m->key_size))
			return HELPER_FAULT;
		e->mem_read(e->u, a[1], key, m->key_size);
		if (id == BPFSOC_HELPER_MAP_LOOKUP_ELEM) {
			void *v = map_lookup_elem(m, key);
			*ret = v ? e->addr_of(e->u, v) : 0;
		} else if (id == BPFSOC_HELPER_MAP_UPDATE_ELEM) {
			if (!e->mem_ok(e->u, a[2], m->value_size))
				return HELPER_FAULT;
			e->mem_read(e->u, a[2], val, m->value_size);
			*ret = (uint64_t)(int64_t)map_update(m, key, val, a[3]);
		} else {
			*ret = (uint64_t)(int64_t)map_delete(m, key);
		}
		return HELPER_RETURN;
	case BPFSOC_HELPER_KTIME_GET_NS:
		*ret = e->ktime_ns(e->u);
		return HELPER_RETURN;
	case BPFSOC_HELPER_TRACE_PRINTK:
		*ret = (uint64_t)trace_printk(e, a[0], a[1], &a[2]);
		return HELPER_RETURN;
	case BPFSOC_HELPER_GET_PRANDOM_U32:
		*e->rng ^= *e->rng << 13;
		*e->rng ^= *e->rng >> 17;
		*e->rng ^= *e->rng << 5;
		*ret = *e->rng;
		return HELPER_RETURN;
	case BPFSOC_HELPER_GET_SMP_PROCESSOR_ID:
		*ret = 0;
		return HELPER_RETURN;
	case BPFSOC_HELPER_TAIL_CALL: {
		uint32_t pid;

		m = arg_map(e, a[1]);
		if (m && e->tail_calls < MAX_TAIL_CALLS && (a[2] >> 32) == 0 &&
		    map_prog_array_get(m, (uint32_t)a[2], &pid) == 0 && e->tail_call(e->u, pid) == 0) {
			e->tail_calls++;
			return HELPER_TAILCALL;
		}
		*ret = (uint64_t)-FW_ENOENT;    /* a failed tail call goes on */
		return HELPER_RETURN;
	}
	case BPFSOC_HELPER_REDIRECT:
		e->redirect = (uint32_t)a[0];
		*ret = a[1] ? BPFSOC_XDP_ABORTED : BPFSOC_XDP_REDIRECT;
		return HELPER_RETURN;
	case BPFSOC_HELPER_CSUM_DIFF: {
		uint64_t sum = (uint32_t)a[4];
		uint32_t w;

		if (a[1] % 4 || a[3] % 4 || a[1] > 512 || a[3] > 512 ||
		    (a[1] && !e->mem_ok(e->u, a[0], (uint32_t)a[1])) ||
		    (a[3] && !e->mem_ok(e->u, a[2], (uint32_t)a[3]))) {
			*ret = (uint64_t)-FW_EINVAL;
			return HELPER_RETURN;
		}
		for (uint32_t i = 0; i < a[1]; i += 4) {
			e->mem_read(e->u, a[0] + i, &w, 4);
			sum += (uint32_t)~w;
		}
		for (uint32_t i = 0; i < a[3]; i += 4) {
			e->mem_read(e->u, a[2] + i, &w, 4);
			sum += w;
		}
		while (sum >> 32)
			sum = (sum & 0xffffffffu) + (sum >> 32);
		*ret = sum;
		return HELPER_RETURN;
	}
	case BPFSOC_HELPER_XDP_ADJUST_HEAD: {
		int32_t d = (int32_t)a[1];
		uint32_t data = ctx_get(e, CTX_DATA), end = ctx_get(e, CTX_DATA_END);
		uint32_t nd = data + (uint32_t)d;

		if (nd < e->buf + SOC_FW_HEADROOM_OFF || nd > end || end - nd < ETH_HLEN) {
			*ret = (uint64_t)-FW_EINVAL;
			return HELPER_RETURN;
		}
		ctx_set(e, CTX_DATA, nd);
		ctx_set(e, CTX_DATA_META, nd);
		e->set_packet(e->u, nd, end - nd);
		*ret = 0;
		return HELPER_RETURN;
	}
	case BPFSOC_HELPER_XDP_ADJUST_TAIL: {
		int32_t d = (int32_t)a[1];
		uint32_t data = ctx_get(e, CTX_DATA), end = ctx_get(e, CTX_DATA_END);
		uint32_t ne = end + (uint32_t)d;

		if (ne > e->buf_end || ne < data || ne - data < ETH_HLEN) {
			*ret = (uint64_t)-FW_EINVAL;
			return HELPER_RETURN;
		}
		for (uint32_t p = end; p < ne; p++)   /* grown: new bytes read 0 */
			e->wr8(e->u, p, 0);
		ctx_set(e, CTX_DATA_END, ne);
		e->set_packet(e->u, data, ne - data);
		*ret = 0;
		return HELPER_RETURN;
	}
	case BPFSOC_HELPER_RINGBUF_OUTPUT:
		m = arg_map(e, a[0]);
		if (!m || a[2] > BPFSOC_MAP_MAX_VALUE_SIZE || !e->mem_ok(e->u, a[1], (uint32_t)a[2]))
			return HELPER_FAULT;
		e->mem_read(e->u, a[1], val, (uint32_t)a[2]);
		*ret = (uint64_t)(int64_t)map_ringbuf_output(m, val, a[2], a[3]);
		return HELPER_RETURN;
	case BPFSOC_HELPER_RINGBUF_RESERVE: {
		m = arg_map(e, a[0]);
		if (!m)
			return HELPER_FAULT;
		void *p = map_ringbuf_reserve(m, a[1], a[2]);
		*ret = p ? e->addr_of(e->u, p) : 0;
		return HELPER_RETURN;
	}
	case BPFSOC_HELPER_RINGBUF_SUBMIT:
	case BPFSOC_HELPER_RINGBUF_DISCARD: {
		if (a[0] >> 32)
			return HELPER_FAULT;
		void *p = e->ptr_of(e->u, (uint32_t)a[0]);
		if ((id == BPFSOC_HELPER_RINGBUF_SUBMIT ? map_ringbuf_submit(e->arena, p, a[1])
							: map_ringbuf_discard(e->arena, p, a[1])) != 0)
			return HELPER_FAULT;
		*ret = 0;
		return HELPER_RETURN;
	}
	case BPFSOC_HELPER_RINGBUF_QUERY:
		m = arg_map(e, a[0]);
		if (!m)
			return HELPER_FAULT;
		*ret = map_ringbuf_query(m, a[1]);
		return HELPER_RETURN;
	default:
		return HELPER_FAULT;                /* unknown helper: fault HELPER */
	}
}
