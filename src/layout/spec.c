/* spec: reading a layout file (YAML) into page geometry, fonts, styles and frames. */
#include "layout/spec.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "image/image.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/mem.h"
#include "util/yamldoc.h"

/* Slack when comparing decimals from the file with sums of them (mm or pt). */
#define SLACK		1e-3
/* The narrowest and the shortest column, mm: a line of body text and a few words. */
#define MIN_COLUMN	20.0
/* An address's floor size, pt (a label's, or an address frame's). */
#define MIN_SIZE_LO	4.0
#define MIN_SIZE_HI	72.0

struct yctx {
	yaml_document_t doc;
	yaml_node_t *root;
	const char *file;
	diag *d;
	int failed;
};

static yaml_node_t *
get(struct yctx *y, yaml_node_t *map, const char *key)
{
	if (map == NULL || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	    p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(&y->doc, p->key);

		if (k->type == YAML_SCALAR_NODE &&
		    strcmp((const char *)k->data.scalar.value, key) == 0)
			return yaml_document_get_node(&y->doc, p->value);
	}
	return NULL;
}

static void
bad(struct yctx *y, yaml_node_t *n, const char *what)
{
	diag_at(y->d, D_LAYOUT, y->file, n ? (int)n->start_mark.line + 1 : 0,
	    n ? (int)n->start_mark.column + 1 : 0, what);
	y->failed = 1;
}

static const char *
str(struct yctx *y, yaml_node_t *map, const char *key, const char *def)
{
	yaml_node_t *n = get(y, map, key);

	if (n == NULL)
		return def;
	if (n->type != YAML_SCALAR_NODE) {
		bad(y, n, "expected text");
		return def;
	}
	return (const char *)n->data.scalar.value;
}

/* The number node n holds (def when n is NULL). */
static double
num_node(struct yctx *y, yaml_node_t *n, double def)
{
	char *end;
	double v;

	if (n == NULL)
		return def;
	if (n->type == YAML_SCALAR_NODE) {
		v = strtod((const char *)n->data.scalar.value, &end);
		if (*end == '\0' && end != (char *)n->data.scalar.value &&
		    isfinite(v) && fabs(v) < 1e6)
			return v;
	}
	bad(y, n, "expected a number (finite, below a million)");
	return def;
}

static double
num(struct yctx *y, yaml_node_t *map, const char *key, double def)
{
	return num_node(y, get(y, map, key), def);
}

/*
 * v, named prefix.key (or by key alone: a sum of settings), must lie in
 * [lo, hi]; unit NULL means a count, which must be whole. Else the
 * layout is refused at at (the root when NULL), naming the range and in
 * why where its bounds come from. Once the layout failed nothing more is
 * checked: later ranges derive from earlier values.
 */
static void
within(struct yctx *y, yaml_node_t *at, const char *prefix, const char *key,
    double v, double lo, double hi, const char *unit, const char *why)
{
	char msg[400];

	if (y->failed || (v >= lo - SLACK && v <= hi + SLACK &&
	    (unit != NULL || v == floor(v))))
		return;
	snprintf(msg, sizeof(msg), "%s%s%s is %g; it must be %sbetween %g and "
	    "%g%s%s%s%s%s", prefix ? prefix : "", prefix ? "." : "", key, v,
	    unit ? "" : "a whole number ", lo, hi, unit ? " " : "",
	    unit ? unit : "", why ? " (" : "", why ? why : "", why ? ")" : "");
	bad(y, at ? at : y->root, msg);
}

/* The number under key in map (def when not given), checked by within(). */
static double
ranged(struct yctx *y, yaml_node_t *map, const char *prefix, const char *key,
    double def, double lo, double hi, const char *unit, const char *why)
{
	yaml_node_t *n = get(y, map, key);
	double v = num(y, map, key, def);

	within(y, n ? n : map, prefix, key, v, lo, hi, unit, why);
	return v;
}

#define COLOR_FORMS	"expected a colour: cmyk(c,m,y,k), #rrggbb or " \
	"spot(NAME, c, m, y, k[, tint])"
#define SPOT_FORM	"a spot colour is spot(NAME, c, m, y, k[, tint]): a name, " \
	"its CMYK alternate (each 0..1, or all 0..100) and a tint 0..1 (default 1)"

/*
 * Up to max comma-separated numbers and the closing parenthesis, then
 * nothing but spaces. The count, or -1.
 */
static int
color_numbers(const char *s, double *v, int max)
{
	char *end;
	int n = 0;

	for (;;) {
		if (n == max)
			return -1;
		v[n] = strtod(s, &end);
		if (end == s || !isfinite(v[n]))
			return -1;
		n++;
		for (s = end; *s == ' '; s++)
			;
		if (*s == ')')
			break;
		if (*s++ != ',')
			return -1;
	}
	for (s++; *s == ' '; s++)
		;
	return *s == '\0' ? n : -1;
}

/* c, m, y, k as 0..1, or all as 0..100 when one is above 1. */
static int
cmyk_values(double v[4])
{
	int pct = v[0] > 1 || v[1] > 1 || v[2] > 1 || v[3] > 1;

	for (int i = 0; i < 4; i++) {
		if (pct)
			v[i] /= 100;
		if (!(v[i] >= 0 && v[i] <= 1))
			return -1;
	}
	return 0;
}

