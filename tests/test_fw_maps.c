/* test_fw_maps.c: the firmware's eBPF maps (firmware/maps.c) against
 * Linux's semantics: ARRAY, HASH, LRU_HASH, PROG_ARRAY and RINGBUF, the
 * arena they live in, and random operation sequences checked against a
 * simple model.
 *
 * The random tests take FUZZ_SEED (default: the time) and print it.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "maps.h"

#include "fw_rng.h"

#define seed_from_env(what) fw_seed("fw_maps", what)

/* The arena: 1 MiB, deliberately misaligned by one byte. */
static uint8_t mem[(1 << 20) + 1];
static struct map_arena arena;

static void setup(void)
{
	cr_assert_eq(map_arena_init(&arena, mem + 1, sizeof mem - 1), 0);
}

static struct map *create(uint32_t type, uint32_t key_size, uint32_t value_size, uint32_t max,
			  uint32_t flags)
{
	struct map_attr at = { type, key_size, value_size, max, flags };
	int id = map_create(&arena, &at);
	cr_assert_gt(id, 0, "create type %u key %u value %u max %u: %d", type, key_size, value_size,
		     max, id);
	struct map *m = map_get(&arena, (uint32_t)id);
	cr_assert_not_null(m);
	cr_assert_eq(m->id, (uint32_t)id);
	return m;
}

static int create_rc(uint32_t type, uint32_t key_size, uint32_t value_size, uint32_t max,
		     uint32_t flags)
{
	struct map_attr at = { type, key_size, value_size, max, flags };
	return map_create(&arena, &at);
}

