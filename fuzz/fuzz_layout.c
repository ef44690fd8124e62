/* fuzz_layout: libFuzzer target through the driver: a layout file, with its fonts, building the sample issue (or its labels) into the text dump. */
#include <stddef.h>
#include <stdint.h>

#include "fixture.h"

/* Fonts are found in the source tree's fonts/, as for any layout beside a content file. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *layout = fx_write("fuzz.yml", data, size);

	fx_build(fx_path(1, "2026-12.md"), layout, 0);
	return 0;
}
