/* mailing: a customer's address and postal barcode from the row's columns, for every output. */
#include "job/mailing.h"

#include <string.h>

#include "address/jpbarcode.h"
#include "merge/merge.h"
#include "util/buf.h"

const char *const mailing_columns[MAIL_NCOLUMNS] = {
	"family_name", "given_name", "company", "department", "honorific",
	"joint_names", "postal_code", "country", "region", "city", "address1",
	"address2"
};

void
mailing_fields(const char *const *vals, const int *lens, long long customer,
    addr_fields *f, arena *ar, diag *d)
{
	const char *v[MAIL_NCOLUMNS];
	buf b = BUF_INIT;

	for (int i = 0; i < MAIL_NCOLUMNS; i++) {
		v[i] = NULL;
		if (vals[i] == NULL || lens[i] == 0)
			continue;
		buf_clear(&b);
		merge_clean(mailing_columns[i], vals[i], (size_t)lens[i], customer, 1,
		    &b, d);
		if (b.len)
			v[i] = arena_strndup(ar, b.p, b.len);
	}
	buf_free(&b);
	memset(f, 0, sizeof(*f));
	f->family_name = v[0];
	f->given_name = v[1];
	f->company = v[2];
	f->department = v[3];
	f->honorific = v[4];
	f->joint_names = v[5];
	f->postal_code = v[6];
	f->country = v[7];
	f->region = v[8];
	f->city = v[9];
	f->address1 = v[10];
	f->address2 = v[11];
}

const char *
mailing_barcode(const addr_fields *f, long long customer, arena *ar, diag *d)
{
	char data[64];
	buf street = BUF_INIT;
	const char *out = NULL;

	if (f->country && strcmp(f->country, "JP") != 0)
		return NULL;
	buf_printf(&street, "%s%s", f->address1 ? f->address1 : "",
	    f->address2 ? f->address2 : "");
	if (jpbar_data(f->postal_code ? f->postal_code : "", buf_str(&street),
	    data, sizeof(data)) < 0)
		diag_customer(d, D_ADDRESS_WARN, customer,
		    "the postal code is not 7 digits: no customer barcode");
	else
		out = arena_strdup(ar, data);
	buf_free(&street);
	return out;
}
