/* import: an export file into customers or purchases: mapped, every value checked, existing rows updated. */
#include "data/import.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>


#include "data/csv.h"
#include "data/db.h"
#include "data/store.h"
#include "data/encoding.h"
#include "data/mapping.h"
#include "data/values.h"
#include "output/atomic.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/mem.h"
#include "util/path.h"

#define IMPORT_MAX_BYTES	(1024LL * 1024 * 1024)

/* How a column's values are read. */
enum type {
	T_TEXT,		/* as written, trimmed */
	T_CODE,		/* a code kept as text: Excel's leading ' dropped */
	T_INT,
	T_AMOUNT,
	T_DATE,
	T_OPTOUT,
	T_COUNTRY,	/* ISO 3166 alpha-2 */
	T_REGION,	/* as written; a Japanese prefecture's ISO code (JP-13) as its name */
	T_BY_NO,	/* purchases, responses: the customer, by customer_no */
	T_BY_EMAIL,	/* purchases, responses: the customer, by email */
	T_TOKEN,	/* responses: the customer and campaign, by a copy's token */
	T_KIND		/* responses: visit, coupon, purchase or reply */
};

#define CUSTOMER_COLUMNS(X) \
	X(id, T_INT) X(customer_no, T_CODE) X(family_name, T_TEXT) \
	X(given_name, T_TEXT) X(family_kana, T_TEXT) X(given_kana, T_TEXT) \
	X(company, T_TEXT) X(department, T_TEXT) X(honorific, T_TEXT) \
	X(joint_names, T_TEXT) X(postal_code, T_CODE) X(country, T_COUNTRY) \
	X(region, T_REGION) X(city, T_TEXT) X(address1, T_TEXT) \
	X(address2, T_TEXT) X(email, T_TEXT) X(phone, T_CODE) \
	X(birthday, T_DATE) X(rank, T_TEXT) X(opt_out, T_OPTOUT) \
	X(opt_out_at, T_DATE) X(created_at, T_DATE) X(notes, T_TEXT) \
	X(summary_orders, T_INT) X(summary_spent, T_AMOUNT) \
	X(summary_first_purchase, T_DATE) X(summary_last_purchase, T_DATE)

#define PURCHASE_COLUMNS(X) \
	X(id, T_INT) X(customer_id, T_INT) X(customer_no, T_BY_NO) \
	X(customer_email, T_BY_EMAIL) X(purchased_at, T_DATE) \
	X(product, T_TEXT) X(amount, T_AMOUNT)

#define RESPONSE_COLUMNS(X) \
	X(token, T_TOKEN) X(customer_id, T_INT) X(customer_no, T_BY_NO) \
	X(customer_email, T_BY_EMAIL) X(campaign, T_TEXT) \
	X(responded_at, T_DATE) X(kind, T_KIND) X(amount, T_AMOUNT)

#define COLUMN_NAME(name, type) #name,
#define COLUMN_TYPE(name, type) type,

static const char *const customer_names[] = {CUSTOMER_COLUMNS(COLUMN_NAME) NULL};
static const enum type customer_types[] = {CUSTOMER_COLUMNS(COLUMN_TYPE)};
static const char *const purchase_names[] = {PURCHASE_COLUMNS(COLUMN_NAME) NULL};
static const enum type purchase_types[] = {PURCHASE_COLUMNS(COLUMN_TYPE)};
static const char *const response_names[] = {RESPONSE_COLUMNS(COLUMN_NAME) NULL};
static const enum type response_types[] = {RESPONSE_COLUMNS(COLUMN_TYPE)};

#define NCOLS(a)	((int)(sizeof(a) / sizeof(a[0])))
#define MAX_COLUMNS	(sizeof(customer_types) / sizeof(customer_types[0]))

/* The tables an import fills. */
static const struct table {
	const char *name, *const *names;
	const enum type *types;
	int ncols;
	int names_customer;	/* a row names its customer (purchases, responses) */
} tables[] = {
	{"customers", customer_names, customer_types, NCOLS(customer_types), 0},
	{"purchases", purchase_names, purchase_types, NCOLS(purchase_types), 1},
	{"responses", response_names, response_types, NCOLS(response_types), 1},
};

static const struct table *
find_table(const char *name)
{
	for (size_t i = 0; name != NULL && i < sizeof(tables) / sizeof(tables[0]); i++)
		if (strcmp(name, tables[i].name) == 0)
			return &tables[i];
	return NULL;
}

/* Parameters of the writing statements beyond the columns' own (?1 … ?N). */
#define P_ROWID		90	/* the matched row */
#define P_SOURCE	91	/* the file, for opt_out_source */
#define P_OPT_OUT	92	/* 0 or 1; NULL: the file says nothing */

const char *const *
import_columns(const char *table)
{
	const struct table *t = find_table(table);

	return t ? t->names : NULL;
}

/* One value of a row, read. */
enum cell_kind { C_ABSENT, C_NULL, C_TEXT, C_INT, C_REAL };

typedef struct cell {
	enum cell_kind kind;
	long long i;
	double f;
	size_t off;		/* C_TEXT: where it starts in the row's text */
} cell;

/* A mapping rule, tied to the file's header and the table's column. */
typedef struct bound {
	const map_rule *rule;
	int col;		/* index into the table's columns */
	int *fields;		/* the source fields read (one, or all of a join) */
	int nfields;
} bound;

