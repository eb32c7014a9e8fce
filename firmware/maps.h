/* maps.h: the firmware's eBPF maps, with Linux's semantics, in one arena.
 *
 * Every map lives in a memory arena handed to map_arena_init(): the
 * firmware has no malloc.  The host creates maps (MAP_CREATE); they live
 * until map_arena_reset() (RESET MAPS) frees them all at once.  Types, by
 * their Linux numbers (BPFSOC_MAP_TYPE_*): ARRAY, HASH, LRU_HASH,
 * PROG_ARRAY, RINGBUF.  Functions return 0 or a negated Linux errno
 * (FW_E*), with the codes Linux gives for the same mistake, and the
 * value pointers they hand out point into the arena, as
 * bpf_map_lookup_elem's do into the kernel's maps.
 *
 * docs/protocol.md, "Maps", lists where the semantics differ from Linux.
 */
#ifndef MAPS_H
#define MAPS_H

#include "fw.h"

/* What MAP_CREATE asks for. */
struct map_attr {
	uint32_t type;         /* BPFSOC_MAP_TYPE_* */
	uint32_t key_size;     /* bytes */
	uint32_t value_size;   /* bytes */
	uint32_t max_entries;  /* RINGBUF: bytes of the ring */
	uint32_t flags;        /* BPFSOC_MAP_F_* */
};

/* No element: the end of a chain or list, or an empty PROG_ARRAY slot. */
#define MAP_NIL 0xffffffffu

/* One map.  Read its attributes freely; change nothing. */
struct map {
	uint32_t id;           /* 1 and up */
	uint32_t type, key_size, value_size, max_entries, flags;

	/* ARRAY, PROG_ARRAY: max_entries values value_stride bytes apart.
	 * RINGBUF: the ring, max_entries bytes. */
	uint8_t *values;
	uint32_t value_stride;

	/* HASH, LRU_HASH: chained hash table over preallocated elements */
	uint32_t *buckets;     /* n_buckets chain heads: element indices */
	uint32_t n_buckets;    /* a power of 2, >= max_entries */
	uint8_t *elems;        /* max_entries elements, elem_size bytes each */
	uint32_t elem_size;
	uint32_t count;        /* keys in the map */
	uint32_t free_list;    /* unused elements */
	uint32_t lru_head;     /* LRU_HASH: the most recently used element */
	uint32_t lru_tail;     /* ... and the least: the next one evicted */
	uint32_t seed;         /* of the hash function */

	/* RINGBUF: reader and writer positions, bytes since creation mod 2^32 */
	uint32_t cons, prod;
};

/* The arena and its maps. */
struct map_arena {
	uint8_t *base;         /* 8-byte aligned */
	size_t size, used;
	uint32_t n_maps;
	struct map *maps[BPFSOC_MAP_MAX_MAPS];  /* map id n is maps[n - 1] */
};

/* Hand the size bytes at mem to a, with no maps in them.  Returns 0, or
 * -FW_EINVAL if mem is NULL. */
int map_arena_init(struct map_arena *a, void *mem, size_t size);

/* Forget every map: their ids and pointers into them become invalid. */
void map_arena_reset(struct map_arena *a);

/* Bytes of the arena no map uses yet. */
size_t map_arena_free(const struct map_arena *a);

/* Create a map.  Returns its id (1 and up), or: -FW_EINVAL for an unknown
 * type, flags the type does not take, or sizes the type does not allow
 * (ARRAY and PROG_ARRAY keys are 4 bytes, PROG_ARRAY values 4, RINGBUF
 * sizes 0 and max_entries a power of 2 >= BPFSOC_MAP_RINGBUF_MIN, no
 * size 0 elsewhere); -FW_E2BIG for a key or value over
 * BPFSOC_MAP_MAX_KEY_SIZE / _VALUE_SIZE; -FW_ENOSPC when the arena or the
 * map table is full.  A failed create changes nothing. */
int map_create(struct map_arena *a, const struct map_attr *attr);

/* The arena bytes map_create would take for attr (this build's struct map
 * included), in *bytes: 0, or map_create's -FW_EINVAL / -FW_E2BIG. */
int map_footprint(const struct map_attr *attr, uint64_t *bytes);

/* The map with this id, or NULL. */
struct map *map_get(struct map_arena *a, uint32_t id);

/* The host's lookup (MAP_LOOKUP): *value = the key's value in the map
 * (key_size bytes of key; ARRAY and PROG_ARRAY keys are u32 indices in
 * host order; a PROG_ARRAY value is the slot's u32 program id).  Returns
 * 0, -FW_ENOENT (no such key, index out of range, empty PROG_ARRAY slot),
 * or -FW_EOPNOTSUPP (RINGBUF).  For LRU_HASH it counts as a use. */
int map_lookup(struct map *m, const void *key, void **value);

