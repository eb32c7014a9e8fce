/* bpf_elf.c: a small loader for eBPF objects built by clang -target bpf.
 *
 * See bpf_elf.h.  The relocation rule is libbpf's
 * (bpf_object__reloc_code): a call relocated against symbol S, whose
 * section is loaded at slot B, goes to slot B + S.st_value / 8 + imm + 1;
 * clang puts imm = -1 for a function symbol and imm = (offset / 8) - 1
 * for a section symbol, so both land on the function.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bpf_elf.h"

#ifndef EM_BPF
#define EM_BPF 247
#endif
#ifndef R_BPF_NONE
#define R_BPF_NONE 0
#endif
#ifndef R_BPF_64_64
#define R_BPF_64_64 1
#endif
#ifndef R_BPF_64_32
#define R_BPF_64_32 10
#endif

#define INSN_SIZE 8
#define OP_CALL 0x85  /* BPF_JMP | BPF_CALL | BPF_K */
#define OP_LDDW 0x18  /* BPF_LD | BPF_IMM | BPF_DW */
#define CALL_LOCAL 1  /* src of a bpf-to-bpf call */

struct loader {
	const char *path;
	char *err;
	size_t errlen;
	Elf *elf;
	size_t shstrndx;
	Elf_Data *symdata;     /* .symtab */
	size_t symstr;         /* its string table */
	size_t prog_idx;       /* the program's section */
	size_t text_idx;       /* .text, or 0 */
	const char *prog_name;
	uint64_t *insns;
	uint32_t prog_n;       /* slots of the program section */
	uint32_t text_n;       /* slots of .text */
	uint32_t text_off;     /* where .text goes if appended */
	int need_text;
};

static int fail(struct loader *l, int rc, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!l->err || !l->errlen)
		return rc;
	n = snprintf(l->err, l->errlen, "%s: ", l->path);
	if (n < 0 || (size_t)n >= l->errlen)
		return rc;
	va_start(ap, fmt);
	vsnprintf(l->err + n, l->errlen - n, fmt, ap);
	va_end(ap);
	return rc;
}

static const char *sec_name(struct loader *l, size_t idx)
{
	Elf_Scn *scn = elf_getscn(l->elf, idx);
	GElf_Shdr sh;
	const char *name;

	if (!scn || !gelf_getshdr(scn, &sh))
		return "?";
	name = elf_strptr(l->elf, l->shstrndx, sh.sh_name);
	return name ? name : "?";
}

static int is_code(const GElf_Shdr *sh)
{
	return sh->sh_type == SHT_PROGBITS && (sh->sh_flags & SHF_EXECINSTR) && sh->sh_size;
}

static uint64_t le64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* Name of symbol i; a section symbol is named after its section. */
static const char *sym_name(struct loader *l, const GElf_Sym *sym)
{
	const char *name;

	if (GELF_ST_TYPE(sym->st_info) == STT_SECTION)
		return sec_name(l, sym->st_shndx);
	name = elf_strptr(l->elf, l->symstr, sym->st_name);
	return name && *name ? name : "?";
}

/* Pick the program section and .text; find the symbol table. */
static int find_sections(struct loader *l, const char *want)
{
	Elf_Scn *scn = NULL;
	size_t n_code = 0, first_code = 0;

	while ((scn = elf_nextscn(l->elf, scn))) {
		size_t idx = elf_ndxscn(scn);
		const char *name = sec_name(l, idx);
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh))
			return fail(l, -EINVAL, "section %zu: %s", idx, elf_errmsg(-1));
		if (sh.sh_type == SHT_SYMTAB) {
			l->symdata = elf_getdata(scn, NULL);
			l->symstr = sh.sh_link;
			continue;
		}
		if (!strcmp(name, ".text")) {
			if (is_code(&sh))
				l->text_idx = idx;
			if (want && !strcmp(want, ".text"))
				l->prog_idx = idx;
			continue;
		}
		if (want) {
			if (!strcmp(name, want))
				l->prog_idx = idx;
		} else if (is_code(&sh)) {
			if (!n_code++)
				first_code = idx;
		}
	}
	if (!l->symdata)
		return fail(l, -EINVAL, "no symbol table (.symtab): not an object from clang -c?");
	if (!want) {
		if (n_code > 1)
			return fail(l, -EINVAL,
				    "%zu program sections (e.g. '%s'): name the one to load",
				    n_code, sec_name(l, first_code));
		l->prog_idx = n_code ? first_code : l->text_idx;
		if (!l->prog_idx)
			return fail(l, -ENOENT, "no executable section: no program in this object");
	} else if (!l->prog_idx) {
		return fail(l, -ENOENT, "no section '%s'", want);
	}
	l->prog_name = sec_name(l, l->prog_idx);
	if (l->text_idx == l->prog_idx)
		l->text_idx = 0;
	return 0;
}