typedef struct importer {
	const import_opts *o;
	import_result *r;
	diag *d;
	store *db;
	const struct table *tab;
	const char *table;
	const char *const *names;
	const enum type *types;
	int ncols;
	mapping *map;
	char **headers;
	int nheaders;
	bound *b;
	int nb;
	int by[MAX_COLUMNS];	/* column -> index into b, or -1 */
	int key;		/* the column rows are matched on, or -1 */
	int nfields;
	/* one row, read */
	cell cells[MAX_COLUMNS];
	buf text;
	buf reasons;		/* the row's bad values, for the reject file */
	int listed, unlisted;
	store_stmt *find, *find_customer[4], *seen;
	store_stmt *update[2], *insert[2];
	char *source;
} importer;

static int
col_index(const importer *im, const char *name)
{
	for (int i = 0; i < im->ncols; i++)
		if (strcmp(im->names[i], name) == 0)
			return i;
	return -1;
}

static int
header_index(const importer *im, const char *name)
{
	for (int i = 0; i < im->nheaders; i++)
		if (strcasecmp(im->headers[i], name) == 0)
			return i;
	return -1;
}

static int
sql_prepare(importer *im, const char *sql, store_stmt **st)
{
	return (*st = store_prepare(im->db, sql, im->d)) != NULL ? 0 : -1;
}

/* Tie each rule to the header: every missing column is reported, then -1. */
static int
bind_rules(importer *im)
{
	int missing = 0;
	char *used = mem_calloc((size_t)im->nheaders + 1, 1);
	buf unused = BUF_INIT;

	for (int i = 0; i < im->ncols; i++)
		im->by[i] = -1;
	im->b = mem_calloc((size_t)im->map->nrules + 1, sizeof(*im->b));
	for (int i = 0; i < im->map->nrules; i++) {
		const map_rule *r = &im->map->rules[i];
		int col = col_index(im, r->column);
		bound *b;

		if (col == -1 || im->by[col] != -1) {
			buf msg = BUF_INIT;

			if (col == -1) {
				buf_printf(&msg, "table %s has no column '%s'; its "
				    "columns are", im->table, r->column);
				for (int k = 0; k < im->ncols; k++)
					buf_printf(&msg, "%s %s", k ? "," : "",
					    im->names[k]);
			} else
				buf_printf(&msg, "column '%s' is filled twice",
				    r->column);
			diag_at(im->d, D_MAPPING, im->map->name, r->line, 0,
			    buf_str(&msg));
			buf_free(&msg);
			missing++;
			continue;
		}
		b = &im->b[im->nb];
		b->rule = r;
		b->col = col;
		if (r->value != NULL) {		/* the same value for every row */
			im->by[col] = im->nb++;
			continue;
		}
		b->fields = mem_calloc((size_t)r->nfrom, sizeof(int));
		for (int k = 0; k < r->nfrom; k++) {
			int h = header_index(im, r->from[k]);

			if (h == -1 && r->join)
				break;
			if (h != -1) {
				b->fields[b->nfields++] = h;
				if (!r->join)
					break;
			}
		}
		if (b->nfields == 0 || (r->join && b->nfields < r->nfrom)) {
			if (!r->optional) {
				buf names = BUF_INIT;

				for (int k = 0; k < r->nfrom; k++)
					buf_printf(&names, "%s'%s'", k ? (r->join ?
					    " and " : " or ") : "", r->from[k]);
				diag_at(im->d, D_IMPORT_MISSING, im->o->file, 1, 0,
				    buf_str(&names), r->column);
				buf_free(&names);
				missing++;
			}
			mem_free(b->fields);
			b->fields = NULL;
			b->nfields = 0;
			continue;
		}
		for (int k = 0; k < b->nfields; k++)
			used[b->fields[k]] = 1;
		im->by[col] = im->nb++;
	}
	for (int h = 0; h < im->nheaders; h++)
		if (!used[h] && im->headers[h][0] != '\0')
			buf_printf(&unused, "%s'%s'", unused.len ? ", " : "",
			    im->headers[h]);
	if (missing == 0 && unused.len > 0)
		diag_at(im->d, D_IMPORT_IGNORED, im->o->file, 1, 0, buf_str(&unused));
	buf_free(&unused);
	mem_free(used);
	return missing ? -1 : 0;
}

/* The key rows are matched on: the mapping's first key the file gives. */
static int
choose_key(importer *im)
{
	static const char *const default_key[] = {"id"};
	const char *const *keys = im->map->nkeys ? (const char *const *)im->map->keys :
	    default_key;
	int nkeys = im->map->nkeys ? im->map->nkeys : 1;

	im->key = -1;
	if (im->tab->names_customer) {
		int c = col_index(im, "id"), tok = col_index(im, "token");

		im->key = c != -1 && im->by[c] != -1 ? c : -1;
		if (im->by[col_index(im, "customer_id")] == -1 &&
		    im->by[col_index(im, "customer_no")] == -1 &&
		    im->by[col_index(im, "customer_email")] == -1 &&
		    (tok == -1 || im->by[tok] == -1)) {
			diag_at(im->d, D_IMPORT_MISSING, im->o->file, 1, 0,
			    tok == -1 ? "customer_id, customer_no or customer_email" :
			    "token, customer_id, customer_no or customer_email",
			    "the customer of each row");
			return -1;
		}
		return 0;
	}
	for (int i = 0; i < nkeys && im->key == -1; i++) {
		int c = col_index(im, keys[i]);

		if (c == -1 || (strcmp(keys[i], "id") != 0 &&
		    strcmp(keys[i], "customer_no") != 0 &&
		    strcmp(keys[i], "email") != 0)) {
			diag_at(im->d, D_MAPPING, im->map->name, 0, 0,
			    "key is id, customer_no or email");
			return -1;
		}
		if (im->by[c] != -1)
			im->key = c;
	}
	if (im->key == -1) {
		buf names = BUF_INIT;

		for (int i = 0; i < nkeys; i++)
			buf_printf(&names, "%s%s", i ? " or " : "", keys[i]);
		diag_at(im->d, D_IMPORT_MISSING, im->o->file, 1, 0, buf_str(&names),
		    "matching rows with the customers already in the database");
		buf_free(&names);
		return -1;
	}
	return 0;
}

