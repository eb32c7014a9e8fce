// uart_line.h: the far end of a simulated SoC's UART line (8N1), with
// optional faults, shared by the RTL model (soc_sim.cpp) and the
// post-synthesis one (soc_sim_ps.cpp).  cycle() runs once a clock, before
// the edge: it returns the level to drive on the SoC's receive pin and
// samples the SoC's transmit pin.
#ifndef UART_LINE_H
#define UART_LINE_H

#include <cstddef>
#include <cstdint>
#include <deque>

class UartLine {
public:
	// Queues bytes for the SoC (each through the faults)
	void put(const uint8_t *p, size_t len)
	{
		for (size_t i = 0; i < len; i++)
			deliver(to_soc, p[i]);
	}

	size_t get(uint8_t *p, size_t cap)
	{
		size_t n = 0;
		while (n < cap && !from_soc.empty()) {
			p[n++] = from_soc.front();
			from_soc.pop_front();
		}
		return n;
	}

	size_t backlog() const { return to_soc.size() + (tx_bit ? 1 : 0); }

	void faults(unsigned drop, unsigned corrupt, unsigned dup, uint64_t seed)
	{
		drop_ppm = drop;
		corrupt_ppm = corrupt;
		dup_ppm = dup;
		rng = seed ? seed : 1;
	}

	// One clock of the line at div clocks a bit: the level for the SoC's
	// receive pin; txd is the SoC's transmit pin in this cycle.
	unsigned cycle(unsigned txd, uint32_t div)
	{
		if (!div)
			div = 1;
		unsigned rxd = send(div);
		receive(txd, div);
		return rxd;
	}

private:
	std::deque<uint8_t> to_soc;   // bytes to send to the SoC
	std::deque<uint8_t> from_soc; // bytes the SoC sent
	unsigned tx_bit = 0;          // sending to the SoC: 0 idle, 1..10 bits
	uint32_t tx_cnt = 0, tx_div = 1;
	uint8_t tx_byte = 0;
	unsigned rx_bit = 0;          // receiving from the SoC: 0 idle, 1 start .. 9 stop
	uint32_t rx_cnt = 0;
	uint8_t rx_byte = 0;
	unsigned drop_ppm = 0, corrupt_ppm = 0, dup_ppm = 0;
	uint64_t rng = 1;

	uint32_t rnd()
	{
		// xorshift64*
		rng ^= rng >> 12;
		rng ^= rng << 25;
		rng ^= rng >> 27;
		return (uint32_t)((rng * 2685821657736338717ull) >> 32);
	}

	bool chance(unsigned ppm) { return ppm && rnd() % 1000000u < ppm; }

	// A byte crosses the line, with the configured faults
	void deliver(std::deque<uint8_t> &q, uint8_t b)
	{
		if (chance(drop_ppm))
			return;
		if (chance(corrupt_ppm))
			b ^= (uint8_t)(1u << (rnd() % 8));
		q.push_back(b);
		if (chance(dup_ppm))
			q.push_back(b);
	}

	// To the SoC: start bit, 8 data bits (lsb first), stop bit, at the bit
	// time the SoC's UART has when the byte starts
	unsigned send(uint32_t div)
	{
		if (!tx_bit && !to_soc.empty()) {
			tx_byte = to_soc.front();
			to_soc.pop_front();
			tx_bit = 1;
			tx_cnt = 0;
			tx_div = div;
		}
		if (!tx_bit)
			return 1;
		unsigned b = tx_bit;
		unsigned level = b == 1 ? 0 : b == 10 ? 1 : (tx_byte >> (b - 2)) & 1;
		if (++tx_cnt >= tx_div) {
			tx_cnt = 0;
			tx_bit = b == 10 ? 0 : b + 1;
		}
		return level;
	}

	// From the SoC: each bit sampled in its middle
	void receive(unsigned txd, uint32_t div)
	{
		if (!rx_bit) {
			if (!txd) {
				rx_bit = 1;
				rx_cnt = div / 2;
			}
		} else if (rx_cnt) {
			rx_cnt--;
		} else {
			rx_cnt = div - 1;
			if (rx_bit == 1) {
				rx_bit = txd ? 0 : 2;           // a glitch, or the start bit
			} else if (rx_bit <= 9) {
				rx_byte = (uint8_t)(rx_byte >> 1 | txd << 7);
				rx_bit++;
			} else {
				if (txd)                        // stop bit: the byte is whole
					deliver(from_soc, rx_byte);
				rx_bit = 0;
			}
		}
	}
};

#endif
