/* mapping: which column of an export feeds which tayori column, and how: from a file, a preset or the header. */
#include "data/mapping.h"

#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/file.h"
#include "util/mem.h"
#include "util/yamldoc.h"

#define MAPPING_MAX_BYTES	(1024 * 1024)

/* The presets, as files a user would write. */
static const char preset_shopify[] =
"# tayori import mapping: a Shopify customer export (Customers > Export),\n"
"# the current header set (Customer ID, Default Address …) and the older one\n"
"# (Address1, Province Code, Accepts Marketing …); the first header a file has\n"
"# is read.\n"
"#\n"
"# Shopify records consent to email marketing only. This mapping reads its\n"
"# \"no\" as \"do not mail\": the safe side. To mail customers who only declined\n"
"# email, delete the opt_out entry.\n"
"table: customers\n"
"key: [id, email]          # Customer ID when the export has it, else the email\n"
"columns:\n"
"  id: {from: Customer ID, optional: true}\n"
"  given_name: First Name\n"
"  family_name: Last Name\n"
"  email: Email\n"
"  company: {from: [Default Address Company, Company], optional: true}\n"
"  address1: [Default Address Address1, Address1]\n"
"  address2: {from: [Default Address Address2, Address2], optional: true}\n"
"  city: [Default Address City, City]\n"
"  region: [Default Address Province Code, Province Code]\n"
"  country: [Default Address Country Code, Country Code]\n"
"  postal_code: [Default Address Zip, Zip]\n"
"  phone: {from: [Phone, Default Address Phone], optional: true}\n"
"  opt_out: {from: [Accepts Email Marketing, Accepts Marketing], yes-means: may-mail}\n"
"  summary_spent: {from: Total Spent, optional: true}\n"
"  summary_orders: {from: Total Orders, optional: true}\n"
"  notes: {from: Note, optional: true}\n";

static const char preset_ja_pos[] =
"# tayori import mapping: a Japanese POS or EC shop's customer export\n"
"# (顧客番号, 氏名, フリガナ, 郵便番号, 住所, 電話番号, 生年月日, DM可否,\n"
"# 最終購入日, 購入金額, 購入回数 …). A header written another way is\n"
"# listed after the first; an optional column may be missing.\n"
"table: customers\n"
"key: customer_no\n"
"columns:\n"
"  customer_no: [顧客番号, 顧客ID, 会員番号, 顧客コード]\n"
"  family_name: {from: [氏名, お名前, 名前], part: first}\n"
"  given_name: {from: [氏名, お名前, 名前], part: rest}\n"
"  family_kana: {from: [フリガナ, 氏名カナ, カナ], part: first, optional: true}\n"
"  given_kana: {from: [フリガナ, 氏名カナ, カナ], part: rest, optional: true}\n"
"  company: {from: [会社名, 法人名], optional: true}\n"
"  department: {from: [部署名, 部署], optional: true}\n"
"  postal_code: [郵便番号, 〒]\n"
"  region: {from: [住所, 住所1], part: prefecture}\n"
"  address1: {from: [住所, 住所1], part: after-prefecture}\n"
"  address2: {from: [住所2, 建物名, 建物名・部屋番号], optional: true}\n"
"  phone: {from: [電話番号, TEL, 携帯電話番号], optional: true}\n"
"  email: {from: [メールアドレス, メール, Eメール], optional: true}\n"
"  birthday: {from: [生年月日, 誕生日], optional: true}\n"
"  rank: {from: [会員ランク, ランク], optional: true}\n"
"  opt_out: {from: [DM可否, DM送付, DM希望, DM], yes-means: may-mail}\n"
"  summary_last_purchase: {from: [最終購入日, 最終来店日], optional: true}\n"
"  summary_first_purchase: {from: [初回購入日, 初回来店日], optional: true}\n"
"  summary_spent: {from: [購入金額, 累計購入金額, 累計金額], optional: true}\n"
"  summary_orders: {from: [購入回数, 累計購入回数, 来店回数], optional: true}\n"
"  created_at: {from: [登録日, 入会日], optional: true}\n"
"  notes: {from: [備考, メモ], optional: true}\n";

