/* address: customer fields to the lines a postal authority wants, in its order. */
#include "address/address.h"

#include <string.h>

#include <unicode/uchar.h>

#include "text/utf8.h"
#include "util/buf.h"

/*
 * Line orders, one per postal authority:
 *
 * JP  Japan Post, horizontal: 〒postcode / prefecture city address1 /
 *     address2 / company / department / name 様, joint names 様 each.
 *     With no person the last organisation line (department, else
 *     company) is the ADDR_NAME and carries 御中.
 * US  USPS Publication 28: name / department (attention) / company /
 *     delivery line / CITY ST ZIP. A secondary unit (STE 201) goes at the
 *     end of the delivery line when the line stays within US_LINE_MAX
 *     characters, else on the line above it. Only the last line is set
 *     in capitals (USPS prefers, does not require, capitals; names and
 *     streets stay as the customer wrote them) and loses its punctuation.
 * GB  Royal Mail: name / company / department / address1 / address2 /
 *     POST TOWN / postcode. UK data keeps its lines in Royal Mail's order
 *     (building, street, locality), so they print as stored. The county
 *     (region) is not used: Royal Mail does not need it.
 * DE  Deutsche Post / DIN 5008, business order: company / department /
 *     name / address2 (c/o, Ortsteil) / street / "12345 Berlin". Titles
 *     are printed as given (Herrn, Frau); nothing is translated.
 * FR  La Poste, NF Z 10-011: company (raison sociale) / name / department
 *     (service) / address2 (complément) / address1 (numéro et voie) /
 *     "75001 PARIS": the last line in capitals without accents or
 *     punctuation, as La Poste asks.
 * CA, AU: as US without the ZIP rules: CITY REGION POSTCODE in capitals.
 * others: name / company / department / address1 / address2 /
 *     "postcode city region" as given.
 * A country line in capitals ends the address when mailing abroad.
 */

enum style { S_JP, S_US, S_NA, S_GB, S_DE, S_FR, S_OTHER };

/* Filters applied to a field's text before it becomes lines. */
#define F_FOLD		0x01	/* full-width digits and letters, hyphens */
#define F_UPPER		0x02	/* capitals */
#define F_NOACCENT	0x04	/* É → E, Œ → OE (after F_UPPER) */
#define F_NOPUNCT	0x08	/* . , to spaces */
#define F_NOHYPHEN	0x10	/* - ' ’ to spaces */

/* A delivery line plus its secondary unit stays on one label line. */
#define US_LINE_MAX	40

struct fmt {
	address *a;
	arena *ar;
	int full;	/* a line did not fit in ADDR_MAX_LINES */
	buf t1, t2;
};

static const struct country {
	const char *code, *name;
} countries[] = {
	{"AE", "UNITED ARAB EMIRATES"}, {"AR", "ARGENTINA"},
	{"AT", "AUSTRIA"}, {"AU", "AUSTRALIA"}, {"BE", "BELGIUM"},
	{"BR", "BRAZIL"}, {"CA", "CANADA"}, {"CH", "SWITZERLAND"},
	{"CL", "CHILE"}, {"CN", "CHINA"}, {"CZ", "CZECH REPUBLIC"},
	{"DE", "GERMANY"}, {"DK", "DENMARK"}, {"EG", "EGYPT"},
	{"ES", "SPAIN"}, {"FI", "FINLAND"}, {"FR", "FRANCE"},
	{"GB", "UNITED KINGDOM"}, {"GR", "GREECE"}, {"HK", "HONG KONG"},
	{"HU", "HUNGARY"}, {"ID", "INDONESIA"}, {"IE", "IRELAND"},
	{"IL", "ISRAEL"}, {"IN", "INDIA"}, {"IT", "ITALY"}, {"JP", "JAPAN"},
	{"KR", "REPUBLIC OF KOREA"}, {"LU", "LUXEMBOURG"}, {"MO", "MACAO"},
	{"MX", "MEXICO"}, {"MY", "MALAYSIA"}, {"NL", "NETHERLANDS"},
	{"NO", "NORWAY"}, {"NZ", "NEW ZEALAND"}, {"PH", "PHILIPPINES"},
	{"PL", "POLAND"}, {"PT", "PORTUGAL"}, {"RU", "RUSSIA"},
	{"SA", "SAUDI ARABIA"}, {"SE", "SWEDEN"}, {"SG", "SINGAPORE"},
	{"TH", "THAILAND"}, {"TR", "TURKEY"}, {"TW", "TAIWAN"},
	{"US", "UNITED STATES"}, {"VN", "VIET NAM"}, {"ZA", "SOUTH AFRICA"},
};