static uint32_t u32_at(const void *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

/* ---------------------------------------------------------------------
 * The arena and creation
 * ------------------------------------------------------------------- */

Test(fw_maps, arena_init, .init = setup)
{
	cr_assert_eq(map_arena_init(&arena, NULL, 100), -FW_EINVAL);
	cr_assert_eq(map_arena_init(&arena, mem + 3, 100), 0);
	cr_assert_eq((uintptr_t)arena.base % 8, 0, "the base is 8-byte aligned");
	cr_assert_eq(map_arena_free(&arena) % 8, 0);
	cr_assert_geq(arena.base, mem + 3);
	cr_assert_leq(arena.base + map_arena_free(&arena), mem + 103);
	cr_assert_geq(map_arena_free(&arena), 88);
	cr_assert_null(map_get(&arena, 0));
	cr_assert_null(map_get(&arena, 1));
}

Test(fw_maps, create_checks_like_linux, .init = setup)
{
	size_t before = map_arena_free(&arena);
	const uint32_t A = BPFSOC_MAP_TYPE_ARRAY, H = BPFSOC_MAP_TYPE_HASH,
		       L = BPFSOC_MAP_TYPE_LRU_HASH, P = BPFSOC_MAP_TYPE_PROG_ARRAY,
		       R = BPFSOC_MAP_TYPE_RINGBUF;
	const struct { uint32_t type, key, value, max, flags; int rc; } bad[] = {
		{ 4, 4, 4, 1, 0, -FW_EINVAL },            /* PERF_EVENT_ARRAY: not ours */
		{ 0, 4, 4, 1, 0, -FW_EINVAL },
		{ A, 8, 4, 1, 0, -FW_EINVAL },            /* array keys are u32 indices */
		{ A, 4, 0, 1, 0, -FW_EINVAL },
		{ A, 4, 4, 0, 0, -FW_EINVAL },
		{ A, 4, 4, 1, BPFSOC_MAP_F_NO_PREALLOC, -FW_EINVAL },
		{ A, 4, BPFSOC_MAP_MAX_VALUE_SIZE + 1, 1, 0, -FW_E2BIG },
		{ P, 4, 8, 1, 0, -FW_EINVAL },            /* prog ids are u32 */
		{ P, 2, 4, 1, 0, -FW_EINVAL },
		{ P, 4, 4, 0, 0, -FW_EINVAL },
		{ H, 0, 4, 1, 0, -FW_EINVAL },
		{ H, 4, 0, 1, 0, -FW_EINVAL },
		{ H, 4, 4, 0, 0, -FW_EINVAL },
		{ H, 4, 4, 1, BPFSOC_MAP_F_NO_COMMON_LRU, -FW_EINVAL },
		{ H, 4, 4, 1, 0x100, -FW_EINVAL },
		{ H, BPFSOC_MAP_MAX_KEY_SIZE + 1, 4, 1, 0, -FW_E2BIG },
		{ H, 4, BPFSOC_MAP_MAX_VALUE_SIZE + 1, 1, 0, -FW_E2BIG },
		{ L, 4, 4, 1, BPFSOC_MAP_F_NO_PREALLOC, -FW_EINVAL },
		{ R, 4, 0, 4096, 0, -FW_EINVAL },         /* ring buffers have no keys */
		{ R, 0, 4, 4096, 0, -FW_EINVAL },
		{ R, 0, 0, 4000, 0, -FW_EINVAL },         /* not a power of 2 */
		{ R, 0, 0, BPFSOC_MAP_RINGBUF_MIN / 2, 0, -FW_EINVAL },
		{ R, 0, 0, 4096, 1, -FW_EINVAL },
		{ A, 4, 1024, 1u << 20, 0, -FW_ENOSPC },  /* 1 GiB */
		{ H, 4, 4, 1u << 30, 0, -FW_ENOSPC },
		{ H, 4, 4, 0xffffffff, 0, -FW_E2BIG },
		{ R, 0, 0, 1u << 21, 0, -FW_ENOSPC },
		{ R, 0, 0, 0x80000000, 0, -FW_EINVAL },   /* lengths have 30 bits */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int rc = create_rc(bad[i].type, bad[i].key, bad[i].value, bad[i].max, bad[i].flags);
		cr_assert_eq(rc, bad[i].rc, "case %zu: %d, expected %d", i, rc, bad[i].rc);
	}
	cr_assert_eq(map_arena_free(&arena), before, "a failed create changes nothing");
	cr_assert_eq(arena.n_maps, 0);
	/* the flags each type does take */
	create(H, 4, 4, 8, BPFSOC_MAP_F_NO_PREALLOC);
	create(L, 4, 4, 8, BPFSOC_MAP_F_NO_COMMON_LRU);
	create(R, 0, 0, BPFSOC_MAP_RINGBUF_MIN, 0);
}

Test(fw_maps, arena_exhaustion_and_reset)
{
	static uint8_t small[4096 + 7];
	cr_assert_eq(map_arena_init(&arena, small, sizeof small), 0);

	/* fill it with arrays of one 64-byte value until it refuses */
	int n = 0, rc;
	size_t free_before;
	for (;;) {
		free_before = map_arena_free(&arena);
		rc = create_rc(BPFSOC_MAP_TYPE_ARRAY, 4, 64, 1, 0);
		if (rc < 0)
			break;
		cr_assert_eq(rc, n + 1, "ids count from 1");
		n++;
	}
	cr_assert_eq(rc, -FW_ENOSPC);
	cr_assert_gt(n, 10);
	cr_assert_eq(map_arena_free(&arena), free_before, "the failed create took nothing");
	/* a smaller map may still fit into what is left, or not; it never overflows */
	while (create_rc(BPFSOC_MAP_TYPE_ARRAY, 4, 1, 1, 0) > 0)
		;
	cr_assert_leq(arena.used, arena.size);
	/* the maps that exist still work */
	uint32_t k = 0;
	void *v;
	cr_assert_eq(map_lookup(map_get(&arena, 1), &k, &v), 0);
	cr_assert_geq((uint8_t *)v, arena.base);
	cr_assert_lt((uint8_t *)v + 64, arena.base + arena.size + 1);

	map_arena_reset(&arena);
	cr_assert_null(map_get(&arena, 1));
	cr_assert_eq(map_arena_free(&arena), arena.size);
	cr_assert_eq(create_rc(BPFSOC_MAP_TYPE_ARRAY, 4, 64, 1, 0), 1, "ids start again at 1");
}

Test(fw_maps, map_table_full, .init = setup)
{
	for (int i = 0; i < BPFSOC_MAP_MAX_MAPS; i++)
		create(BPFSOC_MAP_TYPE_ARRAY, 4, 4, 1, 0);
	size_t before = map_arena_free(&arena);
	cr_assert_eq(create_rc(BPFSOC_MAP_TYPE_ARRAY, 4, 4, 1, 0), -FW_ENOSPC);
	cr_assert_eq(map_arena_free(&arena), before);
	cr_assert_not_null(map_get(&arena, BPFSOC_MAP_MAX_MAPS));
	cr_assert_null(map_get(&arena, BPFSOC_MAP_MAX_MAPS + 1));
}

/* ---------------------------------------------------------------------
 * ARRAY
 * ------------------------------------------------------------------- */

Test(fw_maps, array, .init = setup)
{
	struct map *m = create(BPFSOC_MAP_TYPE_ARRAY, 4, 12, 10, 0);
	uint8_t val[12], got[12];
	uint32_t k, next;
	void *v, *prev = NULL;

	/* zero-filled, 8-byte aligned, distinct values */
	for (k = 0; k < 10; k++) {
		cr_assert_eq(map_lookup(m, &k, &v), 0);
		cr_assert_eq((uintptr_t)v % 8, 0);
		cr_assert_arr_eq(v, (uint8_t[12]){ 0 }, 12);
		if (prev)
			cr_assert_geq((uint8_t *)v, (uint8_t *)prev + 12);
		prev = v;
		cr_assert_eq(map_lookup_elem(m, &k), v);
	}
	/* bounds */
	k = 10;
	cr_assert_eq(map_lookup(m, &k, &v), -FW_ENOENT);
	cr_assert_null(map_lookup_elem(m, &k));
	cr_assert_eq(map_update(m, &k, val, BPFSOC_MAP_UPDATE_ANY), -FW_E2BIG);
	k = 0xffffffff;
	cr_assert_eq(map_update(m, &k, val, BPFSOC_MAP_UPDATE_ANY), -FW_E2BIG);

	/* flags */
	k = 3;
	memset(val, 0x33, sizeof val);
	cr_assert_eq(map_update(m, &k, val, BPFSOC_MAP_UPDATE_NOEXIST), -FW_EEXIST);
	cr_assert_eq(map_update(m, &k, val, 3), -FW_EINVAL);
	cr_assert_eq(map_update(m, &k, val, 4), -FW_EINVAL, "BPF_F_LOCK: no spin locks here");
	cr_assert_eq(map_update(m, &k, val, BPFSOC_MAP_UPDATE_EXIST), 0);
	cr_assert_arr_eq(map_lookup_elem(m, &k), val, 12);
	val[0] = 0x44;
	cr_assert_eq(map_update(m, &k, val, BPFSOC_MAP_UPDATE_ANY), 0);
	memcpy(got, map_lookup_elem(m, &k), 12);
	cr_assert_arr_eq(got, val, 12);

	/* the pointer is the storage: a program's store through it is seen */
	((uint8_t *)map_lookup_elem(m, &k))[11] = 0x99;
	cr_assert_eq(((uint8_t *)map_lookup_elem(m, &k))[11], 0x99);
	k = 4;
	cr_assert_eq(((uint8_t *)map_lookup_elem(m, &k))[0], 0, "the neighbour is untouched");

	/* no deletes in an array */
	cr_assert_eq(map_delete(m, &k), -FW_EINVAL);

	/* iteration: 0 .. 9, then ENOENT; no key or a key out of range: 0 */
	cr_assert_eq(map_get_next_key(m, NULL, &next), 0);
	cr_assert_eq(next, 0);
	for (k = 0; k < 9; k++) {
		cr_assert_eq(map_get_next_key(m, &k, &next), 0);
		cr_assert_eq(next, k + 1);
	}
	cr_assert_eq(map_get_next_key(m, &k, &next), -FW_ENOENT);
	k = 1000;
	cr_assert_eq(map_get_next_key(m, &k, &next), 0);
	cr_assert_eq(next, 0);

	/* keys need no alignment */
	uint8_t raw[5] = { 0, 3, 0, 0, 0 };
	cr_assert_eq(map_lookup_elem(m, raw + 1), map_lookup_elem(m, &(uint32_t){ 3 }));
}

/* ---------------------------------------------------------------------
 * HASH
 * ------------------------------------------------------------------- */

/* Keys of 6 bytes (not a multiple of 4 or 8) and values of 16. */
struct hkey {
	uint8_t b[6];
};

static struct hkey hk(uint32_t i)
{
	struct hkey k = { { (uint8_t)i, (uint8_t)(i >> 8), (uint8_t)(i >> 16), (uint8_t)(i >> 24), 0x5a, 0xa5 } };
	return k;
}

static void hval(uint8_t *v, uint32_t i, uint32_t gen)
{
	for (int j = 0; j < 16; j++)
		v[j] = (uint8_t)(i * 31 + gen * 7 + j);
}

Test(fw_maps, hash_basics, .init = setup)
{
	struct map *m = create(BPFSOC_MAP_TYPE_HASH, 6, 16, 100, 0);
	uint8_t v[16], w[16];
	struct hkey k = hk(7);
	void *p;

	cr_assert_eq(map_lookup(m, &k, &p), -FW_ENOENT);
	cr_assert_null(map_lookup_elem(m, &k));
	hval(v, 7, 0);
	cr_assert_eq(map_update(m, &k, v, BPFSOC_MAP_UPDATE_EXIST), -FW_ENOENT, "EXIST: not there");
	cr_assert_eq(map_update(m, &k, v, 3), -FW_EINVAL);
	cr_assert_eq(m->count, 0, "failed updates add nothing");
	cr_assert_eq(map_update(m, &k, v, BPFSOC_MAP_UPDATE_NOEXIST), 0);
	cr_assert_eq(map_update(m, &k, v, BPFSOC_MAP_UPDATE_NOEXIST), -FW_EEXIST);
	cr_assert_eq(map_lookup(m, &k, &p), 0);
	cr_assert_eq((uintptr_t)p % 8, 0);
	cr_assert_arr_eq(p, v, 16);
	hval(w, 7, 1);
	cr_assert_eq(map_update(m, &k, w, BPFSOC_MAP_UPDATE_EXIST), 0);
	cr_assert_arr_eq(map_lookup_elem(m, &k), w, 16);
	cr_assert_eq(map_lookup_elem(m, &k), p, "an update changes the value in place");
	hval(v, 7, 2);
	cr_assert_eq(map_update(m, &k, v, BPFSOC_MAP_UPDATE_ANY), 0);
	cr_assert_arr_eq(map_lookup_elem(m, &k), v, 16);
	cr_assert_eq(m->count, 1);

	/* a key differing in its last byte is another key */
	struct hkey k2 = k;
	k2.b[5] ^= 1;
	cr_assert_null(map_lookup_elem(m, &k2));
	cr_assert_eq(map_delete(m, &k2), -FW_ENOENT);
	cr_assert_eq(map_delete(m, &k), 0);
	cr_assert_eq(map_delete(m, &k), -FW_ENOENT);
	cr_assert_null(map_lookup_elem(m, &k));
	cr_assert_eq(m->count, 0);
	cr_assert_eq(map_get_next_key(m, NULL, &k2), -FW_ENOENT, "an empty map has no first key");
}

/* Every key of m, by get_next_key from NULL; checks each comes once. */
static uint32_t walk(struct map *m, uint8_t *seen, uint32_t max_id)
{
	struct hkey k, next;
	uint32_t n = 0;
	int rc = map_get_next_key(m, NULL, &next);

	memset(seen, 0, max_id);
	while (rc == 0) {
		uint32_t id = u32_at(next.b);
		cr_assert_lt(id, max_id, "a key that was never added: %u", id);
		cr_assert_eq(seen[id], 0, "key %u visited twice", id);
		seen[id] = 1;
		n++;
		cr_assert_leq(n, m->max_entries, "iteration does not end");
		k = next;
		rc = map_get_next_key(m, &k, &next);
	}
	cr_assert_eq(rc, -FW_ENOENT);
	return n;
}

Test(fw_maps, hash_collisions_full_and_iteration, .init = setup)
{
	enum { N = 3000 };
	static uint8_t seen[N + 1];
	struct map *m = create(BPFSOC_MAP_TYPE_HASH, 6, 16, N, 0);
	uint8_t v[16];

	for (uint32_t i = 0; i < N; i++) {
		struct hkey k = hk(i);
		hval(v, i, 0);
		cr_assert_eq(map_update(m, &k, v, BPFSOC_MAP_UPDATE_NOEXIST), 0, "key %u", i);
	}
	cr_assert_eq(m->count, N);

	/* the chains are real: many buckets hold several keys */
	uint32_t used = 0, longest = 0;
	for (uint32_t b = 0; b < m->n_buckets; b++) {
		uint32_t len = 0;
		for (uint32_t e = m->buckets[b]; e != MAP_NIL; e = u32_at(m->elems + (size_t)e * m->elem_size))
			len++;
		used += len > 0;
		longest = len > longest ? len : longest;
	}
	cr_assert_lt(used, N - 500, "%u keys in %u buckets: too few collisions", N, used);
	cr_assert_geq(longest, 3);
	cr_assert_leq(longest, 12, "a chain of %u: the hash is poor", longest);

	for (uint32_t i = 0; i < N; i++) {
		struct hkey k = hk(i);
		hval(v, i, 0);
		uint8_t *p = map_lookup_elem(m, &k);
		cr_assert_not_null(p, "key %u lost", i);
		cr_assert_arr_eq(p, v, 16, "key %u has another's value", i);
	}

	/* full: a new key is E2BIG (whatever the flags), old keys still change */
	struct hkey extra = hk(N);
	cr_assert_eq(map_update(m, &extra, v, BPFSOC_MAP_UPDATE_ANY), -FW_E2BIG);
	cr_assert_eq(map_update(m, &extra, v, BPFSOC_MAP_UPDATE_NOEXIST), -FW_E2BIG);
	cr_assert_eq(map_update(m, &extra, v, BPFSOC_MAP_UPDATE_EXIST), -FW_ENOENT);
	struct hkey k5 = hk(5);
	hval(v, 5, 9);
	cr_assert_eq(map_update(m, &k5, v, BPFSOC_MAP_UPDATE_ANY), 0);
	cr_assert_arr_eq(map_lookup_elem(m, &k5), v, 16);

	/* every key once */
	cr_assert_eq(walk(m, seen, N + 1), N);
	/* a key not in the map starts again from the first */
	struct hkey first, next;
	cr_assert_eq(map_get_next_key(m, NULL, &first), 0);
	cr_assert_eq(map_get_next_key(m, &extra, &next), 0);
	cr_assert_arr_eq(&next, &first, 6);

	/* delete every third, re-add some, walk again */
	for (uint32_t i = 0; i < N; i += 3) {
		struct hkey k = hk(i);
		cr_assert_eq(map_delete(m, &k), 0);
	}
	cr_assert_eq(m->count, N - N / 3);
	cr_assert_eq(map_update(m, &extra, v, BPFSOC_MAP_UPDATE_NOEXIST), 0, "room again");
	for (uint32_t i = 0; i < N; i += 6) {
		struct hkey k = hk(i);
		hval(v, i, 1);
		cr_assert_eq(map_update(m, &k, v, BPFSOC_MAP_UPDATE_NOEXIST), 0);
	}
	uint32_t n = walk(m, seen, N + 1);
	cr_assert_eq(n, m->count);
	for (uint32_t i = 0; i <= N; i++) {
		struct hkey k = hk(i);
		int there = i == N || i % 3 != 0 || i % 6 == 0;
		cr_assert_eq(seen[i], there, "key %u", i);
		cr_assert_eq(map_lookup_elem(m, &k) != NULL, there, "key %u", i);
		if (there && i < N && i % 6 == 0) {
			hval(v, i, 1);
			uint8_t *p = map_lookup_elem(m, &k);
			cr_assert(memcmp(p, v, 16) == 0, "key %u: not the value re-added (%02x %02x, not %02x %02x)",
				  i, p[0], p[1], v[0], v[1]);
		}
	}
}

Test(fw_maps, hash_delete_and_readd_forever, .init = setup)
{
	struct map *m = create(BPFSOC_MAP_TYPE_HASH, 6, 16, 4, 0);
	uint8_t v[16];
	for (uint32_t round = 0; round < 1000; round++) {
		for (uint32_t i = 0; i < 4; i++) {
			struct hkey k = hk(round * 4 + i);
			hval(v, round * 4 + i, 0);
			cr_assert_eq(map_update(m, &k, v, BPFSOC_MAP_UPDATE_NOEXIST), 0, "round %u", round);
		}
		struct hkey k = hk(round * 4 + 4);
		cr_assert_eq(map_update(m, &k, v, BPFSOC_MAP_UPDATE_ANY), -FW_E2BIG);
		for (uint32_t i = 0; i < 4; i++) {
			struct hkey d = hk(round * 4 + i);
			cr_assert_eq(map_delete(m, &d), 0);
		}
		cr_assert_eq(m->count, 0);
	}
}

/* ---------------------------------------------------------------------
 * LRU_HASH
 * ------------------------------------------------------------------- */

/* Whether key i is in m, found by iterating, which is no use for LRU. */
static int has(struct map *m, uint32_t i)
{
	struct hkey want = hk(i), it, next;
	int rc = map_get_next_key(m, NULL, &next);

	for (uint32_t n = 0; rc == 0; n++) {
		cr_assert_leq(n, m->max_entries, "iteration does not end");
		if (memcmp(&next, &want, sizeof want) == 0)
			return 1;
		it = next;
		rc = map_get_next_key(m, &it, &next);
	}
	return 0;
}

static void lru_put(struct map *m, uint32_t i, uint64_t flags, int want)
{
	struct hkey k = hk(i);
	uint8_t v[16];
	hval(v, i, 0);
	cr_assert_eq(map_update(m, &k, v, flags), want, "update of %u", i);
}

static void lru_use(struct map *m, uint32_t i)
{
	struct hkey k = hk(i);
	cr_assert_not_null(map_lookup_elem(m, &k), "key %u should be there", i);
}

static void lru_expect(struct map *m, const uint32_t *keys, int n, uint32_t max_key)
{
	for (uint32_t i = 0; i <= max_key; i++) {
		int want = 0;
		for (int j = 0; j < n; j++)
			want |= keys[j] == i;
		cr_assert_eq(has(m, i), want, "key %u %s", i, want ? "evicted too early" : "still there");
	}
}

Test(fw_maps, lru_evicts_the_least_recently_used, .init = setup)
{
	struct map *m = create(BPFSOC_MAP_TYPE_LRU_HASH, 6, 16, 4, 0);

	for (uint32_t i = 1; i <= 4; i++)
		lru_put(m, i, BPFSOC_MAP_UPDATE_NOEXIST, 0);
	/* use order now: 4 3 2 1 (1 least recent) */
	lru_put(m, 5, BPFSOC_MAP_UPDATE_ANY, 0);  /* evicts 1 */
	lru_expect(m, (uint32_t[]){ 2, 3, 4, 5 }, 4, 8);
	lru_use(m, 2);                            /* a lookup is a use: 2 5 4 3 */
	lru_put(m, 6, BPFSOC_MAP_UPDATE_ANY, 0);  /* evicts 3 */
	lru_expect(m, (uint32_t[]){ 2, 4, 5, 6 }, 4, 8);
	lru_put(m, 4, BPFSOC_MAP_UPDATE_EXIST, 0);   /* an update is a use: 4 6 2 5 */
	lru_put(m, 7, BPFSOC_MAP_UPDATE_NOEXIST, 0); /* evicts 5 */
	lru_expect(m, (uint32_t[]){ 2, 4, 6, 7 }, 4, 8);
	/* iterating (has() walks the map) did not count as use: 7 4 6 2 */
	lru_put(m, 8, BPFSOC_MAP_UPDATE_ANY, 0);  /* evicts 2 */
	lru_expect(m, (uint32_t[]){ 4, 6, 7, 8 }, 4, 8);
	/* failed updates evict nothing */
	lru_put(m, 9, BPFSOC_MAP_UPDATE_EXIST, -FW_ENOENT);
	lru_put(m, 8, BPFSOC_MAP_UPDATE_NOEXIST, -FW_EEXIST);
	lru_expect(m, (uint32_t[]){ 4, 6, 7, 8 }, 4, 9);
	/* a delete makes room: no eviction for the next new key */
	struct hkey k6 = hk(6);
	cr_assert_eq(map_delete(m, &k6), 0);
	lru_put(m, 10, BPFSOC_MAP_UPDATE_ANY, 0);
	lru_expect(m, (uint32_t[]){ 4, 7, 8, 10 }, 4, 10);
	cr_assert_eq(m->count, 4);
	/* the values came along with their keys */
	uint8_t v[16];
	hval(v, 10, 0);
	struct hkey k10 = hk(10);
	cr_assert_arr_eq(map_lookup_elem(m, &k10), v, 16);
}

/* ---------------------------------------------------------------------
 * HASH and LRU_HASH against a model: random updates, lookups, deletes.
 * ------------------------------------------------------------------- */

enum { MODEL_KEYS = 64 };

struct model {
	int present[MODEL_KEYS];
	uint32_t gen[MODEL_KEYS];  /* which value it holds */
	uint64_t used[MODEL_KEYS]; /* LRU: time of last use */
	uint64_t clock;
	uint32_t count, max;
};

static void random_ops(uint32_t type, uint32_t max)
{
	struct map *m = create(type, 6, 16, max, 0);
	struct model md = { .max = max };
	static uint8_t seen[MODEL_KEYS];
	uint8_t v[16];
	int lru = type == BPFSOC_MAP_TYPE_LRU_HASH;

	for (int op = 0; op < 20000; op++) {
		uint32_t i = rnd() % MODEL_KEYS, what = rnd() % 4;
		struct hkey k = hk(i);
		if (what <= 1) {
			uint64_t flags = rnd() % 3;
			uint32_t gen = rnd();
			int want;
			if (md.present[i])
				want = flags == BPFSOC_MAP_UPDATE_NOEXIST ? -FW_EEXIST : 0;
			else if (flags == BPFSOC_MAP_UPDATE_EXIST)
				want = -FW_ENOENT;
			else if (md.count == md.max && !lru)
				want = -FW_E2BIG;
			else
				want = 0;
			hval(v, i, gen);
			int rc = map_update(m, &k, v, flags);
			cr_assert_eq(rc, want, "op %d: update %u flags %llu: %d, expected %d", op, i,
				     (unsigned long long)flags, rc, want);
			if (rc == 0) {
				if (!md.present[i] && md.count == md.max) {
					/* LRU: the least recently used goes */
					int old = -1;
					for (int j = 0; j < MODEL_KEYS; j++)
						if (md.present[j] && (old < 0 || md.used[j] < md.used[old]))
							old = j;
					md.present[old] = 0;
					md.count--;
				}
				md.count += !md.present[i];
				md.present[i] = 1;
				md.gen[i] = gen;
				md.used[i] = ++md.clock;
			}
		} else if (what == 2) {
			uint8_t *p = map_lookup_elem(m, &k);
			cr_assert_eq(p != NULL, md.present[i], "op %d: lookup %u", op, i);
			if (p) {
				hval(v, i, md.gen[i]);
				cr_assert_arr_eq(p, v, 16, "op %d: value of %u", op, i);
				md.used[i] = ++md.clock;
			}
		} else {
			int rc = map_delete(m, &k);
			cr_assert_eq(rc, md.present[i] ? 0 : -FW_ENOENT, "op %d: delete %u", op, i);
			if (md.present[i])
				md.count--;
			md.present[i] = 0;
		}
		cr_assert_eq(m->count, md.count, "op %d: count", op);
		if (op % 500 == 0) {
			cr_assert_eq(walk(m, seen, MODEL_KEYS), md.count);
			for (int j = 0; j < MODEL_KEYS; j++)
				cr_assert_eq(seen[j], md.present[j], "op %d: key %d", op, j);
		}
	}
}

Test(fw_maps, hash_random_against_a_model, .init = setup)
{
	seed_from_env("hash model");
	random_ops(BPFSOC_MAP_TYPE_HASH, 40);
	random_ops(BPFSOC_MAP_TYPE_HASH, 1);
}

Test(fw_maps, lru_random_against_a_model, .init = setup)
{
	seed_from_env("lru model");
	random_ops(BPFSOC_MAP_TYPE_LRU_HASH, 40);
	random_ops(BPFSOC_MAP_TYPE_LRU_HASH, 1);
	random_ops(BPFSOC_MAP_TYPE_LRU_HASH, 7);
}

/* ---------------------------------------------------------------------
 * PROG_ARRAY
 * ------------------------------------------------------------------- */

Test(fw_maps, prog_array, .init = setup)
{
	struct map *m = create(BPFSOC_MAP_TYPE_PROG_ARRAY, 4, 4, 8, 0);
	uint32_t k, prog, next;
	void *v;

	for (k = 0; k < 8; k++) {
		cr_assert_eq(map_lookup(m, &k, &v), -FW_ENOENT, "slots start empty");
		cr_assert_eq(map_prog_array_get(m, k, &prog), -FW_ENOENT);
	}
	k = 2;
	prog = 5;
	cr_assert_eq(map_update(m, &k, &prog, BPFSOC_MAP_UPDATE_ANY), 0);
	cr_assert_eq(map_update(m, &k, &prog, BPFSOC_MAP_UPDATE_NOEXIST), -FW_EINVAL, "ANY only");
	cr_assert_eq(map_update(m, &k, &prog, BPFSOC_MAP_UPDATE_EXIST), -FW_EINVAL);
	cr_assert_eq(map_update(m, &k, &(uint32_t){ MAP_NIL }, BPFSOC_MAP_UPDATE_ANY), -FW_EINVAL);
	k = 8;
	cr_assert_eq(map_update(m, &k, &prog, BPFSOC_MAP_UPDATE_ANY), -FW_E2BIG);
	cr_assert_eq(map_prog_array_get(m, 8, &prog), -FW_ENOENT);

	k = 2;
	cr_assert_eq(map_lookup(m, &k, &v), 0);
	cr_assert_eq(u32_at(v), 5);
	cr_assert_null(map_lookup_elem(m, &k), "a program may not read a prog array");
	prog = 0;
	cr_assert_eq(map_prog_array_get(m, 2, &prog), 0);
	cr_assert_eq(prog, 5);
	cr_assert_eq(map_update(m, &k, &(uint32_t){ 0 }, BPFSOC_MAP_UPDATE_ANY), 0, "program 0 is a program");
	cr_assert_eq(map_prog_array_get(m, 2, &prog), 0);
	cr_assert_eq(prog, 0);

	cr_assert_eq(map_delete(m, &k), 0);
	cr_assert_eq(map_delete(m, &k), -FW_ENOENT);
	cr_assert_eq(map_prog_array_get(m, 2, &prog), -FW_ENOENT, "a tail call there falls through");
	k = 9;
	cr_assert_eq(map_delete(m, &k), -FW_E2BIG);

	/* iteration goes over every index, filled or not, as Linux's */
	cr_assert_eq(map_get_next_key(m, NULL, &next), 0);
	cr_assert_eq(next, 0);
	k = 6;
	cr_assert_eq(map_get_next_key(m, &k, &next), 0);
	cr_assert_eq(next, 7);
	k = 7;
	cr_assert_eq(map_get_next_key(m, &k, &next), -FW_ENOENT);

	struct map *a = create(BPFSOC_MAP_TYPE_ARRAY, 4, 4, 8, 0);
	cr_assert_eq(map_prog_array_get(a, 0, &prog), -FW_EINVAL, "not a prog array");
}

/* ---------------------------------------------------------------------
 * RINGBUF
 * ------------------------------------------------------------------- */

static uint32_t *hdr_of(void *sample)
{
	return (uint32_t *)sample - 2;
}

/* The next committed record: checks its length and first byte. */
static void expect_record(struct map *m, uint32_t len, uint8_t first)
{
	const void *data;
	uint32_t n;
	cr_assert_eq(map_ringbuf_peek(m, &data, &n), 1, "a record of %u bytes expected", len);
	cr_assert_eq(n, len);
	if (len)
		cr_assert_eq(*(const uint8_t *)data, first);
	map_ringbuf_consume(m);
}

static void expect_empty(struct map *m)
{
	const void *data;
	uint32_t n;
	cr_assert_eq(map_ringbuf_peek(m, &data, &n), 0, "no committed record expected");
}

Test(fw_maps, ringbuf_records, .init = setup)
{
	struct map *m = create(BPFSOC_MAP_TYPE_RINGBUF, 0, 0, 256, 0);
	uint32_t k = 0;
	void *v;

	cr_assert_eq(map_lookup(m, &k, &v), -FW_EOPNOTSUPP);
	cr_assert_null(map_lookup_elem(m, &k));
	cr_assert_eq(map_update(m, &k, &k, 0), -FW_EOPNOTSUPP);
	cr_assert_eq(map_delete(m, &k), -FW_EOPNOTSUPP);
	cr_assert_eq(map_get_next_key(m, NULL, &k), -FW_EOPNOTSUPP);
	cr_assert_eq(map_ringbuf_query(m, BPFSOC_RB_RING_SIZE), 256);

	/* the header: length and BUSY while reserved, the offset after it */
	uint8_t *a = map_ringbuf_reserve(m, 10, 0);
	cr_assert_not_null(a);
	cr_assert_eq((uintptr_t)a % 8, 0);
	cr_assert_eq(hdr_of(a)[0], 10 | BPFSOC_RINGBUF_BUSY_BIT);
	cr_assert_eq(hdr_of(a)[1], 0);
	uint8_t *b = map_ringbuf_reserve(m, 3, 0);
	cr_assert_eq(b, a + 16 + 8, "10 bytes pad to 16, then the next header");
	cr_assert_eq(hdr_of(b)[1], 24);
	uint8_t *c = map_ringbuf_reserve(m, 0, 0);
	cr_assert_not_null(c, "an empty record is a record");
	cr_assert_eq(map_ringbuf_query(m, BPFSOC_RB_AVAIL_DATA), 24 + 16 + 8);
	cr_assert_eq(map_ringbuf_query(m, BPFSOC_RB_PROD_POS), 48);
	cr_assert_eq(map_ringbuf_query(m, BPFSOC_RB_CONS_POS), 0);
	cr_assert_eq(map_ringbuf_query(m, 99), 0);

	/* the reader stops at the oldest reserved record */
	a[0] = 'a';
	b[0] = 'b';
	cr_assert_eq(map_ringbuf_submit(&arena, b, 0), 0);
	cr_assert_eq(hdr_of(b)[0], 3, "submitted: BUSY cleared");
	expect_empty(m);
	cr_assert_eq(map_ringbuf_discard(&arena, c, BPFSOC_RB_NO_WAKEUP), 0);
	cr_assert_eq(hdr_of(c)[0], BPFSOC_RINGBUF_DISCARD_BIT);
	cr_assert_eq(map_ringbuf_submit(&arena, a, BPFSOC_RB_FORCE_WAKEUP), 0);
	expect_record(m, 10, 'a');
	expect_record(m, 3, 'b');
	expect_empty(m);  /* the discarded one is skipped */
	cr_assert_eq(map_ringbuf_query(m, BPFSOC_RB_AVAIL_DATA), 0);

	/* releasing what is no reserved record */
	cr_assert_eq(map_ringbuf_submit(&arena, a, 0), -FW_EINVAL, "submitted twice");
	cr_assert_eq(map_ringbuf_discard(&arena, b, 0), -FW_EINVAL);
	uint8_t *d = map_ringbuf_reserve(m, 8, 0);
	cr_assert_eq(map_ringbuf_submit(&arena, d + 8, 0), -FW_EINVAL, "inside a record");
	cr_assert_eq(map_ringbuf_submit(&arena, d + 1, 0), -FW_EINVAL);
	cr_assert_eq(map_ringbuf_submit(&arena, mem, 0), -FW_EINVAL, "not in a ring");
	cr_assert_eq(map_ringbuf_submit(&arena, d, 4), -FW_EINVAL, "unknown flag");
	cr_assert_eq(map_ringbuf_discard(&arena, d, 0), 0);
	expect_empty(m);

	/* reserve: flags must be 0; size at most the ring less a header */
	cr_assert_null(map_ringbuf_reserve(m, 8, 1));
	cr_assert_null(map_ringbuf_reserve(m, 256 - 7, 0));
	cr_assert_null(map_ringbuf_reserve(m, 1ull << 40, 0));
	struct map *arr = create(BPFSOC_MAP_TYPE_ARRAY, 4, 4, 1, 0);
	cr_assert_null(map_ringbuf_reserve(arr, 8, 0));
	cr_assert_eq(map_ringbuf_output(arr, "x", 1, 0), -FW_EINVAL);
	expect_empty(m);
	/* the whole ring in one record (the ring is empty: it starts at 0) */
	uint8_t *all = map_ringbuf_reserve(m, 256 - 8, 0);
	cr_assert_not_null(all);
	cr_assert_eq(hdr_of(all)[1], 0);
	cr_assert_null(map_ringbuf_reserve(m, 0, 0), "full");
	all[0] = 'W';
	cr_assert_eq(map_ringbuf_submit(&arena, all, 0), 0);
	expect_record(m, 248, 'W');
}

Test(fw_maps, ringbuf_full_and_output, .init = setup)
{
	struct map *m = create(BPFSOC_MAP_TYPE_RINGBUF, 0, 0, 128, 0);
	uint8_t data[64];

	/* 16-byte records (8 data + 8 header): 8 fit */
	for (int i = 0; i < 8; i++) {
		memset(data, 'A' + i, sizeof data);
		cr_assert_eq(map_ringbuf_output(m, data, 8, 0), 0, "record %d", i);
	}
	cr_assert_eq(map_ringbuf_output(m, data, 1, 0), -FW_EAGAIN, "full");
	cr_assert_null(map_ringbuf_reserve(m, 0, 0));
	cr_assert_eq(map_ringbuf_output(m, data, 1, 8), -FW_EINVAL);
	cr_assert_eq(map_ringbuf_query(m, BPFSOC_RB_AVAIL_DATA), 128);
	expect_record(m, 8, 'A');
	/* one record's room again, no more */
	cr_assert_eq(map_ringbuf_output(m, data, 9, 0), -FW_EAGAIN, "9 bytes take 24");
	cr_assert_eq(map_ringbuf_output(m, "Z", 1, 0), 0);
	cr_assert_eq(map_ringbuf_output(m, data, 1, 0), -FW_EAGAIN);
	for (int i = 1; i < 8; i++)
		expect_record(m, 8, (uint8_t)('A' + i));
	expect_record(m, 1, 'Z');
	expect_empty(m);
}

Test(fw_maps, ringbuf_wraparound_keeps_order_and_data, .init = setup)
{
	struct map *m = create(BPFSOC_MAP_TYPE_RINGBUF, 0, 0, 512, 0);
	uint32_t next_write = 0, next_read = 0, lost = 0;
	uint8_t buf[200];

	seed_from_env("ringbuf");
	/* records of random sizes; the reader lags behind by a random amount */
	for (int step = 0; step < 20000; step++) {
		if (rnd() % 3) {
			uint32_t len = rnd() % 120;
			for (uint32_t i = 0; i < len; i++)
				buf[i] = (uint8_t)(next_write + i);
			uint8_t *p = map_ringbuf_reserve(m, len, 0);
			if (!p) {
				lost++;
				cr_assert_gt(map_ringbuf_query(m, BPFSOC_RB_AVAIL_DATA) + ((len + 15) & ~7u), 512 - 128,
					     "step %d: no room for %u bytes with only %llu used", step, len,
					     (unsigned long long)map_ringbuf_query(m, BPFSOC_RB_AVAIL_DATA));
				continue;
			}
			cr_assert_leq(p + len, m->values + 512, "a record runs past the end of the ring");
			memcpy(p, buf, len);
			if (len % 7 == 3) {
				cr_assert_eq(map_ringbuf_discard(&arena, p, 0), 0);
			} else {
				/* the record's number over its first bytes */
				if (len >= 4)
					fw_put32(p, next_write);
				cr_assert_eq(map_ringbuf_submit(&arena, p, 0), 0);
				next_write++;
			}
		} else {
			const void *data;
			uint32_t len;
			int got = map_ringbuf_peek(m, &data, &len);
			cr_assert_eq(got, next_read != next_write, "step %d", step);
			if (!got)
				continue;
			const uint8_t *d = data;
			if (len >= 4) {
				cr_assert_eq(fw_get32(d), next_read, "step %d: record %u out of order", step,
					     fw_get32(d));
				for (uint32_t i = 4; i < len; i++)
					cr_assert_eq(d[i], (uint8_t)(next_read + i), "step %d: record %u byte %u",
						     step, next_read, i);
			}
			map_ringbuf_consume(m);
			next_read++;
		}
	}
	cr_assert_gt(map_ringbuf_query(m, BPFSOC_RB_PROD_POS), 512 * 20, "the ring wrapped many times");
	cr_assert_gt(next_read, 1000);
	fprintf(stderr, "fw_maps ringbuf: %u records through a 512-byte ring, %u reserves refused\n",
		next_read, lost);
}

Test(fw_maps, ringbuf_reserve_at_the_end_of_the_ring, .init = setup)
{
	struct map *m = create(BPFSOC_MAP_TYPE_RINGBUF, 0, 0, 128, 0);

	/* writer at 96, reader at 64: 32 bytes left before the end */
	uint8_t *r[4];
	for (int i = 0; i < 3; i++)
		r[i] = map_ringbuf_reserve(m, 24, 0);  /* 32 each */
	cr_assert_not_null(r[2]);
	cr_assert_eq(map_ringbuf_submit(&arena, r[0], 0), 0);
	cr_assert_eq(map_ringbuf_submit(&arena, r[1], 0), 0);
	expect_record(m, 24, r[0][0]);
	expect_record(m, 24, r[1][0]);
	/* 40 bytes do not fit before the end: a filler, then offset 0 */
	r[3] = map_ringbuf_reserve(m, 32, 0);
	cr_assert_not_null(r[3]);
	cr_assert_eq(hdr_of(r[3])[1], 0, "the record starts at the ring's start");
	cr_assert_eq(m->values[96 + 3] & 0x40, 0x40, "the filler is a discarded record");
	cr_assert_eq(map_ringbuf_query(m, BPFSOC_RB_PROD_POS), 128 + 40);
	/* the oldest reserved record still holds back the reader */
	cr_assert_eq(map_ringbuf_submit(&arena, r[3], 0), 0);
	expect_empty(m);
	cr_assert_eq(map_ringbuf_submit(&arena, r[2], 0), 0);
	expect_record(m, 24, r[2][0]);
	expect_record(m, 32, r[3][0]);  /* past the filler */
	expect_empty(m);
	/* an empty record in the last 8 bytes: its data would start at the end */
	struct map *m2 = create(BPFSOC_MAP_TYPE_RINGBUF, 0, 0, 64, 0);
	uint8_t *head = map_ringbuf_reserve(m2, 48, 0);
	cr_assert_eq(map_ringbuf_submit(&arena, head, 0), 0);
	expect_record(m2, 48, head[0]);
	uint8_t *last = map_ringbuf_reserve(m2, 0, 0);
	cr_assert_eq(last, m2->values + 64);
	cr_assert_eq(map_ringbuf_submit(&arena, last, 0), 0);
	expect_record(m2, 0, 0);
	expect_empty(m2);
	/* an empty ring lets a record that does not fit before the end start at 0 */
	uint8_t *big = map_ringbuf_reserve(m, 100, 0);
	cr_assert_not_null(big);
	cr_assert_eq(hdr_of(big)[1], 0);
	cr_assert_eq(map_ringbuf_discard(&arena, big, 0), 0);
	expect_empty(m);
}

Test(fw_maps, ringbuf_drain_and_abort, .init = setup)
{
	struct map *m = create(BPFSOC_MAP_TYPE_RINGBUF, 0, 0, 1024, 0);
	struct map *m2 = create(BPFSOC_MAP_TYPE_RINGBUF, 0, 0, 64, 0);
	uint8_t out[64];
	uint16_t count;
	int more;

	cr_assert_eq(map_ringbuf_output(m, "hello", 5, 0), 0);
	cr_assert_eq(map_ringbuf_output(m, "", 0, 0), 0);
	cr_assert_eq(map_ringbuf_output(m, "0123456789012345678901234567890123456789", 40, 0), 0);
	void *held = map_ringbuf_reserve(m, 4, 0);
	cr_assert_eq(map_ringbuf_output(m, "late", 4, 0), 0);

	/* as many whole records as fit */
	int n = map_ringbuf_drain(m, out, 20, &count, &more);
	cr_assert_eq(n, 4 + 5 + 4);
	cr_assert_eq(count, 2);
	cr_assert_eq(more, 1);
	cr_assert_eq(fw_get32(out), 5);
	cr_assert_arr_eq(out + 4, "hello", 5);
	cr_assert_eq(fw_get32(out + 9), 0);
	n = map_ringbuf_drain(m, out, sizeof out, &count, &more);
	cr_assert_eq(n, 44);
	cr_assert_eq(count, 1);
	cr_assert_eq(more, 0, "the rest is held back by a reserved record");
	n = map_ringbuf_drain(m, out, sizeof out, &count, &more);
	cr_assert_eq(n, 0);

	/* a run that faulted with a record reserved: the firmware discards it */
	void *held2 = map_ringbuf_reserve(m2, 8, 0);
	cr_assert_not_null(held2);
	cr_assert_eq(map_ringbuf_abort_all(&arena), 2);
	cr_assert_eq(map_ringbuf_submit(&arena, held, 0), -FW_EINVAL, "no longer reserved");
	n = map_ringbuf_drain(m, out, sizeof out, &count, &more);
	cr_assert_eq(count, 1);
	cr_assert_eq(fw_get32(out), 4);
	cr_assert_arr_eq(out + 4, "late", 4);
	cr_assert_eq(map_ringbuf_drain(m2, out, sizeof out, &count, &more), 0);
	cr_assert_eq(map_ringbuf_abort_all(&arena), 0);

	struct map *arr = create(BPFSOC_MAP_TYPE_ARRAY, 4, 4, 1, 0);
	cr_assert_eq(map_ringbuf_drain(arr, out, sizeof out, &count, &more), -FW_EINVAL);
}
