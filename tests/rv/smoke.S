/* smoke.S: the smallest passing program (bring-up of the harness itself). */
#include "rvtest.h"

	RVTEST_BEGIN

	/* 1: the word at address 4 is RVTEST_BEGIN's magic (the image is loaded at 0) */
	CHECK 1
	lw a0, 4(x0)
	EXPECT a0, RV_MAGIC

	/* 2: addi / branch basics the macros themselves rely on */
	CHECK 2
	li a0, 40
	addi a0, a0, 2
	EXPECT a0, 42

	RVTEST_END