/* Spaces (half- and full-width) trimmed from both ends of s[0..n). */
static void
put_trimmed(buf *out, const char *s, size_t n)
{
	while (n > 0 && s[0] == ' ')
		s++, n--;
	while (n >= 3 && memcmp(s, "\u3000", 3) == 0)
		s += 3, n -= 3;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (n >= 3 && memcmp(s + n - 3, "\u3000", 3) == 0)
		n -= 3;
	buf_put(out, s, n);
}

/* Where the first space (half- or full-width) of s is, and its length; NULL if none. */
static const char *
first_space(const char *s, size_t *len)
{
	const char *sp = strchr(s, ' '), *fw = strstr(s, "\u3000");

	if (sp == NULL && fw == NULL)
		return NULL;
	if (fw == NULL || (sp != NULL && sp < fw)) {
		*len = 1;
		return sp;
	}
	*len = 3;
	return fw;
}

static const char *const prefectures[] = {
	"北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県",
	"茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県",
	"新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県",
	"静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県",
	"奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県",
	"徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県",
	"熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
};

/* The part of whole (trimmed, NUL-terminated) a rule takes, into out. */
static void
take_part(enum map_part part, const char *whole, buf *out)
{
	const char *sp;
	size_t splen = 0, n = strlen(whole);

	switch (part) {
	case PART_WHOLE:
		buf_put(out, whole, n);
		return;
	case PART_FIRST:
	case PART_REST:
		sp = first_space(whole, &splen);
		if (part == PART_FIRST)
			put_trimmed(out, whole, sp ? (size_t)(sp - whole) : n);
		else if (sp != NULL)
			put_trimmed(out, sp + splen, n - (size_t)(sp - whole) - splen);
		return;
	case PART_PREFECTURE:
	case PART_AFTER_PREFECTURE:
		for (size_t i = 0; i < sizeof(prefectures) / sizeof(prefectures[0]); i++) {
			size_t pl = strlen(prefectures[i]);

			if (strncmp(whole, prefectures[i], pl) == 0) {
				if (part == PART_PREFECTURE)
					buf_put(out, whole, pl);
				else
					put_trimmed(out, whole + pl, n - pl);
				return;
			}
		}
		if (part == PART_AFTER_PREFECTURE)
			buf_put(out, whole, n);
		return;
	}
}

/* A bad value: listed (up to the limit) and kept as the row's reason. */
static void
bad_value(importer *im, csv *c, const bound *b, const char *value,
    const char *why)
{
	int field = b->nfields ? b->fields[0] : -1;
	buf col = BUF_INIT;

	buf_printf(&col, "'%s'", field >= 0 ? im->headers[field] : "value:");
	if (field < 0 || strcmp(im->headers[field], b->rule->column) != 0)
		buf_printf(&col, " (%s)", b->rule->column);
	if (im->listed < (im->o->max_listed ? im->o->max_listed : 50)) {
		diag_at(im->d, D_IMPORT_VALUE, im->o->file, csv_line(c),
		    field + 1, buf_str(&col), why, value);
		im->listed++;
	} else
		im->unlisted++;
	buf_printf(&im->reasons, "%scolumn %s: %s: '%s'", im->reasons.len ? "; " : "",
	    buf_str(&col), why, value);
	buf_free(&col);
}

/* A row-wide problem (field count, key): listed like a bad value. */
static void
bad_row(importer *im, csv *c, const char *why)
{
	if (im->listed < (im->o->max_listed ? im->o->max_listed : 50)) {
		diag_at(im->d, D_CSV, im->o->file, csv_line(c), 0, why);
		im->listed++;
	} else
		im->unlisted++;
	buf_printf(&im->reasons, "%s%s", im->reasons.len ? "; " : "", why);
}

static int
country(const char *v, buf *out)
{
	buf f = BUF_INIT;
	const char *s;
	int ok = 0;

	value_fold(v, &f);
	s = buf_str(&f);
	if (strcasecmp(s, "japan") == 0 || strcmp(s, "日本") == 0)
		s = "JP";
	if (strlen(s) == 2 && ((s[0] | 32) >= 'a' && (s[0] | 32) <= 'z') &&
	    ((s[1] | 32) >= 'a' && (s[1] | 32) <= 'z')) {
		buf_putc(out, s[0] & ~32);
		buf_putc(out, s[1] & ~32);
		ok = 1;
	}
	buf_free(&f);
	return ok;
}

