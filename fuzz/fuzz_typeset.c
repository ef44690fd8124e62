/* fuzz_typeset: libFuzzer target through the driver: a content file built for one customer on newsletter-a4 into the text dump. */
#include <stddef.h>
#include <stdint.h>

#include "fixture.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fx_build(fx_write("fuzz.md", data, size), "newsletter-a4", 0);
	return 0;
}
