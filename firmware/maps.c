/* maps.c: ARRAY, HASH, LRU_HASH, PROG_ARRAY and RINGBUF maps in one arena
 * (maps.h). */
#include "maps.h"

#define RB_HDR BPFSOC_RINGBUF_HDR_SIZE
#define RB_BUSY BPFSOC_RINGBUF_BUSY_BIT
#define RB_DISCARD BPFSOC_RINGBUF_DISCARD_BIT
#define RB_LEN_MASK (BPFSOC_RINGBUF_DISCARD_BIT - 1u)  /* the length bits of a header */
#define RB_MAX_SIZE (1u << 30)                          /* lengths have 30 bits */

static uint64_t round8(uint64_t n)
{
	return (n + 7) & ~(uint64_t)7;
}

/* ---------------------------------------------------------------------
 * The arena
 * ------------------------------------------------------------------- */

int map_arena_init(struct map_arena *a, void *mem, size_t size)
{
	uintptr_t p = (uintptr_t)mem, q = (p + 7) & ~(uintptr_t)7;

	if (!mem)
		return -FW_EINVAL;
	fw_memset(a, 0, sizeof *a);
	a->base = (uint8_t *)q;
	a->size = size > q - p ? (size - (q - p)) & ~(size_t)7 : 0;
	return 0;
}

void map_arena_reset(struct map_arena *a)
{
	a->used = 0;
	a->n_maps = 0;
	fw_memset(a->maps, 0, sizeof a->maps);
}

size_t map_arena_free(const struct map_arena *a)
{
	return a->size - a->used;
}

struct map *map_get(struct map_arena *a, uint32_t id)
{
	return id >= 1 && id <= a->n_maps ? a->maps[id - 1] : NULL;
}

/* ---------------------------------------------------------------------
 * Creation
 * ------------------------------------------------------------------- */

/* 0 if the type takes these attributes, else the error Linux gives. */
static int check_attr(const struct map_attr *at)
{
	uint32_t allowed;

	switch (at->type) {
	case BPFSOC_MAP_TYPE_ARRAY:
		if (at->key_size != 4 || at->value_size == 0 || at->max_entries == 0 || at->flags)
			return -FW_EINVAL;
		return at->value_size > BPFSOC_MAP_MAX_VALUE_SIZE ? -FW_E2BIG : 0;
	case BPFSOC_MAP_TYPE_PROG_ARRAY:
		if (at->key_size != 4 || at->value_size != 4 || at->max_entries == 0 || at->flags)
			return -FW_EINVAL;
		return 0;
	case BPFSOC_MAP_TYPE_HASH:
	case BPFSOC_MAP_TYPE_LRU_HASH:
		allowed = at->type == BPFSOC_MAP_TYPE_HASH ? BPFSOC_MAP_F_NO_PREALLOC
							   : BPFSOC_MAP_F_NO_COMMON_LRU;
		if (at->key_size == 0 || at->value_size == 0 || at->max_entries == 0 ||
		    at->flags & ~allowed)
			return -FW_EINVAL;
		if (at->key_size > BPFSOC_MAP_MAX_KEY_SIZE || at->value_size > BPFSOC_MAP_MAX_VALUE_SIZE)
			return -FW_E2BIG;
		if (at->max_entries > (1u << 30))
			return -FW_E2BIG;  /* its bucket table could not be addressed */
		return 0;
	case BPFSOC_MAP_TYPE_RINGBUF:
		if (at->key_size || at->value_size || at->flags ||
		    at->max_entries < BPFSOC_MAP_RINGBUF_MIN || at->max_entries > RB_MAX_SIZE ||
		    (at->max_entries & (at->max_entries - 1)))
			return -FW_EINVAL;
		return 0;
	default:
		return -FW_EINVAL;
	}
}

/* The bytes a map of these (checked) attributes takes after its struct. */
static uint64_t storage_size(const struct map_attr *at, uint32_t *n_buckets, uint32_t *elem_size)
{
	uint64_t nb = 1;

	switch (at->type) {
	case BPFSOC_MAP_TYPE_ARRAY:
	case BPFSOC_MAP_TYPE_PROG_ARRAY:
		return (uint64_t)at->max_entries * round8(at->value_size);
	case BPFSOC_MAP_TYPE_HASH:
	case BPFSOC_MAP_TYPE_LRU_HASH:
		while (nb < at->max_entries)
			nb <<= 1;
		*n_buckets = (uint32_t)nb;
		*elem_size = (uint32_t)(16 + round8(at->key_size) + round8(at->value_size));
		return round8(nb * 4) + (uint64_t)at->max_entries * *elem_size;
	default:  /* RINGBUF */
		return at->max_entries;
	}
}