/* Read the value of one rule from the current record into its cell. */
static void
read_value(importer *im, csv *c, const bound *b, int *bad)
{
	const map_rule *r = b->rule;
	cell *ce = &im->cells[b->col];
	buf raw = BUF_INIT, part = BUF_INIT;
	const char *v, *why = NULL;
	int mapped = 0;

	for (int k = 0; k < b->nfields; k++) {
		size_t len;
		const char *s = csv_field(c, b->fields[k], &len);

		buf_clear(&part);
		put_trimmed(&part, s, len);
		if (part.len > 0 && raw.len > 0)
			buf_puts(&raw, r->with ? r->with : " ");
		buf_put(&raw, buf_str(&part), part.len);
	}
	buf_clear(&part);
	if (r->value != NULL)
		buf_puts(&raw, r->value);
	take_part(r->part, buf_str(&raw), &part);
	v = buf_str(&part);
	if (r->nvalues > 0 && *v != '\0') {
		int k;

		for (k = 0; k < r->nvalues; k++)
			if (strcmp(v, r->vkeys[k]) == 0)
				break;
		if (k == r->nvalues) {
			bad_value(im, c, b, v, "not in the mapping's values table");
			*bad = 1;
			goto out;
		}
		v = r->vvals[k];
		mapped = 1;
	}
	ce->off = im->text.len;
	ce->kind = C_TEXT;
	if (*v == '\0') {
		ce->kind = im->types[b->col] == T_OPTOUT ? C_ABSENT : C_NULL;
		if (strcmp(r->column, "country") == 0) {
			ce->kind = C_TEXT;
			buf_put(&im->text, "JP", 3);
		}
		goto out;
	}
	switch (im->types[b->col]) {
	case T_TEXT:
	case T_BY_NO:
	case T_BY_EMAIL:
	case T_TOKEN:
		buf_put(&im->text, v, strlen(v) + 1);
		break;
	case T_KIND:
		if (strcmp(v, "visit") != 0 && strcmp(v, "coupon") != 0 &&
		    strcmp(v, "purchase") != 0 && strcmp(v, "reply") != 0) {
			why = "a kind is visit, coupon, purchase or reply (a values "
			    "table in a mapping can translate)";
			goto bad;
		}
		buf_put(&im->text, v, strlen(v) + 1);
		break;
	case T_REGION:
		if (strncmp(v, "JP-", 3) == 0 && v[3] >= '0' && v[3] <= '4' &&
		    v[4] >= '0' && v[4] <= '9' && v[5] == '\0') {
			int n = (v[3] - '0') * 10 + (v[4] - '0');

			/* ISO 3166-2:JP numbers the prefectures in this order */
			if (n >= 1 && n <= 47)
				v = prefectures[n - 1];
		}
		buf_put(&im->text, v, strlen(v) + 1);
		break;
	case T_CODE:
		if (v[0] == '\'' && v[1] != '\0')
			v++;
		buf_put(&im->text, v, strlen(v) + 1);
		break;
	case T_INT:
		ce->kind = C_INT;
		if (value_integer(v, &ce->i, &why) == -1)
			goto bad;
		break;
	case T_AMOUNT: {
		int is_int;

		if (value_amount(v, &ce->i, &ce->f, &is_int, &why) == -1)
			goto bad;
		ce->kind = is_int ? C_INT : C_REAL;
		break;
	}
	case T_DATE: {
		char iso[11];

		if (value_date(v, r->date, iso, &why) == -1)
			goto bad;
		buf_put(&im->text, iso, sizeof(iso));
		break;
	}
	case T_OPTOUT: {
		int yes, says_mail;

		ce->kind = C_INT;
		if (mapped) {	/* the values table gives the stored value */
			if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0) {
				why = "the values table must give opt_out 0 or 1";
				goto bad;
			}
			ce->i = v[0] == '1';
		} else if (value_yesno(v, &yes, &says_mail, &why) == -1)
			goto bad;
		else if (says_mail || r->sense == SENSE_MAY_MAIL)
			ce->i = !yes;
		else
			ce->i = yes;
		break;
	}
	case T_COUNTRY:
		if (!country(v, &im->text)) {
			why = "a country is an ISO 3166 code of two letters (JP, "
			    "US, GB …); a values table in a mapping can translate";
			goto bad;
		}
		buf_putc(&im->text, '\0');
		break;
	}
	goto out;
bad:
	bad_value(im, c, b, v, why);
	*bad = 1;
out:
	buf_free(&raw);
	buf_free(&part);
}

static const char *
cell_text(const importer *im, int col)
{
	return im->text.p + im->cells[col].off;
}

static void
bind_cell(const importer *im, store_stmt *st, int param, int col)
{
	const cell *c = &im->cells[col];

	switch (c->kind) {
	case C_TEXT:
		store_bind_text(st, param, cell_text(im, col));
		break;
	case C_INT:
		store_bind_int64(st, param, c->i);
		break;
	case C_REAL:
		store_bind_double(st, param, c->f);
		break;
	default:
		store_bind_null(st, param);
	}
}

/* Read every value of the current record; 0, or -1 when one is bad (reported). */
static int
read_row(importer *im, csv *c)
{
	int bad = 0;

	buf_clear(&im->text);
	buf_clear(&im->reasons);
	for (int i = 0; i < im->ncols; i++)
		im->cells[i].kind = C_ABSENT;
	if (csv_nfields(c) != im->nfields) {
		char msg[96];

		snprintf(msg, sizeof(msg), "%d field%s, the header has %d",
		    csv_nfields(c), csv_nfields(c) == 1 ? "" : "s", im->nfields);
		bad_row(im, c, msg);
		return -1;
	}
	for (int i = 0; i < im->nb; i++)
		read_value(im, c, &im->b[i], &bad);
	return bad ? -1 : 0;
}