/* spot(NAME, c, m, y, k[, tint]); s is past "spot(". */
static int
spot_color(const char *s, dl_color *c, dl_spot *spot, const char **why)
{
	/* Not inks of their own: PDF's special separations and the process plates. */
	static const char *const reserved[] = {"All", "None", "Cyan", "Magenta",
	    "Yellow", "Black", NULL};
	const char *comma;
	double v[5];
	size_t len, i;
	int n;

	while (*s == ' ')
		s++;
	if ((comma = strchr(s, ',')) == NULL) {
		*why = SPOT_FORM;
		return -1;
	}
	for (len = (size_t)(comma - s); len > 0 && s[len - 1] == ' '; len--)
		;
	if (len == 0) {
		*why = "a spot colour needs a name: spot(NAME, c, m, y, k[, tint])";
		return -1;
	}
	for (i = 0; i < len; i++)
		if (s[i] < 0x20 || s[i] > 0x7e || s[i] == '(' || s[i] == ')')
			break;
	if (len >= DL_SPOT_NAME_MAX || i < len) {
		*why = "a spot colour's name is printable ASCII without parentheses, "
		    "at most 63 bytes";
		return -1;
	}
	memcpy(spot->name, s, len);
	spot->name[len] = '\0';
	for (i = 0; reserved[i]; i++)
		if (strcasecmp(spot->name, reserved[i]) == 0) {
			*why = "All, None, Cyan, Magenta, Yellow and Black are not "
			    "spot colour names";
			return -1;
		}
	n = color_numbers(comma + 1, v, 5);
	if (n < 4 || cmyk_values(v) < 0) {
		*why = SPOT_FORM;
		return -1;
	}
	if (n == 5 && !(v[4] >= 0 && v[4] <= 1)) {
		*why = "a spot colour's tint is between 0 and 1";
		return -1;
	}
	spot->c = v[0];
	spot->m = v[1];
	spot->y = v[2];
	spot->k = v[3];
	*c = dl_spot_color(spot, n == 5 ? v[4] : 1);
	return 0;
}

/* #rrggbb is converted by image_rgb_to_cmyk's rule (see image/image.h). */
int
spec_color(const char *s, dl_color *c, dl_spot *spot, const char **why)
{
	double v[4];
	unsigned r, g, b;

	*why = COLOR_FORMS;
	while (*s == ' ')
		s++;
	if (strncmp(s, "cmyk(", 5) == 0) {
		if (color_numbers(s + 5, v, 4) != 4 || cmyk_values(v) < 0) {
			*why = "cmyk(c,m,y,k) takes four numbers, each 0..1 (or all 0..100)";
			return -1;
		}
		*c = DL_CMYK(v[0], v[1], v[2], v[3]);
		return 0;
	}
	if (strncmp(s, "spot(", 5) == 0) {
		if (spot == NULL) {
			*why = "a spot colour is not allowed here";
			return -1;
		}
		return spot_color(s + 5, c, spot, why);
	}
	if (s[0] == '#' && strspn(s + 1, "0123456789abcdefABCDEF") == 6 &&
	    s[7 + strspn(s + 7, " ")] == '\0' &&
	    sscanf(s, "#%2x%2x%2x", &r, &g, &b) == 3) {
		image_rgb_to_cmyk(r / 255.0, g / 255.0, b / 255.0, v);
		*c = DL_CMYK(v[0], v[1], v[2], v[3]);
		return 0;
	}
	return -1;
}

/* A colour setting; a spot colour is kept once in s->spots, with one alternate. */
static dl_color
color(spec *s, struct yctx *y, yaml_node_t *map, const char *key, dl_color def,
    int *set)
{
	yaml_node_t *n = get(y, map, key);
	const char *why = COLOR_FORMS;
	char msg[200];
	dl_spot sp;
	dl_color c;
	int i;

	if (set)
		*set = 0;
	if (n == NULL)
		return def;
	if (n->type != YAML_SCALAR_NODE ||
	    spec_color((const char *)n->data.scalar.value, &c, &sp, &why) != 0) {
		bad(y, n, why);
		return def;
	}
	if (c.spot != NULL) {
		for (i = 0; i < s->nspots; i++)
			if (strcmp(s->spots[i].name, sp.name) == 0)
				break;
		if (i < s->nspots && !dl_spot_equal(&s->spots[i], &sp)) {
			snprintf(msg, sizeof(msg), "spot colour '%s' is given two "
			    "different CMYK alternates", sp.name);
			bad(y, n, msg);
			return def;
		}
		if (i == SPEC_MAX_SPOTS) {
			bad(y, n, "more than 8 spot colours");
			return def;
		}
		if (i == s->nspots)
			s->spots[s->nspots++] = sp;
		c.spot = &s->spots[i];
	}
	if (set)
		*set = 1;
	return c;
}

