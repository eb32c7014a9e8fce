/* object.c: reading an eBPF ELF object (libelf, and libbpf's BTF API).
 *
 * What it takes from an object built by clang -target bpf:
 *   - programs: each global function of an executable section other than
 *     .text (SEC("xdp"), SEC("xdp/..."), SEC("tc"), ...); a section without
 *     function symbols is one program;
 *   - subprograms: the functions of .text, appended to every program that
 *     calls into it (bpf-to-bpf calls, R_BPF_64_32);
 *   - maps: BTF-defined in .maps (type, key, value, key_size, value_size,
 *     max_entries, map_flags, and a prog array's static values), legacy
 *     struct bpf_map_def in "maps", and each .data*, .rodata*, .bss*
 *     section as a one-entry ARRAY named as libbpf names it;
 *   - lddw relocations (R_BPF_64_64) to maps and to global data;
 *   - line info from .BTF.ext, for messages.
 * Anything else a relocation may mean (externs, kconfig, CO-RE) is refused
 * with a message naming file, section and instruction.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <linux/btf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/btf.h>

#include "bpf_insn.h"
#include "bpf_pseudo.h"
#include "bpfsoc_proto.h"
#include "object.h"

#ifndef EM_BPF
#define EM_BPF 247
#endif
#define R_BPF_64_64 1
#define R_BPF_64_ABS64 2
#define R_BPF_64_ABS32 3
#define R_BPF_64_NODYLD32 4
#define R_BPF_64_32 10

enum { OBJ_NAME_LEN = 16 };

/* What open works with; freed when it ends. */
struct reader {
	struct bpfsoc_object *obj;
	int fd;
	Elf *elf;
	size_t shstrndx;
	Elf_Data *symtab;
	size_t n_syms, strtab;
	int text;                    /* .text's index, or -1 */
	int maps_sec, legacy_maps_sec;
	struct {
		uint32_t insn, file_off, line_off, line_col;
	} **lines;                   /* per section: line info records, by insn */
	size_t *n_lines;
};