/* The rowid of the customer (key lookups: 0 none, -1 more than one). */
static long long
lookup(store_stmt *st, const importer *im, int col)
{
	long long id = 0;

	store_reset(st);
	bind_cell(im, st, 1, col);
	while (store_step(st) == 1)
		id = id == 0 ? store_int64(st, 0) : -1;
	store_reset(st);
	return id;
}

/* The campaign whose copy carried the token, into the row's campaign. */
static void
token_campaign(importer *im, int tokcol)
{
	store_stmt *st = im->find_customer[0];
	int camp = col_index(im, "campaign");

	store_reset(st);
	bind_cell(im, st, 1, tokcol);
	if (store_step(st) == 1) {
		const char *c = store_text(st, 1, NULL);

		im->cells[camp].kind = C_TEXT;
		im->cells[camp].off = im->text.len;
		buf_put(&im->text, c ? c : "", strlen(c ? c : "") + 1);
	}
	store_reset(st);
}

/* Checks of a row against the database and the rows before it. */
static int
check_row(importer *im, csv *c)
{
	int bad = 0;

	if (im->key != -1) {
		cell *k = &im->cells[im->key];
		char msg[160];

		if (k->kind == C_NULL || k->kind == C_ABSENT) {
			snprintf(msg, sizeof(msg), "no %s: a row is matched on it",
			    im->names[im->key]);
			bad_row(im, c, msg);
			return -1;
		}
		/* ON CONFLICT DO NOTHING: a key seen before changes no row */
		store_reset(im->seen);
		bind_cell(im, im->seen, 1, im->key);
		store_bind_int64(im->seen, 2, csv_line(c));
		if (store_step(im->seen) != 0 || store_changes(im->db) == 0) {
			snprintf(msg, sizeof(msg), "%s given twice in the file",
			    im->names[im->key]);
			bad_row(im, c, msg);
			bad = 1;
		}
		store_reset(im->seen);
		if (im->find != NULL && lookup(im->find, im, im->key) == -1) {
			snprintf(msg, sizeof(msg), "%s matches more than one "
			    "customer: match on id or customer_no", im->names[im->key]);
			bad_row(im, c, msg);
			bad = 1;
		}
	}
	if (im->tab->names_customer) {
		/* a token names the customer and the campaign: it comes first */
		static const char *const how[] = {"token", "customer_id",
		    "customer_no", "customer_email"};

		for (int i = 0; i < 4; i++) {
			int col = col_index(im, how[i]);
			long long id;

			if (col == -1 || im->cells[col].kind == C_ABSENT ||
			    im->cells[col].kind == C_NULL) {
				if (i == 3) {
					bad_row(im, c, "no customer given");
					return -1;
				}
				continue;
			}
			if ((id = lookup(im->find_customer[i], im, col)) <= 0) {
				/* a token is one copy's: never more than one */
				char msg[160];

				snprintf(msg, sizeof(msg), i == 0 ? "no copy "
				    "carried this token" : id == 0 ? "no customer "
				    "with this %s" : "%s matches more than one "
				    "customer", how[i]);
				bad_row(im, c, msg);
				return -1;
			}
			/* the row names its customer by id from here on */
			im->cells[col_index(im, "customer_id")].kind = C_INT;
			im->cells[col_index(im, "customer_id")].i = id;
			if (i == 0)
				token_campaign(im, col);
			break;
		}
	}
	return bad ? -1 : 0;
}

/*
 * The writing statements. Column k is parameter ?k+1; customers'
 * update and insert come with opt_out ([1]) and without ([0]).
 */