/* The slots of a code section; *n gets their number. */
static int section_insns(struct loader *l, size_t idx, const unsigned char **bytes,
			 uint32_t *n)
{
	Elf_Scn *scn = elf_getscn(l->elf, idx);
	Elf_Data *d = scn ? elf_getdata(scn, NULL) : NULL;
	GElf_Shdr sh;

	if (!d || !gelf_getshdr(scn, &sh))
		return fail(l, -EINVAL, "section '%s': cannot read: %s", sec_name(l, idx),
			    elf_errmsg(-1));
	if (!is_code(&sh) || !d->d_buf)
		return fail(l, -EINVAL, "section '%s' holds no code", sec_name(l, idx));
	if (d->d_size % INSN_SIZE)
		return fail(l, -EINVAL, "section '%s': size %zu is not a multiple of 8",
			    sec_name(l, idx), d->d_size);
	if (d->d_size / INSN_SIZE > UINT32_MAX / 2)
		return fail(l, -EINVAL, "section '%s' is too large", sec_name(l, idx));
	*bytes = d->d_buf;
	*n = d->d_size / INSN_SIZE;
	return 0;
}

/* Walk the relocations whose target is section `target`, loaded at slot
 * `base` with `n` slots.  With apply == 0, only note whether a call goes
 * into .text. */
static int do_relocs(struct loader *l, size_t target, uint32_t base, uint32_t n, int apply)
{
	const char *tname = sec_name(l, target);
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(l->elf, scn))) {
		Elf_Data *d;
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh) || sh.sh_info != target)
			continue;
		if (sh.sh_type == SHT_RELA)
			return fail(l, -ENOTSUP, "section '%s': RELA relocations (%s) are not "
				    "used by eBPF objects", tname, sec_name(l, elf_ndxscn(scn)));
		if (sh.sh_type != SHT_REL)
			continue;
		d = elf_getdata(scn, NULL);
		for (size_t i = 0; d && i < sh.sh_size / (sh.sh_entsize ? sh.sh_entsize : 16); i++) {
			GElf_Rel rel;
			GElf_Sym sym;
			uint32_t idx, type, op, src, target_slot, sym_base;
			uint64_t insn;
			int32_t imm;

			if (!gelf_getrel(d, i, &rel))
				return fail(l, -EINVAL, "section '%s': relocation %zu: %s", tname,
					    i, elf_errmsg(-1));
			type = GELF_R_TYPE(rel.r_info);
			if (type == R_BPF_NONE)
				continue;
			if (rel.r_offset % INSN_SIZE || rel.r_offset / INSN_SIZE >= n)
				return fail(l, -EINVAL, "section '%s': relocation at byte offset "
					    "%llu is not on an instruction", tname,
					    (unsigned long long)rel.r_offset);
			idx = rel.r_offset / INSN_SIZE;
			if (!gelf_getsym(l->symdata, GELF_R_SYM(rel.r_info), &sym))
				return fail(l, -EINVAL, "section '%s': insn %u: bad symbol index %llu",
					    tname, idx, (unsigned long long)GELF_R_SYM(rel.r_info));
			insn = l->insns[base + idx];
			op = insn & 0xff;
			src = (insn >> 12) & 0xf;
			imm = (int32_t)(uint32_t)(insn >> 32);

			if (op == OP_LDDW)
				return fail(l, -ENOTSUP, "section '%s': insn %u: lddw of '%s' "
					    "(section '%s'): maps and global, static or "
					    "read-only data are not supported by this loader; "
					    "keep constants in code or on the stack",
					    tname, idx, sym_name(l, &sym),
					    sym.st_shndx == SHN_UNDEF ? "undefined" :
					    sec_name(l, sym.st_shndx));
			if (type != R_BPF_64_32 || op != OP_CALL || src != CALL_LOCAL)
				return fail(l, -ENOTSUP, "section '%s': insn %u (opcode 0x%02x): "
					    "relocation type %u against '%s' is not supported",
					    tname, idx, op, type, sym_name(l, &sym));
			if (sym.st_shndx == SHN_UNDEF)
				return fail(l, -ENOTSUP, "section '%s': insn %u: call to undefined "
					    "function '%s' (an extern or kfunc): not supported",
					    tname, idx, sym_name(l, &sym));
			if (sym.st_shndx == l->prog_idx) {
				sym_base = 0;
			} else if (l->text_idx && sym.st_shndx == l->text_idx) {
				l->need_text = 1;
				sym_base = l->text_off;
			} else {
				return fail(l, -ENOTSUP, "section '%s': insn %u: call to '%s' in "
					    "section '%s', which is not loaded with '%s'",
					    tname, idx, sym_name(l, &sym),
					    sec_name(l, sym.st_shndx), l->prog_name);
			}
			if (!apply)
				continue;
			if (sym.st_value % INSN_SIZE)
				return fail(l, -EINVAL, "section '%s': insn %u: call target '%s' "
					    "is not on an instruction", tname, idx,
					    sym_name(l, &sym));
			target_slot = sym_base + sym.st_value / INSN_SIZE + imm + 1;
			if (target_slot >= l->prog_n + (l->need_text ? l->text_n : 0))
				return fail(l, -EINVAL, "section '%s': insn %u: call to '%s' lands "
					    "outside the program (slot %u)", tname, idx,
					    sym_name(l, &sym), target_slot);
			imm = (int32_t)(target_slot - (base + idx + 1));
			l->insns[base + idx] = (insn & 0xffffffffull) | (uint64_t)(uint32_t)imm << 32;
		}
	}
	return 0;
}