static void pr_obj(const struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void pr_obj(const struct reader *r, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_warn("%s: %s\n", r->obj->path, msg);
}

static const char *sec_name(const struct reader *r, int i)
{
	return i >= 0 && (size_t)i < r->obj->n_secs && r->obj->sec_names[i] ? r->obj->sec_names[i] : "?";
}

static Elf_Data *sec_data(const struct reader *r, int i, GElf_Shdr *sh)
{
	Elf_Scn *scn = elf_getscn(r->elf, (size_t)i);

	if (!scn || !gelf_getshdr(scn, sh))
		return NULL;
	return elf_getdata(scn, NULL);
}

static int get_sym(const struct reader *r, size_t i, GElf_Sym *sym, const char **name)
{
	if (i >= r->n_syms || !gelf_getsym(r->symtab, (int)i, sym))
		return -EINVAL;
	*name = elf_strptr(r->elf, r->strtab, sym->st_name);
	if (!*name)
		*name = "";
	return 0;
}

static int is_data_sec(const char *n)
{
	return !strncmp(n, ".data", 5) || !strncmp(n, ".rodata", 7) || !strncmp(n, ".bss", 4);
}

/* ---- line info (.BTF.ext), for messages ---- */

static void read_lines(struct reader *r)
{
	GElf_Shdr sh;
	Elf_Data *d = NULL;

	r->lines = calloc(r->obj->n_secs, sizeof(*r->lines));
	r->n_lines = calloc(r->obj->n_secs, sizeof(*r->n_lines));
	if (!r->lines || !r->n_lines || !r->obj->btf)
		return;
	for (size_t i = 1; i < r->obj->n_secs; i++)
		if (!strcmp(sec_name(r, (int)i), ".BTF.ext"))
			d = sec_data(r, (int)i, &sh);
	if (!d || d->d_size < 32)
		return;
	/* header: magic u16, version u8, flags u8, hdr_len, func_info_off,
	 * func_info_len, line_info_off, line_info_len (u32 each) */
	const uint8_t *b = d->d_buf;
	uint32_t hdr_len, off, len, rec;
	memcpy(&hdr_len, b + 4, 4);
	memcpy(&off, b + 16, 4);
	memcpy(&len, b + 20, 4);
	if (b[0] != 0x9f || b[1] != 0xeb || (uint64_t)hdr_len + off + len > d->d_size || len < 4)
		return;
	const uint8_t *p = b + hdr_len + off, *end = p + len;
	memcpy(&rec, p, 4);
	p += 4;
	if (rec < 16)
		return;
	while (end - p >= 8) {
		uint32_t name_off, n;
		memcpy(&name_off, p, 4);
		memcpy(&n, p + 4, 4);
		p += 8;
		if ((uint64_t)n * rec > (uint64_t)(end - p))
			return;
		const char *sname = btf__str_by_offset(r->obj->btf, name_off);
		for (size_t s = 1; sname && s < r->obj->n_secs; s++) {
			if (strcmp(sec_name(r, (int)s), sname) || r->lines[s])
				continue;
			r->lines[s] = calloc(n ? n : 1, sizeof(**r->lines));
			if (!r->lines[s])
				return;
			for (uint32_t k = 0; k < n; k++) {
				memcpy(&r->lines[s][k], p + (size_t)k * rec, 16);
				r->lines[s][k].insn /= 8;
			}
			r->n_lines[s] = n;
		}
		p += (size_t)n * rec;
	}
}

/* The source line of instruction insn of section s: the last record at
 * or before it */
static void insn_source(const struct reader *r, int s, uint32_t insn, struct insn_src *src)
{
	src->sec = s;
	src->sec_insn = insn;
	src->file = NULL;
	src->line = src->col = 0;
	for (size_t k = 0; r->lines && k < r->n_lines[s]; k++) {
		if (r->lines[s][k].insn > insn)
			break;
		src->file = btf__str_by_offset(r->obj->btf, r->lines[s][k].file_off);
		src->line = r->lines[s][k].line_col >> 10;
		src->col = r->lines[s][k].line_col & 0x3ff;
	}
}

void bpfsoc_insn_where(const struct bpfsoc_program *p, uint32_t insn, char *buf, size_t len)
{
	const struct insn_src *s = insn < p->n_insns ? &p->src[insn] : NULL;
	int n = snprintf(buf, len, "%s: section %s, program %s, insn %u", p->obj->path, p->sec_name,
			 p->name, insn);

	if (s && s->sec != p->sec && n > 0 && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, " (%s insn %u)",
			      p->obj->sec_names[s->sec], s->sec_insn);
	if (s && s->file && n > 0 && (size_t)n < len) {
		const char *f = strrchr(s->file, '/');
		snprintf(buf + n, len - (size_t)n, " (%s:%u)", f ? f + 1 : s->file, s->line);
	}
}

/* ---- maps ---- */

static struct bpfsoc_map *add_map(struct reader *r, const char *name, enum map_kind kind, int sec,
				  uint64_t off)
{
	struct bpfsoc_object *o = r->obj;
	struct bpfsoc_map *m;

	m = realloc(o->maps, (o->n_maps + 1) * sizeof(*o->maps));
	if (!m)
		return NULL;
	o->maps = m;
	m = &o->maps[o->n_maps++];
	memset(m, 0, sizeof(*m));
	m->obj = o;
	m->name = strdup(name);
	m->kind = kind;
	m->sec = sec;
	m->sec_off = off;
	return m->name ? m : NULL;
}

/* A BTF type with modifiers and typedefs stripped: its id */
static uint32_t skip_mods(const struct btf *btf, uint32_t id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	while (t && (btf_kind(t) == BTF_KIND_TYPEDEF || btf_kind(t) == BTF_KIND_VOLATILE ||
		     btf_kind(t) == BTF_KIND_CONST || btf_kind(t) == BTF_KIND_RESTRICT ||
		     btf_kind(t) == BTF_KIND_TYPE_TAG)) {
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	return id;
}

/* __uint(name, N) is `int (*name)[N]`: N */
static int btf_uint(const struct btf *btf, uint32_t type, uint32_t *v)
{
	const struct btf_type *t = btf__type_by_id(btf, skip_mods(btf, type));

	if (!t || btf_kind(t) != BTF_KIND_PTR)
		return -EINVAL;
	t = btf__type_by_id(btf, skip_mods(btf, t->type));
	if (!t || btf_kind(t) != BTF_KIND_ARRAY)
		return -EINVAL;
	*v = btf_array(t)->nelems;
	return 0;
}

/* One BTF-defined map: the struct type of its variable */
static int parse_btf_map(struct reader *r, const char *name, uint64_t off, uint64_t size)
{
	const struct btf *btf = r->obj->btf;
	struct bpfsoc_map *m;
	int32_t var;
	const struct btf_type *t;

	if (!btf) {
		pr_obj(r, "map '%s' is in .maps but the object has no BTF (build with -g)", name);
		return -EINVAL;
	}
	var = btf__find_by_name_kind(btf, name, BTF_KIND_VAR);
	if (var < 0) {
		pr_obj(r, "map '%s': no BTF variable of that name", name);
		return -EINVAL;
	}
	t = btf__type_by_id(btf, skip_mods(btf, btf__type_by_id(btf, (uint32_t)var)->type));
	if (!t || btf_kind(t) != BTF_KIND_STRUCT) {
		pr_obj(r, "map '%s': its BTF type is not a struct", name);
		return -EINVAL;
	}
	if (!(m = add_map(r, name, MAP_USER, r->maps_sec, off)))
		return -ENOMEM;
	const struct btf_member *mb = btf_members(t);
	for (unsigned i = 0; i < btf_vlen(t); i++, mb++) {
		const char *mn = btf__name_by_offset(btf, mb->name_off);
		int rc = 0;

		if (!strcmp(mn, "type"))
			rc = btf_uint(btf, mb->type, &m->type);
		else if (!strcmp(mn, "max_entries"))
			rc = btf_uint(btf, mb->type, &m->max_entries);
		else if (!strcmp(mn, "map_flags"))
			rc = btf_uint(btf, mb->type, &m->flags);
		else if (!strcmp(mn, "key_size"))
			rc = btf_uint(btf, mb->type, &m->key_size);
		else if (!strcmp(mn, "value_size"))
			rc = btf_uint(btf, mb->type, &m->value_size);
		else if (!strcmp(mn, "key") || !strcmp(mn, "value")) {
			const struct btf_type *p = btf__type_by_id(btf, skip_mods(btf, mb->type));
			if (!p || btf_kind(p) != BTF_KIND_PTR) {
				rc = -EINVAL;
			} else {
				int64_t sz = btf__resolve_size(btf, p->type);
				if (sz < 0)
					rc = -EINVAL;
				else if (mn[0] == 'k')
					m->key_size = (uint32_t)sz, m->btf_key_id = p->type;
				else
					m->value_size = (uint32_t)sz, m->btf_value_id = p->type;
			}
		} else if (!strcmp(mn, "values")) {
			/* a prog array's static slots: filled from .rel.maps */
			m->sec_off = off;
		} else if (!strcmp(mn, "pinning")) {
			pr_warn("%s: map '%s': pinning has no meaning on the device; ignored\n",
				r->obj->path, name);
		} else {
			pr_obj(r, "map '%s': attribute '%s' is not supported", name, mn);
			return -ENOTSUP;
		}
		if (rc) {
			pr_obj(r, "map '%s': attribute '%s' is malformed", name, mn);
			return -EINVAL;
		}
	}
	/* libbpf's defaults: a prog array of u32 keys and program values */
	if (m->type == BPFSOC_MAP_TYPE_PROG_ARRAY) {
		if (!m->key_size)
			m->key_size = 4;
		if (!m->value_size)
			m->value_size = 4;
	}
	(void)size;
	return 0;
}

/* Legacy maps: struct bpf_map_def { type, key_size, value_size,
 * max_entries, map_flags } per symbol */
static int parse_legacy_map(struct reader *r, const char *name, uint64_t off, Elf_Data *d)
{
	uint32_t def[5] = {0};
	struct bpfsoc_map *m;

	if (off + 20 > d->d_size) {
		pr_obj(r, "section maps: map '%s' at offset %llu is cut short", name,
		       (unsigned long long)off);
		return -EINVAL;
	}
	memcpy(def, (const uint8_t *)d->d_buf + off, 20);
	if (!(m = add_map(r, name, MAP_USER, r->legacy_maps_sec, off)))
		return -ENOMEM;
	m->type = def[0];
	m->key_size = def[1];
	m->value_size = def[2];
	m->max_entries = def[3];
	m->flags = def[4];
	return 0;
}

/* .data, .rodata, .bss and their suffixed kin: one-entry arrays, named as
 * libbpf names them (up to 8 characters of the object's name, then the
 * section's, 15 in all) */
static int add_data_map(struct reader *r, int sec, const char *sname, Elf_Data *d,
			const GElf_Shdr *sh)
{
	char name[OBJ_NAME_LEN];
	size_t sfx = strlen(sname) < OBJ_NAME_LEN - 1 ? strlen(sname) : OBJ_NAME_LEN - 1;
	size_t pfx = OBJ_NAME_LEN - 1 - sfx < 8 ? OBJ_NAME_LEN - 1 - sfx : 8;
	enum map_kind kind = sname[1] == 'r' ? MAP_RODATA : sname[1] == 'b' ? MAP_BSS : MAP_DATA;
	struct bpfsoc_map *m;

	snprintf(name, sizeof(name), "%.*s%.*s", (int)pfx, r->obj->name, (int)sfx, sname);
	if (!(m = add_map(r, name, kind, sec, 0)))
		return -ENOMEM;
	m->type = BPFSOC_MAP_TYPE_ARRAY;
	m->key_size = 4;
	m->value_size = (uint32_t)sh->sh_size;
	m->max_entries = 1;
	m->data = calloc(1, sh->sh_size ? sh->sh_size : 1);
	if (!m->data)
		return -ENOMEM;
	if (sh->sh_type != SHT_NOBITS && d && d->d_buf)
		memcpy(m->data, d->d_buf, d->d_size < sh->sh_size ? d->d_size : sh->sh_size);
	if (r->obj->btf) {
		int32_t ds = btf__find_by_name_kind(r->obj->btf, sname, BTF_KIND_DATASEC);
		if (ds > 0)
			m->btf_value_id = (uint32_t)ds;
	}
	return 0;
}

static struct bpfsoc_map *map_at(struct bpfsoc_object *o, int sec, uint64_t off)
{
	for (size_t i = 0; i < o->n_maps; i++)
		if (o->maps[i].sec == sec && (o->maps[i].kind != MAP_USER || o->maps[i].sec_off == off))
			return &o->maps[i];
	return NULL;
}

/* A prog array's `.values = { [i] = &prog }`: .rel.maps relocations at
 * the slots of its values member */
static int map_inits(struct reader *r, Elf_Data *rel, const GElf_Shdr *rsh)
{
	const struct btf *btf = r->obj->btf;

	for (size_t k = 0; k < rsh->sh_size / rsh->sh_entsize; k++) {
		GElf_Rel rl;
		GElf_Sym sym;
		const char *sname;

		if (!gelf_getrel(rel, (int)k, &rl) || get_sym(r, GELF_R_SYM(rl.r_info), &sym, &sname))
			return -EINVAL;
		/* the map whose definition holds this offset */
		struct bpfsoc_map *m = NULL;
		uint64_t best = 0;
		for (size_t i = 0; i < r->obj->n_maps; i++) {
			struct bpfsoc_map *c = &r->obj->maps[i];
			if (c->kind == MAP_USER && c->sec == r->maps_sec && c->sec_off <= rl.r_offset &&
			    (!m || c->sec_off >= best))
				m = c, best = c->sec_off;
		}
		if (!m || !btf) {
			pr_obj(r, "section .maps: a relocation at offset %llu lies in no map",
			       (unsigned long long)rl.r_offset);
			return -EINVAL;
		}
		/* the values member's offset in the map's struct */
		int32_t var = btf__find_by_name_kind(btf, m->name, BTF_KIND_VAR);
		const struct btf_type *t = btf__type_by_id(btf, skip_mods(btf, btf__type_by_id(btf, (uint32_t)var)->type));
		const struct btf_member *mb = btf_members(t);
		uint64_t values_off = UINT64_MAX;
		for (unsigned i = 0; i < btf_vlen(t); i++, mb++)
			if (!strcmp(btf__name_by_offset(btf, mb->name_off), "values"))
				values_off = mb->offset / 8;
		uint64_t at = rl.r_offset - m->sec_off;
		if (values_off == UINT64_MAX || at < values_off || (at - values_off) % 8 ||
		    m->type != BPFSOC_MAP_TYPE_PROG_ARRAY) {
			pr_obj(r, "map '%s': a relocation at byte %llu of its definition is not a "
			       "prog array's .values slot", m->name, (unsigned long long)at);
			return -EINVAL;
		}
		struct map_init *in = realloc(m->inits, (m->n_inits + 1) * sizeof(*in));
		if (!in)
			return -ENOMEM;
		m->inits = in;
		in[m->n_inits].index = (uint32_t)((at - values_off) / 8);
		in[m->n_inits].prog = strdup(sname);
		m->n_inits++;
	}
	return 0;
}

/* ---- programs ---- */

static int add_prog(struct reader *r, const char *name, int sec, uint64_t off, uint64_t size)
{
	struct bpfsoc_object *o = r->obj;
	struct bpfsoc_program *p;

	if (size % 8 || off % 8) {
		pr_obj(r, "section %s: program %s is not whole instructions (%llu bytes at %llu)",
		       sec_name(r, sec), name, (unsigned long long)size, (unsigned long long)off);
		return -EINVAL;
	}
	p = realloc(o->progs, (o->n_progs + 1) * sizeof(*o->progs));
	if (!p)
		return -ENOMEM;
	o->progs = p;
	p = &o->progs[o->n_progs++];
	memset(p, 0, sizeof(*p));
	p->obj = o;
	p->name = strdup(name);
	p->sec_name = strdup(sec_name(r, sec));
	p->sec = sec;
	p->id = -1;
	p->n_own = (uint32_t)(size / 8);
	/* off is kept in sec_insn of src[0] until the image is built */
	p->src = calloc(1, sizeof(*p->src));
	if (!p->name || !p->sec_name || !p->src)
		return -ENOMEM;
	p->src[0].sec_insn = (uint32_t)(off / 8);
	return 0;
}

/* The relocations of section s (its .rel section), or NULL */
static Elf_Data *rel_of(const struct reader *r, int s, GElf_Shdr *rsh)
{
	for (size_t i = 1; i < r->obj->n_secs; i++) {
		Elf_Data *d = sec_data(r, (int)i, rsh);
		if (d && rsh->sh_type == SHT_REL && rsh->sh_info == (GElf_Word)s)
			return d;
	}
	return NULL;
}

static int add_reloc(struct bpfsoc_program *p, uint32_t insn, enum reloc_kind k,
		     struct bpfsoc_map *m, uint32_t off)
{
	struct reloc *rl = realloc(p->relocs, (p->n_relocs + 1) * sizeof(*rl));

	if (!rl)
		return -ENOMEM;
	p->relocs = rl;
	rl[p->n_relocs++] = (struct reloc){insn, k, m, off};
	return 0;
}

/* Copy section s's instructions [first, first + n) to the image at base
 * and resolve their relocations; calls are resolved after, in link_prog(). */
static int place(struct reader *r, struct bpfsoc_program *p, int s, uint32_t first, uint32_t n,
		 uint32_t base)
{
	GElf_Shdr sh, rsh;
	Elf_Data *d = sec_data(r, s, &sh), *rel = rel_of(r, s, &rsh);

	if (!d || (uint64_t)(first + n) * 8 > d->d_size)
		return -EINVAL;
	memcpy(p->insns + base, (const uint8_t *)d->d_buf + (size_t)first * 8, (size_t)n * 8);
	for (uint32_t i = 0; i < n; i++)
		insn_source(r, s, first + i, &p->src[base + i]);
	for (size_t k = 0; rel && k < rsh.sh_size / rsh.sh_entsize; k++) {
		GElf_Rel rl;
		GElf_Sym sym;
		const char *sname;
		char where[384];

		if (!gelf_getrel(rel, (int)k, &rl) || get_sym(r, GELF_R_SYM(rl.r_info), &sym, &sname))
			return -EINVAL;
		uint64_t at = rl.r_offset / 8;
		if (rl.r_offset % 8 || at < first || at >= first + n)
			continue;
		uint32_t idx = base + (uint32_t)(at - first);
		uint64_t *in = &p->insns[idx];
		unsigned type = (unsigned)GELF_R_TYPE(rl.r_info);
		unsigned op = (unsigned)(*in & 0xff);

		bpfsoc_insn_where(p, idx, where, sizeof(where));
		if (type == R_BPF_64_32 && op == BPF_OP_CALL)
			continue;   /* a call: link_prog() */
		if (type != R_BPF_64_64 || op != BPF_OP_LDDW) {
			pr_warn("%s: relocation type %u against '%s' is not supported here\n", where,
				type, sname);
			return -ENOTSUP;
		}
		if (sym.st_shndx == SHN_UNDEF) {
			pr_warn("%s: '%s' is an extern (kconfig, ksym): not supported\n", where, sname);
			return -ENOTSUP;
		}
		int ts = (int)sym.st_shndx;
		const char *tn = sec_name(r, ts);
		int32_t imm = (int32_t)(*in >> 32);
		struct bpfsoc_map *m;
		int rc;

		if (ts == r->maps_sec || ts == r->legacy_maps_sec) {
			if (!(m = map_at(r->obj, ts, sym.st_value))) {
				pr_warn("%s: no map at offset %llu of %s ('%s')\n", where,
					(unsigned long long)sym.st_value, tn, sname);
				return -EINVAL;
			}
			rc = add_reloc(p, idx, RELO_MAP, m, 0);
			*in = (*in & ~0xf000ull) | (uint64_t)BPF_PSEUDO_MAP_FD << 12;
		} else if (is_data_sec(tn) && (m = map_at(r->obj, ts, 0))) {
			uint64_t off = sym.st_value + (uint64_t)(int64_t)imm;
			if (off >= m->value_size && !(off == 0 && m->value_size == 0)) {
				pr_warn("%s: '%s' + %d lies past the end of %s (%u bytes)\n", where,
					sname, imm, tn, m->value_size);
				return -EINVAL;
			}
			rc = add_reloc(p, idx, RELO_MAP_VALUE, m, (uint32_t)off);
			*in = (*in & ~0xf000ull) | (uint64_t)BPF_PSEUDO_MAP_VALUE << 12;
		} else {
			pr_warn("%s: lddw of '%s' in section %s: only maps and global data can be "
				"loaded\n", where, sname, tn);
			return -ENOTSUP;
		}
		if (rc)
			return rc;
		*in &= 0xffffffffull;   /* the value comes at load */
	}
	return 0;
}

/* The callee of the pseudo call at image index i, resolved through its
 * relocation if it has one: image index, or -errno */
static int64_t call_target(struct reader *r, struct bpfsoc_program *p, uint32_t i, int s,
			   uint32_t sec_insn, uint32_t own_first)
{
	GElf_Shdr rsh;
	Elf_Data *rel = rel_of(r, s, &rsh);
	int32_t imm = (int32_t)(p->insns[i] >> 32);
	int ts = s;
	int64_t t = (int64_t)sec_insn + imm + 1;   /* in section ts */

	for (size_t k = 0; rel && k < rsh.sh_size / rsh.sh_entsize; k++) {
		GElf_Rel rl;
		GElf_Sym sym;
		const char *sname;

		if (!gelf_getrel(rel, (int)k, &rl) || rl.r_offset != (uint64_t)sec_insn * 8 ||
		    get_sym(r, GELF_R_SYM(rl.r_info), &sym, &sname))
			continue;
		ts = (int)sym.st_shndx;
		t = (int64_t)(sym.st_value / 8) + imm + 1;
		break;
	}
	if (ts == r->text && r->text >= 0 && ts != p->sec)
		return (int64_t)p->n_own + t;
	if (ts == p->sec && s == p->sec && t >= own_first && t < own_first + p->n_own)
		return t - own_first;
	if (ts == p->sec && s == r->text && r->text == p->sec)
		return t;
	return -EINVAL;
}

/* The program's image: its function, and .text behind it if it calls
 * into it; every pseudo call's offset made relative to the image */
static int link_prog(struct reader *r, struct bpfsoc_program *p)
{
	uint32_t own_first = p->src[0].sec_insn, n_text = 0;
	int need_text = 0, rc;
	GElf_Shdr sh;
	char where[384];

	if (r->text >= 0 && r->text != p->sec && sec_data(r, r->text, &sh))
		n_text = (uint32_t)(sh.sh_size / 8);
	/* does it call out of its own function? (then .text comes along) */
	{
		GElf_Shdr psh;
		Elf_Data *d = sec_data(r, p->sec, &psh);
		for (uint32_t i = 0; d && i < p->n_own; i++) {
			uint64_t in;
			memcpy(&in, (const uint8_t *)d->d_buf + (size_t)(own_first + i) * 8, 8);
			if ((in & 0xff) == BPF_OP_CALL && ((in >> 12) & 0xf) == BPF_CALL_SRC_LOCAL)
				need_text = 1;
		}
	}
	if (!need_text)
		n_text = 0;
	free(p->src);
	p->n_insns = p->n_own + n_text;
	p->insns = calloc(p->n_insns ? p->n_insns : 1, 8);
	p->src = calloc(p->n_insns ? p->n_insns : 1, sizeof(*p->src));
	if (!p->insns || !p->src)
		return -ENOMEM;
	if ((rc = place(r, p, p->sec, own_first, p->n_own, 0)))
		return rc;
	if (n_text && (rc = place(r, p, r->text, 0, n_text, p->n_own)))
		return rc;
	for (uint32_t i = 0; i < p->n_insns; i++) {
		uint64_t in = p->insns[i];

		if ((in & 0xff) != BPF_OP_CALL || ((in >> 12) & 0xf) != BPF_CALL_SRC_LOCAL)
			continue;
		int s = i < p->n_own ? p->sec : r->text;
		uint32_t si = i < p->n_own ? own_first + i : i - p->n_own;
		int64_t t = call_target(r, p, i, s, si, own_first);
		if (t < 0 || t >= p->n_insns) {
			bpfsoc_insn_where(p, i, where, sizeof(where));
			pr_warn("%s: a bpf-to-bpf call to a function outside this program and .text\n",
				where);
			return -EINVAL;
		}
		int32_t rel = (int32_t)(t - (int64_t)i - 1);
		p->insns[i] = (in & 0xffffffffull) | (uint64_t)(uint32_t)rel << 32;
	}
	return 0;
}

/* ---- open ---- */

static int read_elf(struct reader *r)
{
	struct bpfsoc_object *o = r->obj;
	GElf_Ehdr eh;
	int rc;

	char magic[4] = "";
	struct stat fst;
	if (pread(r->fd, magic, 4, 0) == 4 && !memcmp(magic, ELFMAG, 4) && fstat(r->fd, &fst) == 0 &&
	    (uint64_t)fst.st_size < sizeof(Elf64_Ehdr)) {
		pr_obj(r, "truncated: %lld bytes, shorter than an ELF header (%zu)",
		       (long long)fst.st_size, sizeof(Elf64_Ehdr));
		return -ENOEXEC;
	}
	if (elf_kind(r->elf) != ELF_K_ELF) {
		pr_obj(r, "not an ELF object: it does not start with \\x7fELF (%s)",
		       elf_kind(r->elf) == ELF_K_AR ? "an ar archive" : "build it with clang -target bpf -c");
		return -ENOEXEC;
	}
	if (!gelf_getehdr(r->elf, &eh)) {
		pr_obj(r, "an ELF file whose header cannot be read (%s): a truncated file?",
		       elf_errmsg(-1));
		return -ENOEXEC;
	}
	if (eh.e_machine != EM_BPF) {
		pr_obj(r, "machine type %u, not BPF (%u): build it with clang -target bpf",
		       eh.e_machine, EM_BPF);
		return -ENOEXEC;
	}
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB) {
		pr_obj(r, "not a 64-bit little-endian object (a big-endian bpfeb build?): the core "
		       "is little-endian");
		return -ENOEXEC;
	}
	if (eh.e_type != ET_REL) {
		pr_obj(r, "ELF type %u, not a relocatable object (ET_REL)", eh.e_type);
		return -ENOEXEC;
	}
	/* a truncated file: say so, with the byte offsets, before libelf's
	 * vaguer complaints */
	struct stat st;
	if (fstat(r->fd, &st) == 0 &&
	    eh.e_shoff + (uint64_t)eh.e_shnum * eh.e_shentsize > (uint64_t)st.st_size) {
		pr_obj(r, "truncated: its section headers at bytes %llu..%llu lie past the end of "
		       "the file (%lld bytes)", (unsigned long long)eh.e_shoff,
		       (unsigned long long)(eh.e_shoff + (uint64_t)eh.e_shnum * eh.e_shentsize),
		       (long long)st.st_size);
		return -EINVAL;
	}
	if (elf_getshdrstrndx(r->elf, &r->shstrndx) || elf_getshdrnum(r->elf, &o->n_secs)) {
		pr_obj(r, "no section headers: %s", elf_errmsg(-1));
		return -EINVAL;
	}
	o->sec_names = calloc(o->n_secs, sizeof(*o->sec_names));
	if (!o->sec_names)
		return -ENOMEM;
	r->text = r->maps_sec = r->legacy_maps_sec = -1;
	for (size_t i = 1; i < o->n_secs; i++) {
		GElf_Shdr sh;
		Elf_Scn *scn = elf_getscn(r->elf, i);
		const char *n;

		if (!scn || !gelf_getshdr(scn, &sh)) {
			pr_obj(r, "section %zu: a bad section header", i);
			return -EINVAL;
		}
		n = elf_strptr(r->elf, r->shstrndx, sh.sh_name);
		o->sec_names[i] = strdup(n ? n : "");
		if (!o->sec_names[i])
			return -ENOMEM;
		if (sh.sh_type != SHT_NOBITS && sh.sh_offset + sh.sh_size > (uint64_t)st.st_size) {
			pr_obj(r, "truncated: section %s, bytes %llu..%llu, lies past the end of the "
			       "file (%lld bytes)", o->sec_names[i], (unsigned long long)sh.sh_offset,
			       (unsigned long long)(sh.sh_offset + sh.sh_size), (long long)st.st_size);
			return -EINVAL;
		}
		if (sh.sh_type != SHT_NOBITS && sh.sh_size && !elf_getdata(scn, NULL)) {
			pr_obj(r, "section %s: its %llu bytes cannot be read (a truncated file?)",
			       o->sec_names[i], (unsigned long long)sh.sh_size);
			return -EINVAL;
		}
		if (sh.sh_type == SHT_SYMTAB) {
			r->symtab = elf_getdata(scn, NULL);
			r->strtab = sh.sh_link;
			r->n_syms = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
		}
		if (!strcmp(o->sec_names[i], ".text"))
			r->text = (int)i;
		else if (!strcmp(o->sec_names[i], ".maps"))
			r->maps_sec = (int)i;
		else if (!strcmp(o->sec_names[i], "maps"))
			r->legacy_maps_sec = (int)i;
	}
	if (!r->symtab) {
		pr_obj(r, "no symbol table");
		return -EINVAL;
	}
	o->btf = btf__parse_elf(o->path, &o->btf_ext);
	if (!o->btf) {   /* libbpf 1.x: NULL and errno on failure */
		o->btf = NULL;
		o->btf_ext = NULL;
	}
	read_lines(r);

	/* maps first: programs' relocations name them */
	for (size_t i = 1; i < o->n_secs; i++) {
		GElf_Shdr sh;
		Elf_Data *d = sec_data(r, (int)i, &sh);

		if (is_data_sec(o->sec_names[i]) && !(sh.sh_flags & SHF_EXECINSTR) &&
		    (rc = add_data_map(r, (int)i, o->sec_names[i], d, &sh)))
			return rc;
	}
	for (size_t k = 1; k < r->n_syms; k++) {
		GElf_Sym sym;
		const char *name;
		GElf_Shdr sh;

		if (get_sym(r, k, &sym, &name))
			return -EINVAL;
		int s = (int)sym.st_shndx;
		if (GELF_ST_TYPE(sym.st_info) == STT_SECTION || !name[0])
			continue;
		if (s == r->maps_sec && s > 0)
			rc = parse_btf_map(r, name, sym.st_value, sym.st_size);
		else if (s == r->legacy_maps_sec && s > 0)
			rc = parse_legacy_map(r, name, sym.st_value, sec_data(r, s, &sh));
		else
			continue;
		if (rc)
			return rc;
	}
	/* every relocation of code names an instruction and a symbol */
	for (size_t i = 1; i < o->n_secs; i++) {
		GElf_Shdr rsh, tsh;
		Elf_Data *rel = sec_data(r, (int)i, &rsh);

		if (!rel || rsh.sh_type != SHT_REL || !rsh.sh_info || rsh.sh_info >= o->n_secs ||
		    !sec_data(r, (int)rsh.sh_info, &tsh) || !(tsh.sh_flags & SHF_EXECINSTR))
			continue;
		for (size_t k = 0; rsh.sh_entsize && k < rsh.sh_size / rsh.sh_entsize; k++) {
			GElf_Rel rl;
			GElf_Sym sym;
			const char *sname;

			if (!gelf_getrel(rel, (int)k, &rl)) {
				pr_obj(r, "section %s: relocation %zu cannot be read", o->sec_names[i], k);
				return -EINVAL;
			}
			if (rl.r_offset % 8 || rl.r_offset >= tsh.sh_size) {
				pr_obj(r, "section %s: relocation %zu (of %s) at byte %llu is not at an "
				       "instruction of its %llu bytes", o->sec_names[rsh.sh_info], k,
				       o->sec_names[i], (unsigned long long)rl.r_offset,
				       (unsigned long long)tsh.sh_size);
				return -EINVAL;
			}
			if (get_sym(r, GELF_R_SYM(rl.r_info), &sym, &sname)) {
				pr_obj(r, "section %s: relocation %zu (of %s, insn %llu) names symbol %llu; "
				       "the symbol table has %zu", o->sec_names[rsh.sh_info], k,
				       o->sec_names[i], (unsigned long long)rl.r_offset / 8,
				       (unsigned long long)GELF_R_SYM(rl.r_info), r->n_syms);
				return -EINVAL;
			}
		}
	}
	if (r->maps_sec > 0) {
		GElf_Shdr rsh;
		Elf_Data *rel = rel_of(r, r->maps_sec, &rsh);
		if (rel && (rc = map_inits(r, rel, &rsh)))
			return rc;
	}

	/* programs: global functions of executable sections but .text */
	for (size_t i = 1; i < o->n_secs; i++) {
		GElf_Shdr sh;
		Elf_Data *d = sec_data(r, (int)i, &sh);
		int found = 0;

		if (!d || !(sh.sh_flags & SHF_EXECINSTR) || (int)i == r->text || !sh.sh_size)
			continue;
		for (size_t k = 1; k < r->n_syms; k++) {
			GElf_Sym sym;
			const char *name;

			if (get_sym(r, k, &sym, &name))
				return -EINVAL;
			if (sym.st_shndx != i || GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
			    GELF_ST_BIND(sym.st_info) != STB_GLOBAL)
				continue;
			if (sym.st_value + sym.st_size > sh.sh_size) {
				pr_obj(r, "section %s: function %s lies past the section's end",
				       o->sec_names[i], name);
				return -EINVAL;
			}
			if ((rc = add_prog(r, name, (int)i, sym.st_value, sym.st_size)))
				return rc;
			found = 1;
		}
		if (!found && (rc = add_prog(r, o->sec_names[i], (int)i, 0, sh.sh_size)))
			return rc;
	}
	if (!o->n_progs) {
		pr_obj(r, "no programs: no executable section but .text");
		return -ENOENT;
	}
	for (size_t i = 0; i < o->n_progs; i++)
		if ((rc = link_prog(r, &o->progs[i])))
			return rc;
	/* a prog array's static slots name programs of this object */
	for (size_t i = 0; i < o->n_maps; i++)
		for (size_t k = 0; k < o->maps[i].n_inits; k++)
			if (!bpfsoc_object__find_program_by_name(o, o->maps[i].inits[k].prog)) {
				pr_obj(r, "map '%s': slot %u names '%s', not a program of this object",
				       o->maps[i].name, o->maps[i].inits[k].index,
				       o->maps[i].inits[k].prog);
				return -EINVAL;
			}
	return 0;
}

int bpfsoc_object__open(const char *path, const struct bpfsoc_object_open_opts *opts,
			struct bpfsoc_object **out)
{
	struct bpfsoc_object *o = calloc(1, sizeof(*o));
	struct reader r = {.obj = o, .fd = -1};
	int rc;

	(void)opts;
	*out = NULL;
	if (!o)
		return -ENOMEM;
	o->path = strdup(path);
	const char *base = strrchr(path, '/');
	o->name = strdup(base ? base + 1 : path);
	if (!o->path || !o->name) {
		bpfsoc_object__close(o);
		return -ENOMEM;
	}
	char *dot = strchr(o->name, '.');
	if (dot)
		*dot = '\0';
	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EINVAL;
	r.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r.fd < 0) {
		rc = -errno;
		pr_warn("%s: %s\n", path, strerror(errno));
		bpfsoc_object__close(o);
		return rc;
	}
	r.elf = elf_begin(r.fd, ELF_C_READ, NULL);
	if (!r.elf) {
		pr_warn("%s: not an ELF object (%s)\n", path, elf_errmsg(-1));
		rc = -ENOEXEC;
	} else {
		rc = read_elf(&r);
	}
	if (r.lines)
		for (size_t i = 0; i < o->n_secs; i++)
			free(r.lines[i]);
	free(r.lines);
	free(r.n_lines);
	if (r.elf)
		elf_end(r.elf);
	close(r.fd);
	if (rc) {
		bpfsoc_object__close(o);
		return rc;
	}
	*out = o;
	return 0;
}