static int
prepare_writes(importer *im)
{
	int customers = strcmp(im->table, "customers") == 0;
	int oat = col_index(im, "opt_out_at");
	/* today, local time, in each database's words */
	const char *today = store_kind(im->db) == STORE_PG ?
	    "to_char(localtimestamp, 'YYYY-MM-DD')" : "date('now', 'localtime')";

	for (int with = 0; with < (customers ? 2 : 1); with++) {
		buf set = BUF_INIT, same = BUF_INIT, cols = BUF_INIT, vals = BUF_INIT;
		buf u = BUF_INIT, ins = BUF_INIT;
		char oatp[16];
		int rc;

		snprintf(oatp, sizeof(oatp), oat != -1 && im->by[oat] != -1 ?
		    "?%d" : "NULL", oat + 1);
		for (int k = 0; k < im->ncols; k++) {
			enum type t = im->types[k];

			if (t == T_BY_NO || t == T_BY_EMAIL || t == T_OPTOUT ||
			    (customers && k == oat))
				continue;
			/* what a token or a lookup fills is written even when not mapped */
			if (im->by[k] == -1 && !(im->tab->names_customer &&
			    (strcmp(im->names[k], "customer_id") == 0 ||
			    strcmp(im->names[k], "campaign") == 0)))
				continue;
			buf_printf(&set, "%s%s = ?%d", set.len ? ", " : "",
			    im->names[k], k + 1);
			buf_printf(&same, "%s%s IS NOT DISTINCT FROM ?%d",
			    same.len ? " AND " : "",
			    im->names[k], k + 1);
			buf_printf(&cols, "%s%s", cols.len ? ", " : "", im->names[k]);
			buf_printf(&vals, "%s?%d", vals.len ? ", " : "", k + 1);
		}
		if (with) {
			buf_printf(&set, ", opt_out = ?%d, opt_out_at = CASE WHEN "
			    "?%d = 1 AND opt_out = 0 THEN coalesce(%s, "
			    "%s) WHEN ?%d = 0 THEN NULL ELSE "
			    "opt_out_at END, opt_out_source = CASE WHEN ?%d = 1 AND "
			    "opt_out = 0 THEN ?%d WHEN ?%d = 0 THEN NULL ELSE "
			    "opt_out_source END", P_OPT_OUT, P_OPT_OUT, oatp, today,
			    P_OPT_OUT, P_OPT_OUT, P_SOURCE, P_OPT_OUT);
			buf_printf(&same, " AND opt_out IS NOT DISTINCT FROM ?%d",
			    P_OPT_OUT);
			buf_printf(&cols, ", opt_out, opt_out_at, opt_out_source");
			buf_printf(&vals, ", ?%d, CASE WHEN ?%d = 1 THEN coalesce(%s, "
			    "%s) END, CASE WHEN ?%d = 1 THEN "
			    "?%d END", P_OPT_OUT, P_OPT_OUT, oatp, today, P_OPT_OUT,
			    P_SOURCE);
		}
		if (strcmp(im->table, "responses") == 0) {	/* where it came from */
			buf_puts(&cols, ", source");
			buf_printf(&vals, ", ?%d", P_SOURCE);
		}
		buf_printf(&u, "UPDATE %s SET %s WHERE id = ?%d AND NOT (%s)",
		    im->table, buf_str(&set), P_ROWID, buf_str(&same));
		buf_printf(&ins, "INSERT INTO %s(%s) VALUES (%s)", im->table,
		    buf_str(&cols), buf_str(&vals));
		rc = sql_prepare(im, buf_str(&u), &im->update[with]) == -1 ||
		    sql_prepare(im, buf_str(&ins), &im->insert[with]) == -1;
		if (rc == 0 && im->key == -1 && !customers) {
			/* rows without ids: the same row is one already there */
			buf_clear(&u);
			buf_printf(&u, "SELECT id FROM %s WHERE %s", im->table,
			    buf_str(&same));
			store_finalize(im->find);
			rc = sql_prepare(im, buf_str(&u), &im->find);
		}
		buf_free(&set);
		buf_free(&same);
		buf_free(&cols);
		buf_free(&vals);
		buf_free(&u);
		buf_free(&ins);
		if (rc)
			return -1;
	}
	return 0;
}

static int
prepare_reads(importer *im)
{
	static const char *const find_customer[] = {
		/* a held-out customer's token was never printed */
		("SELECT DISTINCT customer_id, campaign FROM contacts WHERE "
		"token = ?1 AND held_out = 0"),
		"SELECT id FROM customers WHERE id = ?1",
		"SELECT id FROM customers WHERE customer_no = ?1",
		"SELECT id FROM customers WHERE lower(email) = lower(?1)",
	};
	char sql[160];

	if (store_exec(im->db, store_kind(im->db) == STORE_PG ?
	    "CREATE TEMP TABLE import_seen(key text PRIMARY KEY, line bigint)" :
	    "CREATE TEMP TABLE import_seen(key PRIMARY KEY, line)", im->d) == -1)
		return -1;
	if (sql_prepare(im, "INSERT INTO import_seen VALUES (?1, ?2) "
	    "ON CONFLICT DO NOTHING", &im->seen) == -1)
		return -1;
	if (im->key != -1) {
		/* customers: with opt_out, to count who opts out now */
		snprintf(sql, sizeof(sql), strcmp(im->names[im->key], "email") == 0 ?
		    "SELECT id, %s FROM %s WHERE lower(email) = lower(?1)" :
		    "SELECT id, %s FROM %s WHERE %s = ?1",
		    im->table[0] == 'c' ? "opt_out" : "0", im->table,
		    im->names[im->key]);
		if (sql_prepare(im, sql, &im->find) == -1)
			return -1;
	}
	for (int i = 0; i < 4; i++)
		if (sql_prepare(im, find_customer[i], &im->find_customer[i]) == -1)
			return -1;
	return 0;
}

/* Write the current (good) row. 0 or -1 with a diagnostic. */
static int
write_row(importer *im, csv *c)
{
	int customers = strcmp(im->table, "customers") == 0;
	int opt = customers ? col_index(im, "opt_out") : -1;
	int with = opt != -1 && im->cells[opt].kind == C_INT;
	long long rowid = 0, before = -1;
	store_stmt *st;

	if (im->find != NULL) {
		store_reset(im->find);
		if (im->key != -1)
			bind_cell(im, im->find, 1, im->key);
		else
			for (int k = 0; k < im->ncols; k++)
				bind_cell(im, im->find, k + 1, k);
		if (store_step(im->find) == 1) {
			rowid = store_int64(im->find, 0);
			if (im->key != -1)
				before = store_int64(im->find, 1);
		}
		store_reset(im->find);
	}
	if (rowid != 0 && im->key == -1) {	/* the same purchase, already there */
		im->r->unchanged++;
		return 0;
	}
	st = rowid != 0 ? im->update[with] : im->insert[with];
	store_clear(st);
	for (int k = 0; k < im->ncols; k++)
		bind_cell(im, st, k + 1, k);
	store_bind_int64(st, P_ROWID, rowid);
	store_bind_text(st, P_SOURCE, im->source);
	if (with)
		store_bind_int64(st, P_OPT_OUT, im->cells[opt].i);
	if (store_step(st) != 0) {
		diag_at(im->d, D_CSV, im->o->file, csv_line(c), 0,
		    store_errmsg(im->db));
		store_reset(st);
		return -1;
	}
	store_reset(st);
	if (rowid == 0)
		im->r->added++;
	else if (store_changes(im->db) > 0)
		im->r->changed++;
	else
		im->r->unchanged++;
	if (with && im->cells[opt].i == 1 && (rowid == 0 || before == 0))
		im->r->opted_out++;
	return 0;
}

