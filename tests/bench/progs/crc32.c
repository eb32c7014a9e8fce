/* crc32: CRC-32 (IEEE 802.3, reflected, polynomial 0xedb88320) of the
 * buffer, bit by bit without a table (a table would need .rodata).  The
 * same value as zlib's crc32(). */
#include "bench.h"

BENCH(crc32)
{
	u32 crc = 0xffffffff;

	for (u64 i = 0; i < len; i++) {
		crc ^= data[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
	}
	return ~crc;
}