/* USPS Publication 28 secondary unit designators, and their long forms. */
static const char *const us_units[] = {
	"APT", "APARTMENT", "BLDG", "BUILDING", "BSMT", "DEPT", "FL", "FLOOR",
	"FRNT", "HNGR", "KEY", "LBBY", "LOT", "LOWR", "OFC", "PH", "PIER",
	"REAR", "RM", "ROOM", "SIDE", "SLIP", "SPC", "STE", "SUITE", "STOP",
	"TRLR", "UNIT", "UPPR", NULL
};

static int
is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' ||
	    c == 0xA0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F ||
	    c == 0x3000;
}

static int
is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/*
 * Append s normalized: lines separated by one '\n' (CR, CRLF and LF all
 * end a line), each trimmed, runs of spaces inside collapsed to one ASCII
 * space, empty lines dropped. The output is valid UTF-8.
 */
static void
norm(const char *s, buf *out)
{
	const char *p = s, *end = s + strlen(s);
	size_t start = out->len;
	int pend_sp = 0, pend_nl = 0, line_empty = 1;

	while (p < end) {
		uint32_t c = utf8_next(&p, end);

		if (c == '\n' || c == '\r') {
			if (!line_empty)
				pend_nl = 1;
			pend_sp = 0;
			line_empty = 1;
			continue;
		}
		if (is_space(c)) {
			if (!line_empty)
				pend_sp = 1;
			continue;
		}
		if (pend_nl && out->len > start)
			buf_putc(out, '\n');
		else if (pend_sp)
			buf_putc(out, ' ');
		pend_nl = pend_sp = 0;
		line_empty = 0;
		utf8_put(out, c);
	}
}

/* A full-width digit or letter as ASCII; other code points unchanged. */
static uint32_t
fold_cp(uint32_t c)
{
	if ((c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) ||
	    (c >= 0xFF41 && c <= 0xFF5A))
		return c - 0xFF10 + '0';
	return c;
}

static int
is_hyphen_like(uint32_t c)
{
	return c == 0x2010 || c == 0x2011 || c == 0x2012 || c == 0x2013 ||
	    c == 0x2014 || c == 0x2015 || c == 0x2212 || c == 0x30FC ||
	    c == 0xFE63 || c == 0xFF0D || c == 0xFF70;
}

static void
fold(const char *s, buf *out)
{
	const char *p = s, *end = s + strlen(s);
	size_t start = out->len;

	while (p < end) {
		uint32_t c = fold_cp(utf8_next(&p, end));

		if (is_hyphen_like(c) && out->len > start &&
		    is_digit((unsigned char)out->p[out->len - 1]) && p < end) {
			const char *q = p;

			if (is_digit(fold_cp(utf8_next(&q, end))))
				c = '-';
		}
		utf8_put(out, c);
	}
}

static uint32_t
strip_accent(uint32_t c, buf *out)
{
	static const char latin1[] =	/* U+00C0 … U+00DD */
	    "AAAAAA\0CEEEEIIIIDNOOOOO\0OUUUUY";

	if (c == 0xC6) {
		buf_putc(out, 'A');
		return 'E';
	}
	if (c == 0x152) {
		buf_putc(out, 'O');
		return 'E';
	}
	if (c == 0x178)
		return 'Y';
	if (c >= 0xC0 && c <= 0xDD && latin1[c - 0xC0] != '\0')
		return (unsigned char)latin1[c - 0xC0];
	return c;
}

static void
recase(const char *s, int flags, buf *out)
{
	const char *p = s, *end = s + strlen(s);

	while (p < end) {
		uint32_t c = utf8_next(&p, end);

		if (flags & F_UPPER)
			c = (uint32_t)u_toupper((UChar32)c);
		if (flags & F_NOACCENT)
			c = strip_accent(c, out);
		if ((flags & F_NOPUNCT) && (c == '.' || c == ','))
			c = ' ';
		if ((flags & F_NOHYPHEN) && (c == '-' || c == '\'' ||
		    c == 0x2019))
			c = ' ';
		utf8_put(out, c);
	}
}