static const char preset_tayori_customers[] =
"# tayori import mapping: the customers columns tayori itself writes\n"
"# (tayori db import takes them by name without a mapping too).\n"
"table: customers\n"
"key: id\n"
"columns:\n"
"  id: id\n"
"  customer_no: {from: customer_no, optional: true}\n"
"  family_name: {from: family_name, optional: true}\n"
"  given_name: {from: given_name, optional: true}\n"
"  family_kana: {from: family_kana, optional: true}\n"
"  given_kana: {from: given_kana, optional: true}\n"
"  company: {from: company, optional: true}\n"
"  department: {from: department, optional: true}\n"
"  honorific: {from: honorific, optional: true}\n"
"  joint_names: {from: joint_names, optional: true}\n"
"  postal_code: {from: postal_code, optional: true}\n"
"  country: {from: country, optional: true}\n"
"  region: {from: region, optional: true}\n"
"  city: {from: city, optional: true}\n"
"  address1: {from: address1, optional: true}\n"
"  address2: {from: address2, optional: true}\n"
"  email: {from: email, optional: true}\n"
"  phone: {from: phone, optional: true}\n"
"  birthday: {from: birthday, optional: true}\n"
"  rank: {from: rank, optional: true}\n"
"  opt_out: {from: opt_out, yes-means: opt-out, optional: true}\n"
"  opt_out_at: {from: opt_out_at, optional: true}\n"
"  created_at: {from: created_at, optional: true}\n"
"  notes: {from: notes, optional: true}\n"
"  summary_orders: {from: summary_orders, optional: true}\n"
"  summary_spent: {from: summary_spent, optional: true}\n"
"  summary_first_purchase: {from: summary_first_purchase, optional: true}\n"
"  summary_last_purchase: {from: summary_last_purchase, optional: true}\n";

static const char preset_tayori_purchases[] =
"# tayori import mapping: the purchases columns tayori itself writes.\n"
"# A purchase names its customer by id, or by customer_no or\n"
"# customer_email (looked up in customers).\n"
"table: purchases\n"
"key: id\n"
"columns:\n"
"  id: {from: id, optional: true}\n"
"  customer_id: {from: customer_id, optional: true}\n"
"  customer_no: {from: customer_no, optional: true}\n"
"  customer_email: {from: customer_email, optional: true}\n"
"  purchased_at: purchased_at\n"
"  product: {from: product, optional: true}\n"
"  amount: {from: amount, optional: true}\n";

static const char preset_tayori_responses[] =
"# tayori import mapping: the responses columns tayori reads. A response\n"
"# names the copy it answers by its token (the campaign comes with it), or\n"
"# its customer by customer_id, customer_no or customer_email; kind is\n"
"# visit, coupon, purchase or reply.\n"
"table: responses\n"
"columns:\n"
"  token: {from: token, optional: true}\n"
"  customer_id: {from: customer_id, optional: true}\n"
"  customer_no: {from: customer_no, optional: true}\n"
"  customer_email: {from: customer_email, optional: true}\n"
"  campaign: {from: campaign, optional: true}\n"
"  responded_at: responded_at\n"
"  kind: kind\n"
"  amount: {from: amount, optional: true}\n";

static const struct preset {
	const char *name, *table, *text;
} presets[] = {
	{"shopify", "customers", preset_shopify},
	{"ja-pos", "customers", preset_ja_pos},
	{"tayori", "customers", preset_tayori_customers},
	{"tayori", "purchases", preset_tayori_purchases},
	{"tayori", "responses", preset_tayori_responses},
};

