/* testlayout: a shipped layout loaded for a test, its fonts from fonts/. */
#ifndef TAYORI_TESTLAYOUT_H
#define TAYORI_TESTLAYOUT_H

#include <stdio.h>

#include "layout/layout.h"

/* layouts/NAME.yml, or NULL with the reason on stderr. */
static layout *
testlayout_load(const char *name)
{
	static const char *const dirs[] = {"fonts", NULL};
	char path[256];
	diag d;

	diag_init(&d, stderr);
	snprintf(path, sizeof(path), "layouts/%s.yml", name);
	return layout_load(path, dirs, &d);
}

#endif
