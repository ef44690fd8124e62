/* fixture: the one customer row and the built-ins the content fuzzers merge against. */
#ifndef TAYORI_FUZZ_FIXTURE_H
#define TAYORI_FUZZ_FIXTURE_H

#include <string.h>

#include "address/address.h"
#include "content/doc.h"
#include "job/mailing.h"
#include "merge/merge.h"
#include "util/mem.h"

/* The columns of customer_view, as a segment over it returns them. */
static const char *const fx_columns[] = {
	"id", "family_name", "given_name", "family_kana", "given_kana",
	"company", "department", "honorific", "joint_names", "postal_code",
	"country", "region", "city", "address1", "address2", "email", "phone",
	"birthday", "rank", "opt_out", "created_at", "order_count",
	"total_spent", "average_order", "first_purchase", "last_purchase",
	"days_since_last_purchase", "ltv", "r_score", "f_score", "m_score",
	"rfm", "dormant", "birthday_month"
};
#define FX_NCOLUMNS ((int)(sizeof(fx_columns) / sizeof(fx_columns[0])))

/* One row: a Japanese customer; NULLs and an odd value to exercise fallbacks and repairs. */
static const char *const fx_values[FX_NCOLUMNS] = {
	"1042", "山田", "花子", "ヤマダ", "ハナコ", NULL, "", NULL,
	"山田 太郎\n山田 一郎", "150-0001", "JP", "東京都", "渋谷区",
	"神宮前1-2-3", "ハーベストビル 5F", "hanako@example.jp", "03-1234-5678",
	"1980-02-29", "VIP", "0", "2024-01-15 10:00:00", "12", "123456",
	"10288.0", "2024-02-01", "2026-11-20", "11", "123456", "5", "4", "5",
	"545", "0", "02"
};

static const char fx_token[] = "AbCdEfGh12345678";

/* Built-ins as a job makes them from the front matter (values lent by dc). */
static inline merge_builtin *
fx_builtins(const doc *dc, int *n)
{
	static const char *const names[] = {"title", "issue", "date", "campaign"};
	merge_builtin *b = mem_calloc((size_t)dc->nfm + 10, sizeof(*b));
	int k = 0;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		b[k].name = names[i];
		b[k].value = doc_fm(dc, names[i]) ? doc_fm(dc, names[i]) : "";
		k++;
	}
	b[k].name = "today";
	b[k++].value = "2026-12-01";
	for (int i = 0; i < dc->nfm; i++)
		if (strncmp(dc->fm[i].key, "sender.", 7) == 0) {
			b[k].name = dc->fm[i].key;
			b[k++].value = dc->fm[i].value;
		}
	b[k].name = "sender.name";
	b[k++].value = "";
	b[k].name = "sender.address";
	b[k++].value = "";
	b[k].name = "sender.phone";
	b[k++].value = "";
	b[k].name = "sender.url";
	b[k++].value = "";
	*n = k;
	return b;
}

/* The row, with condition i true when i is even (SQLite decides in a real job). */
static inline void
fx_row(const doc *dc, merge_row *r, int *lens, int *conds)
{
	for (int i = 0; i < FX_NCOLUMNS; i++)
		lens[i] = fx_values[i] ? (int)strlen(fx_values[i]) : 0;
	for (int i = 0; i < dc->nconds; i++)
		conds[i] = i % 2 == 0;
	r->id = 1042;
	r->vals = fx_values;
	r->lens = lens;
	r->conds = conds;
	r->token = fx_token;
}

/* The row's address and barcode data, allocated in ar; -1 if it cannot be formatted. */
static inline int
fx_address(arena *ar, address **out, const char **barcode, diag *d)
{
	const char *av[MAIL_NCOLUMNS];
	int al[MAIL_NCOLUMNS];
	addr_fields f;

	for (int i = 0; i < MAIL_NCOLUMNS; i++) {
		av[i] = NULL;
		al[i] = 0;
		for (int k = 0; k < FX_NCOLUMNS; k++)
			if (strcmp(fx_columns[k], mailing_columns[i]) == 0 &&
			    fx_values[k] != NULL) {
				av[i] = fx_values[k];
				al[i] = (int)strlen(fx_values[k]);
			}
	}
	mailing_fields(av, al, 1042, &f, ar, d);
	*out = arena_alloc(ar, sizeof(**out));
	if (addr_format(&f, "JP", *out, ar) != 0)
		return -1;
	*barcode = mailing_barcode(&f, 1042, ar, d);
	return 0;
}

#endif
