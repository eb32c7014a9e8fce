/* libbpfsoc.h: load eBPF objects into a bpfsoc device, run packets through
 * them and read their maps.
 *
 * A device is named by a URI (docs/bpfsoc.md, "Devices"):
 *
 *   sim:                 the simulated SoC, a background bpfsoc-sim that
 *                        keeps its programs and maps between processes
 *   serial:/dev/ttyUSB1?baud=3000000
 *   ftdi:[VID:PID][/SERIAL][?interface=A|B&baud=N]
 *   mmio:/sys/bus/pci/devices/DDDD:BB:DD.F/resource0
 *   mmio:unix:PATH       bpfsoc-sim --mmio PATH
 *
 * An object is an ELF file built by clang -target bpf with libbpf's
 * headers: its programs (SEC("xdp"), ...), its maps (BTF-defined in
 * ".maps", legacy in "maps", and .data / .rodata / .bss as one-entry
 * arrays), relocations and bpf-to-bpf calls.
 *
 * Conventions, as libbpf's: opaque handles; names object__verb; an _opts
 * struct starts with its size (LIBBPFSOC_OPTS); functions that can fail
 * return 0 or a negative errno and report what went wrong, and where,
 * through the print callback (bpfsoc_set_print; stderr by default).
 */
#ifndef LIBBPFSOC_H
#define LIBBPFSOC_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LIBBPFSOC_MAJOR_VERSION 0
#define LIBBPFSOC_MINOR_VERSION 1

/* Declares and zeroes an options struct of the given type, its size set:
 * LIBBPFSOC_OPTS(bpfsoc_run_opts, o, .budget = 1000); */
#define LIBBPFSOC_OPTS(TYPE, NAME, ...) \
	struct TYPE NAME = {.sz = sizeof(struct TYPE), __VA_ARGS__}

/* ---- messages ---- */

enum bpfsoc_print_level { BPFSOC_WARN, BPFSOC_INFO, BPFSOC_DEBUG };

typedef int (*bpfsoc_print_fn_t)(enum bpfsoc_print_level level, const char *fmt, va_list ap);

/* Where the library's messages go: fn, or nowhere when NULL.  Returns the
 * previous callback.  The default prints warnings to stderr. */
bpfsoc_print_fn_t bpfsoc_set_print(bpfsoc_print_fn_t fn);

/* ---- devices ---- */

struct bpfsoc_device;

struct bpfsoc_device_opts {
	size_t sz;
	unsigned timeout_ms;   /* per try of a request; 0: 3000 */
	unsigned retries;      /* tries before the link counts as down; 0: 8 */
	const char *firmware;  /* sim: the firmware ELF for a new bpfsoc-sim */
};

/* Opens the device at uri (NULL: "sim:"), which answers INFO. */
int bpfsoc_device__open(const char *uri, const struct bpfsoc_device_opts *opts,
			struct bpfsoc_device **dev);
void bpfsoc_device__close(struct bpfsoc_device *dev);
const char *bpfsoc_device__uri(const struct bpfsoc_device *dev);

#define BPFSOC_MAX_HELPERS 64

/* What INFO says. */
struct bpfsoc_info {
	unsigned proto_version, version_major, version_minor;
	uint32_t isa;             /* PROTO_ISA_* bits */
	uint32_t clock_hz;
	unsigned imem_slots, max_progs, max_maps, max_payload;
	uint32_t arena_size, arena_free, packet_max;
	unsigned rx_fifo_log2;    /* the UART's receive FIFO holds 2^this bytes (0: not reported) */
	unsigned n_helpers;
	uint16_t helpers[BPFSOC_MAX_HELPERS];
};

int bpfsoc_device__info(struct bpfsoc_device *dev, struct bpfsoc_info *info);

/* RESET: what is PROTO_RESET_* bits (programs, maps, counters, logs). */
int bpfsoc_device__reset(struct bpfsoc_device *dev, uint32_t what);

/* COUNTERS: up to n values by PROTO_CNT_* index; returns how many the
 * device gave, or -errno. */
int bpfsoc_device__counters(struct bpfsoc_device *dev, uint64_t *vals, unsigned n);

/* The device's programs and maps, as PROG_INFO and MAP_INFO give them. */
struct bpfsoc_prog_info {
	unsigned id;
	uint32_t slot, slots, crc32;
	uint64_t runs, cycles;
	char name[17];
};