int map_footprint(const struct map_attr *at, uint64_t *bytes)
{
	uint32_t n_buckets = 0, elem_size = 0;
	int rc = check_attr(at);

	if (rc)
		return rc;
	*bytes = round8(sizeof(struct map)) + storage_size(at, &n_buckets, &elem_size);
	return 0;
}

int map_create(struct map_arena *a, const struct map_attr *at)
{
	uint32_t n_buckets = 0, elem_size = 0;
	int rc = check_attr(at);

	if (rc)
		return rc;
	if (a->n_maps == BPFSOC_MAP_MAX_MAPS)
		return -FW_ENOSPC;
	uint64_t head = round8(sizeof(struct map));
	uint64_t need = head + storage_size(at, &n_buckets, &elem_size);
	if (need > map_arena_free(a))
		return -FW_ENOSPC;

	struct map *m = (struct map *)(a->base + a->used);
	uint8_t *store = (uint8_t *)m + head;
	fw_memset(m, 0, sizeof *m);
	m->type = at->type;
	m->key_size = at->key_size;
	m->value_size = at->value_size;
	m->max_entries = at->max_entries;
	m->flags = at->flags;

	switch (at->type) {
	case BPFSOC_MAP_TYPE_ARRAY:
		m->values = store;
		m->value_stride = (uint32_t)round8(at->value_size);
		fw_memset(store, 0, (size_t)(need - head));  /* Linux arrays start zeroed */
		break;
	case BPFSOC_MAP_TYPE_PROG_ARRAY:
		m->values = store;
		m->value_stride = (uint32_t)round8(at->value_size);
		for (uint32_t i = 0; i < at->max_entries; i++)
			*(uint32_t *)(store + (size_t)i * m->value_stride) = MAP_NIL;
		break;
	case BPFSOC_MAP_TYPE_HASH:
	case BPFSOC_MAP_TYPE_LRU_HASH:
		m->buckets = (uint32_t *)store;
		m->n_buckets = n_buckets;
		m->elems = store + round8((uint64_t)n_buckets * 4);
		m->elem_size = elem_size;
		for (uint32_t i = 0; i < n_buckets; i++)
			m->buckets[i] = MAP_NIL;
		/* the free list: every element, in index order */
		for (uint32_t i = 0; i < at->max_entries; i++)
			*(uint32_t *)(m->elems + (size_t)i * elem_size) =
				i + 1 < at->max_entries ? i + 1 : MAP_NIL;
		m->free_list = 0;
		m->lru_head = m->lru_tail = MAP_NIL;
		break;
	default:  /* RINGBUF */
		m->values = store;
		break;
	}

	a->used += (size_t)need;
	a->maps[a->n_maps++] = m;
	m->id = a->n_maps;
	m->seed = m->id * 0x9e3779b9u;
	return (int)m->id;
}

/* ---------------------------------------------------------------------
 * Arrays
 * ------------------------------------------------------------------- */

static uint32_t key_index(const void *key)
{
	uint32_t i;

	fw_memcpy(&i, key, sizeof i);
	return i;
}

static uint8_t *array_slot(const struct map *m, uint32_t i)
{
	return m->values + (size_t)i * m->value_stride;
}

/* ---------------------------------------------------------------------
 * Hash tables: chains of elements, each a header, the key and the value
 * (each padded to 8 bytes, so values are 8-byte aligned).
 * ------------------------------------------------------------------- */

struct elem {
	uint32_t next;      /* next in the bucket's chain, or in the free list */
	uint32_t hash;
	uint32_t lru_prev;  /* toward the most recently used */
	uint32_t lru_next;  /* toward the least recently used */
};

static struct elem *elem_at(const struct map *m, uint32_t i)
{
	return (struct elem *)(m->elems + (size_t)i * m->elem_size);
}

static uint8_t *elem_key(struct elem *e)
{
	return (uint8_t *)(e + 1);
}

static uint8_t *elem_value(const struct map *m, struct elem *e)
{
	return elem_key(e) + round8(m->key_size);
}

/* FNV-1a over the key, then the murmur3 finalizer, so that the low bits
 * (the bucket) depend on every bit of the key. */
