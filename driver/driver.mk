# libbpfsoc and the bpfsoc tool (driver/).
#
#   build/driver/libbpfsoc.a   the library (with the protocol's framing,
#                              firmware/proto.c built for this machine)
#   build/bpfsoc               the command-line tool
#
# Every driver/*.c but the tool's own files (bpfsoc*.c) is the library.

DRIVER_SRCS  := $(filter-out driver/bpfsoc%.c,$(wildcard driver/*.c))
DRIVER_OBJS  := $(DRIVER_SRCS:driver/%.c=$(BUILD)/driver/%.o)
DRIVER_HDRS  := $(wildcard driver/*.h) $(GEN_H) firmware/proto.h
DRIVER_LIB   := $(BUILD)/driver/libbpfsoc.a
DRIVER_PKGS  := libelf libbpf libpcap libftdi1
DRIVER_CFLAGS := $(CFLAGS) -Idriver -Ifirmware -Isim/generated \
	-DBPFSOC_SIM_BIN=\"$(abspath $(BUILD))/bpfsoc-sim\" \
	$(shell pkg-config --cflags $(DRIVER_PKGS) 2>/dev/null)
DRIVER_LDLIBS := $(shell pkg-config --libs $(DRIVER_PKGS) 2>/dev/null || echo -lelf -lbpf -lpcap -lftdi1)
BPFSOC_TOOL  := $(BUILD)/bpfsoc
BPFSOC_TOOL_SRCS := $(wildcard driver/bpfsoc*.c)

$(BUILD)/driver/%.o: driver/%.c $(DRIVER_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(DRIVER_CFLAGS) -c $< -o $@

$(BUILD)/driver/proto.o: firmware/proto.c $(DRIVER_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(DRIVER_CFLAGS) -c $< -o $@

$(DRIVER_LIB): $(DRIVER_OBJS) $(BUILD)/driver/proto.o
	@rm -f $@
	ar rcs $@ $^

$(BPFSOC_TOOL): $(BPFSOC_TOOL_SRCS:driver/%.c=$(BUILD)/driver/%.o) $(DRIVER_LIB)
	$(CC) -o $@ $(filter %.o,$^) $(DRIVER_LIB) $(DRIVER_LDLIBS)

ifneq ($(BPFSOC_TOOL_SRCS),)
SIM_BINS += $(BPFSOC_TOOL)
endif
SIM_BINS += $(DRIVER_LIB)

# bpfsoc-sim's MMIO socket protocol: the client half is the library's
$(BUILD)/driver/mmio_sock.o: sim/mmio_sock.c sim/mmio_sock.h
	@mkdir -p $(dir $@)
	$(CC) $(DRIVER_CFLAGS) -c $< -o $@

$(DRIVER_LIB): $(BUILD)/driver/mmio_sock.o

# the reference model: its instruction legality is the checker's rule
$(BUILD)/driver/ref_core.o: sim/ref_core.c sim/bpfcore.h $(GEN_H)
	@mkdir -p $(dir $@)
	$(CC) $(DRIVER_CFLAGS) -c $< -o $@

$(DRIVER_LIB): $(BUILD)/driver/ref_core.o

# the reference model's C interface, without the RTL engine
$(BUILD)/driver/bpfcore.o: sim/bpfcore.c sim/bpfcore.h $(GEN_H)
	@mkdir -p $(dir $@)
	$(CC) $(DRIVER_CFLAGS) -DBPFCORE_REF_ONLY -c $< -o $@

# the eBPF disassembler, for bpfsoc_cbpf_dump's listing
$(BUILD)/driver/bpf_asm.o: sim/bpf_asm.c sim/bpf_asm.h $(GEN_H)
	@mkdir -p $(dir $@)
	$(CC) $(DRIVER_CFLAGS) -c $< -o $@

$(DRIVER_LIB): $(BUILD)/driver/bpf_asm.o

# the helpers' semantics and the maps, as the firmware has them
$(BUILD)/driver/fw_%.o: firmware/%.c $(FW_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(DRIVER_CFLAGS) -c $< -o $@

$(DRIVER_LIB): $(BUILD)/driver/bpfcore.o $(BUILD)/driver/fw_helpers.o $(BUILD)/driver/fw_maps.o

# ---------------------------------------------------------------------
# make install [PREFIX=/usr/local] [DESTDIR=...]   (and make uninstall)
#
#   $(PREFIX)/bin/bpfsoc, bin/bpfsoc-sim     the tool and the simulated SoC
#   $(PREFIX)/lib/libbpfsoc.a                the library
#   $(PREFIX)/include/libbpfsoc.h            its one header (std headers only)
#   $(PREFIX)/lib/pkgconfig/libbpfsoc.pc     from driver/libbpfsoc.pc.in
#   $(PREFIX)/share/doc/bpfsoc/bpfsoc.md     the tool's and library's manual
#   $(PREFIX)/share/bpfsoc/bpfsoc-fw.elf     the firmware bpfsoc-sim runs
#
# DESTDIR is prepended to every path written, never to the paths inside
# libbpfsoc.pc.  bpfsoc-sim finds its firmware at the build tree's path
# it was compiled with; once that is gone, BPFSOC_FIRMWARE names the
# installed copy (docs/bpfsoc.md, "Environment").
# ---------------------------------------------------------------------
PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
LIBDIR      ?= $(PREFIX)/lib
INCLUDEDIR  ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
DOCDIR      ?= $(PREFIX)/share/doc/bpfsoc
DATADIR     ?= $(PREFIX)/share/bpfsoc
INSTALL     ?= install
LIBBPFSOC_VERSION := $(shell sed -n 's/^\#define LIBBPFSOC_MAJOR_VERSION //p' driver/libbpfsoc.h).$(shell sed -n 's/^\#define LIBBPFSOC_MINOR_VERSION //p' driver/libbpfsoc.h)
LIBBPFSOC_PC := $(BUILD)/driver/libbpfsoc.pc
# a directory under PREFIX as ${prefix}/..., as pkg-config files have it
pc_rel = $(patsubst $(PREFIX)/%,$${prefix}/%,$(1))

# regenerated on every install: PREFIX may differ from the last one
$(LIBBPFSOC_PC): driver/libbpfsoc.pc.in driver/libbpfsoc.h FORCE_PC
	@mkdir -p $(dir $@)
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(call pc_rel,$(LIBDIR))|g' \
	    -e 's|@INCLUDEDIR@|$(call pc_rel,$(INCLUDEDIR))|g' \
	    -e 's|@VERSION@|$(LIBBPFSOC_VERSION)|g' $< > $@

install: $(BPFSOC_TOOL) $(BUILD)/bpfsoc-sim $(DRIVER_LIB) $(FW_ELF) $(LIBBPFSOC_PC)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) \
		$(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(DOCDIR) $(DESTDIR)$(DATADIR)
	$(INSTALL) -m 755 $(BPFSOC_TOOL) $(BUILD)/bpfsoc-sim $(DESTDIR)$(BINDIR)/
	$(INSTALL) -m 644 $(DRIVER_LIB) $(DESTDIR)$(LIBDIR)/
	$(INSTALL) -m 644 driver/libbpfsoc.h $(DESTDIR)$(INCLUDEDIR)/
	$(INSTALL) -m 644 $(LIBBPFSOC_PC) $(DESTDIR)$(PKGCONFIGDIR)/
	$(INSTALL) -m 644 docs/bpfsoc.md $(DESTDIR)$(DOCDIR)/
	$(INSTALL) -m 644 $(FW_ELF) $(DESTDIR)$(DATADIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/bpfsoc $(DESTDIR)$(BINDIR)/bpfsoc-sim \
		$(DESTDIR)$(LIBDIR)/libbpfsoc.a $(DESTDIR)$(INCLUDEDIR)/libbpfsoc.h \
		$(DESTDIR)$(PKGCONFIGDIR)/libbpfsoc.pc $(DESTDIR)$(DOCDIR)/bpfsoc.md \
		$(DESTDIR)$(DATADIR)/bpfsoc-fw.elf
	-rmdir $(DESTDIR)$(DOCDIR) $(DESTDIR)$(DATADIR) 2>/dev/null

FORCE_PC:
.PHONY: install uninstall FORCE_PC