/* Other spellings of tayori's columns that exports use, read without a mapping. */
static const struct alias {
	const char *name, *column;
} aliases[] = {
	{"last_name", "family_name"}, {"surname", "family_name"},
	{"姓", "family_name"}, {"first_name", "given_name"},
	{"名", "given_name"}, {"セイ", "family_kana"}, {"メイ", "given_kana"},
	{"company_name", "company"}, {"会社名", "company"},
	{"部署", "department"}, {"部署名", "department"},
	{"敬称", "honorific"}, {"連名", "joint_names"},
	{"zip", "postal_code"}, {"zip_code", "postal_code"},
	{"postcode", "postal_code"}, {"post_code", "postal_code"},
	{"郵便番号", "postal_code"}, {"country_code", "country"},
	{"国", "country"}, {"state", "region"}, {"province", "region"},
	{"prefecture", "region"}, {"都道府県", "region"},
	{"市区町村", "city"}, {"address", "address1"},
	{"address_line_1", "address1"}, {"street", "address1"},
	{"住所1", "address1"}, {"address_line_2", "address2"},
	{"住所2", "address2"}, {"建物名", "address2"},
	{"e_mail", "email"}, {"mail", "email"}, {"メールアドレス", "email"},
	{"tel", "phone"}, {"telephone", "phone"}, {"電話番号", "phone"},
	{"birth_date", "birthday"}, {"date_of_birth", "birthday"},
	{"生年月日", "birthday"}, {"誕生日", "birthday"},
	{"顧客番号", "customer_no"}, {"備考", "notes"}, {"note", "notes"},
	{"order_date", "purchased_at"}, {"購入日", "purchased_at"},
	{"item", "product"}, {"商品名", "product"}, {"金額", "amount"},
	{"total", "amount"},
};

static char **
strv_add(char **v, int *n, const char *s)
{
	v = mem_realloc(v, (size_t)(*n + 1) * sizeof(*v));
	v[(*n)++] = mem_strdup(s);
	return v;
}

static void
strv_free(char **v, int n)
{
	for (int i = 0; i < n; i++)
		mem_free(v[i]);
	mem_free(v);
}

static map_rule *
add_rule(mapping *m, const char *column, int line)
{
	map_rule *r;

	m->rules = mem_realloc(m->rules, (size_t)(m->nrules + 1) * sizeof(*r));
	r = &m->rules[m->nrules++];
	memset(r, 0, sizeof(*r));
	r->column = mem_strdup(column);
	r->line = line;
	r->sense = SENSE_OPT_OUT;
	r->date = DATE_YMD;
	return r;
}

void
mapping_free(mapping *m)
{
	if (m == NULL)
		return;
	for (int i = 0; i < m->nrules; i++) {
		map_rule *r = &m->rules[i];

		mem_free(r->column);
		strv_free(r->from, r->nfrom);
		mem_free(r->with);
		mem_free(r->value);
		strv_free(r->vkeys, r->nvalues);
		strv_free(r->vvals, r->nvalues);
	}
	mem_free(m->rules);
	mem_free(m->name);
	mem_free(m->table);
	strv_free(m->keys, m->nkeys);
	mem_free(m->encoding);
	mem_free(m);
}

/* Parsing a mapping document. */
typedef struct parser {
	yaml_document_t *doc;
	const char *file;
	diag *d;
} parser;

static const char *
scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value :
	    NULL;
}

static int
bad(parser *p, const yaml_node_t *at, const char *why)
{
	diag_at(p->d, D_MAPPING, p->file, (int)at->start_mark.line + 1,
	    (int)at->start_mark.column + 1, why);
	return -1;
}

