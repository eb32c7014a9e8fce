/* selftest_fail.S: a program that must FAIL, at check 7.
 *
 * test_rv.c runs it to prove the machinery can fail: bpfsoc-sim must print
 * FAIL with 7 and exit 1.  Checks 1..6 hold; check 7 does not (1 + 1 is not
 * 3); check 8 would hold but must never be reached.
 */
#include "rvtest.h"

	RVTEST_BEGIN

	T_RI 1, addi, 1, 0, 1
	T_RI 2, addi, 2, 1, 1
	T_RI 3, addi, 3, 2, 1
	T_RI 4, addi, 4, 3, 1
	T_RI 5, addi, 5, 4, 1
	T_RI 6, addi, 6, 5, 1

	CHECK 7
	li a0, 1
	addi a0, a0, 1
	EXPECT a0, 3		/* deliberately wrong */

	T_RI 8, addi, 8, 7, 1

	RVTEST_END