void bpfsoc_object__close(struct bpfsoc_object *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->n_progs; i++) {
		free(o->progs[i].name);
		free(o->progs[i].sec_name);
		free(o->progs[i].insns);
		free(o->progs[i].src);
		free(o->progs[i].relocs);
	}
	for (size_t i = 0; i < o->n_maps; i++) {
		free(o->maps[i].name);
		free(o->maps[i].data);
		for (size_t k = 0; k < o->maps[i].n_inits; k++)
			free(o->maps[i].inits[k].prog);
		free(o->maps[i].inits);
	}
	for (size_t i = 0; i < o->n_secs; i++)
		free(o->sec_names[i]);
	free(o->sec_names);
	free(o->progs);
	free(o->maps);
	btf__free(o->btf);
	btf_ext__free(o->btf_ext);
	free(o->path);
	free(o->name);
	free(o);
}

/* ---- accessors ---- */

const char *bpfsoc_object__name(const struct bpfsoc_object *o)
{
	return o->name;
}

const char *bpfsoc_object__path(const struct bpfsoc_object *o)
{
	return o->path;
}

const void *bpfsoc_object__btf(const struct bpfsoc_object *o)
{
	return o->btf;
}

struct bpfsoc_program *bpfsoc_object__next_program(const struct bpfsoc_object *o,
						   const struct bpfsoc_program *prev)
{
	size_t i = prev ? (size_t)(prev - o->progs) + 1 : 0;

	return i < o->n_progs ? &o->progs[i] : NULL;
}