/* A scalar or a list of scalars, appended to *v. */
static int
names(parser *p, yaml_node_t *n, char ***v, int *nv)
{
	if (scalar(n) != NULL) {
		*v = strv_add(*v, nv, scalar(n));
		return 0;
	}
	if (n->type != YAML_SEQUENCE_NODE || n->data.sequence.items.start ==
	    n->data.sequence.items.top)
		return bad(p, n, "expected a column name or a list of them");
	for (yaml_node_item_t *i = n->data.sequence.items.start;
	    i < n->data.sequence.items.top; i++) {
		yaml_node_t *e = yaml_document_get_node(p->doc, *i);

		if (scalar(e) == NULL)
			return bad(p, e, "expected a column name");
		*v = strv_add(*v, nv, scalar(e));
	}
	return 0;
}

static const struct word {
	const char *text;
	int value;
} parts[] = {
	{"whole", PART_WHOLE}, {"first", PART_FIRST}, {"rest", PART_REST},
	{"prefecture", PART_PREFECTURE},
	{"after-prefecture", PART_AFTER_PREFECTURE},
}, orders[] = {
	{"ymd", DATE_YMD}, {"mdy", DATE_MDY}, {"dmy", DATE_DMY},
	{"excel", DATE_EXCEL},
}, senses[] = {
	{"opt-out", SENSE_OPT_OUT}, {"may-mail", SENSE_MAY_MAIL},
}, flags[] = {
	{"true", 1}, {"yes", 1}, {"false", 0}, {"no", 0},
};

static int
word(parser *p, yaml_node_t *n, const struct word *w, size_t nw,
    const char *what, int *out)
{
	const char *s = scalar(n);

	for (size_t i = 0; s != NULL && i < nw; i++)
		if (strcmp(s, w[i].text) == 0) {
			*out = w[i].value;
			return 0;
		}
	{
		buf msg = BUF_INIT;
		int rc;

		buf_printf(&msg, "%s is one of", what);
		for (size_t i = 0; i < nw; i++)
			buf_printf(&msg, "%s %s", i ? "," : "", w[i].text);
		rc = bad(p, n, buf_str(&msg));
		buf_free(&msg);
		return rc;
	}
}

#define WORD(p, n, table, what, out) word(p, n, table, sizeof(table) / sizeof(table[0]), what, out)

static int
rule_options(parser *p, yaml_node_t *v, map_rule *r)
{
	for (yaml_node_pair_t *q = v->data.mapping.pairs.start;
	    q < v->data.mapping.pairs.top; q++) {
		yaml_node_t *k = yaml_document_get_node(p->doc, q->key);
		yaml_node_t *o = yaml_document_get_node(p->doc, q->value);
		const char *key = scalar(k);
		int x;

		if (key == NULL)
			return bad(p, k, "a key must be text");
		if (strcmp(key, "from") == 0 || strcmp(key, "join") == 0) {
			if (r->nfrom > 0)
				return bad(p, k, "give from or join, once");
			r->join = key[0] == 'j';
			if (names(p, o, &r->from, &r->nfrom) == -1)
				return -1;
		} else if (strcmp(key, "value") == 0 && scalar(o) != NULL) {
			mem_free(r->value);
			r->value = mem_strdup(scalar(o));
		} else if (strcmp(key, "with") == 0 && scalar(o) != NULL) {
			mem_free(r->with);
			r->with = mem_strdup(scalar(o));
		} else if (strcmp(key, "part") == 0) {
			if (WORD(p, o, parts, "part", &x) == -1)
				return -1;
			r->part = (enum map_part)x;
		} else if (strcmp(key, "date") == 0) {
			if (WORD(p, o, orders, "date", &x) == -1)
				return -1;
			r->date = (enum date_order)x;
		} else if (strcmp(key, "yes-means") == 0) {
			if (WORD(p, o, senses, "yes-means", &x) == -1)
				return -1;
			r->sense = (enum map_sense)x;
		} else if (strcmp(key, "optional") == 0) {
			if (WORD(p, o, flags, "optional", &r->optional) == -1)
				return -1;
		} else if (strcmp(key, "values") == 0) {
			if (o->type != YAML_MAPPING_NODE)
				return bad(p, o, "values is a table: source: stored");
			for (yaml_node_pair_t *e = o->data.mapping.pairs.start;
			    e < o->data.mapping.pairs.top; e++) {
				yaml_node_t *ek = yaml_document_get_node(p->doc, e->key);
				yaml_node_t *ev = yaml_document_get_node(p->doc, e->value);
				int n = r->nvalues;

				if (scalar(ek) == NULL || scalar(ev) == NULL)
					return bad(p, ek, "values is a table: source: stored");
				r->vkeys = strv_add(r->vkeys, &n, scalar(ek));
				n = r->nvalues;
				r->vvals = strv_add(r->vvals, &n, scalar(ev));
				r->nvalues = n;
			}
		} else
			return bad(p, k, "a column's keys are from, join, with, "
			    "value, part, date, yes-means, values and optional");
	}
	if ((r->nfrom == 0) == (r->value == NULL))
		return bad(p, v, "say which column it comes from (from: or join:), "
		    "or give one value: for every row");
	if (r->join && r->part != PART_WHOLE)
		return bad(p, v, "part: and join: do not go together");
	return 0;
}