struct bpfsoc_map_info {
	uint32_t id, type, key_size, value_size, max_entries, flags;
	uint32_t value_addr, bytes;
	char name[17];
};

/* The first program (map) whose id is start_id or more: 0, or -ENOENT
 * past the last. */
int bpfsoc_device__prog_info(struct bpfsoc_device *dev, unsigned start_id,
			     struct bpfsoc_prog_info *info);
int bpfsoc_device__map_info(struct bpfsoc_device *dev, uint32_t start_id,
			    struct bpfsoc_map_info *info);

/* A map's elements by map id, as Linux's BPF_MAP_*_ELEM.  lookup copies
 * value_size bytes; get_next_key with key NULL gives the first key. */
int bpfsoc_device__map_lookup(struct bpfsoc_device *dev, uint32_t id, const void *key,
			      size_t key_size, void *value, size_t value_size);
int bpfsoc_device__map_update(struct bpfsoc_device *dev, uint32_t id, const void *key,
			      size_t key_size, const void *value, size_t value_size,
			      uint64_t flags);
int bpfsoc_device__map_delete(struct bpfsoc_device *dev, uint32_t id, const void *key,
			      size_t key_size);
int bpfsoc_device__map_get_next_key(struct bpfsoc_device *dev, uint32_t id, const void *key,
				    void *next_key, size_t key_size);

/* The text bpf_trace_printk wrote since the last call, into buf (cap
 * bytes, NUL-terminated): its length, or -errno.  *dropped: bytes lost to
 * a full buffer (may be NULL). */
int bpfsoc_device__trace_read(struct bpfsoc_device *dev, char *buf, size_t cap,
			      uint32_t *dropped);

/* Committed records of a RINGBUF map, oldest first: fn is called for
 * each; returns how many, or -errno. */
typedef void (*bpfsoc_ringbuf_fn)(void *ctx, const void *data, size_t len);
int bpfsoc_device__ringbuf_drain(struct bpfsoc_device *dev, uint32_t map_id,
				 bpfsoc_ringbuf_fn fn, void *ctx);

/* ---- the background simulator (sim: URIs) ---- */

/* Whether the bpfsoc-sim behind a sim: URI runs: 1 with its pid in *pid
 * and its directory (sockets, pty, log) in dir, 0 if not. */
int bpfsoc_sim__status(const char *uri, int *pid, char *dir, size_t len);
/* Stops it (SIGTERM, then waits): 0, or -ESRCH when none runs.  Its
 * programs and maps go with it. */
int bpfsoc_sim__stop(const char *uri);

/* ---- runs ---- */

struct bpfsoc_run_opts {
	size_t sz;
	uint32_t budget;       /* instructions per packet; 0: the device's default */
	uint32_t ifindex;      /* xdp_md.ingress_ifindex */
	uint32_t rx_queue;     /* xdp_md.rx_queue_index */
	/* 1: on a byte link (serial:, ftdi:) keep two RUN_BATCH requests in
	 * flight, so that the line carries the next batch while the device
	 * runs one and answers it.  For programs whose verdicts depend on
	 * nothing but the packet (no maps, like a translated tcpdump filter):
	 * when the line damages a frame, a batch may run again or after the
	 * next one.  No effect over MMIO. */
	uint32_t pipeline;
};

struct bpfsoc_run_result {
	uint8_t verdict;       /* XDP action; ABORTED on a fault */
	uint8_t fault;         /* the core's fault code, 0 if none */
	uint16_t pkt_len;      /* packet bytes after the run */
	uint32_t r0;           /* low 32 bits */
	uint32_t cycles;       /* eBPF core cycles */
};

/* Runs program id prog_id of the device on n packets, in order, results
 * in res[0..n).  The packets go the fastest way the link has (RUN_SLOTS
 * through the MMIO window, RUN_BATCH otherwise) in as many requests as
 * they need.  *soc_cycles (may be NULL): the device's own time for them. */
int bpfsoc_device__run(struct bpfsoc_device *dev, unsigned prog_id, const uint8_t *const *pkts,
		       const uint16_t *lens, size_t n, const struct bpfsoc_run_opts *opts,
		       struct bpfsoc_run_result *res, uint64_t *soc_cycles);

/* ---- programs without an object ---- */

struct bpfsoc_prog_load_opts {
	size_t sz;
	int fixed_id;          /* 1: load at program id `id`, replacing what it holds */
	unsigned id;
};

