/* fuzz_frontmatter: libFuzzer target through the driver's check: a content file's front matter, merge tags and Markdown compiled against the segment. */
#include <stddef.h>
#include <stdint.h>

#include "fixture.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fx_setup();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fx_build(fx_write("fuzz.md", data, size), "newsletter-a4", 1);
	return 0;
}
