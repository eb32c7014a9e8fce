/* ps_check.c: one fixed session with the firmware, printed as a transcript,
 * for the post-synthesis check (tests/test_postsynth.c).
 *
 * It is built twice from this source: against the RTL SoC (soc_sim.cpp:
 * build/tests/ps_check) and against a board's synthesised netlist
 * (soc_sim_ps.cpp: build/bpfsoc-ps-check-BOARD).  Each boots the firmware
 * in its own SoC and talks to it over the UART's line (tests/devlink.c):
 * INFO, maps created and written by the host, eBPF programs loaded and run
 * on packets (64-bit ALU, multiply and divide in both signednesses, byte
 * swaps, sign extension, JMP32, atomics, lddw, the map helpers, a bounds
 * fault), then the maps read back.  Every result is a line of the
 * transcript; the two must be equal but for the line "clock", which is
 * each SoC's own.  Exit 0 when the session ran to its end, 1 otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_asm.h"
#include "devlink.h"
#include "generated/bpfsoc_map.h"
#include "generated/bpfsoc_proto.h"
#include "proto.h"

#define TIMEOUT_CYCLES 20000000ull

/* the board's firmware (SOC_BOARD, tests/tests.mk), else the default's */
#ifdef TEST_FW_ELF
#define PS_FW_ELF TEST_FW_ELF
#else
#define PS_FW_ELF BPFSOC_BUILD "/firmware/bpfsoc-fw.elf"
#endif

static struct devlink d;

static int xfer(uint8_t cmd, const void *req, uint16_t len, uint8_t *rep, uint16_t *rl)
{
	struct proto_hdr rh;
	int st = devlink_xfer(&d, cmd, req, len, rep, rl, &rh, 1, TIMEOUT_CYCLES);

	if (st < 0) {
		fprintf(stderr, "ps_check: no reply to command 0x%02x\n", cmd);
		exit(1);
	}
	return st;
}

static void load(uint16_t id, const char *text)
{
	uint64_t *insns;
	uint32_t n, size, crc;
	char err[256];
	uint8_t req[PROTO_MAX_PAYLOAD], rep[PROTO_MAX_PAYLOAD];
	uint16_t rl;

	if (bpf_asm(text, &insns, &n, err, sizeof(err))) {
		fprintf(stderr, "ps_check: program %u: %s\n", id, err);
		exit(1);
	}
	size = 8 * n;
	crc = proto_crc32(0, insns, size);
	memset(req, 0, 12);
	memcpy(req, &id, 2);
	memcpy(req + 4, &size, 4);
	memcpy(req + 8, &crc, 4);
	int st = xfer(PROTO_CMD_PROG_LOAD_BEGIN, req, 12, rep, &rl);
	for (uint32_t off = 0; !st && off < size; off += 256) {
		uint32_t k = size - off < 256 ? size - off : 256;
		memset(req, 0, 8);
		memcpy(req, &id, 2);
		memcpy(req + 4, &off, 4);
		memcpy(req + 8, (uint8_t *)insns + off, k);
		st = xfer(PROTO_CMD_PROG_LOAD_CHUNK, req, (uint16_t)(8 + k), rep, &rl);
	}
	if (!st) {
		memset(req, 0, 4);
		memcpy(req, &id, 2);
		st = xfer(PROTO_CMD_PROG_LOAD_COMMIT, req, 4, rep, &rl);
	}
	printf("load %u: status %d, %u slots\n", id, st, n);
	free(insns);
}