/* s through norm and the filters in flags; the result is in f->t1. */
static const char *
filter(struct fmt *f, const char *s, int flags)
{
	buf_clear(&f->t1);
	norm(s, &f->t1);
	if (flags & F_FOLD) {
		buf_clear(&f->t2);
		fold(buf_str(&f->t1), &f->t2);
		buf_clear(&f->t1);
		buf_puts(&f->t1, buf_str(&f->t2));
	}
	if (flags & (F_UPPER | F_NOACCENT | F_NOPUNCT | F_NOHYPHEN)) {
		buf_clear(&f->t2);
		recase(buf_str(&f->t1), flags, &f->t2);
		buf_clear(&f->t1);
		norm(buf_str(&f->t2), &f->t1);
	}
	return buf_str(&f->t1);
}

/*
 * Each line of s (filtered by flags) as a line of role; hon goes on the
 * last of them. Returns the number of lines added.
 */
static int
add(struct fmt *f, int role, const char *s, int flags, const char *hon)
{
	const char *p;
	int n0 = f->a->n;

	if (s == NULL)
		return 0;
	p = filter(f, s, flags);
	while (*p != '\0') {
		size_t len = strcspn(p, "\n");

		if (f->a->n == ADDR_MAX_LINES) {
			f->full = 1;
			break;
		}
		addr_line *l = &f->a->lines[f->a->n++];
		l->role = role;
		l->text = arena_strndup(f->ar, p, len);
		l->honorific = NULL;
		p += len;
		if (*p == '\n')
			p++;
	}
	if (hon != NULL && f->a->n > n0)
		f->a->lines[f->a->n - 1].honorific = arena_strdup(f->ar, hon);
	return f->a->n - n0;
}

/* s normalized (trimmed, collapsed, lines kept) in ar, or NULL when empty. */
static const char *
tidy(struct fmt *f, const char *s)
{
	if (s == NULL)
		return NULL;
	buf_clear(&f->t1);
	norm(s, &f->t1);
	return f->t1.len ? arena_strdup(f->ar, f->t1.p) : NULL;
}

/* Parts joined by sep, empty parts left out; in ar, or NULL when all empty. */
static const char *
join(struct fmt *f, const char *sep, const char *a, const char *b,
    const char *c)
{
	const char *parts[3] = {a, b, c};
	buf *t = &f->t2;

	buf_clear(t);
	for (int i = 0; i < 3; i++) {
		if (parts[i] == NULL)
			continue;
		if (t->len)
			buf_puts(t, sep);
		buf_puts(t, parts[i]);
	}
	return t->len ? arena_strdup(f->ar, t->p) : NULL;
}

/* Trimmed, ASCII capitals; "" for NULL. UK is an alias of GB. */
static void
country_code(const char *s, char *code, size_t size)
{
	size_t n = 0;

	code[0] = '\0';
	if (s == NULL)
		return;
	while (*s == ' ' || *s == '\t')
		s++;
	while (*s != '\0' && *s != ' ' && *s != '\t' && n + 1 < size) {
		char c = *s++;

		code[n++] = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
	}
	code[n] = '\0';
	if (strcmp(code, "UK") == 0)
		strcpy(code, "GB");
}

static enum style
style_of(const char *code)
{
	if (code[0] == '\0' || strcmp(code, "JP") == 0)
		return S_JP;
	if (strcmp(code, "US") == 0)
		return S_US;
	if (strcmp(code, "CA") == 0 || strcmp(code, "AU") == 0)
		return S_NA;
	if (strcmp(code, "GB") == 0)
		return S_GB;
	if (strcmp(code, "DE") == 0)
		return S_DE;
	if (strcmp(code, "FR") == 0 || strcmp(code, "MC") == 0)
		return S_FR;
	return S_OTHER;
}

static const char *
country_name(const char *code)
{
	for (size_t i = 0; i < sizeof(countries) / sizeof(countries[0]); i++)
		if (strcmp(countries[i].code, code) == 0)
			return countries[i].name;
	return code;
}

