/* address: a customer's postal address as the lines a postal authority wants, in its order. */
#ifndef TAYORI_ADDRESS_H
#define TAYORI_ADDRESS_H

#include "util/arena.h"

#define ADDR_MAX_LINES 16

/* What a line is, so a layout can style it (the name larger, the postcode in boxes). */
enum addr_role {
	ADDR_POSTAL,	/* a postcode on its own line: JP 〒123-4567, UK SW1A 1AA */
	ADDR_STREET,	/* street, number, building; JP prefecture + city + address1 */
	ADDR_LOCALITY,	/* US CITY ST 12345-6789, DE 12345 Berlin, FR 75001 PARIS */
	ADDR_ORG,	/* company, department */
	ADDR_NAME,	/* a person or, with no person, the company */
	ADDR_COUNTRY	/* the destination country in capitals, only when mailing abroad */
};

typedef struct addr_line {
	int role;
	const char *text;	/* valid UTF-8, never empty */
	/*
	 * JP ADDR_NAME lines only: 様 or 御中, set in a column of its own so
	 * that joint names (連名) line up under one honorific; NULL elsewhere
	 * (western honorifics such as "Mr." are part of text). A foreign
	 * address gets one only when the record's own honorific is a
	 * Japanese one (様, 先生).
	 */
	const char *honorific;
} addr_line;

typedef struct address {
	addr_line lines[ADDR_MAX_LINES];
	int n;
	int jp;		/* in Japan Post's order, mailed within Japan: it may be set vertically */
} address;

/* A customer's fields as in the customers table; NULL and "" both mean empty. */
typedef struct addr_fields {
	const char *family_name, *given_name;
	const char *company, *department;
	const char *honorific;		/* 様, 御中, Mr., Ms., … */
	const char *joint_names;	/* 連名, one per line */
	const char *postal_code;
	const char *country;		/* ISO 3166 alpha-2; empty means JP */
	const char *region, *city, *address1, *address2;
} addr_fields;

/*
 * Format f as mailed from the country `from` (ISO alpha-2; NULL means
 * JP). Strings are allocated in ar. Empty fields leave no line. Returns
 * 0, or -1 when the record has no name and no company or no address line
 * at all (nothing could be delivered), or would need more than
 * ADDR_MAX_LINES lines; out->n is 0 then. The line order of each country
 * is documented at the top of address.c.
 */
int addr_format(const addr_fields *f, const char *from, address *out, arena *ar);

/*
 * A postal code normalized for country (ISO alpha-2): full-width digits
 * and letters folded to ASCII, hyphen look-alikes to '-', JP as
 * 123-4567, US as 12345 or 12345-6789, UK in capitals with one space
 * before the inward code. Allocated in ar; the input unchanged (but
 * folded) when it does not look like that country's code.
 */
const char *addr_postal_code(const char *code, const char *country, arena *ar);

/* Full-width digits, letters and hyphen look-alikes between digits folded to ASCII. */
const char *addr_fold_digits(const char *s, arena *ar);

#endif