static void run(uint16_t id, const uint8_t *pkt, uint16_t len)
{
	uint8_t req[PROTO_MAX_PAYLOAD] = {0}, rep[PROTO_MAX_PAYLOAD];
	uint16_t rl, pkt_len;
	uint64_t r0, cycles, insns;
	uint32_t calls;

	uint16_t flags = PROTO_RUN_RETURN_PACKET;
	uint32_t fault_pc;

	memcpy(req, &id, 2);
	memcpy(req + PROTO_RUN_REQ_OFF_FLAGS, &flags, 2);
	memcpy(req + 16, pkt, len);
	int st = xfer(PROTO_CMD_RUN, req, (uint16_t)(16 + len), rep, &rl);
	if (st || rl < 48) {
		printf("run %u: status %d, %u bytes\n", id, st, rl);
		return;
	}
	memcpy(&pkt_len, rep + PROTO_RUN_REP_OFF_PKT_LEN, 2);
	memcpy(&r0, rep + PROTO_RUN_REP_OFF_R0, 8);
	memcpy(&cycles, rep + PROTO_RUN_REP_OFF_CYCLES, 8);
	memcpy(&insns, rep + PROTO_RUN_REP_OFF_INSNS, 8);
	memcpy(&fault_pc, rep + PROTO_RUN_REP_OFF_FAULT_PC, 4);
	memcpy(&calls, rep + PROTO_RUN_REP_OFF_HELPER_CALLS, 4);
	printf("run %u: verdict %u fault %u pc %u pkt_len %u r0 0x%016llx insns %llu cycles %llu "
	       "helper calls %u\n", id, rep[0], rep[1], fault_pc, pkt_len, (unsigned long long)r0,
	       (unsigned long long)insns, (unsigned long long)cycles, calls);
	/* the packet as the program left it */
	printf("  packet:");
	for (unsigned i = 0; i < pkt_len && 48u + i < rl; i++)
		printf(" %02x", rep[48 + i]);
	printf("\n");
}

static uint32_t map_create(uint32_t type, uint32_t ks, uint32_t vs, uint32_t n)
{
	uint32_t req[5] = {type, ks, vs, n, 0}, id = 0;
	uint8_t rep[PROTO_MAX_PAYLOAD];
	uint16_t rl;
	int st = xfer(PROTO_CMD_MAP_CREATE, req, sizeof(req), rep, &rl);

	if (!st)
		memcpy(&id, rep, 4);
	printf("map create type %u: status %d id %u\n", type, st, id);
	return id;
}

static void map_update(uint32_t id, uint32_t key, uint64_t val, uint32_t vs)
{
	uint8_t req[24] = {0}, rep[PROTO_MAX_PAYLOAD];
	uint16_t rl;

	memcpy(req, &id, 4);
	memcpy(req + 8, &key, 4);
	memcpy(req + 12, &val, vs);
	printf("map %u update %u: status %d\n", id, key,
	       xfer(PROTO_CMD_MAP_UPDATE, req, (uint16_t)(12 + vs), rep, &rl));
}

static void map_lookup(uint32_t id, uint32_t key)
{
	uint8_t req[8], rep[PROTO_MAX_PAYLOAD];
	uint16_t rl = 0;

	memcpy(req, &id, 4);
	memcpy(req + 4, &key, 4);
	int st = xfer(PROTO_CMD_MAP_LOOKUP, req, 8, rep, &rl);
	printf("map %u lookup %u: status %d value", id, key, st);
	for (unsigned i = 0; !st && i < rl; i++)
		printf(" %02x", rep[i]);
	printf("\n");
}

/* ALU64 and ALU32, multiply, divide and modulo both ways, shifts, byte
 * swaps, sign extension, JMP32: r0 is a hash of every result */
static const char prog_alu[] =
	"ldxw %r2, [%r1+0]\nldxw %r3, [%r1+4]\nldxdw %r4, [%r2+14]\nldxdw %r5, [%r2+22]\n"
	"mov %r0, %r4\nmul %r0, %r5\nmov %r6, %r4\nmul32 %r6, %r5\nxor %r0, %r6\n"
	"mov %r6, %r4\nor %r6, 1\nmov %r7, %r5\ndiv %r7, %r6\nadd %r0, %r7\n"
	"mov %r7, %r5\nmod %r7, %r6\nxor %r0, %r7\n"
	"mov %r7, %r5\nsdiv %r7, -7\nadd %r0, %r7\nmov %r7, %r5\nsmod %r7, %r6\nxor %r0, %r7\n"
	"mov32 %r7, %r5\ndiv32 %r7, 13\nadd %r0, %r7\n"
	"mov %r7, %r4\narsh %r7, 13\nxor %r0, %r7\nmov %r7, %r5\nlsh %r7, %r4\nadd %r0, %r7\n"
	"mov %r7, %r4\nbe16 %r7\nxor %r0, %r7\nmov %r7, %r5\nbswap64 %r7\nadd %r0, %r7\n"
	"movsx864 %r7, %r4\nxor %r0, %r7\nmovsx3264 %r7, %r5\nadd %r0, %r7\n"
	"lddw %r7, 0x0123456789abcdef\nmul %r7, %r0\nxor %r0, %r7\n"
	"jlt32 %r4, %r5, +1\nneg %r0\n"
	"exit\n";