struct bpfsoc_map *bpfsoc_object__next_map(const struct bpfsoc_object *o,
					   const struct bpfsoc_map *prev)
{
	size_t i = prev ? (size_t)(prev - o->maps) + 1 : 0;

	return i < o->n_maps ? &o->maps[i] : NULL;
}

struct bpfsoc_program *bpfsoc_object__find_program_by_name(const struct bpfsoc_object *o,
							   const char *name)
{
	for (size_t i = 0; i < o->n_progs; i++)
		if (!strcmp(o->progs[i].name, name))
			return &o->progs[i];
	return NULL;
}

struct bpfsoc_program *bpfsoc_object__find_program_by_section(const struct bpfsoc_object *o,
							      const char *section)
{
	for (size_t i = 0; i < o->n_progs; i++)
		if (!strcmp(o->progs[i].sec_name, section))
			return &o->progs[i];
	return NULL;
}

struct bpfsoc_map *bpfsoc_object__find_map_by_name(const struct bpfsoc_object *o, const char *name)
{
	for (size_t i = 0; i < o->n_maps; i++)
		if (!strcmp(o->maps[i].name, name))
			return &o->maps[i];
	return NULL;
}

const char *bpfsoc_program__name(const struct bpfsoc_program *p)
{
	return p->name;
}