/* bpf_map_lookup_elem: a pointer to the key's value, or NULL; NULL too for
 * PROG_ARRAY and RINGBUF, which a program may not read (Linux's verifier
 * refuses).  For LRU_HASH it counts as a use. */
void *map_lookup_elem(struct map *m, const void *key);

/* bpf_map_update_elem and MAP_UPDATE: set the key's value (value_size
 * bytes, copied).  flags: BPFSOC_MAP_UPDATE_ANY, _NOEXIST (-FW_EEXIST if
 * the key is there; always for ARRAY), _EXIST (-FW_ENOENT if it is not);
 * others -FW_EINVAL.  ARRAY / PROG_ARRAY: -FW_E2BIG for an index out of
 * range; PROG_ARRAY takes ANY only, and a program id other than MAP_NIL.
 * HASH: -FW_E2BIG for a new key when full.  LRU_HASH: a new key when full
 * evicts the least recently used one; an update counts as a use.
 * RINGBUF: -FW_EOPNOTSUPP. */
int map_update(struct map *m, const void *key, const void *value, uint64_t flags);

/* bpf_map_delete_elem and MAP_DELETE.  Returns 0, -FW_ENOENT (no such key
 * or empty PROG_ARRAY slot), -FW_E2BIG (PROG_ARRAY index out of range),
 * -FW_EINVAL (ARRAY: its elements always exist), -FW_EOPNOTSUPP
 * (RINGBUF).  The deleted element's storage is reused. */
int map_delete(struct map *m, const void *key);

/* MAP_GET_NEXT_KEY: *next (key_size bytes) = the key after key; key NULL
 * or not in the map (ARRAY: index out of range): the first key.  Returns
 * 0, -FW_ENOENT after the last key (or for an empty map), -FW_EOPNOTSUPP
 * (RINGBUF).  Arrays go in index order; hashes in an order of their own
 * that, while the map does not change, visits every key once. */
int map_get_next_key(struct map *m, const void *key, void *next);

/* bpf_tail_call's look-up: *prog_id = slot index of a PROG_ARRAY.
 * Returns 0, -FW_ENOENT (index out of range or slot empty), -FW_EINVAL
 * (not a PROG_ARRAY). */
int map_prog_array_get(struct map *m, uint32_t index, uint32_t *prog_id);

/* bpf_ringbuf_reserve: room for size bytes in the ring, or NULL: no room
 * (the oldest records are not read yet), size over max_entries - 8,
 * flags not 0, or m no RINGBUF.  The record is reserved until
 * map_ringbuf_submit or _discard; the reader stops at it until then. */
void *map_ringbuf_reserve(struct map *m, uint64_t size, uint64_t flags);

/* bpf_ringbuf_submit / bpf_ringbuf_discard: release a record
 * map_ringbuf_reserve returned (found by its address, as Linux does) for
 * the reader, or as discarded (the reader skips it).  flags:
 * BPFSOC_RB_NO_WAKEUP / _FORCE_WAKEUP, no effect.  Returns 0, or
 * -FW_EINVAL when sample is no reserved record or flags are unknown. */
int map_ringbuf_submit(struct map_arena *a, void *sample, uint64_t flags);
int map_ringbuf_discard(struct map_arena *a, void *sample, uint64_t flags);

/* bpf_ringbuf_output: a record of size bytes copied from data.  Returns 0,
 * -FW_EAGAIN when there is no room, -FW_EINVAL for unknown flags or m no
 * RINGBUF. */
int map_ringbuf_output(struct map *m, const void *data, uint64_t size, uint64_t flags);

/* bpf_ringbuf_query: BPFSOC_RB_AVAIL_DATA (bytes reserved or committed,
 * not yet read), _RING_SIZE, _CONS_POS, _PROD_POS; 0 for other flags. */
uint64_t map_ringbuf_query(struct map *m, uint64_t flags);

/* Discard every record still reserved in every ring buffer, for a run
 * that ended without releasing them (a fault; Linux's verifier rejects
 * such programs).  Returns how many there were. */
uint32_t map_ringbuf_abort_all(struct map_arena *a);

/* The reader.  map_ringbuf_peek: the oldest committed record, as *data
 * and *len; returns 1, or 0 if there is none yet (the ring is empty, or
 * its oldest record is still reserved), -FW_EINVAL if m is no RINGBUF.
 * Discarded records on the way are freed.  map_ringbuf_consume frees the
 * record map_ringbuf_peek returned. */
int map_ringbuf_peek(struct map *m, const void **data, uint32_t *len);
void map_ringbuf_consume(struct map *m);

/* RINGBUF_READ: move committed records, oldest first, into dst as
 * RINGBUF_RECORD entries (u32 length, then the data) while they fit in
 * max bytes.  Returns the bytes written (-FW_EINVAL if m is no RINGBUF);
 * *count gets the records, *more 1 if a committed record is left. */
int map_ringbuf_drain(struct map *m, uint8_t *dst, size_t max, uint16_t *count, int *more);

#endif