static int
parse(parser *p, mapping *m)
{
	yaml_node_t *root = yaml_document_get_root_node(p->doc);
	int have_columns = 0;

	if (root == NULL || root->type != YAML_MAPPING_NODE) {
		diag_at(p->d, D_MAPPING, p->file, 1, 0, "expected table:, key: "
		    "and columns:");
		return -1;
	}
	for (yaml_node_pair_t *q = root->data.mapping.pairs.start;
	    q < root->data.mapping.pairs.top; q++) {
		yaml_node_t *k = yaml_document_get_node(p->doc, q->key);
		yaml_node_t *v = yaml_document_get_node(p->doc, q->value);
		const char *key = scalar(k);

		if (key == NULL)
			return bad(p, k, "a key must be text");
		if (strcmp(key, "table") == 0 && scalar(v) != NULL)
			m->table = mem_strdup(scalar(v));
		else if (strcmp(key, "encoding") == 0 && scalar(v) != NULL)
			m->encoding = mem_strdup(scalar(v));
		else if (strcmp(key, "key") == 0) {
			if (names(p, v, &m->keys, &m->nkeys) == -1)
				return -1;
		} else if (strcmp(key, "columns") == 0 && v->type == YAML_MAPPING_NODE) {
			have_columns = 1;
			for (yaml_node_pair_t *c = v->data.mapping.pairs.start;
			    c < v->data.mapping.pairs.top; c++) {
				yaml_node_t *ck = yaml_document_get_node(p->doc, c->key);
				yaml_node_t *cv = yaml_document_get_node(p->doc, c->value);
				map_rule *r;

				if (scalar(ck) == NULL)
					return bad(p, ck, "a column name must be text");
				r = add_rule(m, scalar(ck), (int)ck->start_mark.line + 1);
				if (cv->type == YAML_MAPPING_NODE) {
					if (rule_options(p, cv, r) == -1)
						return -1;
				} else if (names(p, cv, &r->from, &r->nfrom) == -1)
					return -1;
			}
		} else
			return bad(p, k, "a mapping's keys are table, key, encoding "
			    "and columns (a table of column: source)");
	}
	if (!have_columns) {
		diag_at(p->d, D_MAPPING, p->file, 1, 0, "no columns: table");
		return -1;
	}
	return 0;
}

static mapping *
load_text(const char *text, size_t n, const char *file, const char *name,
    diag *d)
{
	yaml_document_t doc;
	parser p = {&doc, file, d};
	mapping *m;

	if (yamldoc_load(&doc, text, n, file, 1, d) != 0)
		return NULL;
	m = mem_calloc(1, sizeof(*m));
	m->name = mem_strdup(name);
	if (parse(&p, m) == -1) {
		mapping_free(m);
		m = NULL;
	}
	yaml_document_delete(&doc);
	return m;
}