/* A Japanese honorific (様, 御中, 先生) follows the name; a western one precedes it. */
static int
is_jp_honorific(const char *h)
{
	const char *p = h;
	uint32_t c = utf8_next(&p, h + strlen(h));

	return c >= 0x2E80;
}

static int
ascii_ieq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int x = (unsigned char)a[i], y = (unsigned char)b[i];

		if (x >= 'a' && x <= 'z')
			x -= 'a' - 'A';
		if (y >= 'a' && y <= 'z')
			y -= 'a' - 'A';
		if (x != y)
			return 0;
	}
	return 1;
}

/* One line that starts with a USPS secondary unit designator or '#'. */
static int
is_us_unit(const char *s)
{
	size_t n = strcspn(s, " .");

	if (strchr(s, '\n') != NULL)
		return 0;
	if (s[0] == '#')
		return 1;
	for (int i = 0; us_units[i] != NULL; i++)
		if (strlen(us_units[i]) == n &&
		    ascii_ieq(s, us_units[i], n))
			return 1;
	return 0;
}

static size_t
cp_count(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* The street lines: address2 above address1 except where noted. */
static void
add_street(struct fmt *f, enum style st, const char *a1, const char *a2)
{
	if (st == S_US && a1 != NULL && a2 != NULL && is_us_unit(a2) &&
	    strchr(a1, '\n') == NULL &&
	    cp_count(a1) + 1 + cp_count(a2) <= US_LINE_MAX) {
		add(f, ADDR_STREET, join(f, " ", a1, a2, NULL), F_FOLD, NULL);
		return;
	}
	if (st == S_GB || st == S_OTHER) {
		add(f, ADDR_STREET, a1, F_FOLD, NULL);
		add(f, ADDR_STREET, a2, F_FOLD, NULL);
		return;
	}
	add(f, ADDR_STREET, a2, F_FOLD, NULL);
	add(f, ADDR_STREET, a1, F_FOLD, NULL);
}

struct rec {
	const char *family, *given, *company, *dept, *hon, *joint;
	const char *postal, *region, *city, *a1, *a2;
	char dest[8];
};

/* Do a and b[0..bn) spell one name, spaces (ASCII or ideographic) aside? */
static int
same_name(const char *a, const char *b, size_t bn)
{
	const char *be = b + bn;

	for (;;) {
		while (*a == ' ' || strncmp(a, "\u3000", 3) == 0)
			a += *a == ' ' ? 1 : 3;
		while (b < be && (*b == ' ' || (be - b >= 3 &&
		    strncmp(b, "\u3000", 3) == 0)))
			b += *b == ' ' ? 1 : 3;
		if (*a == '\0' || b == be)
			return *a == '\0' && b == be;
		if (*a++ != *b++)
			return 0;
	}
}

/*
 * The joint names (連名), one a line, each under its honorific; a line
 * that repeats the addressee's own name (exports often list the whole
 * household) is not printed twice.
 */
static void
add_joint(struct fmt *f, const struct rec *r, const char *hon)
{
	const char *self = join(f, "", r->family, r->given, NULL);

	for (const char *p = r->joint; p != NULL && *p != '\0';) {
		size_t n = strcspn(p, "\n");

		if (n > 0 && (self == NULL || !same_name(self, p, n)))
			add(f, ADDR_NAME, arena_strndup(f->ar, p, n), 0, hon);
		p += n;
		if (*p == '\n')
			p++;
	}
}

static void
format_jp(struct fmt *f, const struct rec *r)
{
	const char *hon = NULL, *name, *pc;
	int title = r->hon != NULL && !is_jp_honorific(r->hon);

	if (r->postal != NULL) {
		pc = addr_postal_code(r->postal, "JP", f->ar);
		if (strncmp(pc, "〒", strlen("〒")) != 0)
			pc = join(f, "", "〒", pc, NULL);
		add(f, ADDR_POSTAL, pc, 0, NULL);
	}
	add(f, ADDR_STREET, join(f, "", r->region, r->city, r->a1), F_FOLD,
	    NULL);
	add(f, ADDR_STREET, r->a2, F_FOLD, NULL);
	if (r->family != NULL || r->given != NULL) {
		add(f, ADDR_ORG, r->company, 0, NULL);
		add(f, ADDR_ORG, r->dept, 0, NULL);
		if (title)
			name = join(f, " ", r->hon, r->family, r->given);
		else {
			name = join(f, " ", r->family, r->given, NULL);
			hon = r->hon != NULL ? r->hon : "様";
		}
		add(f, ADDR_NAME, name, 0, hon);
	} else {
		hon = r->hon != NULL && !title && strcmp(r->hon, "様") != 0 ?
		    r->hon : "御中";
		if (r->company != NULL && r->dept != NULL) {
			add(f, ADDR_ORG, r->company, 0, NULL);
			add(f, ADDR_NAME, r->dept, 0, hon);
		} else
			add(f, ADDR_NAME, r->company ? r->company : r->dept, 0,
			    hon);
	}
	add_joint(f, r, "様");
}

static void
format_west(struct fmt *f, const struct rec *r, enum style st)
{
	const char *hon = NULL, *name = NULL, *pc, *loc;
	const char *order;
	int person = r->family != NULL || r->given != NULL;

	if (r->hon != NULL && is_jp_honorific(r->hon))
		hon = r->hon;
	if (person)
		name = join(f, " ", hon == NULL ? r->hon : NULL, r->given,
		    r->family);
	/* N name, C company, D department */
	switch (st) {
	case S_US:
	case S_NA:
		order = "NDC";
		break;
	case S_DE:
		order = "CDN";
		break;
	case S_FR:
		order = "CND";
		break;
	default:
		order = "NCD";
		break;
	}
	for (const char *o = order; *o != '\0'; o++) {
		if (*o == 'N' && name != NULL)
			add(f, ADDR_NAME, name, 0, hon);
		else if (*o == 'C' && r->company != NULL)
			add(f, person ? ADDR_ORG : ADDR_NAME, r->company, 0,
			    person ? NULL : hon);
		else if (*o == 'D')
			add(f, ADDR_ORG, r->dept, 0, NULL);
	}
	if (!person && r->company == NULL && r->dept != NULL && f->a->n > 0) {
		addr_line *l = &f->a->lines[f->a->n - 1];

		l->role = ADDR_NAME;
		l->honorific = hon;
	}
	add_joint(f, r, hon);
	add_street(f, st, r->a1, r->a2);
	pc = r->postal ? addr_postal_code(r->postal, r->dest, f->ar) : NULL;
	if (pc != NULL && *pc == '\0')
		pc = NULL;
	switch (st) {
	case S_US:
	case S_NA:
		loc = join(f, " ", r->city, r->region, NULL);
		add(f, ADDR_LOCALITY, join(f, " ", loc, pc, NULL),
		    F_UPPER | F_NOPUNCT, NULL);
		break;
	case S_GB:
		add(f, ADDR_LOCALITY, r->city, F_UPPER, NULL);
		add(f, ADDR_POSTAL, pc, 0, NULL);
		break;
	case S_DE:
		add(f, ADDR_LOCALITY, join(f, " ", pc, r->city, NULL), 0, NULL);
		break;
	case S_FR:
		add(f, ADDR_LOCALITY, join(f, " ", pc, r->city, NULL),
		    F_UPPER | F_NOACCENT | F_NOPUNCT | F_NOHYPHEN, NULL);
		break;
	default:
		add(f, ADDR_LOCALITY, join(f, " ", pc, r->city, r->region),
		    F_FOLD, NULL);
		break;
	}
}

int
addr_format(const addr_fields *in, const char *from, address *out,
    arena *ar)
{
	struct fmt f = {out, ar, 0, BUF_INIT, BUF_INIT};
	struct rec r;
	char src[8];
	enum style st;
	int rc = -1, has_street = 0;

	out->n = out->jp = 0;
	r.family = tidy(&f, in->family_name);
	r.given = tidy(&f, in->given_name);
	r.company = tidy(&f, in->company);
	r.dept = tidy(&f, in->department);
	r.hon = tidy(&f, in->honorific);
	r.joint = tidy(&f, in->joint_names);
	r.postal = tidy(&f, in->postal_code);
	r.region = tidy(&f, in->region);
	r.city = tidy(&f, in->city);
	r.a1 = tidy(&f, in->address1);
	r.a2 = tidy(&f, in->address2);
	country_code(in->country, r.dest, sizeof(r.dest));
	country_code(from, src, sizeof(src));
	if (r.dest[0] == '\0')
		strcpy(r.dest, "JP");
	if (src[0] == '\0')
		strcpy(src, "JP");

	if (r.family == NULL && r.given == NULL && r.company == NULL &&
	    r.dept == NULL)
		goto out;
	st = style_of(r.dest);
	if (st == S_JP)
		format_jp(&f, &r);
	else
		format_west(&f, &r, st);
	if (strcmp(r.dest, src) != 0)
		add(&f, ADDR_COUNTRY, country_name(r.dest), F_UPPER, NULL);
	out->jp = st == S_JP && strcmp(r.dest, src) == 0;
	for (int i = 0; i < out->n; i++)
		if (out->lines[i].role == ADDR_STREET ||
		    out->lines[i].role == ADDR_LOCALITY)
			has_street = 1;
	if (!has_street || f.full)
		goto out;
	rc = 0;
out:
	if (rc != 0)
		out->n = out->jp = 0;
	buf_free(&f.t1);
	buf_free(&f.t2);
	return rc;
}

const char *
addr_fold_digits(const char *s, arena *ar)
{
	buf b = BUF_INIT;
	const char *r;

	fold(s != NULL ? s : "", &b);
	r = arena_strdup(ar, buf_str(&b));
	buf_free(&b);
	return r;
}

/* The ASCII digits of s when s is only digits and the separators in sep. */
static size_t
digits_only(const char *s, const char *sep, char *d, size_t size)
{
	size_t n = 0;

	for (; *s != '\0'; s++) {
		if (is_digit((unsigned char)*s)) {
			if (n + 1 >= size)
				return 0;
			d[n++] = *s;
		} else if (strchr(sep, *s) == NULL)
			return 0;
	}
	d[n] = '\0';
	return n;
}

static int
is_alpha(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* A UK postcode without spaces in capitals: outward (2-4) + inward (9AA). */
static int
uk_postcode(const char *s, char *pc, size_t size)
{
	size_t n = 0, len;

	for (; *s != '\0'; s++) {
		if (*s == ' ')
			continue;
		if (!is_alpha(*s) && !is_digit((unsigned char)*s))
			return -1;
		if (n + 1 >= size)
			return -1;
		pc[n++] = *s >= 'a' && *s <= 'z' ? (char)(*s - 'a' + 'A') : *s;
	}
	pc[n] = '\0';
	len = n;
	if (len < 5 || len > 7 || !is_alpha(pc[0]) ||
	    !is_digit((unsigned char)pc[len - 3]) || !is_alpha(pc[len - 2]) ||
	    !is_alpha(pc[len - 1]))
		return -1;
	return 0;
}

const char *
addr_postal_code(const char *code, const char *country, arena *ar)
{
	buf a = BUF_INIT, b = BUF_INIT;
	char cc[8], d[16], pc[16];
	const char *s, *r, *all;

	norm(code != NULL ? code : "", &a);
	fold(buf_str(&a), &b);
	s = all = buf_str(&b);
	country_code(country, cc, sizeof(cc));
	r = NULL;
	if (cc[0] == '\0' || strcmp(cc, "JP") == 0) {
		if (strncmp(s, "〒", strlen("〒")) == 0)
			s += strlen("〒");
		if (digits_only(s, "- ", d, sizeof(d)) == 7) {
			buf_clear(&a);
			buf_printf(&a, "%.3s-%s", d, d + 3);
			r = arena_strdup(ar, buf_str(&a));
		}
	} else if (strcmp(cc, "US") == 0) {
		size_t n = digits_only(s, "- ", d, sizeof(d));

		if (n == 5 || n == 9) {
			buf_clear(&a);
			buf_printf(&a, "%.5s%s%s", d, n == 9 ? "-" : "",
			    d + 5);
			r = arena_strdup(ar, buf_str(&a));
		}
	} else if (strcmp(cc, "GB") == 0) {
		if (uk_postcode(s, pc, sizeof(pc)) == 0) {
			size_t n = strlen(pc);

			buf_clear(&a);
			buf_printf(&a, "%.*s %s", (int)(n - 3), pc, pc + n - 3);
			r = arena_strdup(ar, buf_str(&a));
		}
	}
	if (r == NULL)
		r = arena_strdup(ar, all);
	buf_free(&a);
	buf_free(&b);
	return r;
}