static int
find_font(spec *s, const char *file, const char *const *dirs, struct yctx *y,
    yaml_node_t *n)
{
	char err[256];
	buf path = BUF_INIT;
	font *f = NULL;

	if (strchr(file, '/') != NULL) {
		bad(y, n, "a font is named by its file name in fonts/, not a path");
		return -1;
	}
	for (int i = 0; i < s->nfonts; i++)
		if (strcmp(s->fontfiles[i], file) == 0)
			return i;
	for (int i = 0; dirs[i]; i++) {
		FILE *fp;

		buf_clear(&path);
		buf_printf(&path, "%s/%s", dirs[i], file);
		if ((fp = fopen(buf_str(&path), "rb")) != NULL) {
			fclose(fp);
			break;
		}
		buf_clear(&path);
	}
	if (path.len == 0) {
		buf_clear(&path);
		buf_puts(&path, "not found (looked in ");
		for (int i = 0; dirs[i]; i++)
			buf_printf(&path, "%s%s", i ? ", " : "", dirs[i]);
		buf_putc(&path, ')');
		diag_at(y->d, D_FONT, y->file, (int)n->start_mark.line + 1,
		    (int)n->start_mark.column + 1, file, buf_str(&path));
		y->failed = 1;
		buf_free(&path);
		return -1;
	}
	if ((f = font_load(buf_str(&path), err, sizeof(err))) == NULL) {
		diag_at(y->d, D_FONT, y->file, (int)n->start_mark.line + 1,
		    (int)n->start_mark.column + 1, buf_str(&path), err);
		y->failed = 1;
		buf_free(&path);
		return -1;
	}
	buf_free(&path);
	if (s->nfonts == SPEC_MAX_FONTS) {
		font_free(f);
		bad(y, n, "too many fonts");
		return -1;
	}
	s->fontfiles[s->nfonts] = mem_strdup(file);
	s->fonts[s->nfonts] = f;
	return s->nfonts++;
}

static int
face_index(const spec *s, const char *name)
{
	for (int i = 0; i < s->nfaces; i++)
		if (strcmp(s->faces[i].name, name) == 0)
			return i;
	return -1;
}

