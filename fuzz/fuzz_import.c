/* fuzz_import: libFuzzer target: an export file read through every preset (encodings, values, mappings) in a dry run, and each line as an access log line. */
#include <stddef.h>
#include <stdint.h>

#include "data/import.h"
#include "fixture.h"
#include "response/accesslog.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const presets[] = {NULL, "ja-pos", "shopify", "tayori"};
	static const char *const tables[] = {"customers", "purchases", "responses"};
	const char *path = fx_write("export.csv", data, size);
	url_pattern pat;
	const char *why;
	import_opts o;
	import_result r;
	diag d;

	for (size_t i = 0; i < sizeof(presets) / sizeof(presets[0]); i++)
		for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
			if (presets[i] && strcmp(presets[i], "tayori") && t > 0)
				continue;
			memset(&o, 0, sizeof(o));
			o.db = fx_db;
			o.file = path;
			o.table = tables[t];
			o.preset = presets[i];
			o.dry_run = 1;
			o.skip_bad = size % 2;
			o.rejects = fx_path(1, "rejects.csv");
			diag_init(&d, NULL);
			import_file(&o, &r, &d);
		}
	if (accesslog_pattern("/r/{token}", &pat, &why) == 0) {
		const char *s = (const char *)data, *end = s + size;

		while (s < end) {
			const char *nl = memchr(s, '\n', (size_t)(end - s));
			size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
			char token[ACCESSLOG_TOKEN_MAX + 1], date[11];

			accesslog_line(s, n, &pat, token, date);
			s += n + 1;
		}
	}
	return 0;
}
