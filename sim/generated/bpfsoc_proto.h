/* generated from spec/bpfsoc.toml by spec/gen.py; do not edit */
#ifndef BPFSOC_PROTO_H
#define BPFSOC_PROTO_H

#define PROTO_VERSION 0x1 /* protocol version: byte 0 of every header */
#define PROTO_DELIM 0x0 /* the byte that ends every encoded frame (and may start one) */
#define PROTO_HDR_SIZE 0x8 /* header bytes */
#define PROTO_CRC_SIZE 0x4 /* CRC-32 bytes after the payload */
#define PROTO_MAX_PAYLOAD 0x800 /* largest payload of a request or a reply (a 1518-byte Ethernet frame fits a RUN) */
#define PROTO_REPLY_BIT 0x80 /* set in the id of a reply: reply id = command id | REPLY_BIT */
#define PROTO_CRC_CHECK 0xcbf43926 /* CRC-32 of the ASCII bytes "123456789" (the standard check value) */
#define PROTO_ERR_MSG_MAX 0x40 /* longest message in an error reply from the protocol layer */
#define PROTO_MAX_FRAME 0x80c /* decoded bytes of the largest frame: HDR_SIZE + MAX_PAYLOAD + CRC_SIZE */
#define PROTO_MAX_ENCODED 0x816 /* encoded bytes of the largest frame, its delimiter included */
#define PROTO_HDR_OFF_VERSION 0x0 /* 1 byte(s): protocol version (PROTO_VERSION); a frame with another version is answered BAD_VERSION */
#define PROTO_HDR_OFF_ID 0x1 /* 1 byte(s): command id (proto.cmd); in a reply, command id | REPLY_BIT */
#define PROTO_HDR_OFF_FLAGS 0x2 /* 1 byte(s): flags (proto.flag); 0 in a request */
#define PROTO_HDR_OFF_STATUS 0x3 /* 1 byte(s): 0 in a request; the status (proto.status) in a reply */
#define PROTO_HDR_OFF_SEQ 0x4 /* 2 byte(s): sequence number; a reply carries the number of its request */
#define PROTO_HDR_OFF_LEN 0x6 /* 2 byte(s): payload bytes, 0 to MAX_PAYLOAD */
#define PROTO_FLAG_CACHED 0x1 /* reply: resent from the reply cache; the request repeated the last executed one and was not executed again */
#define PROTO_ST_OK 0x0 /* done */
#define PROTO_ST_ENOENT 0x2 /* no such map, key, program, chunk stream or record */
#define PROTO_ST_EIO 0x5 /* internal error of the device */
#define PROTO_ST_E2BIG 0x7 /* too big: map full, index out of range, size over a limit */
#define PROTO_ST_EAGAIN 0xb /* no room now (a full ring buffer): try again later */
#define PROTO_ST_EBUSY 0x10 /* busy with another request: not executed; retry with the same sequence number */
#define PROTO_ST_EEXIST 0x11 /* the key exists (MAP_UPDATE with NOEXIST) */
#define PROTO_ST_EINVAL 0x16 /* invalid argument: a field is out of its range or the combination is not allowed */
#define PROTO_ST_ENOSPC 0x1c /* out of memory for maps or program space */
#define PROTO_ST_EOPNOTSUPP 0x5f /* operation not supported by this map type or device */
#define PROTO_ST_BAD_CRC 0xf0 /* the frame's CRC-32 does not match: not executed */
#define PROTO_ST_BAD_FRAME 0xf1 /* malformed frame (COBS, too short, LEN disagrees with the frame): not executed */
#define PROTO_ST_TOO_LONG 0xf2 /* the frame is longer than the largest frame: not executed */
#define PROTO_ST_BAD_VERSION 0xf3 /* unsupported protocol version: not executed */
#define PROTO_ST_UNKNOWN_CMD 0xf4 /* no such command: not executed */
#define PROTO_ST_BAD_LEN 0xf5 /* payload length wrong for the command: not executed */
#define PROTO_ST_INCOMPLETE 0xf6 /* PROG_LOAD_COMMIT before every byte of the program arrived */
#define PROTO_ST_BAD_CHECKSUM 0xf7 /* the assembled program does not match the CRC-32 given to PROG_LOAD_BEGIN */
#define PROTO_ISA_BASE32 0x1 /* base32 */
#define PROTO_ISA_BASE64 0x2 /* base64 */
#define PROTO_ISA_ATOMIC32 0x4 /* atomic32 */
#define PROTO_ISA_ATOMIC64 0x8 /* atomic64 */
#define PROTO_ISA_DIVMUL32 0x10 /* divmul32 */
#define PROTO_ISA_DIVMUL64 0x20 /* divmul64 */
#define PROTO_ISA_PACKET 0x40 /* packet (legacy LD_ABS / LD_IND) */
#define PROTO_ISA_CALLX 0x80 /* callx */
#define PROTO_RESET_PROGS 0x1 /* every program and every program being loaded */
#define PROTO_RESET_MAPS 0x2 /* every map, freeing the map arena (implies PROGS: programs refer to maps) */
#define PROTO_RESET_COUNTERS 0x4 /* the counters of COUNTERS */
#define PROTO_RESET_LOGS 0x8 /* the trace_printk buffer */
#define PROTO_COUNTERS_CLEAR 0x1 /* zero the counters after reading them */
#define PROTO_RUN_RETURN_PACKET 0x1 /* RUN: append the packet, as the program left it, to the reply */
#define PROTO_RINGBUF_MORE 0x1 /* committed records are left that did not fit this reply */
#define PROTO_CNT_RX_BYTES 0x0 /* bytes received */
#define PROTO_CNT_RX_FRAMES 0x1 /* frames received intact (CRC good) */
#define PROTO_CNT_RX_BAD_CRC 0x2 /* frames dropped for a CRC mismatch */
#define PROTO_CNT_RX_BAD_FRAME 0x3 /* frames dropped as malformed (COBS, too short, LEN) */
#define PROTO_CNT_RX_TOO_LONG 0x4 /* frames dropped as too long */
#define PROTO_CNT_TX_FRAMES 0x5 /* replies sent */
#define PROTO_CNT_RETRIES 0x6 /* repeated requests answered from the reply cache */
#define PROTO_CNT_REJECTED 0x7 /* intact requests not executed (version, command, length, busy) */
#define PROTO_CNT_RUNS 0x8 /* programs run (RUN, each packet of RUN_BATCH) */
#define PROTO_CNT_VERDICT_ABORTED 0x9 /* runs that ended XDP_ABORTED (faults included) */
#define PROTO_CNT_VERDICT_DROP 0xa /* runs that ended XDP_DROP */
#define PROTO_CNT_VERDICT_PASS 0xb /* runs that ended XDP_PASS */
#define PROTO_CNT_VERDICT_TX 0xc /* runs that ended XDP_TX */
#define PROTO_CNT_VERDICT_REDIRECT 0xd /* runs that ended XDP_REDIRECT */
#define PROTO_CNT_FAULTS 0xe /* runs stopped by a fault */
#define PROTO_CNT_HELPER_CALLS 0xf /* helper calls serviced */
#define PROTO_CNT_TAIL_CALLS 0x10 /* tail calls taken */
#define PROTO_CNT_CYCLES 0x11 /* eBPF core cycles of every run */
#define PROTO_CNT_INSNS 0x12 /* eBPF instructions retired in every run */
#define PROTO_CNT_STALL_LOAD_USE 0x13 /* eBPF core stall cycles of every run: load-use (core.counter) */
#define PROTO_CNT_STALL_BRANCH 0x14 /* ... taken branches and redirects */
#define PROTO_CNT_STALL_MULDIV 0x15 /* ... multiply and divide */
#define PROTO_CNT_STALL_HELPER 0x16 /* ... helper calls (the core waiting for the firmware) */
#define PROTO_CNT_STALL_MEM 0x17 /* ... memory waits */
#define PROTO_CNT_STALL_OTHER 0x18 /* ... everything else */
#define PROTO_CNT_FW_CYCLES 0x19 /* SoC cycles of RUN and RUN_BATCH that the eBPF core did not run: packet copies not hidden behind a run, set-up, helpers, verdicts */
#define PROTO_CNT_NUM 0x1a /* number of counters */
#define PROTO_CMD_INFO 0x1 /* what the device is: versions, sizes, ISA features, clock, helpers */
#define PROTO_CMD_RESET 0x2 /* clear programs, maps, counters or logs */
#define PROTO_CMD_COUNTERS 0x3 /* read (and optionally zero) the device's counters */
#define PROTO_CMD_PING 0x4 /* echo: the reply's payload is the request's */
#define PROTO_CMD_PROG_LOAD_BEGIN 0x10 /* start loading a program: size and checksum of the whole */
#define PROTO_CMD_PROG_LOAD_CHUNK 0x11 /* some bytes of the program being loaded, at an offset */
#define PROTO_CMD_PROG_LOAD_COMMIT 0x12 /* check the whole program and make it take effect */
#define PROTO_CMD_MAP_CREATE 0x20 /* create a map */
#define PROTO_CMD_MAP_LOOKUP 0x21 /* read the value of a key */
#define PROTO_CMD_MAP_UPDATE 0x22 /* create or change the value of a key */
#define PROTO_CMD_MAP_DELETE 0x23 /* delete a key */
#define PROTO_CMD_MAP_GET_NEXT_KEY 0x24 /* iterate over the keys of a map */
#define PROTO_CMD_MAP_FOOTPRINT 0x25 /* the arena bytes a MAP_CREATE would take, changing nothing */
#define PROTO_CMD_MAP_INFO 0x26 /* what a map is: the first map whose id is START_ID or more */
#define PROTO_CMD_PROG_INFO 0x13 /* what a program is: the first loaded program whose id is START_ID or more */
#define PROTO_CMD_RUN 0x30 /* run a program on one packet */
#define PROTO_CMD_RUN_BATCH 0x31 /* run a program on several packets, verdicts back */
#define PROTO_CMD_RUN_SLOTS 0x32 /* run a program on packets the host wrote into packet memory (the MMIO window); results go into their slot records */
#define PROTO_CMD_RINGBUF_READ 0x40 /* drain committed records of a ring buffer map */
#define PROTO_CMD_TRACE_READ 0x41 /* drain the trace_printk output */
#define PROTO_INFO_REQ_SIZE 0x0 /* bytes of the fixed part of the request */
#define PROTO_INFO_REQ_MAX 0x0 /* most bytes of the request */
#define PROTO_INFO_REP_OFF_PROTO_VERSION 0x0 /* u8: protocol version (PROTO_VERSION) */
#define PROTO_INFO_REP_OFF_RX_FIFO_LOG2 0x1 /* u8: log2 of the bytes the UART's receive FIFO holds: how far a host may send ahead of the firmware on a byte link (0: not reported) */
#define PROTO_INFO_REP_OFF_MAX_PAYLOAD 0x2 /* u16: largest payload the device accepts and sends */
#define PROTO_INFO_REP_OFF_VERSION_MAJOR 0x4 /* u16: bpfsoc version, major (BPFSOC_VERSION_MAJOR) */
#define PROTO_INFO_REP_OFF_VERSION_MINOR 0x6 /* u16: bpfsoc version, minor */
#define PROTO_INFO_REP_OFF_ISA 0x8 /* u32: ISA feature bits (proto.isa) */
#define PROTO_INFO_REP_OFF_CLOCK_HZ 0xc /* u32: clock of the SoC and the eBPF core, Hz */
#define PROTO_INFO_REP_OFF_IMEM_SLOTS 0x10 /* u16: instruction slots of the eBPF core (64-bit each) */
#define PROTO_INFO_REP_OFF_MAX_PROGS 0x12 /* u16: program ids are 0 .. MAX_PROGS - 1 */
#define PROTO_INFO_REP_OFF_MAX_MAPS 0x14 /* u16: most maps at once */
#define PROTO_INFO_REP_OFF_NUM_HELPERS 0x16 /* u16: entries in HELPERS */
#define PROTO_INFO_REP_OFF_ARENA_SIZE 0x18 /* u32: bytes of the map arena */
#define PROTO_INFO_REP_OFF_ARENA_FREE 0x1c /* u32: bytes of the map arena not used yet */
#define PROTO_INFO_REP_OFF_PACKET_MAX 0x20 /* u32: largest packet RUN and RUN_BATCH take */
#define PROTO_INFO_REP_OFF_HELPERS 0x24 /* u16[NUM_HELPERS]: the helper ids (helper.id) the firmware services */
#define PROTO_INFO_REP_SIZE 0x24 /* bytes of the fixed part of the reply */
#define PROTO_INFO_REP_MAX 0x800 /* most bytes of the reply */
#define PROTO_RESET_REQ_OFF_WHAT 0x0 /* u32: what to clear (proto.reset bits); other bits: EINVAL */
#define PROTO_RESET_REQ_SIZE 0x4 /* bytes of the fixed part of the request */
#define PROTO_RESET_REQ_MAX 0x4 /* most bytes of the request */
#define PROTO_RESET_REP_SIZE 0x0 /* bytes of the fixed part of the reply */
#define PROTO_RESET_REP_MAX 0x0 /* most bytes of the reply */
#define PROTO_COUNTERS_REQ_OFF_FLAGS 0x0 /* u32: proto.counters_flag bits */
#define PROTO_COUNTERS_REQ_SIZE 0x4 /* bytes of the fixed part of the request */
#define PROTO_COUNTERS_REQ_MAX 0x4 /* most bytes of the request */
#define PROTO_COUNTERS_REP_OFF_COUNT 0x0 /* u16: counters that follow */
#define PROTO_COUNTERS_REP_OFF_RESERVED 0x2 /* u16: 0 */
#define PROTO_COUNTERS_REP_OFF_RESERVED2 0x4 /* u32: 0 */
#define PROTO_COUNTERS_REP_OFF_VALUES 0x8 /* u64[COUNT]: counter i (proto.counter) at 8 + 8i */
#define PROTO_COUNTERS_REP_SIZE 0x8 /* bytes of the fixed part of the reply */
#define PROTO_COUNTERS_REP_MAX 0x800 /* most bytes of the reply */
#define PROTO_PING_REQ_OFF_DATA 0x0 /* u8[LEN]: any bytes */
#define PROTO_PING_REQ_SIZE 0x0 /* bytes of the fixed part of the request */
#define PROTO_PING_REQ_MAX 0x800 /* most bytes of the request */
#define PROTO_PING_REP_OFF_DATA 0x0 /* u8[LEN]: the same bytes */
#define PROTO_PING_REP_SIZE 0x0 /* bytes of the fixed part of the reply */
#define PROTO_PING_REP_MAX 0x800 /* most bytes of the reply */
#define PROTO_PROG_LOAD_BEGIN_REQ_OFF_PROG_ID 0x0 /* u16: program id, 0 .. MAX_PROGS - 1 */
#define PROTO_PROG_LOAD_BEGIN_REQ_OFF_FLAGS 0x2 /* u16: 0 */
#define PROTO_PROG_LOAD_BEGIN_REQ_OFF_SIZE 0x4 /* u32: bytes of the program: a multiple of 8, 8 .. 8 * IMEM_SLOTS */
#define PROTO_PROG_LOAD_BEGIN_REQ_OFF_CRC32 0x8 /* u32: CRC-32 of the SIZE bytes of the program */
#define PROTO_PROG_LOAD_BEGIN_REQ_OFF_NAME 0xc /* u8[16 or 0]: optional: the program's name, NUL-padded (PROG_INFO gives it back) */
#define PROTO_PROG_LOAD_BEGIN_REQ_SIZE 0xc /* bytes of the fixed part of the request */
#define PROTO_PROG_LOAD_BEGIN_REQ_MAX 0x800 /* most bytes of the request */
#define PROTO_PROG_LOAD_BEGIN_REP_SIZE 0x0 /* bytes of the fixed part of the reply */
#define PROTO_PROG_LOAD_BEGIN_REP_MAX 0x0 /* most bytes of the reply */
#define PROTO_PROG_LOAD_CHUNK_REQ_OFF_PROG_ID 0x0 /* u16: as in PROG_LOAD_BEGIN */
#define PROTO_PROG_LOAD_CHUNK_REQ_OFF_RESERVED 0x2 /* u16: 0 */
#define PROTO_PROG_LOAD_CHUNK_REQ_OFF_OFFSET 0x4 /* u32: byte offset in the program: a multiple of 8 */
#define PROTO_PROG_LOAD_CHUNK_REQ_OFF_DATA 0x8 /* u8[LEN - 8]: a multiple of 8 bytes, OFFSET + its length <= SIZE */
#define PROTO_PROG_LOAD_CHUNK_REQ_SIZE 0x8 /* bytes of the fixed part of the request */
#define PROTO_PROG_LOAD_CHUNK_REQ_MAX 0x800 /* most bytes of the request */
#define PROTO_PROG_LOAD_CHUNK_REP_SIZE 0x0 /* bytes of the fixed part of the reply */
#define PROTO_PROG_LOAD_CHUNK_REP_MAX 0x0 /* most bytes of the reply */
#define PROTO_PROG_LOAD_COMMIT_REQ_OFF_PROG_ID 0x0 /* u16: as in PROG_LOAD_BEGIN */
#define PROTO_PROG_LOAD_COMMIT_REQ_OFF_RESERVED 0x2 /* u16: 0 */
#define PROTO_PROG_LOAD_COMMIT_REQ_SIZE 0x4 /* bytes of the fixed part of the request */
#define PROTO_PROG_LOAD_COMMIT_REQ_MAX 0x4 /* most bytes of the request */
#define PROTO_PROG_LOAD_COMMIT_REP_OFF_SLOT 0x0 /* u32: first instruction slot of the program in the core */
#define PROTO_PROG_LOAD_COMMIT_REP_OFF_SLOTS 0x4 /* u32: instruction slots it occupies */
#define PROTO_PROG_LOAD_COMMIT_REP_SIZE 0x8 /* bytes of the fixed part of the reply */
#define PROTO_PROG_LOAD_COMMIT_REP_MAX 0x8 /* most bytes of the reply */
#define PROTO_MAP_CREATE_REQ_OFF_TYPE 0x0 /* u32: map type (map.type, Linux numbers) */
#define PROTO_MAP_CREATE_REQ_OFF_KEY_SIZE 0x4 /* u32: bytes of a key */
#define PROTO_MAP_CREATE_REQ_OFF_VALUE_SIZE 0x8 /* u32: bytes of a value */
#define PROTO_MAP_CREATE_REQ_OFF_MAX_ENTRIES 0xc /* u32: entries (RINGBUF: bytes of the ring, a power of 2) */
#define PROTO_MAP_CREATE_REQ_OFF_FLAGS 0x10 /* u32: map.flag bits */
#define PROTO_MAP_CREATE_REQ_OFF_NAME 0x14 /* u8[16 or 0]: optional: the map's name, NUL-padded (MAP_INFO gives it back) */
#define PROTO_MAP_CREATE_REQ_SIZE 0x14 /* bytes of the fixed part of the request */
#define PROTO_MAP_CREATE_REQ_MAX 0x800 /* most bytes of the request */
#define PROTO_MAP_CREATE_REP_OFF_MAP_ID 0x0 /* u32: the new map's id, 1 and up */
#define PROTO_MAP_CREATE_REP_OFF_VALUE_ADDR 0x4 /* u32: ARRAY: SoC address of the value of index 0 (what lddw of a map value points at); other types 0 */
#define PROTO_MAP_CREATE_REP_OFF_VALUE_STRIDE 0x8 /* u32: ARRAY: bytes from one index's value to the next; other types 0 */
#define PROTO_MAP_CREATE_REP_SIZE 0xc /* bytes of the fixed part of the reply */
#define PROTO_MAP_CREATE_REP_MAX 0xc /* most bytes of the reply */
#define PROTO_MAP_LOOKUP_REQ_OFF_MAP_ID 0x0 /* u32: map id */
#define PROTO_MAP_LOOKUP_REQ_OFF_KEY 0x4 /* u8[key_size]: the key */
#define PROTO_MAP_LOOKUP_REQ_SIZE 0x4 /* bytes of the fixed part of the request */
#define PROTO_MAP_LOOKUP_REQ_MAX 0x800 /* most bytes of the request */
#define PROTO_MAP_LOOKUP_REP_OFF_VALUE 0x0 /* u8[value_size]: its value */
#define PROTO_MAP_LOOKUP_REP_SIZE 0x0 /* bytes of the fixed part of the reply */
#define PROTO_MAP_LOOKUP_REP_MAX 0x800 /* most bytes of the reply */
#define PROTO_MAP_UPDATE_REQ_OFF_MAP_ID 0x0 /* u32: map id */
#define PROTO_MAP_UPDATE_REQ_OFF_FLAGS 0x4 /* u32: MAP_UPDATE_ANY, _NOEXIST or _EXIST (map.update) */
#define PROTO_MAP_UPDATE_REQ_OFF_KEY 0x8 /* u8[key_size]: the key */
#define PROTO_MAP_UPDATE_REQ_SIZE 0x8 /* bytes of the fixed part of the request */
#define PROTO_MAP_UPDATE_REQ_MAX 0x800 /* most bytes of the request */
#define PROTO_MAP_UPDATE_REP_SIZE 0x0 /* bytes of the fixed part of the reply */
#define PROTO_MAP_UPDATE_REP_MAX 0x0 /* most bytes of the reply */
#define PROTO_MAP_DELETE_REQ_OFF_MAP_ID 0x0 /* u32: map id */
#define PROTO_MAP_DELETE_REQ_OFF_KEY 0x4 /* u8[key_size]: the key */
#define PROTO_MAP_DELETE_REQ_SIZE 0x4 /* bytes of the fixed part of the request */
#define PROTO_MAP_DELETE_REQ_MAX 0x800 /* most bytes of the request */
#define PROTO_MAP_DELETE_REP_SIZE 0x0 /* bytes of the fixed part of the reply */
#define PROTO_MAP_DELETE_REP_MAX 0x0 /* most bytes of the reply */
#define PROTO_MAP_GET_NEXT_KEY_REQ_OFF_MAP_ID 0x0 /* u32: map id */
#define PROTO_MAP_GET_NEXT_KEY_REQ_OFF_KEY 0x4 /* u8[key_size or 0]: the previous key; absent (LEN = 4): the first key */
#define PROTO_MAP_GET_NEXT_KEY_REQ_SIZE 0x4 /* bytes of the fixed part of the request */
#define PROTO_MAP_GET_NEXT_KEY_REQ_MAX 0x800 /* most bytes of the request */
#define PROTO_MAP_GET_NEXT_KEY_REP_OFF_NEXT_KEY 0x0 /* u8[key_size]: the key after KEY */
#define PROTO_MAP_GET_NEXT_KEY_REP_SIZE 0x0 /* bytes of the fixed part of the reply */
#define PROTO_MAP_GET_NEXT_KEY_REP_MAX 0x800 /* most bytes of the reply */
#define PROTO_MAP_FOOTPRINT_REQ_OFF_TYPE 0x0 /* u32: as in MAP_CREATE */
#define PROTO_MAP_FOOTPRINT_REQ_OFF_KEY_SIZE 0x4 /* u32: as in MAP_CREATE */
#define PROTO_MAP_FOOTPRINT_REQ_OFF_VALUE_SIZE 0x8 /* u32: as in MAP_CREATE */
#define PROTO_MAP_FOOTPRINT_REQ_OFF_MAX_ENTRIES 0xc /* u32: as in MAP_CREATE */
#define PROTO_MAP_FOOTPRINT_REQ_OFF_FLAGS 0x10 /* u32: as in MAP_CREATE */
#define PROTO_MAP_FOOTPRINT_REQ_SIZE 0x14 /* bytes of the fixed part of the request */
#define PROTO_MAP_FOOTPRINT_REQ_MAX 0x14 /* most bytes of the request */
#define PROTO_MAP_FOOTPRINT_REP_OFF_BYTES 0x0 /* u32: arena bytes the map would take (MAP_CREATE's errors otherwise, but never ENOSPC) */
#define PROTO_MAP_FOOTPRINT_REP_SIZE 0x4 /* bytes of the fixed part of the reply */
#define PROTO_MAP_FOOTPRINT_REP_MAX 0x4 /* most bytes of the reply */
#define PROTO_MAP_INFO_REQ_OFF_START_ID 0x0 /* u32: the lowest id to look at (0 or 1: the first map) */
#define PROTO_MAP_INFO_REQ_SIZE 0x4 /* bytes of the fixed part of the request */
#define PROTO_MAP_INFO_REQ_MAX 0x4 /* most bytes of the request */
#define PROTO_MAP_INFO_REP_OFF_MAP_ID 0x0 /* u32: its id; ENOENT when no map has START_ID or more */
#define PROTO_MAP_INFO_REP_OFF_TYPE 0x4 /* u32: as in MAP_CREATE */
#define PROTO_MAP_INFO_REP_OFF_KEY_SIZE 0x8 /* u32: as in MAP_CREATE */
#define PROTO_MAP_INFO_REP_OFF_VALUE_SIZE 0xc /* u32: as in MAP_CREATE */
#define PROTO_MAP_INFO_REP_OFF_MAX_ENTRIES 0x10 /* u32: as in MAP_CREATE */
#define PROTO_MAP_INFO_REP_OFF_FLAGS 0x14 /* u32: as in MAP_CREATE */
#define PROTO_MAP_INFO_REP_OFF_VALUE_ADDR 0x18 /* u32: as in MAP_CREATE's reply */
#define PROTO_MAP_INFO_REP_OFF_BYTES 0x1c /* u32: arena bytes it takes */
#define PROTO_MAP_INFO_REP_OFF_NAME 0x20 /* u8[16]: its name, NUL-padded (all NUL if none was given) */
#define PROTO_MAP_INFO_REP_SIZE 0x20 /* bytes of the fixed part of the reply */
#define PROTO_MAP_INFO_REP_MAX 0x800 /* most bytes of the reply */
#define PROTO_PROG_INFO_REQ_OFF_START_ID 0x0 /* u16: the lowest id to look at */
#define PROTO_PROG_INFO_REQ_OFF_RESERVED 0x2 /* u16: 0 */
#define PROTO_PROG_INFO_REQ_SIZE 0x4 /* bytes of the fixed part of the request */
#define PROTO_PROG_INFO_REQ_MAX 0x4 /* most bytes of the request */
#define PROTO_PROG_INFO_REP_OFF_PROG_ID 0x0 /* u16: its id; ENOENT when no program has START_ID or more */
#define PROTO_PROG_INFO_REP_OFF_RESERVED 0x2 /* u16: 0 */
#define PROTO_PROG_INFO_REP_OFF_SLOT 0x4 /* u32: first instruction slot */
#define PROTO_PROG_INFO_REP_OFF_SLOTS 0x8 /* u32: instruction slots */
#define PROTO_PROG_INFO_REP_OFF_CRC32 0xc /* u32: CRC-32 of its instructions, as loaded */
#define PROTO_PROG_INFO_REP_OFF_RUNS 0x10 /* u64: runs since it was loaded (RUN, each packet of RUN_BATCH and RUN_SLOTS) */
#define PROTO_PROG_INFO_REP_OFF_CYCLES 0x18 /* u64: eBPF core cycles of those runs */
#define PROTO_PROG_INFO_REP_OFF_NAME 0x20 /* u8[16]: its name, NUL-padded */
#define PROTO_PROG_INFO_REP_SIZE 0x20 /* bytes of the fixed part of the reply */
#define PROTO_PROG_INFO_REP_MAX 0x800 /* most bytes of the reply */
#define PROTO_RUN_REQ_OFF_PROG_ID 0x0 /* u16: program id */
#define PROTO_RUN_REQ_OFF_FLAGS 0x2 /* u16: proto.run_flag bits */
#define PROTO_RUN_REQ_OFF_BUDGET 0x4 /* u32: most instructions to retire; 0: the device's default */
#define PROTO_RUN_REQ_OFF_IFINDEX 0x8 /* u32: xdp_md.ingress_ifindex */
#define PROTO_RUN_REQ_OFF_RX_QUEUE 0xc /* u32: xdp_md.rx_queue_index */
#define PROTO_RUN_REQ_OFF_PACKET 0x10 /* u8[LEN - 16]: the packet, at most PACKET_MAX bytes */
#define PROTO_RUN_REQ_SIZE 0x10 /* bytes of the fixed part of the request */
#define PROTO_RUN_REQ_MAX 0x800 /* most bytes of the request */
#define PROTO_RUN_REP_OFF_VERDICT 0x0 /* u8: XDP action (xdp.action); ABORTED on a fault or an r0 above REDIRECT */
#define PROTO_RUN_REP_OFF_FAULT 0x1 /* u8: fault code of the core (core.fault), 0 if none */
#define PROTO_RUN_REP_OFF_PKT_LEN 0x2 /* u16: packet bytes after the run (xdp_adjust_head / _tail) */
#define PROTO_RUN_REP_OFF_REDIRECT 0x4 /* u32: ifindex given to bpf_redirect (VERDICT REDIRECT) */
#define PROTO_RUN_REP_OFF_R0 0x8 /* u64: r0 at exit */
#define PROTO_RUN_REP_OFF_CYCLES 0x10 /* u64: eBPF core cycles */
#define PROTO_RUN_REP_OFF_INSNS 0x18 /* u64: instructions retired */
#define PROTO_RUN_REP_OFF_TOTAL_CYCLES 0x20 /* u64: SoC cycles from start to verdict, helpers included */
#define PROTO_RUN_REP_OFF_FAULT_PC 0x28 /* u32: slot of the fault, or of the final exit */
#define PROTO_RUN_REP_OFF_HELPER_CALLS 0x2c /* u32: helper calls serviced */
#define PROTO_RUN_REP_OFF_PACKET 0x30 /* u8[PKT_LEN or 0]: the packet after the run, with RETURN_PACKET */
#define PROTO_RUN_REP_SIZE 0x30 /* bytes of the fixed part of the reply */
#define PROTO_RUN_REP_MAX 0x800 /* most bytes of the reply */
#define PROTO_RUN_BATCH_REQ_OFF_PROG_ID 0x0 /* u16: program id */
#define PROTO_RUN_BATCH_REQ_OFF_COUNT 0x2 /* u16: packets that follow */
#define PROTO_RUN_BATCH_REQ_OFF_BUDGET 0x4 /* u32: most instructions per packet; 0: the device's default */
#define PROTO_RUN_BATCH_REQ_OFF_IFINDEX 0x8 /* u32: xdp_md.ingress_ifindex */
#define PROTO_RUN_BATCH_REQ_OFF_RX_QUEUE 0xc /* u32: xdp_md.rx_queue_index */
#define PROTO_RUN_BATCH_REQ_OFF_PACKETS 0x10 /* RUN_BATCH_PACKET[COUNT]: the packets, back to back */
#define PROTO_RUN_BATCH_REQ_SIZE 0x10 /* bytes of the fixed part of the request */
#define PROTO_RUN_BATCH_REQ_MAX 0x800 /* most bytes of the request */
#define PROTO_RUN_BATCH_REP_OFF_COUNT 0x0 /* u16: results that follow (= the request's COUNT) */
#define PROTO_RUN_BATCH_REP_OFF_RESERVED 0x2 /* u16: 0 */
#define PROTO_RUN_BATCH_REP_OFF_SOC_CYCLES 0x4 /* u32: SoC clock cycles the device spent on the batch, from its first packet's copy to its last verdict (saturates); SOC_CYCLES - CYCLES is the firmware's overhead */
#define PROTO_RUN_BATCH_REP_OFF_CYCLES 0x8 /* u64: eBPF core cycles of the whole batch */
#define PROTO_RUN_BATCH_REP_OFF_RESULTS 0x10 /* RUN_BATCH_RESULT[COUNT]: one per packet, in order */
#define PROTO_RUN_BATCH_REP_SIZE 0x10 /* bytes of the fixed part of the reply */
#define PROTO_RUN_BATCH_REP_MAX 0x800 /* most bytes of the reply */
#define PROTO_RUN_SLOTS_REQ_OFF_PROG_ID 0x0 /* u16: program id */
#define PROTO_RUN_SLOTS_REQ_OFF_COUNT 0x2 /* u16: slot records in the table */
#define PROTO_RUN_SLOTS_REQ_OFF_BUDGET 0x4 /* u32: most instructions per packet; 0: the device's default */
#define PROTO_RUN_SLOTS_REQ_OFF_IFINDEX 0x8 /* u32: xdp_md.ingress_ifindex */
#define PROTO_RUN_SLOTS_REQ_OFF_RX_QUEUE 0xc /* u32: xdp_md.rx_queue_index */
#define PROTO_RUN_SLOTS_REQ_OFF_TABLE 0x10 /* u32: packet-memory offset (a multiple of 4) of COUNT RUN_SLOT records */
#define PROTO_RUN_SLOTS_REQ_SIZE 0x14 /* bytes of the fixed part of the request */
#define PROTO_RUN_SLOTS_REQ_MAX 0x14 /* most bytes of the request */
#define PROTO_RUN_SLOTS_REP_OFF_COUNT 0x0 /* u16: packets run (= the request's COUNT) */
#define PROTO_RUN_SLOTS_REP_OFF_RESERVED 0x2 /* u16: 0 */
#define PROTO_RUN_SLOTS_REP_OFF_SOC_CYCLES 0x4 /* u32: SoC clock cycles from the first run's set-up to the last verdict (saturates); SOC_CYCLES - CYCLES is the firmware's overhead */
#define PROTO_RUN_SLOTS_REP_OFF_CYCLES 0x8 /* u64: eBPF core cycles of all the runs */
#define PROTO_RUN_SLOTS_REP_SIZE 0x10 /* bytes of the fixed part of the reply */
#define PROTO_RUN_SLOTS_REP_MAX 0x10 /* most bytes of the reply */
#define PROTO_RINGBUF_READ_REQ_OFF_MAP_ID 0x0 /* u32: a RINGBUF map */
#define PROTO_RINGBUF_READ_REQ_OFF_MAX_BYTES 0x4 /* u16: most reply payload bytes; 0: MAX_PAYLOAD */
#define PROTO_RINGBUF_READ_REQ_OFF_RESERVED 0x6 /* u16: 0 */
#define PROTO_RINGBUF_READ_REQ_SIZE 0x8 /* bytes of the fixed part of the request */
#define PROTO_RINGBUF_READ_REQ_MAX 0x8 /* most bytes of the request */
#define PROTO_RINGBUF_READ_REP_OFF_COUNT 0x0 /* u16: records that follow */
#define PROTO_RINGBUF_READ_REP_OFF_FLAGS 0x2 /* u16: proto.ringbuf_flag bits */
#define PROTO_RINGBUF_READ_REP_OFF_RECORDS 0x4 /* RINGBUF_RECORD[COUNT]: the oldest committed records, in order */
#define PROTO_RINGBUF_READ_REP_SIZE 0x4 /* bytes of the fixed part of the reply */
#define PROTO_RINGBUF_READ_REP_MAX 0x800 /* most bytes of the reply */
#define PROTO_TRACE_READ_REQ_OFF_MAX_BYTES 0x0 /* u16: most text bytes; 0: as many as fit */
#define PROTO_TRACE_READ_REQ_OFF_RESERVED 0x2 /* u16: 0 */
#define PROTO_TRACE_READ_REQ_SIZE 0x4 /* bytes of the fixed part of the request */
#define PROTO_TRACE_READ_REQ_MAX 0x4 /* most bytes of the request */
#define PROTO_TRACE_READ_REP_OFF_DROPPED 0x0 /* u32: bytes lost to a full trace buffer since the last TRACE_READ */
#define PROTO_TRACE_READ_REP_OFF_TEXT 0x4 /* u8[LEN - 4]: the oldest trace text, lines ending in \n */
#define PROTO_TRACE_READ_REP_SIZE 0x4 /* bytes of the fixed part of the reply */
#define PROTO_TRACE_READ_REP_MAX 0x800 /* most bytes of the reply */
#define PROTO_RUN_BATCH_PACKET_OFF_LEN 0x0 /* u16: bytes of DATA */
#define PROTO_RUN_BATCH_PACKET_OFF_DATA 0x2 /* u8[LEN]: the packet */
#define PROTO_RUN_BATCH_PACKET_SIZE 0x2 /* bytes of the fixed part of one packet of RUN_BATCH */
#define PROTO_RUN_BATCH_RESULT_OFF_VERDICT 0x0 /* u8: as in RUN */
#define PROTO_RUN_BATCH_RESULT_OFF_FAULT 0x1 /* u8: as in RUN */
#define PROTO_RUN_BATCH_RESULT_OFF_PKT_LEN 0x2 /* u16: as in RUN */
#define PROTO_RUN_BATCH_RESULT_OFF_R0 0x4 /* u32: r0 at exit, low 32 bits */
#define PROTO_RUN_BATCH_RESULT_OFF_CYCLES 0x8 /* u32: eBPF core cycles */
#define PROTO_RUN_BATCH_RESULT_SIZE 0xc /* bytes of the fixed part of the result of one packet of RUN_BATCH */
#define PROTO_RUN_SLOT_OFF_OFFSET 0x0 /* u32: packet-memory offset of the slot (a multiple of 4): xdp_md at CTX_OFF, headroom from HEADROOM_OFF, the packet at DATA_OFF */
#define PROTO_RUN_SLOT_OFF_LEN 0x4 /* u16: packet bytes at OFFSET + DATA_OFF */
#define PROTO_RUN_SLOT_OFF_SIZE 0x6 /* u16: slot bytes: at least DATA_OFF + LEN; bpf_xdp_adjust_tail may grow the packet to the slot's end */
#define PROTO_RUN_SLOT_OFF_VERDICT 0x8 /* u8: as in RUN */
#define PROTO_RUN_SLOT_OFF_FAULT 0x9 /* u8: as in RUN */
#define PROTO_RUN_SLOT_OFF_PKT_LEN 0xa /* u16: as in RUN; the packet now starts at xdp_md.data */
#define PROTO_RUN_SLOT_OFF_R0 0xc /* u32: r0 at exit, low 32 bits */
#define PROTO_RUN_SLOT_OFF_CYCLES 0x10 /* u32: eBPF core cycles */
#define PROTO_RUN_SLOT_SIZE 0x14 /* bytes of the fixed part of one packet of RUN_SLOTS, in packet memory: the host writes the first three fields and the packet, the device the rest */
#define PROTO_RINGBUF_RECORD_OFF_LEN 0x0 /* u32: bytes of DATA */
#define PROTO_RINGBUF_RECORD_OFF_DATA 0x4 /* u8[LEN]: the record as the program wrote it, no padding */
#define PROTO_RINGBUF_RECORD_SIZE 0x4 /* bytes of the fixed part of one ring buffer record of RINGBUF_READ */
#define BPFSOC_MAP_TYPE_HASH 0x1 /* hash table; E2BIG when full */
#define BPFSOC_MAP_TYPE_ARRAY 0x2 /* array of max_entries values, 4-byte index keys, zero-filled */
#define BPFSOC_MAP_TYPE_PROG_ARRAY 0x3 /* array of program ids, for tail_call */
#define BPFSOC_MAP_TYPE_LRU_HASH 0x9 /* hash table that evicts its least recently used key when full */
#define BPFSOC_MAP_TYPE_RINGBUF 0x1b /* ring buffer of records; max_entries = bytes, a power of 2 */
#define BPFSOC_MAP_UPDATE_ANY 0x0 /* create the key or change its value */
#define BPFSOC_MAP_UPDATE_NOEXIST 0x1 /* create the key only if it is absent (else EEXIST) */
#define BPFSOC_MAP_UPDATE_EXIST 0x2 /* change the value only if the key exists (else ENOENT) */
#define BPFSOC_MAP_F_NO_PREALLOC 0x1 /* HASH: accepted, ignored (entries are always preallocated) */
#define BPFSOC_MAP_F_NO_COMMON_LRU 0x2 /* LRU_HASH: accepted, ignored (one CPU: one LRU list) */
#define BPFSOC_MAP_MAX_MAPS 0x40 /* maps at once */
#define BPFSOC_MAP_MAX_KEY_SIZE 0x200 /* largest key (a key lives on the eBPF stack: one frame) */
#define BPFSOC_MAP_MAX_VALUE_SIZE 0x400 /* largest value (a value fits one reply) */
#define BPFSOC_MAP_RINGBUF_MIN 0x40 /* smallest ring buffer (bytes; a power of 2) */
#define BPFSOC_RINGBUF_HDR_SIZE 0x8 /* bytes of a record header */
#define BPFSOC_RINGBUF_BUSY_BIT 0x80000000 /* length word: reserved, not yet submitted or discarded */
#define BPFSOC_RINGBUF_DISCARD_BIT 0x40000000 /* length word: discarded; the reader skips it */
#define BPFSOC_RB_NO_WAKEUP 0x1 /* do not notify the reader */
#define BPFSOC_RB_FORCE_WAKEUP 0x2 /* notify the reader */
#define BPFSOC_RB_AVAIL_DATA 0x0 /* bytes committed or reserved and not yet read */
#define BPFSOC_RB_RING_SIZE 0x1 /* bytes of the ring */
#define BPFSOC_RB_CONS_POS 0x2 /* reader position */
#define BPFSOC_RB_PROD_POS 0x3 /* writer position */
#define BPFSOC_HELPER_MAP_LOOKUP_ELEM 0x1 /* void *bpf_map_lookup_elem(map, key) */
#define BPFSOC_HELPER_MAP_UPDATE_ELEM 0x2 /* long bpf_map_update_elem(map, key, value, flags) */
#define BPFSOC_HELPER_MAP_DELETE_ELEM 0x3 /* long bpf_map_delete_elem(map, key) */
#define BPFSOC_HELPER_KTIME_GET_NS 0x5 /* u64 bpf_ktime_get_ns(void) */
#define BPFSOC_HELPER_TRACE_PRINTK 0x6 /* long bpf_trace_printk(fmt, fmt_size, ...) */
#define BPFSOC_HELPER_GET_PRANDOM_U32 0x7 /* u32 bpf_get_prandom_u32(void) */
#define BPFSOC_HELPER_GET_SMP_PROCESSOR_ID 0x8 /* u32 bpf_get_smp_processor_id(void) */
#define BPFSOC_HELPER_TAIL_CALL 0xc /* long bpf_tail_call(ctx, prog_array_map, index) */
#define BPFSOC_HELPER_REDIRECT 0x17 /* long bpf_redirect(ifindex, flags) */
#define BPFSOC_HELPER_CSUM_DIFF 0x1c /* s64 bpf_csum_diff(from, from_size, to, to_size, seed) */
#define BPFSOC_HELPER_XDP_ADJUST_HEAD 0x2c /* long bpf_xdp_adjust_head(xdp_md, delta) */
#define BPFSOC_HELPER_XDP_ADJUST_TAIL 0x41 /* long bpf_xdp_adjust_tail(xdp_md, delta) */
#define BPFSOC_HELPER_RINGBUF_OUTPUT 0x82 /* long bpf_ringbuf_output(ringbuf, data, size, flags) */
#define BPFSOC_HELPER_RINGBUF_RESERVE 0x83 /* void *bpf_ringbuf_reserve(ringbuf, size, flags) */
#define BPFSOC_HELPER_RINGBUF_SUBMIT 0x84 /* void bpf_ringbuf_submit(data, flags) */
#define BPFSOC_HELPER_RINGBUF_DISCARD 0x85 /* void bpf_ringbuf_discard(data, flags) */
#define BPFSOC_HELPER_RINGBUF_QUERY 0x86 /* u64 bpf_ringbuf_query(ringbuf, flags) */
#define BPFSOC_XDP_ABORTED 0x0 /* error: the packet is dropped and counted */
#define BPFSOC_XDP_DROP 0x1 /* drop the packet */
#define BPFSOC_XDP_PASS 0x2 /* pass the packet on */
#define BPFSOC_XDP_TX 0x3 /* send the packet back out of the interface it came in */
#define BPFSOC_XDP_REDIRECT 0x4 /* send the packet out of the interface given to bpf_redirect */

