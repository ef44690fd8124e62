/* test_spec: reading layout files: nesting and repeated keys. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/layout.h"
#include "util/buf.h"
#include "util/yamldoc.h"

static const char *const fontdirs[] = {"fonts", NULL};

/*
 * A newsletter on A4 (210 x 297 mm, bleed 3, margins 15, one column),
 * with the body style's settings after its font, and root keys added.
 */
#define NEWSLETTER \
	"kind: newsletter\n" \
	"page: %s\n" \
	"fonts:\n" \
	"  serif: [NotoSerif-Regular.ttf]\n" \
	"styles:\n" \
	"  body: {font: serif%s}\n" \
	"  h1: {font: serif, size: 16}\n" \
	"  h2: {font: serif, size: 12}\n" \
	"  h3: {font: serif, size: 11}\n" \
	"%s"

static layout *
load_str(const char *yml, diag *d)
{
	diag_init(d, stderr);
	return layout_load_mem("layouts/t.yml", yml, strlen(yml), fontdirs, d);
}

static void
test_a_mebibyte_of_nested_brackets_is_refused_at_the_limit(void **state)
{
	size_t n = 1 << 20;
	char *yml = malloc(n + 1);
	char want[96];
	layout *l;
	diag d;

	assert_non_null(yml);
	memcpy(yml, "kind: ", 6);
	memset(yml + 6, '[', n - 6);
	yml[n] = '\0';
	diag_init(&d, NULL);
	l = layout_load_mem("layouts/t.yml", yml, n, fontdirs, &d);
	free(yml);
	assert_null(l);
	/* the 33rd level: the root map, then 32 brackets */
	snprintf(want, sizeof(want), "layouts/t.yml:1:%d: error: invalid YAML: "
	    "lists and maps nested deeper than %d levels", 6 + YAMLDOC_MAX_DEPTH,
	    YAMLDOC_MAX_DEPTH);
	assert_string_equal(d.last, want);
}

static void
test_nesting_up_to_the_limit_is_only_a_layout_error(void **state)
{
	char rest[128], yml[2048];
	layout *l;
	diag d;

	/* the root map, frames and 30 lists in it: 32 levels */
	memcpy(rest, "frames: ", 8);
	memset(rest + 8, '[', YAMLDOC_MAX_DEPTH - 1);
	memset(rest + 8 + YAMLDOC_MAX_DEPTH - 1, ']', YAMLDOC_MAX_DEPTH - 1);
	strcpy(rest + 8 + 2 * (YAMLDOC_MAX_DEPTH - 1), "\n");
	snprintf(yml, sizeof(yml), NEWSLETTER, "{size: A4}", ", size: 10", rest);
	l = load_str(yml, &d);
	assert_null(l);
	assert_non_null(strstr(d.last, "layouts/t.yml:10:10: error: layout: a frame is a map"));
}

static void
test_a_key_given_twice_is_refused_at_the_second(void **state)
{
	char yml[2048];
	diag d;

	snprintf(yml, sizeof(yml), NEWSLETTER, "{size: A4}", ", size: 10",
	    "columns: 2\ngutter: 5\ncolumns: 1\n");
	assert_null(load_str(yml, &d));
	assert_non_null(strstr(d.last, "layouts/t.yml:12:1: error: invalid YAML: "
	    "key 'columns' is given twice (first on line 10)"));
	snprintf(yml, sizeof(yml), NEWSLETTER, "{size: A4}", ", size: 10, leading: 12, "
	    "size: 11", "");
	assert_null(load_str(yml, &d));
	assert_non_null(strstr(d.last, "layouts/t.yml:6:46: error: invalid YAML: "
	    "key 'size' is given twice (first on line 6)"));
	snprintf(yml, sizeof(yml), NEWSLETTER, "{size: A4}", ", size: 10",
	    "styles:\n  body: {font: serif}\n");
	assert_null(load_str(yml, &d));
	assert_non_null(strstr(d.last, "layouts/t.yml:10:1: error: invalid YAML: "
	    "key 'styles' is given twice (first on line 5)"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_mebibyte_of_nested_brackets_is_refused_at_the_limit),
		cmocka_unit_test(test_nesting_up_to_the_limit_is_only_a_layout_error),
		cmocka_unit_test(test_a_key_given_twice_is_refused_at_the_second),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