mapping *
mapping_load(const char *path, diag *d)
{
	buf b = BUF_INIT;
	mapping *m = NULL;
	int rc = file_read(path, MAPPING_MAX_BYTES, 0, &b, d);

	if (rc == FILE_TOO_LARGE)
		diag_at(d, D_MAPPING, path, 0, 0, "larger than 1 MiB");
	else if (rc == FILE_OK)
		m = load_text(buf_str(&b), b.len, path, path, d);
	buf_free(&b);
	return m;
}

const char *
mapping_preset_text(const char *name, const char *table)
{
	for (size_t i = 0; i < sizeof(presets) / sizeof(presets[0]); i++)
		if (strcmp(name, presets[i].name) == 0 && (table == NULL ||
		    strcmp(table, presets[i].table) == 0))
			return presets[i].text;
	return NULL;
}

mapping *
mapping_preset(const char *name, const char *table, diag *d)
{
	const char *text = mapping_preset_text(name, table);
	buf label = BUF_INIT;
	mapping *m;

	if (text == NULL) {
		diag_plain(d, D_MAPPING, table && mapping_preset_text(name, NULL) ?
		    "that preset is for another table" :
		    "unknown preset: the presets are shopify, ja-pos and tayori");
		return NULL;
	}
	buf_printf(&label, "preset %s", name);
	m = load_text(text, strlen(text), buf_str(&label), buf_str(&label), d);
	buf_free(&label);
	return m;
}

/* A header as a column name would be written: lower case, spaces and hyphens as _. */
static void
header_name(const char *h, buf *out)
{
	buf_clear(out);
	for (const char *p = h; *p; p++)
		buf_putc(out, *p == ' ' || *p == '-' ? '_' :
		    (*p >= 'A' && *p <= 'Z') ? *p - 'A' + 'a' : *p);
}

mapping *
mapping_from_header(const char *file, const char *table,
    const char *const *headers, int nheaders, const char *const *cols,
    int ncols, diag *d)
{
	mapping *m = mem_calloc(1, sizeof(*m));
	buf name = BUF_INIT, unknown = BUF_INIT;
	int nunknown = 0;

	m->name = mem_strdup(file);
	m->table = mem_strdup(table);
	m->header_only = 1;
	for (int i = 0; i < nheaders; i++) {
		const char *col = NULL;
		map_rule *r;

		header_name(headers[i], &name);
		for (int k = 0; k < ncols && col == NULL; k++)
			if (strcmp(buf_str(&name), cols[k]) == 0)
				col = cols[k];
		for (size_t k = 0; col == NULL && k < sizeof(aliases) /
		    sizeof(aliases[0]); k++)
			if (strcmp(buf_str(&name), aliases[k].name) == 0)
				for (int c = 0; c < ncols; c++)
					if (strcmp(cols[c], aliases[k].column) == 0)
						col = cols[c];
		if (col == NULL) {
			buf_printf(&unknown, "%s'%s'", nunknown++ ? ", " : "",
			    headers[i]);
			continue;
		}
		r = add_rule(m, col, 0);
		r->from = strv_add(r->from, &r->nfrom, headers[i]);
	}
	if (nunknown > 0) {
		buf msg = BUF_INIT;

		buf_printf(&msg, "%d unknown column%s: %s; table %s has ",
		    nunknown, nunknown == 1 ? "" : "s", buf_str(&unknown), table);
		for (int k = 0; k < ncols; k++)
			buf_printf(&msg, "%s%s", k ? ", " : "", cols[k]);
		buf_puts(&msg, " (a mapping file or --preset names other headers)");
		diag_at(d, D_CSV, file, 1, 0, buf_str(&msg));
		buf_free(&msg);
		mapping_free(m);
		m = NULL;
	}
	buf_free(&name);
	buf_free(&unknown);
	return m;
}