/* X(name, value, text) for every status code */
#define PROTO_ST_LIST(X) \
	X(OK, 0x0, "done") \
	X(ENOENT, 0x2, "no such map, key, program, chunk stream or record") \
	X(EIO, 0x5, "internal error of the device") \
	X(E2BIG, 0x7, "too big: map full, index out of range, size over a limit") \
	X(EAGAIN, 0xb, "no room now (a full ring buffer): try again later") \
	X(EBUSY, 0x10, "busy with another request: not executed; retry with the same sequence number") \
	X(EEXIST, 0x11, "the key exists (MAP_UPDATE with NOEXIST)") \
	X(EINVAL, 0x16, "invalid argument: a field is out of its range or the combination is not allowed") \
	X(ENOSPC, 0x1c, "out of memory for maps or program space") \
	X(EOPNOTSUPP, 0x5f, "operation not supported by this map type or device") \
	X(BAD_CRC, 0xf0, "the frame's CRC-32 does not match: not executed") \
	X(BAD_FRAME, 0xf1, "malformed frame (COBS, too short, LEN disagrees with the frame): not executed") \
	X(TOO_LONG, 0xf2, "the frame is longer than the largest frame: not executed") \
	X(BAD_VERSION, 0xf3, "unsupported protocol version: not executed") \
	X(UNKNOWN_CMD, 0xf4, "no such command: not executed") \
	X(BAD_LEN, 0xf5, "payload length wrong for the command: not executed") \
	X(INCOMPLETE, 0xf6, "PROG_LOAD_COMMIT before every byte of the program arrived") \
	X(BAD_CHECKSUM, 0xf7, "the assembled program does not match the CRC-32 given to PROG_LOAD_BEGIN")

