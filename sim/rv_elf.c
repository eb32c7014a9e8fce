/* rv_elf.c: see rv_elf.h. */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rv_elf.h"

/* The value of symbol name: 0 or -ENOENT */
static int find_symbol(Elf *e, const char *want, uint32_t *addr)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || !sh.sh_entsize)
			continue;
		d = elf_getdata(scn, NULL);
		if (!d)
			continue;
		for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym sym;
			const char *name;

			if (!gelf_getsym(d, (int)i, &sym))
				continue;
			name = elf_strptr(e, sh.sh_link, sym.st_name);
			if (name && !strcmp(name, want)) {
				*addr = (uint32_t)sym.st_value;
				return 0;
			}
		}
	}
	return -ENOENT;
}

int rv_elf_symbol(const char *path, const char *name, uint32_t *addr)
{
	Elf *e;
	int fd, rc;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EINVAL;
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	e = elf_begin(fd, ELF_C_READ, NULL);
	rc = (e && elf_kind(e) == ELF_K_ELF) ? find_symbol(e, name, addr) : -EINVAL;
	if (e)
		elf_end(e);
	close(fd);
	return rc;
}

int rv_elf_load(const char *path, rv_elf_load_fn load, void *user, struct rv_elf_info *info,
		char *err, size_t errlen)
{
	GElf_Ehdr eh;
	size_t nph;
	Elf *e = NULL;
	int fd, rc = 0;

	memset(info, 0, sizeof(*info));
	if (elf_version(EV_CURRENT) == EV_NONE) {
		snprintf(err, errlen, "%s: libelf: %s", path, elf_errmsg(-1));
		return -EINVAL;
	}
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		rc = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return rc;
	}
	e = elf_begin(fd, ELF_C_READ, NULL);
	if (!e || elf_kind(e) != ELF_K_ELF || !gelf_getehdr(e, &eh)) {
		snprintf(err, errlen, "%s: not an ELF file", path);
		rc = -EINVAL;
		goto out;
	}
	if (eh.e_ident[EI_CLASS] != ELFCLASS32 || eh.e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh.e_machine != EM_RISCV || eh.e_type != ET_EXEC) {
		snprintf(err, errlen, "%s: not a 32-bit little-endian RISC-V executable "
			 "(class %u, data %u, machine %u, type %u)", path, eh.e_ident[EI_CLASS],
			 eh.e_ident[EI_DATA], eh.e_machine, eh.e_type);
		rc = -EINVAL;
		goto out;
	}
	if (elf_getphdrnum(e, &nph)) {
		snprintf(err, errlen, "%s: no program headers", path);
		rc = -EINVAL;
		goto out;
	}
	for (size_t i = 0; i < nph; i++) {
		GElf_Phdr ph;
		uint8_t *buf;

		if (!gelf_getphdr(e, (int)i, &ph) || ph.p_type != PT_LOAD || !ph.p_memsz)
			continue;
		if (ph.p_filesz > ph.p_memsz) {
			snprintf(err, errlen, "%s: segment %zu: file size %llu above memory size %llu",
				 path, i, (unsigned long long)ph.p_filesz,
				 (unsigned long long)ph.p_memsz);
			rc = -EINVAL;
			goto out;
		}
		buf = calloc(1, ph.p_memsz);
		if (!buf) {
			rc = -ENOMEM;
			snprintf(err, errlen, "%s: out of memory", path);
			goto out;
		}
		if (ph.p_filesz && pread(fd, buf, ph.p_filesz, (off_t)ph.p_offset) !=
				   (ssize_t)ph.p_filesz) {
			free(buf);
			snprintf(err, errlen, "%s: segment %zu: cannot read %llu bytes at offset %llu",
				 path, i, (unsigned long long)ph.p_filesz,
				 (unsigned long long)ph.p_offset);
			rc = -EINVAL;
			goto out;
		}
		rc = load(user, (uint32_t)ph.p_paddr, buf, ph.p_memsz);
		free(buf);
		if (rc) {
			snprintf(err, errlen, "%s: segment %zu [0x%08llx, 0x%08llx) lies outside RAM",
				 path, i, (unsigned long long)ph.p_paddr,
				 (unsigned long long)(ph.p_paddr + ph.p_memsz));
			goto out;
		}
	}
	info->entry = (uint32_t)eh.e_entry;
	info->has_tohost = find_symbol(e, "tohost", &info->tohost) == 0;
	rc = 0;
out:
	if (e)
		elf_end(e);
	close(fd);
	return rc;
}
