/* rtl_core.h: extras of the Verilated RTL engine beyond struct bpfcore_ops.
 * bpfcore_rtl_new itself is declared in bpfcore.h. */
#ifndef RTL_CORE_H
#define RTL_CORE_H

#include <stdint.h>
#include "bpfcore.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Make the data port slow: each cycle a request waits for its grant, and a
 * granted request waits for its response, with probability percent/100
 * (0 = a zero-wait memory).  seed makes the sequence repeatable.  c must
 * come from bpfcore_rtl_new. */
void bpfcore_rtl_set_wait(struct bpfcore *c, unsigned percent, uint32_t seed);

/* Write a VCD waveform of everything from now on to path (NULL stops).
 * Returns 0, or -1 when the model was built without --trace. */
int bpfcore_rtl_trace_vcd(struct bpfcore *c, const char *path);

#ifdef __cplusplus
}
#endif

#endif
