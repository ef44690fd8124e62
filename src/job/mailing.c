/* mailing: a customer's address and postal barcode from the row's columns, for every output. */
#include "job/mailing.h"

#include <string.h>

#include "address/jpbarcode.h"
#include "util/buf.h"

const char *const mailing_columns[MAIL_NCOLUMNS] = {
	"family_name", "given_name", "company", "department", "honorific",
	"joint_names", "postal_code", "country", "region", "city", "address1",
	"address2"
};

static const char *
field(const char *v)
{
	return v && *v ? v : NULL;
}

void
mailing_fields(const char *const *vals, addr_fields *f)
{
	memset(f, 0, sizeof(*f));
	f->family_name = field(vals[0]);
	f->given_name = field(vals[1]);
	f->company = field(vals[2]);
	f->department = field(vals[3]);
	f->honorific = field(vals[4]);
	f->joint_names = field(vals[5]);
	f->postal_code = field(vals[6]);
	f->country = field(vals[7]);
	f->region = field(vals[8]);
	f->city = field(vals[9]);
	f->address1 = field(vals[10]);
	f->address2 = field(vals[11]);
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
