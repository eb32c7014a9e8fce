/* csum: the Internet checksum (RFC 1071) of the buffer: a one's-complement
 * sum of 16-bit words, an odd trailing byte padded with zero, folded to 16
 * bits and complemented.  Summed in host (little-endian) order, which RFC
 * 1071 section 2(B) allows; the result is byte-swapped to network order. */
#include "bench.h"

BENCH(csum)
{
	u64 sum = 0, i = 0;

	for (; i + 2 <= len; i += 2)
		sum += ld16(data + i);
	if (i < len)
		sum += data[i];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return bench_ntohs((u16)~sum);
}