/* Loads n raw eBPF instructions (64-bit slots, as bpfsoc_program__insns
 * gives them: no relocations, no maps) as one XDP program called name.
 * The checker runs first, against the device (bpfsoc_object__check's
 * rules and the device's free instruction slots): a program it refuses
 * changes nothing.  Without fixed_id the program takes the id of the
 * device's program of the same name (its first 15 characters), which it
 * replaces, else the lowest free id; the device's other programs and maps
 * stay.  Returns the program id, or -errno. */
int bpfsoc_device__prog_load(struct bpfsoc_device *dev, const char *name, const uint64_t *insns,
			     size_t n, const struct bpfsoc_prog_load_opts *opts);

/* ---- tcpdump filters (libpcap's classic BPF) on the device ---- */

struct bpf_insn;               /* libpcap's classic BPF instruction, <pcap/bpf.h> */
struct bpfsoc_filter;

struct bpfsoc_filter_opts {
	size_t sz;
	const char *name;      /* the program's name on the device; NULL: "pcap_filter" */
	uint32_t budget;       /* instructions per packet; 0: the device's default */
};

/* Translates a classic BPF program (pcap_compile's bf_insns, bf_len) into
 * eBPF (driver/cbpf.h), checks it and loads it with
 * bpfsoc_device__prog_load.  The filter sends the device only the bytes
 * it reads: a packet's first snap_len bytes (all when the translator
 * cannot bound its loads), after the packet's 4-byte wire length when
 * the filter reads it (BPF_LEN, tcpdump's `len`). */
int bpfsoc_filter__load(struct bpfsoc_device *dev, const struct bpf_insn *prog, unsigned n,
			const struct bpfsoc_filter_opts *opts, struct bpfsoc_filter **f);
/* Frees the host's side; the program stays on the device. */
void bpfsoc_filter__close(struct bpfsoc_filter *f);
int bpfsoc_filter__prog_id(const struct bpfsoc_filter *f);
/* Bytes of a packet that cross the link at most (0: all it has, unless
 * the filter reads no packet byte at all), and whether its wire length
 * goes in front of them. */
uint32_t bpfsoc_filter__snap_len(const struct bpfsoc_filter *f);
int bpfsoc_filter__reads_packet(const struct bpfsoc_filter *f);
int bpfsoc_filter__uses_wire_len(const struct bpfsoc_filter *f);
/* The eBPF program as loaded */
const uint64_t *bpfsoc_filter__insns(const struct bpfsoc_filter *f, size_t *cnt);

/* A captured packet: caplen bytes at data of a frame of wirelen bytes. */
struct bpfsoc_filter_packet {
	const uint8_t *data;
	uint32_t caplen, wirelen;
};

/* Counts, added to by every bpfsoc_filter__run */
struct bpfsoc_filter_stats {
	uint64_t packets, accepted, rejected;
	uint64_t device;       /* packets the device decided */
	uint64_t on_host;      /* decided by libpcap's bpf_filter on the host: the bytes the
				* filter reads do not fit the device's largest packet */
	uint64_t faults;       /* the device faulted or answered neither XDP_PASS nor
				* XDP_DROP (decided on the host, with a warning) */
	uint64_t link_bytes;   /* bytes of packets sent (wire lengths included) */
	uint64_t cycles;       /* eBPF core cycles of the device's packets */
	uint64_t soc_cycles;   /* the device's own time for them */
};

/* Filters n packets, in order: accept[i] = 1 when the filter accepts
 * packet i, 0 when it rejects it; every verdict is the one libpcap's
 * pcap_offline_filter gives.  Byte links keep two batches in flight
 * (bpfsoc_run_opts.pipeline). */
int bpfsoc_filter__run(struct bpfsoc_filter *f, const struct bpfsoc_filter_packet *pkts, size_t n,
		       uint8_t *accept, struct bpfsoc_filter_stats *stats);

/* ---- objects ---- */

struct bpfsoc_object;
struct bpfsoc_program;
struct bpfsoc_map;

struct bpfsoc_object_open_opts {
	size_t sz;
};

/* Reads the ELF object at path: its programs, maps and relocations.  Bad
 * input is -EINVAL (or -ENOENT, -ENOEXEC) with a message naming file,
 * section and instruction. */
int bpfsoc_object__open(const char *path, const struct bpfsoc_object_open_opts *opts,
			struct bpfsoc_object **obj);