static void entry_func(struct loader *l, struct bpf_elf_prog *prog)
{
	GElf_Sym sym;

	for (int i = 0; gelf_getsym(l->symdata, i, &sym); i++) {
		const char *name;

		if (sym.st_shndx != l->prog_idx || sym.st_value != 0 ||
		    GELF_ST_TYPE(sym.st_info) != STT_FUNC)
			continue;
		name = elf_strptr(l->elf, l->symstr, sym.st_name);
		if (name)
			snprintf(prog->func, sizeof(prog->func), "%s", name);
		return;
	}
}

static int load(struct loader *l, const char *want, struct bpf_elf_prog *prog)
{
	const unsigned char *pbytes, *tbytes = NULL;
	GElf_Ehdr eh;
	int rc;

	if (elf_kind(l->elf) != ELF_K_ELF || !gelf_getehdr(l->elf, &eh))
		return fail(l, -EINVAL, "not an ELF object");
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_machine != EM_BPF)
		return fail(l, -EINVAL, "not an eBPF object (machine %u, class %u): build with "
			    "clang -target bpf", eh.e_machine, eh.e_ident[EI_CLASS]);
	if (eh.e_ident[EI_DATA] != ELFDATA2LSB)
		return fail(l, -EINVAL, "big-endian eBPF object: the core is little-endian; "
			    "build with -target bpf or bpfel");
	if (eh.e_type != ET_REL)
		return fail(l, -EINVAL, "ELF type %u: expected a relocatable object (clang -c)",
			    eh.e_type);
	if (elf_getshdrstrndx(l->elf, &l->shstrndx))
		return fail(l, -EINVAL, "no section name table: %s", elf_errmsg(-1));
	if ((rc = find_sections(l, want)))
		return rc;
	if ((rc = section_insns(l, l->prog_idx, &pbytes, &l->prog_n)))
		return rc;
	if (l->text_idx && (rc = section_insns(l, l->text_idx, &tbytes, &l->text_n)))
		return rc;
	l->text_off = l->prog_n;

	/* Pass 1: check every relocation and learn whether the program
	 * calls into .text (then .text is appended and checked too). */
	l->insns = calloc((size_t)l->prog_n + l->text_n, sizeof(*l->insns));
	if (!l->insns)
		return fail(l, -ENOMEM, "out of memory");
	for (uint32_t i = 0; i < l->prog_n; i++)
		l->insns[i] = le64(pbytes + (size_t)i * INSN_SIZE);
	if ((rc = do_relocs(l, l->prog_idx, 0, l->prog_n, 0)))
		return rc;
	if (l->need_text) {
		for (uint32_t i = 0; i < l->text_n; i++)
			l->insns[l->prog_n + i] = le64(tbytes + (size_t)i * INSN_SIZE);
		if ((rc = do_relocs(l, l->text_idx, l->text_off, l->text_n, 0)))
			return rc;
	}
	/* Pass 2: patch. */
	if ((rc = do_relocs(l, l->prog_idx, 0, l->prog_n, 1)))
		return rc;
	if (l->need_text && (rc = do_relocs(l, l->text_idx, l->text_off, l->text_n, 1)))
		return rc;

	prog->insns = l->insns;
	prog->n_insns = l->prog_n + (l->need_text ? l->text_n : 0);
	prog->text_off = l->need_text ? l->text_off : prog->n_insns;
	snprintf(prog->section, sizeof(prog->section), "%s", l->prog_name);
	entry_func(l, prog);
	l->insns = NULL;
	return 0;
}

int bpf_elf_load(const char *path, const char *section, struct bpf_elf_prog *prog,
		 char *err, size_t errlen)
{
	struct loader l = { .path = path, .err = err, .errlen = errlen };
	int fd, rc;

	memset(prog, 0, sizeof(*prog));
	if (err && errlen)
		err[0] = '\0';
	if (elf_version(EV_CURRENT) == EV_NONE)
		return fail(&l, -EINVAL, "libelf: %s", elf_errmsg(-1));
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		rc = -errno;
		return fail(&l, rc, "%s", strerror(-rc));
	}
	l.elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!l.elf)
		rc = fail(&l, -EINVAL, "libelf: %s", elf_errmsg(-1));
	else
		rc = load(&l, section, prog);
	free(l.insns);
	if (l.elf)
		elf_end(l.elf);
	close(fd);
	if (rc)
		memset(prog, 0, sizeof(*prog));
	return rc;
}

void bpf_elf_free(struct bpf_elf_prog *prog)
{
	if (!prog)
		return;
	free(prog->insns);
	memset(prog, 0, sizeof(*prog));
}