static void
load_fonts(spec *s, struct yctx *y, yaml_node_t *root, const char *const *dirs)
{
	yaml_node_t *fonts = get(y, root, "fonts");

	if (fonts == NULL || fonts->type != YAML_MAPPING_NODE) {
		bad(y, fonts ? fonts : root, "'fonts' must map face names to lists of font files");
		return;
	}
	for (yaml_node_pair_t *p = fonts->data.mapping.pairs.start;
	    p < fonts->data.mapping.pairs.top && !y->failed; p++) {
		yaml_node_t *k = yaml_document_get_node(&y->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(&y->doc, p->value);
		lay_face *fc;

		if (s->nfaces == SPEC_MAX_FACES || k->type != YAML_SCALAR_NODE ||
		    v->type != YAML_SEQUENCE_NODE) {
			bad(y, k, "a face is a name and a list of font files");
			return;
		}
		fc = &s->faces[s->nfaces++];
		snprintf(fc->name, sizeof(fc->name), "%s", k->data.scalar.value);
		for (yaml_node_item_t *it = v->data.sequence.items.start;
		    it < v->data.sequence.items.top; it++) {
			yaml_node_t *f = yaml_document_get_node(&y->doc, *it);
			int fi;

			if (f->type != YAML_SCALAR_NODE || fc->nfonts == 4) {
				bad(y, f, "a face lists at most four font files");
				return;
			}
			if ((fi = find_font(s, (const char *)f->data.scalar.value,
			    dirs, y, f)) < 0)
				return;
			fc->fonts[fc->nfonts++] = fi;
		}
	}
}

static int
variant(const spec *s, const char *base, const char *suffix, int def)
{
	char name[64];
	int i;

	snprintf(name, sizeof(name), "%s-%s", base, suffix);
	i = face_index(s, name);
	return i >= 0 ? i : def;
}

/*
 * The most a style's size, leading, before or after may be, pt: the
 * shortest column (page 1's when the body starts lower there), or the
 * label inside its padding; *why says which.
 */
static double
style_room(const spec *s, const char **why)
{
	if (s->is_sheet) {
		*why = "the label's height inside its padding";
		return s->sheet.label_h - 2 * s->sheet.pad;
	}
	*why = "the shortest column's height";
	return s->height - fmax(s->mtop, s->first_top) - s->mbottom;
}

static void
load_styles(spec *s, struct yctx *y, yaml_node_t *root)
{
	yaml_node_t *styles = get(y, root, "styles");
	const char *why;
	double room = style_room(s, &why);
	char lead_why[96];

	if (styles == NULL || styles->type != YAML_MAPPING_NODE) {
		bad(y, styles ? styles : root, "'styles' must be a map of styles");
		return;
	}
	for (yaml_node_pair_t *p = styles->data.mapping.pairs.start;
	    p < styles->data.mapping.pairs.top && !y->failed; p++) {
		yaml_node_t *k = yaml_document_get_node(&y->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(&y->doc, p->value);
		const char *face, *al;
		char prefix[48];
		lay_style *st;

		if (s->nstyles == SPEC_MAX_STYLES || k->type != YAML_SCALAR_NODE ||
		    v->type != YAML_MAPPING_NODE) {
			bad(y, k, "a style is a name and a map");
			return;
		}
		st = &s->styles[s->nstyles++];
		snprintf(st->name, sizeof(st->name), "%s", k->data.scalar.value);
		face = str(y, v, "font", "");
		if ((st->face = face_index(s, face)) < 0) {
			bad(y, v, "the style's font is not a face listed under 'fonts'");
			return;
		}
		st->face_em = face_index(s, str(y, v, "em", ""));
		if (st->face_em < 0)
			st->face_em = variant(s, face, "italic", st->face);
		st->face_strong = face_index(s, str(y, v, "strong", ""));
		if (st->face_strong < 0)
			st->face_strong = variant(s, face, "bold", st->face);
		snprintf(prefix, sizeof(prefix), "styles.%s", st->name);
		st->size = ranged(y, v, prefix, "size", 10, 1, fmin(200, room), "pt",
		    room < 200 ? why : NULL);
		snprintf(lead_why, sizeof(lead_why), "from 0.8 × size to %s", why);
		st->leading = ranged(y, v, prefix, "leading", st->size * 1.5,
		    0.8 * st->size, room, "pt", lead_why);
		st->before = ranged(y, v, prefix, "before", 0, 0, room, "pt", why);
		st->after = ranged(y, v, prefix, "after", 0, 0, room, "pt", why);
		st->first_indent = ranged(y, v, prefix, "first-indent", 0, 0, 4, "em",
		    NULL);
		snprintf(st->hyphenate, sizeof(st->hyphenate), "%s",
		    str(y, v, "hyphenate", "en-US"));
		st->color = color(s, y, v, "color", DL_BLACK, NULL);
		al = str(y, v, "align", "justify");
		st->align = strcmp(al, "left") == 0 ? AL_LEFT :
		    strcmp(al, "center") == 0 ? AL_CENTER :
		    strcmp(al, "right") == 0 ? AL_RIGHT : AL_JUSTIFY;
	}
}

int
spec_style(const spec *s, const char *name)
{
	for (int i = 0; i < s->nstyles; i++)
		if (strcmp(s->styles[i].name, name) == 0)
			return i;
	return -1;
}

/* barcode: jp-customer (the Japan Post customer barcode) or none. */
static int
barcode(struct yctx *y, yaml_node_t *map)
{
	const char *b = str(y, map, "barcode", "none");

	if (strcmp(b, "jp-customer") == 0)
		return 1;
	if (strcmp(b, "none") != 0)
		bad(y, get(y, map, "barcode"), "barcode: jp-customer or none");
	return 0;
}

/*
 * A label sheet: label size, pitch, rows, columns and the top-left
 * margins, in mm. The whole grid lies on the page, the padding leaves
 * at least 1 mm inside each label.
 */
static void
load_sheet(spec *s, struct yctx *y, yaml_node_t *root)
{
	yaml_node_t *m = get(y, root, "label");
	lay_sheet *sh = &s->sheet;
	double W = s->width / MM(1), H = s->height / MM(1), w, h, px, py, left, top;

	if (m == NULL || m->type != YAML_MAPPING_NODE) {
		bad(y, m ? m : root, "a labels layout needs 'label': width, height, "
		    "columns, rows, pitch-x, pitch-y, left, top (mm)");
		return;
	}
	w = ranged(y, m, "label", "width", 0, 10, W, "mm", "the page width");
	h = ranged(y, m, "label", "height", 0, 5, H, "mm", "the page height");
	sh->columns = (int)ranged(y, m, "label", "columns", 1, 1, 200, NULL, NULL);
	sh->rows = (int)ranged(y, m, "label", "rows", 1, 1, 200, NULL, NULL);
	within(y, m, NULL, "label.columns × label.rows",
	    (double)sh->columns * sh->rows, 1, 200, NULL, "labels on a sheet");
	px = ranged(y, m, "label", "pitch-x", w, w, W, "mm",
	    "from the label's width to the page width");
	py = ranged(y, m, "label", "pitch-y", h, h, H, "mm",
	    "from the label's height to the page height");
	left = ranged(y, m, "label", "left", 0, 0, W - w, "mm",
	    "the page width less the label's");
	top = ranged(y, m, "label", "top", 0, 0, H - h, "mm",
	    "the page height less the label's");
	within(y, m, NULL, "the labels do not fit on the page: label.left + "
	    "(label.columns - 1) × label.pitch-x + label.width",
	    left + (sh->columns - 1) * px + w, 0, W, "mm", "the page width");
	within(y, m, NULL, "the labels do not fit on the page: label.top + "
	    "(label.rows - 1) × label.pitch-y + label.height",
	    top + (sh->rows - 1) * py + h, 0, H, "mm", "the page height");
	sh->pad = MM(ranged(y, m, "label", "padding", 2.5, 0, (fmin(w, h) - 1) / 2,
	    "mm", "leaving 1 mm inside the label"));
	sh->min_size = ranged(y, m, "label", "min-size", 6, MIN_SIZE_LO,
	    MIN_SIZE_HI, "pt", NULL);
	sh->barcode = barcode(y, m);
	sh->label_w = MM(w);
	sh->label_h = MM(h);
	sh->pitch_x = MM(px);
	sh->pitch_y = MM(py);
	sh->left = MM(left);
	sh->top = MM(top);
}

/* A frame's lines: text templates, each in the frame's style or its own. */
static void
frame_lines(spec *s, struct yctx *y, yaml_node_t *v, lay_frame *fr)
{
	yaml_node_t *lines = get(y, v, "lines");

	if (lines == NULL)
		return;
	if (lines->type != YAML_SEQUENCE_NODE) {
		bad(y, lines, "'lines' must be a list");
		return;
	}
	for (yaml_node_item_t *li = lines->data.sequence.items.start;
	    li < lines->data.sequence.items.top; li++) {
		yaml_node_t *ln = yaml_document_get_node(&y->doc, *li);
		const char *text, *style;
		lay_line *l;

		if (ln->type == YAML_SCALAR_NODE) {
			text = (const char *)ln->data.scalar.value;
			style = str(y, v, "style", "body");
		} else {
			text = str(y, ln, "text", "");
			style = str(y, ln, "style", str(y, v, "style", "body"));
		}
		s->lines = mem_realloc(s->lines,
		    (size_t)(s->nlines + 1) * sizeof(*s->lines));
		l = &s->lines[s->nlines++];
		l->text = mem_strdup(text);
		l->line = (int)ln->start_mark.line + 1;
		if ((l->style = spec_style(s, style)) < 0) {
			bad(y, ln, "the line's style is not defined under 'styles'");
			return;
		}
		fr->nlines++;
	}
}

/*
 * What a frame draws besides its fill stays on the page: its QR code at
 * x, y, min(w, h) square, its lines and address inside the padding.
 */
static void
frame_ink(spec *s, struct yctx *y, yaml_node_t *v, const char *prefix,
    const lay_frame *fr)
{
	double x = fr->x / MM(1), top = fr->y / MM(1), pad = fr->pad / MM(1);
	double w = fr->w / MM(1), h = fr->h / MM(1), side = fmin(w, h);
	const struct {
		const char *name;
		double v, page;
	} edge[] = {
		{fr->qr ? "x" : "x + padding", fr->qr ? x : x + pad, s->width},
		{fr->qr ? "x + min(w, h)" : "x + w - padding",
		    fr->qr ? x + side : x + w - pad, s->width},
		{fr->qr ? "y" : "y + padding", fr->qr ? top : top + pad, s->height},
		{fr->qr ? "y + min(w, h)" : "y + h - padding",
		    fr->qr ? top + side : top + h - pad, s->height},
	};

	if (fr->nlines == 0 && !fr->address && !fr->qr && !fr->header && !fr->logo)
		return;
	for (size_t i = 0; i < sizeof(edge) / sizeof(edge[0]); i++)
		within(y, v, prefix, edge[i].name, edge[i].v, 0, edge[i].page / MM(1),
		    "mm", "what a frame draws besides its fill stays on the page");
}

/*
 * Where a frame is, mm: its box may reach into the bleed, where a fill
 * leaves no white edge when the sheet is cut.
 */
static void
frame_box(spec *s, struct yctx *y, yaml_node_t *v, const char *prefix,
    lay_frame *fr)
{
	double W = s->width / MM(1), H = s->height / MM(1), b = s->bleed / MM(1);
	double x, top, w, h, slide;

	x = ranged(y, v, prefix, "x", 0, 0 - b, W - 1, "mm",
	    "from the bleed's left edge to 1 mm before the page's right edge");
	top = ranged(y, v, prefix, "y", 0, 0 - b, H - 1, "mm",
	    "from the bleed's top edge to 1 mm before the page's bottom edge");
	w = ranged(y, v, prefix, "w", 0, 1, W + b - x, "mm",
	    "up to the bleed's right edge");
	h = ranged(y, v, prefix, "h", w, 1, H + b - top, "mm",
	    "up to the bleed's bottom edge");
	fr->pad = MM(ranged(y, v, prefix, "padding", 0, 0, (fmin(w, h) - 1) / 2,
	    "mm", "leaving 1 mm inside the frame"));
	slide = ranged(y, v, prefix, "slide", 0, 0, fmax(0, (fmin(w, h) - 1) / 2 -
	    fr->pad / MM(1)), "mm", "leaving 1 mm inside the frame and its padding");
	fr->slide_x = MM(ranged(y, v, prefix, "slide-x", slide, 0, fmax(0, (w - 1) /
	    2 - fr->pad / MM(1)), "mm", "leaving 1 mm inside the frame and its padding"));
	fr->slide_y = MM(ranged(y, v, prefix, "slide-y", slide, 0, fmax(0, (h - 1) /
	    2 - fr->pad / MM(1)), "mm", "leaving 1 mm inside the frame and its padding"));
	fr->x = MM(x);
	fr->y = MM(top);
	fr->w = MM(w);
	fr->h = MM(h);
	frame_ink(s, y, v, prefix, fr);
}

/*
 * A card's frame: its side (message or address), vertical lines, and
 * for postal-code Japan Post's group of boxes, 47.7 × 8 mm, whether to
 * draw them.
 */
static void
card_frame(spec *s, struct yctx *y, yaml_node_t *v, const char *prefix,
    lay_frame *fr)
{
	const char *side = str(y, v, "side", "message"), *boxes;

	fr->side = strcmp(side, "address") == 0 ? CARD_ADDRESS : CARD_MESSAGE;
	if (fr->side == CARD_MESSAGE && strcmp(side, "message") != 0)
		bad(y, get(y, v, "side"), "a frame's side is message or address");
	fr->vertical = strcmp(str(y, v, "vertical", "false"), "true") == 0;
	if (fr->vertical && (fr->address || fr->qr || fr->postal || fr->jp_address ||
	    fr->logo || fr->header || fr->picture))
		bad(y, v, "vertical is for a frame's lines (content: text)");
	boxes = str(y, v, "boxes", "none");
	fr->boxes = strcmp(boxes, "red") == 0;
	if (!fr->boxes && strcmp(boxes, "none") != 0)
		bad(y, get(y, v, "boxes"), "boxes: red (drawn for plain card stock) or "
		    "none (printed on the card)");
	if (fr->postal) {
		within(y, v, prefix, "w", ranged(y, v, prefix, "w", 0, 0, 1000, "mm",
		    NULL), 47.7, 47.7, "mm", "Japan Post's seven boxes are 47.7 mm wide");
		within(y, v, prefix, "h", ranged(y, v, prefix, "h", 0, 0, 1000, "mm",
		    NULL), 8, 8, "mm", "Japan Post's boxes are 8 mm high");
	}
}

static void
load_frames(spec *s, struct yctx *y, yaml_node_t *root)
{
	yaml_node_t *frames = get(y, root, "frames");

	if (frames == NULL)
		return;
	if (frames->type != YAML_SEQUENCE_NODE) {
		bad(y, frames, "'frames' must be a list");
		return;
	}
	for (yaml_node_item_t *it = frames->data.sequence.items.start;
	    it < frames->data.sequence.items.top && !y->failed; it++) {
		yaml_node_t *v = yaml_document_get_node(&y->doc, *it);
		const char *content, *page;
		char prefix[32];
		lay_frame *fr;

		if (s->nframes == SPEC_MAX_FRAMES || v->type != YAML_MAPPING_NODE) {
			bad(y, v, "a frame is a map");
			return;
		}
		snprintf(prefix, sizeof(prefix), "frames[%d]", s->nframes);
		fr = &s->frames[s->nframes++];
		snprintf(fr->name, sizeof(fr->name), "%s", str(y, v, "name", "frame"));
		page = str(y, v, "page", "first");
		fr->pages = strcmp(page, "all") == 0 ? FR_ALL :
		    strcmp(page, "following") == 0 ? FR_FOLLOWING : FR_FIRST;
		if (fr->pages == FR_FIRST && strcmp(page, "first") != 0)
			bad(y, get(y, v, "page"), "a frame's page is first, all or "
			    "following (every page after the first)");
		fr->fill = color(s, y, v, "fill", DL_BLACK, &fr->has_fill);
		content = str(y, v, "content", "text");
		fr->qr = strcmp(content, "qr") == 0;
		fr->address = strcmp(content, "address") == 0;
		fr->header = strcmp(content, "header") == 0;
		fr->logo = strcmp(content, "logo") == 0;
		fr->postal = strcmp(content, "postal-code") == 0;
		fr->jp_address = strcmp(content, "jp-address") == 0;
		fr->picture = strcmp(content, "picture") == 0;
		if (!fr->qr && !fr->address && !fr->header && !fr->logo &&
		    !fr->postal && !fr->jp_address && !fr->picture &&
		    strcmp(content, "text") != 0)
			bad(y, v, "a frame's content is text (its lines), address, "
			    "header, logo, qr, postal-code, jp-address or picture");
		if ((fr->postal || fr->jp_address || fr->picture || get(y, v, "side")) &&
		    !s->card)
			bad(y, v, "postal-code, jp-address, picture and side are for kind: card");
		card_frame(s, y, v, prefix, fr);
		fr->style = spec_style(s, str(y, v, "style", "body"));
		if (fr->style < 0 && get(y, v, "style") != NULL)
			bad(y, get(y, v, "style"), "the frame's style is not defined "
			    "under 'styles'");
		fr->barcode = barcode(y, v);
		/* 0 when not given: the address may shrink to 60 % */
		if (get(y, v, "min-size") != NULL)
			fr->min_size = ranged(y, v, prefix, "min-size", 0,
			    MIN_SIZE_LO, MIN_SIZE_HI, "pt", NULL);
		fr->line0 = s->nlines;
		frame_lines(s, y, v, fr);
		frame_box(s, y, v, prefix, fr);
	}
}

static void
page_size(spec *s, struct yctx *y, yaml_node_t *root)
{
	yaml_node_t *page = get(y, root, "page");
	const char *size = str(y, page, "size", NULL);

	if (page == NULL) {
		bad(y, root, "'page' is required (size: A4 or width and height in mm)");
		return;
	}
	if (size && strcmp(size, "A4") == 0) {
		s->width = MM(210);
		s->height = MM(297);
	} else if (size && strcmp(size, "letter") == 0) {
		s->width = 8.5 * 72;
		s->height = 11 * 72;
	} else if (size && strcmp(size, "hagaki") == 0) {
		s->width = MM(100);
		s->height = MM(148);
	} else if (size && strcmp(size, "A6") == 0) {
		s->width = MM(105);
		s->height = MM(148);
	} else if (size && strcmp(size, "us-4x6") == 0) {
		s->width = 6 * 72;	/* a US postcard, landscape: 6 × 4 in */
		s->height = 4 * 72;
	} else if (size && strcmp(size, "us-6x9") == 0) {
		s->width = 9 * 72;
		s->height = 6 * 72;
	} else if (size) {
		bad(y, page, "page size: A4, letter, hagaki, A6, us-4x6, us-6x9, or "
		    "width and height in mm");
	} else {
		s->width = MM(ranged(y, page, "page", "width", 0, 20, 2000, "mm", NULL));
		s->height = MM(ranged(y, page, "page", "height", 0, 20, 2000, "mm",
		    NULL));
	}
}

/*
 * Margins, columns, where the body starts on page 1, the page numbers
 * and indents, mm: the body's columns are at least MIN_COLUMN wide and
 * high, on the page.
 */
static void
body_area(spec *s, struct yctx *y, yaml_node_t *root)
{
	yaml_node_t *m = get(y, root, "margins");
	double W = s->width / MM(1), H = s->height / MM(1);
	double top, bottom, left, right, gutter, colw;
	int cols, most = (int)fmin(6, floor(W / MIN_COLUMN + SLACK));

	s->pages = (int)ranged(y, root, NULL, "pages", 2, 1, 64, NULL, NULL);
	cols = s->columns = (int)ranged(y, root, NULL, "columns", 1, 1, most, NULL,
	    most < 6 ? "as many 20 mm columns as the page width holds" : NULL);
	top = ranged(y, m, "margins", "top", 15, 0, H / 2, "mm",
	    "half the page height");
	bottom = ranged(y, m, "margins", "bottom", 15, 0, H / 2, "mm",
	    "half the page height");
	left = ranged(y, m, "margins", "left", 15, 0, W / 2, "mm",
	    "half the page width");
	right = ranged(y, m, "margins", "right", 15, 0, W / 2, "mm",
	    "half the page width");
	gutter = ranged(y, root, NULL, "gutter", 6, 0, W / 2, "mm",
	    "half the page width");
	within(y, m, NULL, "margins.top + margins.bottom", top + bottom, 0,
	    H - MIN_COLUMN, "mm", "the page height less a 20 mm column");
	within(y, m, NULL, "margins.left + margins.right + (columns - 1) × gutter",
	    left + right + (cols - 1) * gutter, 0, W - cols * MIN_COLUMN, "mm",
	    "the page width less 20 mm for each column");
	if (y->failed)
		return;
	s->first_top = MM(ranged(y, root, NULL, "first-page-top", 0, 0,
	    H - bottom - MIN_COLUMN, "mm",
	    "the page height less margins.bottom and a 20 mm column"));
	s->pageno_y = MM(ranged(y, root, NULL, "page-number-y", 0, 0, bottom,
	    "mm", "0 for none, at most margins.bottom"));
	colw = (W - left - right - (cols - 1) * gutter) / cols;
	s->list_indent = MM(ranged(y, root, NULL, "list-indent", 5, 0, colw / 2,
	    "mm", "half a column's width"));
	s->quote_indent = MM(ranged(y, root, NULL, "quote-indent", 5, 0, colw / 2,
	    "mm", "half a column's width"));
	s->mtop = MM(top);
	s->mbottom = MM(bottom);
	s->mleft = MM(left);
	s->mright = MM(right);
	s->gutter = MM(gutter);
}

/*
 * A letter's fold-marks: {at: [mm from the top, …], hole: mm, x, length,
 * hole-length}: short strokes on the left edge of its first page.
 */
static void
fold_marks(spec *s, struct yctx *y, yaml_node_t *root)
{
	yaml_node_t *m = get(y, root, "fold-marks"), *at;
	lay_marks *f = &s->folds;
	double H = s->height / MM(1), W = s->width / MM(1), x, len;

	if (m == NULL)
		return;
	if (m->type != YAML_MAPPING_NODE) {
		bad(y, m, "fold-marks is a map: at (a list of mm from the top), "
		    "hole, x, length, hole-length");
		return;
	}
	if ((at = get(y, m, "at")) != NULL) {
		if (at->type != YAML_SEQUENCE_NODE || at->data.sequence.items.top -
		    at->data.sequence.items.start > LAY_MAX_FOLDS) {
			bad(y, at, "fold-marks.at is a list of at most 4 positions (mm "
			    "from the top)");
			return;
		}
		for (yaml_node_item_t *it = at->data.sequence.items.start;
		    it < at->data.sequence.items.top; it++) {
			yaml_node_t *n = yaml_document_get_node(&y->doc, *it);
			double v = num_node(y, n, 0);

			within(y, n, "fold-marks", "at", v, 1, H - 1, "mm",
			    "on the page");
			f->fold[f->nfolds++] = MM(v);
		}
	}
	f->hole = MM(ranged(y, m, "fold-marks", "hole", 0, 0, H - 1, "mm",
	    "0 for none, else on the page"));
	x = ranged(y, m, "fold-marks", "x", 5, 0, W / 4, "mm",
	    "a quarter of the page width");
	len = ranged(y, m, "fold-marks", "length", 5, 1, 20, "mm", NULL);
	f->hole_len = MM(ranged(y, m, "fold-marks", "hole-length", len, 1, 20, "mm",
	    NULL));
	f->x = MM(x);
	f->len = MM(len);
}

/* impose: {n: N, sheet: A4 | SRA3 | 13x19}: the cards N-up on press sheets. */
static void
card_impose(spec *s, struct yctx *y, yaml_node_t *root)
{
	yaml_node_t *m = get(y, root, "impose");
	const char *sheet;

	if (m == NULL)
		return;
	s->impose_n = (int)ranged(y, m, "impose", "n", 1, 1, 64, NULL, NULL);
	sheet = str(y, m, "sheet", "");
	if (*sheet && strcmp(sheet, "A4") != 0 && strcmp(sheet, "SRA3") != 0 &&
	    strcmp(sheet, "13x19") != 0)
		bad(y, get(y, m, "sheet"), "impose.sheet: A4, SRA3 or 13x19");
	snprintf(s->impose_sheet, sizeof(s->impose_sheet), "%s", sheet);
}

/*
 * A card: sides: [message, address] (the default) or [address, message],
 * the order of its two pages, the body filling the message side alone;
 * back: upright or turned (the second page turned 180°, for a press that
 * turns the sheet head to foot).
 */
static void
card_sides(spec *s, struct yctx *y, yaml_node_t *root)
{
	yaml_node_t *sides = get(y, root, "sides");
	const char *first = NULL, *second = NULL, *back;

	s->pages = 1;
	card_impose(s, y, root);
	back = str(y, root, "back", "upright");
	s->back_turned = strcmp(back, "turned") == 0;
	if (!s->back_turned && strcmp(back, "upright") != 0)
		bad(y, get(y, root, "back"), "back: upright (head to head) or turned "
		    "(head to foot)");
	if (sides == NULL)
		return;
	if (sides->type == YAML_SEQUENCE_NODE &&
	    sides->data.sequence.items.top - sides->data.sequence.items.start == 2) {
		yaml_node_t *a = yaml_document_get_node(&y->doc,
		    sides->data.sequence.items.start[0]);
		yaml_node_t *b = yaml_document_get_node(&y->doc,
		    sides->data.sequence.items.start[1]);

		if (a->type == YAML_SCALAR_NODE && b->type == YAML_SCALAR_NODE) {
			first = (const char *)a->data.scalar.value;
			second = (const char *)b->data.scalar.value;
		}
	}
	if (first && strcmp(first, "message") == 0 && strcmp(second, "address") == 0)
		s->address_first = 0;
	else if (first && strcmp(first, "address") == 0 && strcmp(second, "message") == 0)
		s->address_first = 1;
	else
		bad(y, sides, "sides: [message, address] or [address, message]");
}

static char *
base_name(const char *path)
{
	const char *b = strrchr(path, '/');
	const char *dot;

	b = b ? b + 1 : path;
	dot = strrchr(b, '.');
	return mem_strndup(b, dot ? (size_t)(dot - b) : strlen(b));
}

spec *
spec_load(const char *path, const char *const *font_dirs, diag *d)
{
	buf raw = BUF_INIT;
	spec *s = NULL;

	switch (file_read(path, SPEC_MAX_FILE, 0, &raw, d)) {
	case FILE_OK:
		s = spec_load_mem(path, buf_str(&raw), raw.len, font_dirs, d);
		break;
	case FILE_TOO_LARGE:
		diag_at(d, D_LAYOUT, path, 0, 0, "the layout file is larger "
		    "than 1 MiB");
		break;
	default:
		break;
	}
	buf_free(&raw);
	return s;
}

spec *
spec_load_mem(const char *path, const char *data, size_t len,
    const char *const *font_dirs, diag *d)
{
	spec *s = mem_calloc(1, sizeof(*s));
	struct yctx y;
	yaml_node_t *root;
	const char *output, *marks;
	int loaded = 0;

	memset(&y, 0, sizeof(y));
	y.file = path;
	y.d = d;
	s->path = mem_strdup(path);
	if (yamldoc_load(&y.doc, data, len, path, 1, d) != 0)
		goto fail;
	loaded = 1;
	root = y.root = yaml_document_get_root_node(&y.doc);
	if (root == NULL || root->type != YAML_MAPPING_NODE) {
		bad(&y, root, "a layout is a map of settings");
		goto fail;
	}
	s->name = base_name(path);
	s->kind = mem_strdup(str(&y, root, "kind", "newsletter"));
	s->description = mem_strdup(str(&y, root, "description", ""));
	page_size(s, &y, root);
	output = str(&y, root, "output", "print");
	s->print = strcmp(output, "print") == 0;
	if (!s->print && strcmp(output, "office") != 0)
		bad(&y, get(&y, root, "output"), "output: print or office");
	s->bleed = MM(ranged(&y, root, NULL, "bleed", s->print ? 3 : 0, 0, 20, "mm",
	    NULL));
	marks = str(&y, root, "marks", "none");
	s->marks = strcmp(marks, "crop") == 0 ? 1 :
	    strcmp(marks, "crop+registration") == 0 ? 3 : 0;
	if (s->marks == 0 && strcmp(marks, "none") != 0)
		bad(&y, get(&y, root, "marks"), "marks: none, crop or crop+registration");
	if (!y.failed)
		body_area(s, &y, root);
	s->is_sheet = strcmp(s->kind, "labels") == 0;
	s->letter = strcmp(s->kind, "letter") == 0;
	s->card = strcmp(s->kind, "card") == 0;
	if (!y.failed && s->card)
		card_sides(s, &y, root);
	if (!y.failed)
		fold_marks(s, &y, root);
	if (!y.failed && s->is_sheet)
		load_sheet(s, &y, root);
	if (!y.failed)
		load_fonts(s, &y, root, font_dirs);
	if (!y.failed)
		load_styles(s, &y, root);
	if (!y.failed)
		load_frames(s, &y, root);
	if (!y.failed) {
		static const char *need[] = {"body", "h1", "h2", "h3", NULL};
		static const char *need_sheet[] = {"address", NULL};
		const char **n = s->is_sheet ? need_sheet : need;

		for (int i = 0; n[i]; i++)
			if (spec_style(s, n[i]) < 0) {
				diag_at(d, D_LAYOUT, path, 0, 0, s->is_sheet ?
				    "missing a style (address is required)" :
				    "missing a style (body, h1, h2 and h3 are required)");
				y.failed = 1;
				break;
			}
	}
	for (int i = 0; !y.failed && i < s->nframes; i++)
		if ((s->frames[i].address || s->frames[i].jp_address) &&
		    spec_style(s, "address") < 0) {
			diag_at(d, D_LAYOUT, path, 0, 0,
			    "an address frame needs the style 'address'");
			y.failed = 1;
		}
	if (y.failed)
		goto fail;
	yaml_document_delete(&y.doc);
	return s;
fail:
	if (loaded)
		yaml_document_delete(&y.doc);
	spec_free(s);
	return NULL;
}

void
spec_free(spec *s)
{
	if (s == NULL)
		return;
	for (int i = 0; i < s->nfonts; i++) {
		font_free(s->fonts[i]);
		mem_free(s->fontfiles[i]);
	}
	for (int i = 0; i < s->nlines; i++)
		mem_free(s->lines[i].text);
	mem_free(s->lines);
	mem_free(s->path);
	mem_free(s->name);
	mem_free(s->kind);
	mem_free(s->description);
	mem_free(s);
}
