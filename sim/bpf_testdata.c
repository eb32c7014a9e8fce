/* bpf_testdata.c: reader of the bpf_conformance ".data" test format.
 *
 * One pass over the lines: a "-- NAME" line opens a section, every other
 * line belongs to the open section.  The asm section is kept as text and
 * assembled at the end with its line numbers, so assembler messages name
 * the line of the file.  The format is described in bpf_testdata.h and
 * tests/data/README.md.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_asm.h"
#include "bpf_testdata.h"
#include "generated/bpf_defs.h"

enum section {
	S_NONE,
	S_ASM,
	S_RAW,
	S_MEM,
	S_RESULT,
	S_ERROR,
	S_NOREG,
	S_MAP,
	S_C,
	S_FAULT,
	S_FAULT_PC,
	S_BUDGET,
	S_COUNT
};

static const struct {
	const char *name;
	enum section s;
} section_names[] = {
	{ "asm", S_ASM },
	{ "raw", S_RAW },
	{ "mem", S_MEM },
	{ "result", S_RESULT },
	{ "error", S_ERROR },
	{ "no register offset", S_NOREG },
	{ "map", S_MAP },
	{ "c", S_C },
	{ "fault", S_FAULT },
	{ "fault-pc", S_FAULT_PC },
	{ "budget", S_BUDGET },
};

#define ARRAY_LEN(x) (sizeof(x) / sizeof((x)[0]))

struct parser {
	struct bpf_testdata *t;
	const char *name;
	unsigned line;
	char *err;
	size_t errlen;

	size_t raw_cap, mem_cap, map_cap;
	unsigned n_result; /* values seen in -- result */
	unsigned n_single; /* values seen in the open one-value section */
};

static int fail(struct parser *p, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (p->err && p->errlen)
		snprintf(p->err, p->errlen, "%s:%u: %s", p->name, p->line, msg);
	return -1;
}

static char *dup_range(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = 0;
	}
	return d;
}

static char *dup_str(const char *s)
{
	return dup_range(s, strlen(s));
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t l = strlen(s);
	while (l && isspace((unsigned char)s[l - 1]))
		s[--l] = 0;
	return s;
}

static int ci_equal(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
	return *a == *b;
}

int bpf_testdata_fault_code(const char *name)
{
	for (unsigned c = 0; c < 32; c++) {
		const char *n = bpf_fault_name(c);
		if (!strcmp(n, "UNKNOWN"))
			break;
		if (ci_equal(n, name))
			return (int)c;
	}
	return -1;
}

/* Optional sign, then 0x-hex or decimal; the whole token.  Negative
 * values are taken modulo 2^64. */
static int parse_u64(const char *s, uint64_t *out)
{
	bool neg;
	uint64_t v;

	if (!bpf_parse_number(s, &neg, &v) || (neg && v > (uint64_t)1 << 63))
		return -1;
	*out = neg ? 0 - v : v;
	return 0;
}

static int grow(struct parser *p, void **buf, size_t *cap, size_t have, size_t elem)
{
	if (have < *cap)
		return 0;
	size_t ncap = *cap ? 2 * *cap : 64;
	void *nb = realloc(*buf, ncap * elem);
	if (!nb)
		return fail(p, "out of memory");
	*buf = nb;
	*cap = ncap;
	return 0;
}

static void strip_comment(char *s)
{
	char *h = strchr(s, '#');
	if (h)
		*h = 0;
}

/* Whitespace-separated tokens of a line, one at a time. */
static char *next_token(char **pos)
{
	char *s = *pos, *tok;

	while (isspace((unsigned char)*s))
		s++;
	if (!*s)
		return NULL;
	tok = s;
	while (*s && !isspace((unsigned char)*s))
		s++;
	if (*s)
		*s++ = 0;
	*pos = s;
	return tok;
}

/* The value of a one-value section on this line: 1 found, 0 none, -1 error. */
static int one_value(struct parser *p, char *line, const char *what, uint64_t max,
		     uint64_t *out)
{
	char *pos = line, *tok;
	int found = 0;

	strip_comment(line);
	while ((tok = next_token(&pos))) {
		uint64_t v;
		if (p->n_single++)
			return fail(p, "-- %s takes one value", what);
		if (parse_u64(tok, &v) || v > max)
			return fail(p, "bad %s value '%s'", what, tok);
		*out = v;
		found = 1;
	}
	return found;
}

