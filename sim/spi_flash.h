// spi_flash.h: a model of a 25-series serial flash in SPI mode 0, as the
// boards' boot loader (rtl/soc_spiboot.v) sees it: sim/spiboot_sim.cpp
// runs the loader alone against it, sim/soc_sim_ps.cpp a board's netlist.
//
// It decodes 0xAB (release from deep power-down) and 0x03 (READ: a 24-bit
// address, then bytes from there for as long as the chip is selected,
// wrapping at the end of the array); any other command is counted and
// ignored.  A READ less than tres cycles after an 0xAB ended is refused
// (the flash answers 0xff), as a flash still waking up would.  Call
// cycle() once a clock, after the design's outputs have settled; it
// returns the level of MISO (the flash's DO) for the next clock.
#ifndef SPI_FLASH_H
#define SPI_FLASH_H

#include <cstddef>
#include <cstdint>

class SpiFlash {
public:
	SpiFlash(const uint8_t *mem, size_t len, uint64_t tres) : mem_(mem), len_(len), tres_(tres) {}

	int cycle(int cs_n, int sck, int mosi)
	{
		if (cs_n && sck != sck_)
			sck_deselected = true;
		if (!cs_n && cs_) {               // selected: a new command
			bits_ = 0;
			shift_ = 0;
			reading_ = false;
		}
		if (cs_n && !cs_) {               // deselected
			if (bits_ >= 8 && cmd_ == 0xab)
				wake_end_ = (int64_t)now_;
			reading_ = false;
		}
		if (!cs_n && sck && !sck_)        // rising edge: a bit in
			bit_in(mosi & 1);
		if (!cs_n && !sck && sck_ && reading_) {   // falling edge: a bit out
			if (out_bits_ == 0) {
				out_ = refused_ ? 0xff : mem_[addr_ % len_];
				addr_++;
				out_bits_ = 8;
			}
			miso_ = (out_ >> 7) & 1;
			out_ = (uint8_t)(out_ << 1);
			out_bits_--;
		}
		cs_ = cs_n;
		sck_ = sck;
		now_++;
		return miso_;
	}

	// what the flash saw
	unsigned cmds = 0;          // commands
	uint8_t cmd[8] = {};        // the first of them
	uint32_t read_addr = 0;     // the last READ's address
	uint64_t read_gap = 0;      // cycles from the end of the last 0xAB to it
	bool read_refused = false;  // some READ came too soon
	bool sck_deselected = false;// SCK moved with the chip deselected

private:
	void bit_in(int b)
	{
		shift_ = (shift_ << 1) | (uint32_t)b;
		bits_++;
		if (bits_ == 8) {
			cmd_ = (uint8_t)shift_;
			if (cmds < sizeof(cmd))
				cmd[cmds] = cmd_;
			cmds++;
		}
		if (bits_ == 32 && cmd_ == 0x03) {
			addr_ = shift_ & 0xffffff;
			read_addr = addr_;
			read_gap = wake_end_ < 0 ? 0 : now_ - (uint64_t)wake_end_;
			refused_ = wake_end_ < 0 || read_gap < tres_;
			read_refused |= refused_;
			reading_ = true;
			out_bits_ = 0;
		}
	}

	const uint8_t *mem_;
	size_t len_;
	uint64_t tres_;
	uint64_t now_ = 0;
	int cs_ = 1, sck_ = 0, miso_ = 1;
	unsigned bits_ = 0;
	uint32_t shift_ = 0, addr_ = 0;
	uint8_t cmd_ = 0, out_ = 0;
	unsigned out_bits_ = 0;
	bool reading_ = false, refused_ = false;
	int64_t wake_end_ = -1;
};

#endif
