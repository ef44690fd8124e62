/* fuzz_frontmatter: libFuzzer target through the driver's check: a content file's front matter, merge tags and Markdown compiled against the segment. */
#include <stddef.h>
#include <stdint.h>

#include "fixture.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fx_build(fx_write("fuzz.md", data, size), "newsletter-a4", 1);
	return 0;
}