static int section_line(struct parser *p, enum section s, char *line)
{
	struct bpf_testdata *t = p->t;
	char *pos = line, *tok;
	uint64_t v;

	switch (s) {
	case S_NONE: {
		char *l = trim(line);
		if (*l && *l != '#')
			return fail(p, "text before the first section (sections start with "
				    "'-- asm', '-- raw', ...)");
		return 0;
	}
	case S_ASM:
	case S_NOREG:
	case S_C:
	case S_COUNT:
		return 0;
	case S_RAW:
		strip_comment(line);
		while ((tok = next_token(&pos))) {
			if (parse_u64(tok, &v))
				return fail(p, "bad instruction word '%s' (0x-hex or decimal)", tok);
			if (grow(p, (void **)&t->insns, &p->raw_cap, t->n_insns, sizeof *t->insns))
				return -1;
			t->insns[t->n_insns++] = v;
		}
		return 0;
	case S_MEM:
		strip_comment(line);
		while ((tok = next_token(&pos))) {
			const char *h = tok;
			if (h[0] == '0' && (h[1] == 'x' || h[1] == 'X'))
				h += 2;
			size_t l = strlen(h);
			if (l < 1 || l > 2 || !isxdigit((unsigned char)h[0]) ||
			    (l == 2 && !isxdigit((unsigned char)h[1])))
				return fail(p, "bad memory byte '%s' (two hex digits)", tok);
			if (grow(p, (void **)&t->mem, &p->mem_cap, t->mem_len, 1))
				return -1;
			t->mem[t->mem_len++] = (uint8_t)strtoul(h, NULL, 16);
		}
		return 0;
	case S_RESULT:
		strip_comment(line);
		while ((tok = next_token(&pos))) {
			if (p->n_result++)
				return fail(p, "-- result takes one value");
			if (parse_u64(tok, &t->result))
				return fail(p, "bad result '%s' (0x-hex or decimal)", tok);
			t->has_result = true;
		}
		return 0;
	case S_ERROR: {
		char *l = trim(line);
		if (*l && !*t->error) {
			char *e = dup_str(l);
			if (!e)
				return fail(p, "out of memory");
			free(t->error);
			t->error = e;
		}
		return 0;
	}
	case S_MAP: {
		char *f[5];
		int n = 0;
		strip_comment(line);
		while ((tok = next_token(&pos))) {
			if (n == 5)
				return fail(p, "a map is: name type key_size value_size max_entries");
			f[n++] = tok;
		}
		if (n == 0)
			return 0;
		if (n != 5)
			return fail(p, "a map is: name type key_size value_size max_entries");
		uint64_t num[4];
		for (int i = 0; i < 4; i++)
			if (parse_u64(f[i + 1], &num[i]) || num[i] > UINT32_MAX)
				return fail(p, "bad map field '%s'", f[i + 1]);
		if (grow(p, (void **)&t->maps, &p->map_cap, t->n_maps, sizeof *t->maps))
			return -1;
		struct bpf_testdata_map *m = &t->maps[t->n_maps];
		if (!(m->name = dup_str(f[0])))
			return fail(p, "out of memory");
		m->type = (uint32_t)num[0];
		m->key_size = (uint32_t)num[1];
		m->value_size = (uint32_t)num[2];
		m->max_entries = (uint32_t)num[3];
		m->line = p->line;
		t->n_maps++;
		return 0;
	}
	case S_FAULT:
		strip_comment(line);
		while ((tok = next_token(&pos))) {
			int c = bpf_testdata_fault_code(tok);
			if (p->n_single++)
				return fail(p, "-- fault takes one fault name");
			if (c <= 0)
				return fail(p, "unknown fault '%s' (ILLEGAL_INSN, PC_BOUNDS, "
					    "LOAD_BOUNDS, STORE_BOUNDS, CALL_DEPTH, BUDGET, HELPER, "
					    "ABORTED)", tok);
			t->fault = (unsigned)c;
			t->has_fault = true;
		}
		return 0;
	case S_FAULT_PC:
		switch (one_value(p, line, "fault-pc", UINT32_MAX, &v)) {
		case -1:
			return -1;
		case 1:
			t->fault_pc = (uint32_t)v;
			t->has_fault_pc = true;
		}
		return 0;
	case S_BUDGET:
		switch (one_value(p, line, "budget", UINT32_MAX, &v)) {
		case -1:
			return -1;
		case 1:
			t->budget = (uint32_t)v;
			t->has_budget = true;
		}
		return 0;
	}
	return 0;
}

