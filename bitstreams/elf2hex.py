#!/usr/bin/env python3
"""elf2hex.py: the SoC's RAM image of an RV32 firmware ELF, for $readmemh.

usage: elf2hex.py [--base ADDR] --bytes N [--bin] ELF OUT

Writes N/4 lines, one 32-bit little-endian word a line in hex (the RAM's
word at byte address BASE + 4*i on line i): every PT_LOAD segment's file
bytes at its physical address, zeros elsewhere (a segment's .bss tail
included).  BASE is the RAM's address (SOC_RAM_BASE; 0 by default), N its
size in bytes (the board's RAM_BYTES).  Fails, saying which segment, when
the ELF is not an RV32 little-endian executable or a segment does not
lie inside the RAM.  With --bin, OUT is the same N bytes raw instead: the
image a boot loader copies from a board's flash (soc_spiboot).
"""
import argparse
import struct
import sys

EM_RISCV = 243
PT_LOAD = 1


def fail(msg):
    sys.exit(f"elf2hex: {msg}")


def load_image(path, base, size):
    try:
        data = open(path, "rb").read()
    except OSError as e:
        fail(f"{path}: {e.strerror}")
    if len(data) < 52 or data[:4] != b"\x7fELF":
        fail(f"{path}: not an ELF file")
    if data[4] != 1 or data[5] != 1:
        fail(f"{path}: not a 32-bit little-endian ELF (class {data[4]}, data {data[5]})")
    (e_type, e_machine, _ver, e_entry, e_phoff, _shoff, _flags, _ehsize,
     e_phentsize, e_phnum) = struct.unpack_from("<HHIIIIIHHH", data, 16)
    if e_machine != EM_RISCV:
        fail(f"{path}: e_machine {e_machine}, not RISC-V ({EM_RISCV})")
    if e_type != 2:
        fail(f"{path}: e_type {e_type}, not an executable (2)")
    if not base <= e_entry < base + size:
        fail(f"{path}: entry 0x{e_entry:x} outside the RAM [0x{base:x}, 0x{base + size:x})")
    img = bytearray(size)
    loaded = 0
    for i in range(e_phnum):
        off = e_phoff + i * e_phentsize
        if off + 32 > len(data):
            fail(f"{path}: program header {i} at byte {off} runs past the end of the file")
        (p_type, p_offset, _vaddr, p_paddr, p_filesz, p_memsz, _pflags,
         _align) = struct.unpack_from("<IIIIIIII", data, off)
        if p_type != PT_LOAD or p_memsz == 0:
            continue
        if p_paddr < base or p_paddr + p_memsz > base + size:
            fail(f"{path}: segment {i} [0x{p_paddr:x}, 0x{p_paddr + p_memsz:x}) does not lie "
                 f"inside the RAM [0x{base:x}, 0x{base + size:x})")
        if p_offset + p_filesz > len(data):
            fail(f"{path}: segment {i}'s bytes (offset {p_offset}, {p_filesz} bytes) run past "
                 "the end of the file")
        a = p_paddr - base
        img[a:a + p_filesz] = data[p_offset:p_offset + p_filesz]
        loaded += p_filesz
    if loaded == 0:
        fail(f"{path}: no loadable bytes")
    return img, loaded


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", type=lambda s: int(s, 0), default=0)
    ap.add_argument("--bytes", type=lambda s: int(s, 0), required=True)
    ap.add_argument("--bin", action="store_true", help="write the raw bytes, not $readmemh text")
    ap.add_argument("elf")
    ap.add_argument("out")
    a = ap.parse_args()
    if a.bytes <= 0 or a.bytes % 4 or a.base % 4:
        fail(f"--bytes {a.bytes} and --base 0x{a.base:x} must be positive multiples of 4")
    img, loaded = load_image(a.elf, a.base, a.bytes)
    if a.bin:
        with open(a.out, "wb") as f:
            f.write(img)
        print(f"elf2hex: {a.out}: {loaded} bytes of {a.elf} in a {a.bytes}-byte image")
        return
    words = struct.unpack(f"<{a.bytes // 4}I", img)
    with open(a.out, "w") as f:
        f.write("".join(f"{w:08x}\n" for w in words))
    print(f"elf2hex: {a.out}: {loaded} bytes of {a.elf} in {a.bytes // 4} words")


if __name__ == "__main__":
    main()