const char *bpfsoc_program__section_name(const struct bpfsoc_program *p)
{
	return p->sec_name;
}

const uint64_t *bpfsoc_program__insns(const struct bpfsoc_program *p)
{
	return p->insns;
}

size_t bpfsoc_program__insn_cnt(const struct bpfsoc_program *p)
{
	return p->n_insns;
}

int bpfsoc_program__id(const struct bpfsoc_program *p)
{
	return p->id;
}

const char *bpfsoc_map__name(const struct bpfsoc_map *m)
{
	return m->name;
}

uint32_t bpfsoc_map__type(const struct bpfsoc_map *m)
{
	return m->type;
}

uint32_t bpfsoc_map__key_size(const struct bpfsoc_map *m)
{
	return m->key_size;
}

uint32_t bpfsoc_map__value_size(const struct bpfsoc_map *m)
{
	return m->value_size;
}

uint32_t bpfsoc_map__max_entries(const struct bpfsoc_map *m)
{
	return m->max_entries;
}

uint32_t bpfsoc_map__id(const struct bpfsoc_map *m)
{
	return m->id;
}

uint32_t bpfsoc_map__btf_key_type_id(const struct bpfsoc_map *m)
{
	return m->btf_key_id;
}

uint32_t bpfsoc_map__btf_value_type_id(const struct bpfsoc_map *m)
{
	return m->btf_value_id;
}