void bpfsoc_object__close(struct bpfsoc_object *obj);
const char *bpfsoc_object__name(const struct bpfsoc_object *obj);
/* The file it was opened from */
const char *bpfsoc_object__path(const struct bpfsoc_object *obj);

/* Iterates: prev NULL gives the first, the last gives NULL. */
struct bpfsoc_program *bpfsoc_object__next_program(const struct bpfsoc_object *obj,
						   const struct bpfsoc_program *prev);
struct bpfsoc_map *bpfsoc_object__next_map(const struct bpfsoc_object *obj,
					   const struct bpfsoc_map *prev);
struct bpfsoc_program *bpfsoc_object__find_program_by_name(const struct bpfsoc_object *obj,
							   const char *name);
/* By function name or by section name */
struct bpfsoc_program *bpfsoc_object__find_program_by_section(const struct bpfsoc_object *obj,
							      const char *section);
struct bpfsoc_map *bpfsoc_object__find_map_by_name(const struct bpfsoc_object *obj,
						   const char *name);

struct bpfsoc_load_opts {
	size_t sz;
	int keep;              /* 1: keep what the device holds; 0: RESET it first */
};

/* Checks the object against the device (bpfsoc_object__check), then
 * creates its maps, fills .data / .rodata and prog-array slots, and loads
 * its programs.  Nothing on the device changes when the check fails. */
int bpfsoc_object__load(struct bpfsoc_object *obj, struct bpfsoc_device *dev,
			const struct bpfsoc_load_opts *opts);

/* The checker, run before anything is sent: instruction validity, jump
 * and call targets, map references, helper ids against the device's list,
 * static stack bounds, reads of registers never written, and sizes
 * against the device's capacity (info NULL: the largest board's).  Every
 * error is reported, each naming object, section, instruction and, with
 * BTF line info, the source line; returns -EINVAL if there was one. */
int bpfsoc_object__check(struct bpfsoc_object *obj, const struct bpfsoc_info *info);

const char *bpfsoc_program__name(const struct bpfsoc_program *prog);
const char *bpfsoc_program__section_name(const struct bpfsoc_program *prog);
/* Its instructions as they will be loaded (64-bit slots, subprograms
 * appended, relocations resolved once loaded), and their number. */
const uint64_t *bpfsoc_program__insns(const struct bpfsoc_program *prog);
size_t bpfsoc_program__insn_cnt(const struct bpfsoc_program *prog);
/* Its program id on the device after bpfsoc_object__load, else -1. */
int bpfsoc_program__id(const struct bpfsoc_program *prog);

/* Runs the loaded program on n packets (bpfsoc_device__run). */
int bpfsoc_program__run(const struct bpfsoc_program *prog, const uint8_t *const *pkts,
			const uint16_t *lens, size_t n, const struct bpfsoc_run_opts *opts,
			struct bpfsoc_run_result *res, uint64_t *soc_cycles);

const char *bpfsoc_map__name(const struct bpfsoc_map *map);
uint32_t bpfsoc_map__type(const struct bpfsoc_map *map);
uint32_t bpfsoc_map__key_size(const struct bpfsoc_map *map);
uint32_t bpfsoc_map__value_size(const struct bpfsoc_map *map);
uint32_t bpfsoc_map__max_entries(const struct bpfsoc_map *map);
/* Its map id on the device after bpfsoc_object__load, else 0. */
uint32_t bpfsoc_map__id(const struct bpfsoc_map *map);
/* The BTF type ids of its key and value (0: none), and the object's BTF
 * (a struct btf of libbpf, or NULL). */
uint32_t bpfsoc_map__btf_key_type_id(const struct bpfsoc_map *map);
uint32_t bpfsoc_map__btf_value_type_id(const struct bpfsoc_map *map);
const void *bpfsoc_object__btf(const struct bpfsoc_object *obj);

/* The element operations on a loaded map (bpfsoc_device__map_*). */
int bpfsoc_map__lookup_elem(const struct bpfsoc_map *map, const void *key, size_t key_size,
			    void *value, size_t value_size);
int bpfsoc_map__update_elem(const struct bpfsoc_map *map, const void *key, size_t key_size,
			    const void *value, size_t value_size, uint64_t flags);
int bpfsoc_map__delete_elem(const struct bpfsoc_map *map, const void *key, size_t key_size);
int bpfsoc_map__get_next_key(const struct bpfsoc_map *map, const void *key, void *next_key,
			     size_t key_size);

#ifdef __cplusplus
}
#endif

#endif