/* X(name, value) for every command */
#define PROTO_CMD_LIST(X) \
	X(INFO, 0x1) \
	X(RESET, 0x2) \
	X(COUNTERS, 0x3) \
	X(PING, 0x4) \
	X(PROG_LOAD_BEGIN, 0x10) \
	X(PROG_LOAD_CHUNK, 0x11) \
	X(PROG_LOAD_COMMIT, 0x12) \
	X(MAP_CREATE, 0x20) \
	X(MAP_LOOKUP, 0x21) \
	X(MAP_UPDATE, 0x22) \
	X(MAP_DELETE, 0x23) \
	X(MAP_GET_NEXT_KEY, 0x24) \
	X(MAP_FOOTPRINT, 0x25) \
	X(MAP_INFO, 0x26) \
	X(PROG_INFO, 0x13) \
	X(RUN, 0x30) \
	X(RUN_BATCH, 0x31) \
	X(RUN_SLOTS, 0x32) \
	X(RINGBUF_READ, 0x40) \
	X(TRACE_READ, 0x41)

/* X(name, id, argument count, signature) for every helper the firmware services */
#define BPFSOC_HELPER_LIST(X) \
	X(MAP_LOOKUP_ELEM, 0x1, 2, "void *bpf_map_lookup_elem(map, key)") \
	X(MAP_UPDATE_ELEM, 0x2, 4, "long bpf_map_update_elem(map, key, value, flags)") \
	X(MAP_DELETE_ELEM, 0x3, 2, "long bpf_map_delete_elem(map, key)") \
	X(KTIME_GET_NS, 0x5, 0, "u64 bpf_ktime_get_ns(void)") \
	X(TRACE_PRINTK, 0x6, 2, "long bpf_trace_printk(fmt, fmt_size, ...)") \
	X(GET_PRANDOM_U32, 0x7, 0, "u32 bpf_get_prandom_u32(void)") \
	X(GET_SMP_PROCESSOR_ID, 0x8, 0, "u32 bpf_get_smp_processor_id(void)") \
	X(TAIL_CALL, 0xc, 3, "long bpf_tail_call(ctx, prog_array_map, index)") \
	X(REDIRECT, 0x17, 2, "long bpf_redirect(ifindex, flags)") \
	X(CSUM_DIFF, 0x1c, 5, "s64 bpf_csum_diff(from, from_size, to, to_size, seed)") \
	X(XDP_ADJUST_HEAD, 0x2c, 2, "long bpf_xdp_adjust_head(xdp_md, delta)") \
	X(XDP_ADJUST_TAIL, 0x41, 2, "long bpf_xdp_adjust_tail(xdp_md, delta)") \
	X(RINGBUF_OUTPUT, 0x82, 4, "long bpf_ringbuf_output(ringbuf, data, size, flags)") \
	X(RINGBUF_RESERVE, 0x83, 3, "void *bpf_ringbuf_reserve(ringbuf, size, flags)") \
	X(RINGBUF_SUBMIT, 0x84, 2, "void bpf_ringbuf_submit(data, flags)") \
	X(RINGBUF_DISCARD, 0x85, 2, "void bpf_ringbuf_discard(data, flags)") \
	X(RINGBUF_QUERY, 0x86, 2, "u64 bpf_ringbuf_query(ringbuf, flags)")

#endif
