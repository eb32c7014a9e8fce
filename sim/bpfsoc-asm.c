/* bpfsoc-asm: assemble eBPF text into the hex bytes bpfsoc-exec reads, or
 * disassemble them.
 *
 *   bpfsoc-asm FILE.s            the program as hex bytes
 *   bpfsoc-asm FILE.data         the same from a test-data file (-- asm or -- raw)
 *   bpfsoc-asm --mem FILE.data   its -- mem bytes as hex
 *   bpfsoc-asm -d [FILE]         hex bytes (stdin when no FILE) to assembly
 *
 * Errors name the file and line; exit 1 on bad input, 2 on bad usage.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_asm.h"
#include "bpf_testdata.h"

static char *slurp(const char *path)
{
	FILE *f = path ? fopen(path, "r") : stdin;
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0, got;
	char *s = malloc(cap);
	while (s && (got = fread(s + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (n + 1 == cap) {
			char *t = realloc(s, cap *= 2);
			if (!t) {
				free(s);
				s = NULL;
			}
			s = t;
		}
	}
	if (s)
		s[n] = 0;
	if (path)
		fclose(f);
	return s;
}

static void print_hex(const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		printf("%02x%c", b[i], i + 1 == n ? '\n' : ' ');
}

static void print_insns(const uint64_t *w, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		for (unsigned b = 0; b < 8; b++)
			printf("%02x%c", (unsigned)(w[i] >> (8 * b)) & 0xff,
			       i + 1 == n && b == 7 ? '\n' : ' ');
}

static int disassemble(const char *path)
{
	char *text = slurp(path);
	if (!text) {
		fprintf(stderr, "bpfsoc-asm: cannot read %s\n", path ? path : "stdin");
		return 1;
	}
	size_t cap = strlen(text) / 16 + 1, n = 0, nib = 0;
	uint64_t *w = calloc(cap, sizeof *w);
	uint8_t byte = 0;
	for (size_t i = 0; text[i]; i++) {
		if (isspace((unsigned char)text[i]))
			continue;
		if (!isxdigit((unsigned char)text[i])) {
			fprintf(stderr, "bpfsoc-asm: %s: not a hex digit at offset %zu\n",
				path ? path : "stdin", i);
			return 1;
		}
		int v = isdigit((unsigned char)text[i]) ? text[i] - '0' : tolower(text[i]) - 'a' + 10;
		byte = byte << 4 | v;
		if (++nib % 2 == 0) {
			size_t k = nib / 2 - 1;
			w[k / 8] |= (uint64_t)byte << (8 * (k % 8));
			byte = 0;
		}
	}
	if (nib % 16) {
		fprintf(stderr, "bpfsoc-asm: %s: %zu hex digits is not a whole number of "
			"8-byte instructions\n", path ? path : "stdin", nib);
		return 1;
	}
	n = nib / 16;
	bpf_disasm_print(stdout, w, (uint32_t)n, BPF_DISASM_PC, NULL);
	free(w);
	free(text);
	return 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t l = strlen(s), k = strlen(suffix);
	return l >= k && !strcmp(s + l - k, suffix);
}

int main(int argc, char **argv)
{
	int mem = 0, dis = 0;
	const char *path = NULL;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--mem"))
			mem = 1;
		else if (!strcmp(argv[i], "-d") || !strcmp(argv[i], "--disassemble"))
			dis = 1;
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("usage: bpfsoc-asm FILE.s | FILE.data       program as hex bytes\n"
			       "       bpfsoc-asm --mem FILE.data            its -- mem as hex bytes\n"
			       "       bpfsoc-asm -d [FILE]                  hex bytes to assembly\n");
			return 0;
		} else if (!path)
			path = argv[i];
		else {
			fprintf(stderr, "bpfsoc-asm: unexpected argument '%s'\n", argv[i]);
			return 2;
		}
	}
	if (dis)
		return disassemble(path);
	if (!path) {
		fprintf(stderr, "bpfsoc-asm: name a .s or .data file (see --help)\n");
		return 2;
	}

	char err[512];
	if (ends_with(path, ".data")) {
		struct bpf_testdata t;
		if (bpf_testdata_load(path, &t, err, sizeof err)) {
			fprintf(stderr, "bpfsoc-asm: %s\n", err);
			return 1;
		}
		if (mem)
			print_hex(t.mem, t.mem_len);
		else
			print_insns(t.insns, t.n_insns);
		if (mem && !t.mem_len)
			putchar('\n');
		bpf_testdata_free(&t);
		return 0;
	}
	if (mem) {
		fprintf(stderr, "bpfsoc-asm: --mem needs a .data file\n");
		return 2;
	}
	char *text = slurp(path);
	if (!text) {
		fprintf(stderr, "bpfsoc-asm: cannot read %s\n", path);
		return 1;
	}
	struct bpf_asm_opts o = { .sz = sizeof o, .name = path };
	uint64_t *w;
	uint32_t n;
	if (bpf_asm_ex(text, &o, &w, &n, err, sizeof err)) {
		fprintf(stderr, "bpfsoc-asm: %s\n", err);
		free(text);
		return 1;
	}
	print_insns(w, n);
	free(w);
	free(text);
	return 0;
}