static int
exec(importer *im, const char *sql)
{
	if (store_run(im->db, sql) != 0) {
		diag_at(im->d, D_DB, store_name(im->db), 0, 0, store_errmsg(im->db));
		return -1;
	}
	return 0;
}

/*
 * PostgreSQL numbers a row written without an id from a sequence, SQLite
 * from the largest id: after rows with their own ids, the sequence goes
 * on from the largest, as SQLite would. 0 or -1.
 */
static int
next_ids(importer *im)
{
	buf sql = BUF_INIT;
	int rc;

	if (store_kind(im->db) != STORE_PG)
		return 0;
	buf_printf(&sql, "SELECT setval(pg_get_serial_sequence('%s', 'id'), "
	    "coalesce(max(id), 0) + 1, false) FROM %s", im->table, im->table);
	rc = exec(im, buf_str(&sql));
	buf_free(&sql);
	return rc;
}

static char *
reject_path(const import_opts *o)
{
	char *dir, *stem;
	buf p = BUF_INIT;

	if (o->rejects != NULL)
		return mem_strdup(o->rejects);
	dir = path_dir(o->file);
	stem = path_stem(o->file);
	buf_printf(&p, "%s/%s.rejected.csv", dir, stem);
	mem_free(dir);
	mem_free(stem);
	return buf_detach(&p);
}

/* A reject file row: the line, the reasons, then the record as it was. */
static void
reject(buf *out, csv *c, const char *reasons)
{
	char line[24];

	snprintf(line, sizeof(line), "%d", csv_line(c));
	buf_put_csv(out, line);
	buf_putc(out, ',');
	buf_put_csv(out, reasons);
	for (int i = 0; i < csv_nfields(c); i++) {
		buf_putc(out, ',');
		buf_put_csv(out, csv_field(c, i, NULL));
	}
	buf_puts(out, "\r\n");
}

static mapping *
choose_mapping(const import_opts *o, const char **table, diag *d)
{
	mapping *m = NULL;

	if (o->map != NULL && o->preset != NULL) {
		diag_plain(d, D_USAGE, "give --map or --preset, not both");
		return NULL;
	}
	if (o->map != NULL)
		m = mapping_load(o->map, d);
	else if (o->preset != NULL)
		m = mapping_preset(o->preset, o->table, d);
	if ((o->map || o->preset) && m == NULL)
		return NULL;
	if (m != NULL && m->table != NULL) {
		if (o->table != NULL && strcmp(o->table, m->table) != 0) {
			diag_at(d, D_MAPPING, m->name, 0, 0, "it fills another table "
			    "than --table says");
			mapping_free(m);
			return NULL;
		}
		*table = m->table;
	}
	return m;
}