/* Atomics on the stack and in the packet; a write into the packet */
static const char prog_atomic[] =
	"ldxw %r2, [%r1+0]\nldxw %r3, [%r1+4]\nmov %r4, %r2\nadd %r4, 40\njgt %r4, %r3, out\n"
	"stdw [%r10-8], 5\nmov %r5, 37\nlock add [%r10-8], %r5\n"
	"mov %r5, 3\nlock fetch xor [%r10-8], %r5\nmov %r0, %r5\n"
	"mov %r5, 99\nlock xchg [%r10-8], %r5\nadd %r0, %r5\n"
	"mov %r0, 99\nmov %r5, 7\nlock cmpxchg [%r10-8], %r5\n"
	"ldxdw %r6, [%r10-8]\nadd %r0, %r6\n"
	"ldxw %r6, [%r2+20]\nmov %r5, 0x1000\nlock fetch add32 [%r2+20], %r5\nadd %r0, %r5\n"
	"stxdw [%r2+24], %r0\nmov %r0, 2\nexit\n"
	"out:\nmov %r0, 1\nexit\n";

/* The map helpers: a counter in an array (lookup, atomic add), a hash
 * entry made by the program (update) */
static const char prog_maps[] =
	"stw [%r10-4], 3\nmov %r1, 1\nmov %r2, %r10\nadd %r2, -4\ncall 1\n"
	"jeq %r0, 0, drop\nmov %r3, 5\nlock add [%r0+0], %r3\n"
	"stw [%r10-4], 11\nlddw %r4, 0xfeedfacecafebeef\nstxdw [%r10-16], %r4\n"
	"mov %r1, 2\nmov %r2, %r10\nadd %r2, -4\nmov %r3, %r10\nadd %r3, -16\nmov %r4, 0\n"
	"call 2\nmov %r0, 2\nexit\ndrop:\nmov %r0, 1\nexit\n";

/* A load from outside every region: the core stops it with a fault code */
static const char prog_fault[] =
	"mov %r0, 1\nlddw %r2, 0x12345678\nldxdw %r0, [%r2+0]\nexit\n";

int main(void)
{
	char err[256];
	uint8_t rep[PROTO_MAX_PAYLOAD], pkt[64];
	uint16_t rl;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (devlink_open(&d, PS_FW_ELF, 0, 0, 1, err, sizeof(err))) {
		fprintf(stderr, "ps_check: %s\n", err);
		return 1;
	}
	int st = xfer(PROTO_CMD_INFO, NULL, 0, rep, &rl);
	printf("info: status %d, %u bytes\n", st, rl);
	/* the clock is each SoC's own; the rest must agree */
	uint32_t clock;
	memcpy(&clock, rep + PROTO_INFO_REP_OFF_CLOCK_HZ, 4);
	printf("clock %u\n", clock);
	memset(rep + PROTO_INFO_REP_OFF_CLOCK_HZ, 0, 4);
	printf("info bytes:");
	for (unsigned i = 0; i < rl; i++)
		printf(" %02x", rep[i]);
	printf("\n");

	uint32_t arr = map_create(BPFSOC_MAP_TYPE_ARRAY, 4, 8, 8);
	uint32_t hash = map_create(BPFSOC_MAP_TYPE_HASH, 4, 8, 8);
	map_update(arr, 3, 1000, 8);
	map_lookup(arr, 3);

	for (unsigned i = 0; i < sizeof(pkt); i++)
		pkt[i] = (uint8_t)(i * 37 + 11);
	load(0, prog_alu);
	load(1, prog_atomic);
	load(2, prog_maps);
	load(3, prog_fault);
	for (uint16_t id = 0; id < 4; id++)
		run(id, pkt, sizeof(pkt));
	pkt[14] ^= 0x80;
	pkt[29] ^= 0x81;
	run(0, pkt, sizeof(pkt));
	run(2, pkt, 40);

	map_lookup(arr, 3);
	map_lookup(hash, 11);
	devlink_close(&d);
	printf("end\n");
	return 0;
}
