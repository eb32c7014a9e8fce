# The example XDP programs (examples/*.c), built as Linux users build them:
#
#   make examples                     all of them, into $(BUILD)/examples/
#   make build/examples/NAME.o        one
#
# Each is plain libbpf-style C (BTF-defined maps, no CO-RE, no vmlinux.h)
# compiled by clang for the BPF target with -mcpu=v3 (32-bit jumps and
# atomics).  The uapi headers need the machine's asm/ directory, which
# Debian keeps under /usr/include/<triplet>.

EXAMPLE_CLANG  ?= clang
EXAMPLE_CFLAGS ?= -O2 -g -Wall -target bpf -mcpu=v3 \
	-I/usr/include/$(shell $(CC) -dumpmachine)

EXAMPLE_SRCS := $(sort $(wildcard examples/*.c))
EXAMPLE_OBJS := $(EXAMPLE_SRCS:examples/%.c=$(BUILD)/examples/%.o)

$(BUILD)/examples/%.o: examples/%.c
	@mkdir -p $(dir $@)
	$(EXAMPLE_CLANG) $(EXAMPLE_CFLAGS) -c $< -o $@

examples: $(EXAMPLE_OBJS)

SIM_BINS += $(EXAMPLE_OBJS)

.PHONY: examples