int
import_file(const import_opts *o, import_result *r, diag *d)
{
	importer im;
	buf raw = BUF_INIT, text = BUF_INIT, rejects = BUF_INIT;
	csv *c = NULL;
	char *bad = NULL, *rpath = NULL;
	const char *table = o->table, *enc;
	long long nrec = 0, nbad = 0;
	int rc = -1, in_tx = 0, got;

	memset(r, 0, sizeof(*r));
	memset(&im, 0, sizeof(im));
	im.o = o;
	im.r = r;
	im.d = d;
	im.key = -1;
	if ((im.map = choose_mapping(o, &table, d)) == NULL && (o->map || o->preset))
		goto out;
	if (table == NULL)
		table = strstr(o->file, "purchase") ? "purchases" : "customers";
	if ((im.tab = find_table(table)) == NULL) {
		diag_plain(d, D_USAGE, "import into customers, purchases or responses");
		goto out;
	}
	im.table = r->table = im.tab->name;
	im.names = im.tab->names;
	im.types = im.tab->types;
	im.ncols = im.tab->ncols;

	if (db_upgrade(o->db, d) == -1 ||
	    (im.db = store_open(o->db, DB_WRITE, d)) == NULL ||
	    (store_sqlite(im.db) != NULL &&
	    db_schema_current(store_sqlite(im.db), o->db, d) == -1))
		goto out;
	got = file_read(o->file, (size_t)IMPORT_MAX_BYTES, 0, &raw, d);
	if (got == FILE_TOO_LARGE)
		diag_at(d, D_CSV, o->file, 0, 0, "larger than 1 GiB: split it");
	if (got != FILE_OK)
		goto out;
	if (encoding_to_utf8(o->file, buf_str(&raw), raw.len, o->encoding ?
	    o->encoding : im.map ? im.map->encoding : NULL, &text, &enc, d) == -1)
		goto out;
	r->encoding = enc;
	buf_free(&raw);
	if ((c = csv_open_mem(o->file, buf_str(&text), text.len, d)) == NULL)
		goto out;
	if ((got = csv_next(c, d)) <= 0) {
		if (got == 0)
			diag_at(d, D_CSV, o->file, 0, 0,
			    "empty file: the first line must name the columns");
		goto out;
	}
	im.nfields = im.nheaders = csv_nfields(c);
	im.headers = mem_calloc((size_t)im.nheaders, sizeof(char *));
	for (int i = 0; i < im.nheaders; i++) {
		buf h = BUF_INIT;
		size_t len;
		const char *s = csv_field(c, i, &len);

		put_trimmed(&h, s, len);
		im.headers[i] = mem_strdup(buf_str(&h));
		buf_free(&h);
	}
	if (im.map == NULL) {
		const char **hs = mem_calloc((size_t)im.nheaders, sizeof(char *));
		int n = 0, nnames = 0;

		for (int i = 0; i < im.nheaders; i++)
			if (im.headers[i][0] != '\0')
				hs[n++] = im.headers[i];
		while (im.names[nnames] != NULL)
			nnames++;
		im.map = mapping_from_header(o->file, im.table, hs, n, im.names,
		    nnames, d);
		mem_free(hs);
		if (im.map == NULL)
			goto out;
	}
	if (bind_rules(&im) == -1 || choose_key(&im) == -1)
		goto out;
	if (prepare_reads(&im) == -1)
		goto out;

	/* Pass 1: read every value; list what is bad. */
	bad = mem_calloc(1, 1);
	while ((got = csv_next(c, d)) == 1) {
		bad = mem_realloc(bad, (size_t)nrec + 1);
		bad[nrec] = read_row(&im, c) == -1;
		if (!bad[nrec] && check_row(&im, c) == -1)
			bad[nrec] = 1;
		nbad += bad[nrec];
		nrec++;
	}
	if (got == -1)
		goto out;
	r->rows = nrec;
	if (im.unlisted > 0)
		diag_at(d, D_IMPORT_MORE, o->file, 0, 0, im.unlisted);
	if (nbad > 0 && !o->skip_bad) {
		diag_at(d, D_IMPORT_NOTHING, o->file, 0, 0, (int)nbad, o->db);
		goto out;
	}

	/* Pass 2: write the good rows in one transaction. */
	if (prepare_writes(&im) == -1)
		goto out;
	csv_close(c);
	if ((c = csv_open_mem(o->file, buf_str(&text), text.len, d)) == NULL ||
	    csv_next(c, d) != 1)
		goto out;
	im.source = mem_strdup(strrchr(o->file, '/') ? strrchr(o->file, '/') + 1 :
	    o->file);
	if (exec(&im, "DELETE FROM import_seen") == -1 ||
	    exec(&im, store_kind(im.db) == STORE_PG ? "BEGIN" :
	    "BEGIN IMMEDIATE") == -1)
		goto out;
	in_tx = 1;
	if (nbad > 0) {
		buf_puts(&rejects, "\xEF\xBB\xBFline,reason");
		for (int i = 0; i < im.nheaders; i++) {
			buf_putc(&rejects, ',');
			buf_put_csv(&rejects, im.headers[i]);
		}
		buf_puts(&rejects, "\r\n");
	}
	for (long long i = 0; i < nrec; i++) {
		if (csv_next(c, d) != 1)
			goto out;
		if (bad[i]) {
			im.listed = im.o->max_listed ? im.o->max_listed : 50;
			if (read_row(&im, c) == 0)
				check_row(&im, c);
			reject(&rejects, c, buf_str(&im.reasons));
			r->rejected++;
			continue;
		}
		if (read_row(&im, c) == -1 || check_row(&im, c) == -1 ||
		    write_row(&im, c) == -1)
			goto out;
	}
	if (o->dry_run) {
		rc = 0;
		goto out;
	}
	if (nbad > 0) {
		rpath = reject_path(o);
		if (atomic_write(rpath, rejects.p, rejects.len, d) == -1)
			goto out;
		diag_at(d, D_IMPORT_REJECTED, o->file, 0, 0, (int)nbad, rpath);
	}
	if (next_ids(&im) == -1 || exec(&im, "COMMIT") == -1)
		goto out;
	in_tx = 0;
	rc = 0;
out:
	if (in_tx)
		store_run(im.db, "ROLLBACK");
	store_finalize(im.find);
	store_finalize(im.seen);
	for (int i = 0; i < 4; i++)
		store_finalize(im.find_customer[i]);
	for (int i = 0; i < 2; i++) {
		store_finalize(im.update[i]);
		store_finalize(im.insert[i]);
	}
	store_close(im.db);
	csv_close(c);
	for (int i = 0; i < im.nb; i++)
		mem_free(im.b[i].fields);
	mem_free(im.b);
	for (int i = 0; i < im.nheaders; i++)
		mem_free(im.headers[i]);
	mem_free(im.headers);
	mapping_free(im.map);
	buf_free(&im.text);
	buf_free(&im.reasons);
	buf_free(&raw);
	buf_free(&text);
	buf_free(&rejects);
	mem_free(bad);
	mem_free(rpath);
	mem_free(im.source);
	if (rc != 0)
		r->added = r->changed = r->unchanged = r->opted_out = 0;
	return rc;
}