int bpf_testdata_parse(const char *text, const char *name, struct bpf_testdata *t,
		       char *err, size_t errlen)
{
	struct parser p = { .t = t, .name = name ? name : "<string>", .err = err,
			    .errlen = errlen };
	enum section cur = S_NONE;
	unsigned opened[S_COUNT] = { 0 }; /* line each section was opened on */
	const char *asm_start = NULL, *asm_end = NULL;
	char line[1024];

	memset(t, 0, sizeof *t);
	if (err && errlen)
		err[0] = 0;
	t->name = dup_str(p.name);
	t->error = dup_str("");
	if (!t->name || !t->error)
		goto oom;

	for (const char *s = text; *s;) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		size_t l = len;
		p.line++;
		if (l && s[l - 1] == '\r')
			l--;

		if (l >= 2 && s[0] == '-' && s[1] == '-') {
			if (l >= sizeof line) {
				fail(&p, "section line too long");
				goto out;
			}
			memcpy(line, s + 2, l - 2);
			line[l - 2] = 0;
			char *h = trim(line);
			for (char *c = h; *c; c++)
				*c = (char)tolower((unsigned char)*c);
			enum section ns = S_COUNT;
			for (size_t i = 0; i < ARRAY_LEN(section_names); i++)
				if (!strcmp(h, section_names[i].name))
					ns = section_names[i].s;
			if (ns == S_COUNT) {
				fail(&p, "unknown section '-- %s' (asm, raw, mem, result, error, map, "
				     "c, no register offset, fault, fault-pc, budget)", h);
				goto out;
			}
			if (opened[ns]) {
				fail(&p, "section '-- %s' given twice (first on line %u)", h,
				     opened[ns]);
				goto out;
			}
			if (cur == S_ASM)
				asm_end = s;
			opened[ns] = p.line;
			cur = ns;
			p.n_single = 0;
			if (ns == S_ASM) {
				asm_start = e ? e + 1 : s + len;
				t->asm_line = p.line + 1;
			}
			if (ns == S_ERROR)
				t->has_error = true;
			if (ns == S_NOREG)
				t->no_register_offset = true;
		} else if (cur != S_ASM && cur != S_C) {
			if (l >= sizeof line) {
				fail(&p, "line longer than %zu characters", sizeof line - 1);
				goto out;
			}
			memcpy(line, s, l);
			line[l] = 0;
			if (section_line(&p, cur, line))
				goto out;
		}
		s += len + (e != NULL);
		if (!e)
			break;
	}
	if (cur == S_ASM)
		asm_end = text + strlen(text);

	p.line = 0;
	if (!opened[S_ASM] && !opened[S_RAW]) {
		fail(&p, "no program: add an '-- asm' or '-- raw' section");
		goto out;
	}
	if (!t->has_result && !t->has_error && !t->has_fault) {
		p.line = opened[S_RESULT];
		fail(&p, "no expected outcome: add '-- result' with r0, or '-- error'");
		goto out;
	}
	if (opened[S_FAULT] && !t->has_fault) {
		p.line = opened[S_FAULT];
		fail(&p, "-- fault is empty: name the fault (e.g. PC_BOUNDS)");
		goto out;
	}
	if (opened[S_ASM] && !opened[S_RAW]) {
		/* with both, -- raw is the program, as in the suite's own reader */
		struct bpf_asm_opts o = { .sz = sizeof o, .name = p.name,
					  .first_line = t->asm_line };
		if (!(t->asm_text = dup_range(asm_start, (size_t)(asm_end - asm_start))))
			goto oom;
		if (bpf_asm_ex(t->asm_text, &o, &t->insns, &t->n_insns, err, errlen))
			goto out;
	} else {
		t->from_raw = true;
	}
	if (t->n_insns == 0) {
		p.line = opened[S_ASM] ? opened[S_ASM] : opened[S_RAW];
		fail(&p, "the program is empty");
		goto out;
	}
	return 0;

oom:
	fail(&p, "out of memory");
out:
	bpf_testdata_free(t);
	return -1;
}

int bpf_testdata_load(const char *path, struct bpf_testdata *t, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;
	int rc;

	memset(t, 0, sizeof *t);
	if (!f) {
		if (err && errlen)
			snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (n + 4096 + 1 > cap) {
			size_t ncap = cap ? 2 * cap : 16384;
			char *nb = realloc(buf, ncap);
			if (!nb) {
				free(buf);
				fclose(f);
				if (err && errlen)
					snprintf(err, errlen, "%s: out of memory", path);
				return -1;
			}
			buf = nb;
			cap = ncap;
		}
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		if (err && errlen)
			snprintf(err, errlen, "%s: read error", path);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	buf[n] = 0;
	if (strlen(buf) != n) {
		if (err && errlen)
			snprintf(err, errlen, "%s: contains a NUL byte: not a text file", path);
		free(buf);
		return -1;
	}
	rc = bpf_testdata_parse(buf, path, t, err, errlen);
	free(buf);
	return rc;
}

void bpf_testdata_free(struct bpf_testdata *t)
{
	if (!t)
		return;
	free(t->name);
	free(t->insns);
	free(t->asm_text);
	free(t->mem);
	free(t->error);
	for (unsigned i = 0; i < t->n_maps; i++)
		free(t->maps[i].name);
	free(t->maps);
	memset(t, 0, sizeof *t);
}
