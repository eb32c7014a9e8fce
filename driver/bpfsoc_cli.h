/* bpfsoc_cli.h: what the bpfsoc tool's files share. */
#ifndef BPFSOC_CLI_H
#define BPFSOC_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "libbpfsoc.h"

struct cli {
	const char *device;      /* --device URI, or NULL: sim: */
	int json, pretty, quiet;
	struct bpfsoc_device *dev;
};

/* Prints "bpfsoc: MESSAGE" to stderr; returns 1 (the exit code for a
 * failed command) so that commands can `return fail(...)`. */
int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* 2: a usage error, with the command's help */
int usage_error(const char *help, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Opens the device once (cli->dev): 0, or an exit code. */
int cli_device(struct cli *c);

/* The object that was last loaded on this device, if the device still
 * holds its programs: opened (the caller closes it), or NULL. */
struct bpfsoc_object *cli_cached_object(struct cli *c, char *entry, size_t len);
/* Remembers obj (its path and entry program) as loaded on this device. */
void cli_remember_object(struct cli *c, const struct bpfsoc_object *obj, const char *entry);

/* Hex bytes "01 02", "0x01 0x02" or "0102" from argv[*i...] until n
 * bytes are read: 0, or -1. */
int parse_hex(int argc, char **argv, int *i, uint8_t *out, size_t n);

/* JSON output */
void json_str(FILE *f, const char *s);
void json_hex_array(FILE *f, const uint8_t *b, size_t n);

/* A progress bar on stderr when it is a terminal: done of total */
void progress(const char *what, uint64_t done, uint64_t total);
void progress_end(void);

int cmd_prog(struct cli *c, int argc, char **argv);
int cmd_map(struct cli *c, int argc, char **argv);
int cmd_trace(struct cli *c, int argc, char **argv);
int cmd_filter(struct cli *c, int argc, char **argv);

/* "XDP_PASS" for a verdict */
const char *verdict_name(unsigned v);

#endif