static uint32_t hash_key(const struct map *m, const void *key)
{
	const uint8_t *k = key;
	uint32_t h = 2166136261u ^ m->seed;

	for (uint32_t i = 0; i < m->key_size; i++) {
		h ^= k[i];
		h *= 16777619u;
	}
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

static uint32_t *bucket_of(const struct map *m, uint32_t hash)
{
	return &m->buckets[hash & (m->n_buckets - 1)];
}

/* The element holding key, or MAP_NIL; *link (if asked) = the index
 * that points at it, for unlinking. */
static uint32_t hash_find(const struct map *m, const void *key, uint32_t hash, uint32_t **link)
{
	uint32_t *at = bucket_of(m, hash);

	while (*at != MAP_NIL) {
		struct elem *e = elem_at(m, *at);
		if (e->hash == hash && fw_memcmp(elem_key(e), key, m->key_size) == 0) {
			if (link)
				*link = at;
			return *at;
		}
		at = &e->next;
	}
	return MAP_NIL;
}

static void lru_unlink(struct map *m, uint32_t i)
{
	struct elem *e = elem_at(m, i);

	if (e->lru_prev != MAP_NIL)
		elem_at(m, e->lru_prev)->lru_next = e->lru_next;
	else
		m->lru_head = e->lru_next;
	if (e->lru_next != MAP_NIL)
		elem_at(m, e->lru_next)->lru_prev = e->lru_prev;
	else
		m->lru_tail = e->lru_prev;
}

static void lru_push(struct map *m, uint32_t i)
{
	struct elem *e = elem_at(m, i);

	e->lru_prev = MAP_NIL;
	e->lru_next = m->lru_head;
	if (m->lru_head != MAP_NIL)
		elem_at(m, m->lru_head)->lru_prev = i;
	else
		m->lru_tail = i;
	m->lru_head = i;
}

/* A use of element i: LRU_HASH moves it to the front. */
static void touch(struct map *m, uint32_t i)
{
	if (m->type == BPFSOC_MAP_TYPE_LRU_HASH && m->lru_head != i) {
		lru_unlink(m, i);
		lru_push(m, i);
	}
}

/* Take element i, linked at *link, out of the map. */
static void hash_remove(struct map *m, uint32_t i, uint32_t *link)
{
	struct elem *e = elem_at(m, i);

	*link = e->next;
	if (m->type == BPFSOC_MAP_TYPE_LRU_HASH)
		lru_unlink(m, i);
	e->next = m->free_list;
	m->free_list = i;
	m->count--;
}

static int hash_update(struct map *m, const void *key, const void *value, uint64_t flags)
{
	uint32_t hash = hash_key(m, key);
	uint32_t i = hash_find(m, key, hash, NULL);

	if (i != MAP_NIL) {
		if (flags == BPFSOC_MAP_UPDATE_NOEXIST)
			return -FW_EEXIST;
		fw_memmove(elem_value(m, elem_at(m, i)), value, m->value_size);
		touch(m, i);
		return 0;
	}
	if (flags == BPFSOC_MAP_UPDATE_EXIST)
		return -FW_ENOENT;
	if (m->count == m->max_entries) {
		if (m->type != BPFSOC_MAP_TYPE_LRU_HASH)
			return -FW_E2BIG;
		uint32_t victim = m->lru_tail;
		uint32_t *link = NULL;
		hash_find(m, elem_key(elem_at(m, victim)), elem_at(m, victim)->hash, &link);
		hash_remove(m, victim, link);
	}

	i = m->free_list;
	struct elem *e = elem_at(m, i);
	m->free_list = e->next;
	e->hash = hash;
	fw_memmove(elem_key(e), key, m->key_size);
	fw_memmove(elem_value(m, e), value, m->value_size);
	uint32_t *head = bucket_of(m, hash);
	e->next = *head;
	*head = i;
	if (m->type == BPFSOC_MAP_TYPE_LRU_HASH)
		lru_push(m, i);
	m->count++;
	return 0;
}

/* The first element at or after bucket b, or MAP_NIL. */
static uint32_t first_from(const struct map *m, uint32_t b)
{
	for (; b < m->n_buckets; b++)
		if (m->buckets[b] != MAP_NIL)
			return m->buckets[b];
	return MAP_NIL;
}

static int hash_next_key(struct map *m, const void *key, void *next)
{
	uint32_t i = MAP_NIL;

	if (key) {
		uint32_t hash = hash_key(m, key);
		uint32_t at = hash_find(m, key, hash, NULL);
		if (at != MAP_NIL) {
			i = elem_at(m, at)->next;
			if (i == MAP_NIL)
				i = first_from(m, (hash & (m->n_buckets - 1)) + 1);
			if (i == MAP_NIL)
				return -FW_ENOENT;
		}
	}
	if (i == MAP_NIL)
		i = first_from(m, 0);  /* no key, or one not in the map */
	if (i == MAP_NIL)
		return -FW_ENOENT;
	fw_memcpy(next, elem_key(elem_at(m, i)), m->key_size);
	return 0;
}

/* ---------------------------------------------------------------------
 * The operations of every type
 * ------------------------------------------------------------------- */

int map_lookup(struct map *m, const void *key, void **value)
{
	uint32_t i;

	switch (m->type) {
	case BPFSOC_MAP_TYPE_ARRAY:
		i = key_index(key);
		if (i >= m->max_entries)
			return -FW_ENOENT;
		*value = array_slot(m, i);
		return 0;
	case BPFSOC_MAP_TYPE_PROG_ARRAY:
		i = key_index(key);
		if (i >= m->max_entries || *(uint32_t *)array_slot(m, i) == MAP_NIL)
			return -FW_ENOENT;
		*value = array_slot(m, i);
		return 0;
	case BPFSOC_MAP_TYPE_HASH:
	case BPFSOC_MAP_TYPE_LRU_HASH:
		i = hash_find(m, key, hash_key(m, key), NULL);
		if (i == MAP_NIL)
			return -FW_ENOENT;
		touch(m, i);
		*value = elem_value(m, elem_at(m, i));
		return 0;
	default:
		return -FW_EOPNOTSUPP;
	}
}

void *map_lookup_elem(struct map *m, const void *key)
{
	void *value;

	if (m->type == BPFSOC_MAP_TYPE_PROG_ARRAY)
		return NULL;
	return map_lookup(m, key, &value) ? NULL : value;
}

int map_update(struct map *m, const void *key, const void *value, uint64_t flags)
{
	uint32_t i, prog;

	switch (m->type) {
	case BPFSOC_MAP_TYPE_ARRAY:
		if (flags > BPFSOC_MAP_UPDATE_EXIST)
			return -FW_EINVAL;
		i = key_index(key);
		if (i >= m->max_entries)
			return -FW_E2BIG;
		if (flags == BPFSOC_MAP_UPDATE_NOEXIST)
			return -FW_EEXIST;  /* every element of an array exists */
		fw_memmove(array_slot(m, i), value, m->value_size);
		return 0;
	case BPFSOC_MAP_TYPE_PROG_ARRAY:
		if (flags != BPFSOC_MAP_UPDATE_ANY)
			return -FW_EINVAL;
		i = key_index(key);
		if (i >= m->max_entries)
			return -FW_E2BIG;
		fw_memcpy(&prog, value, sizeof prog);
		if (prog == MAP_NIL)
			return -FW_EINVAL;
		*(uint32_t *)array_slot(m, i) = prog;
		return 0;
	case BPFSOC_MAP_TYPE_HASH:
	case BPFSOC_MAP_TYPE_LRU_HASH:
		if (flags > BPFSOC_MAP_UPDATE_EXIST)
			return -FW_EINVAL;
		return hash_update(m, key, value, flags);
	default:
		return -FW_EOPNOTSUPP;
	}
}

int map_delete(struct map *m, const void *key)
{
	uint32_t i, *link;

	switch (m->type) {
	case BPFSOC_MAP_TYPE_ARRAY:
		return -FW_EINVAL;
	case BPFSOC_MAP_TYPE_PROG_ARRAY:
		i = key_index(key);
		if (i >= m->max_entries)
			return -FW_E2BIG;
		if (*(uint32_t *)array_slot(m, i) == MAP_NIL)
			return -FW_ENOENT;
		*(uint32_t *)array_slot(m, i) = MAP_NIL;
		return 0;
	case BPFSOC_MAP_TYPE_HASH:
	case BPFSOC_MAP_TYPE_LRU_HASH:
		i = hash_find(m, key, hash_key(m, key), &link);
		if (i == MAP_NIL)
			return -FW_ENOENT;
		hash_remove(m, i, link);
		return 0;
	default:
		return -FW_EOPNOTSUPP;
	}
}

int map_get_next_key(struct map *m, const void *key, void *next)
{
	uint32_t i;

	switch (m->type) {
	case BPFSOC_MAP_TYPE_ARRAY:
	case BPFSOC_MAP_TYPE_PROG_ARRAY:
		i = key ? key_index(key) : MAP_NIL;
		if (i >= m->max_entries)
			i = 0;
		else if (i == m->max_entries - 1)
			return -FW_ENOENT;
		else
			i++;
		fw_memcpy(next, &i, sizeof i);
		return 0;
	case BPFSOC_MAP_TYPE_HASH:
	case BPFSOC_MAP_TYPE_LRU_HASH:
		return hash_next_key(m, key, next);
	default:
		return -FW_EOPNOTSUPP;
	}
}

int map_prog_array_get(struct map *m, uint32_t index, uint32_t *prog_id)
{
	if (m->type != BPFSOC_MAP_TYPE_PROG_ARRAY)
		return -FW_EINVAL;
	if (index >= m->max_entries || *(uint32_t *)array_slot(m, index) == MAP_NIL)
		return -FW_ENOENT;
	*prog_id = *(uint32_t *)array_slot(m, index);
	return 0;
}

/* ---------------------------------------------------------------------
 * Ring buffers.  A record is an 8-byte header (the length word: length,
 * BUSY and DISCARD bits; then the record's offset in the ring) and the
 * data, padded to 8 bytes.  Linux maps the ring twice in a row so that a
 * record may run past the end; here a record never wraps: when it would,
 * a discarded filler record takes the rest of the ring and the record
 * starts at offset 0.
 * ------------------------------------------------------------------- */

static uint32_t *rb_hdr(const struct map *m, uint32_t pos)
{
	return (uint32_t *)(m->values + (pos & (m->max_entries - 1)));
}

static uint32_t rb_total(uint32_t len_word)
{
	return (uint32_t)round8((len_word & RB_LEN_MASK) + RB_HDR);
}

void *map_ringbuf_reserve(struct map *m, uint64_t size, uint64_t flags)
{
	if (m->type != BPFSOC_MAP_TYPE_RINGBUF || flags || size > m->max_entries - RB_HDR)
		return NULL;
	uint32_t total = (uint32_t)round8(size + RB_HDR);
	uint32_t off = m->prod & (m->max_entries - 1);
	uint32_t to_end = m->max_entries - off;

	if (total > to_end) {
		if (m->prod == m->cons) {
			/* empty: both positions may skip to the start */
			m->prod += to_end;
			m->cons = m->prod;
		} else {
			if ((uint64_t)(m->prod - m->cons) + to_end + total > m->max_entries)
				return NULL;
			uint32_t *fill = rb_hdr(m, m->prod);
			fill[0] = (to_end - RB_HDR) | RB_DISCARD;
			fill[1] = off;
			m->prod += to_end;
		}
		off = 0;
	}
	if ((uint64_t)(m->prod - m->cons) + total > m->max_entries)
		return NULL;
	uint32_t *hdr = rb_hdr(m, m->prod);
	hdr[0] = (uint32_t)size | RB_BUSY;
	hdr[1] = off;
	m->prod += total;
	return hdr + 2;
}

/* The reserved record at sample: its ring buffer and header, or NULL. */
static struct map *rb_find(struct map_arena *a, const void *sample, uint32_t **hdr)
{
	const uint8_t *s = sample;

	for (uint32_t id = 1; id <= a->n_maps; id++) {
		struct map *m = a->maps[id - 1];
		/* the header is in the ring; an empty record may end with it */
		if (m->type != BPFSOC_MAP_TYPE_RINGBUF || s < m->values + RB_HDR ||
		    s >= m->values + m->max_entries + RB_HDR)
			continue;
		uint32_t off = (uint32_t)(s - m->values) - RB_HDR;
		uint32_t *h = (uint32_t *)(m->values + (off & ~7u));
		/* a reserved record starts here, between reader and writer */
		if ((off & 7) || !(h[0] & RB_BUSY) || h[1] != off ||
		    ((off - m->cons) & (m->max_entries - 1)) >= m->prod - m->cons)
			return NULL;
		*hdr = h;
		return m;
	}
	return NULL;
}

static int rb_release(struct map_arena *a, void *sample, uint64_t flags, uint32_t discard)
{
	uint32_t *hdr;

	if (flags & ~(uint64_t)(BPFSOC_RB_NO_WAKEUP | BPFSOC_RB_FORCE_WAKEUP))
		return -FW_EINVAL;
	if (!rb_find(a, sample, &hdr))
		return -FW_EINVAL;
	hdr[0] = (hdr[0] & ~RB_BUSY) | discard;
	return 0;
}

int map_ringbuf_submit(struct map_arena *a, void *sample, uint64_t flags)
{
	return rb_release(a, sample, flags, 0);
}

int map_ringbuf_discard(struct map_arena *a, void *sample, uint64_t flags)
{
	return rb_release(a, sample, flags, RB_DISCARD);
}

int map_ringbuf_output(struct map *m, const void *data, uint64_t size, uint64_t flags)
{
	if (m->type != BPFSOC_MAP_TYPE_RINGBUF ||
	    flags & ~(uint64_t)(BPFSOC_RB_NO_WAKEUP | BPFSOC_RB_FORCE_WAKEUP))
		return -FW_EINVAL;
	uint32_t *sample = map_ringbuf_reserve(m, size, 0);
	if (!sample)
		return -FW_EAGAIN;
	fw_memcpy(sample, data, (size_t)size);
	sample[-2] &= ~RB_BUSY;
	return 0;
}

uint64_t map_ringbuf_query(struct map *m, uint64_t flags)
{
	if (m->type != BPFSOC_MAP_TYPE_RINGBUF)
		return 0;
	switch (flags) {
	case BPFSOC_RB_AVAIL_DATA:
		return m->prod - m->cons;
	case BPFSOC_RB_RING_SIZE:
		return m->max_entries;
	case BPFSOC_RB_CONS_POS:
		return m->cons;
	case BPFSOC_RB_PROD_POS:
		return m->prod;
	default:
		return 0;
	}
}

uint32_t map_ringbuf_abort_all(struct map_arena *a)
{
	uint32_t n = 0;

	for (uint32_t id = 1; id <= a->n_maps; id++) {
		struct map *m = a->maps[id - 1];
		if (m->type != BPFSOC_MAP_TYPE_RINGBUF)
			continue;
		for (uint32_t pos = m->cons; pos != m->prod; pos += rb_total(rb_hdr(m, pos)[0])) {
			uint32_t *hdr = rb_hdr(m, pos);
			if (hdr[0] & RB_BUSY) {
				hdr[0] = (hdr[0] & ~RB_BUSY) | RB_DISCARD;
				n++;
			}
		}
	}
	return n;
}

int map_ringbuf_peek(struct map *m, const void **data, uint32_t *len)
{
	if (m->type != BPFSOC_MAP_TYPE_RINGBUF)
		return -FW_EINVAL;
	while (m->cons != m->prod) {
		uint32_t *hdr = rb_hdr(m, m->cons);
		if (hdr[0] & RB_BUSY)
			return 0;
		if (!(hdr[0] & RB_DISCARD)) {
			*data = hdr + 2;
			*len = hdr[0] & RB_LEN_MASK;
			return 1;
		}
		m->cons += rb_total(hdr[0]);
	}
	return 0;
}

void map_ringbuf_consume(struct map *m)
{
	if (m->type != BPFSOC_MAP_TYPE_RINGBUF || m->cons == m->prod)
		return;
	uint32_t *hdr = rb_hdr(m, m->cons);
	if (!(hdr[0] & RB_BUSY))
		m->cons += rb_total(hdr[0]);
}

int map_ringbuf_drain(struct map *m, uint8_t *dst, size_t max, uint16_t *count, int *more)
{
	const void *data;
	uint32_t len;
	size_t n = 0;
	int rc;

	*count = 0;
	*more = 0;
	if (m->type != BPFSOC_MAP_TYPE_RINGBUF)
		return -FW_EINVAL;
	while ((rc = map_ringbuf_peek(m, &data, &len)) == 1) {
		if (*count == UINT16_MAX || n + PROTO_RINGBUF_RECORD_SIZE + len > max) {
			*more = 1;
			break;
		}
		fw_put32(dst + n + PROTO_RINGBUF_RECORD_OFF_LEN, len);
		fw_memcpy(dst + n + PROTO_RINGBUF_RECORD_OFF_DATA, data, len);
		n += PROTO_RINGBUF_RECORD_SIZE + len;
		(*count)++;
		map_ringbuf_consume(m);
	}
	return (int)n;
}
