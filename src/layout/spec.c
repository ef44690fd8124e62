/* spec: reading a layout file (YAML) into page geometry, fonts, styles and frames. */
#include "layout/spec.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "render/image.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/yamldoc.h"

struct yctx {
	yaml_document_t doc;
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

static double
num(struct yctx *y, yaml_node_t *map, const char *key, double def)
{
	yaml_node_t *n = get(y, map, key);
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

/* #rrggbb is converted by image_rgb_to_cmyk's rule (see render/image.h). */
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

static void
load_styles(spec *s, struct yctx *y, yaml_node_t *root)
{
	yaml_node_t *styles = get(y, root, "styles");

	if (styles == NULL || styles->type != YAML_MAPPING_NODE) {
		bad(y, styles ? styles : root, "'styles' must be a map of styles");
		return;
	}
	for (yaml_node_pair_t *p = styles->data.mapping.pairs.start;
	    p < styles->data.mapping.pairs.top && !y->failed; p++) {
		yaml_node_t *k = yaml_document_get_node(&y->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(&y->doc, p->value);
		const char *face, *al;
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
		st->size = num(y, v, "size", 10);
		st->leading = num(y, v, "leading", st->size * 1.5);
		st->before = num(y, v, "before", 0);
		st->after = num(y, v, "after", 0);
		st->color = color(s, y, v, "color", DL_BLACK, NULL);
		al = str(y, v, "align", "justify");
		st->align = strcmp(al, "left") == 0 ? AL_LEFT :
		    strcmp(al, "center") == 0 ? AL_CENTER :
		    strcmp(al, "right") == 0 ? AL_RIGHT : AL_JUSTIFY;
		if (st->size <= 0 || st->size > 200 || st->leading < st->size * 0.8)
			bad(y, v, "a style needs a size in (0, 200] pt and a leading of at least 0.8 x its size");
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

/* A label sheet: label size, pitch, rows, columns and the top-left margins, in mm. */
static void
load_sheet(spec *s, struct yctx *y, yaml_node_t *root)
{
	yaml_node_t *m = get(y, root, "label");
	lay_sheet *sh = &s->sheet;

	if (m == NULL || m->type != YAML_MAPPING_NODE) {
		bad(y, m ? m : root, "a labels layout needs 'label': width, height, "
		    "columns, rows, pitch-x, pitch-y, left, top (mm)");
		return;
	}
	sh->label_w = MM(num(y, m, "width", 0));
	sh->label_h = MM(num(y, m, "height", 0));
	sh->columns = (int)num(y, m, "columns", 1);
	sh->rows = (int)num(y, m, "rows", 1);
	sh->pitch_x = MM(num(y, m, "pitch-x", num(y, m, "width", 0)));
	sh->pitch_y = MM(num(y, m, "pitch-y", num(y, m, "height", 0)));
	sh->left = MM(num(y, m, "left", 0));
	sh->top = MM(num(y, m, "top", 0));
	sh->pad = MM(num(y, m, "padding", 2.5));
	sh->min_size = num(y, m, "min-size", 6);
	sh->barcode = barcode(y, m);
	if (y->failed)
		return;
	if (sh->columns < 1 || sh->rows < 1 || sh->columns * sh->rows > 200)
		bad(y, m, "a sheet has 1 to 200 labels");
	else if (sh->label_w < MM(10) || sh->label_h < MM(5) ||
	    sh->pitch_x < sh->label_w - 0.01 || sh->pitch_y < sh->label_h - 0.01)
		bad(y, m, "labels need a width of at least 10 mm, a height of at "
		    "least 5 mm, and a pitch no smaller than their size");
	else if (sh->left < 0 || sh->top < 0 ||
	    sh->left + (sh->columns - 1) * sh->pitch_x + sh->label_w > s->width + 0.01 ||
	    sh->top + (sh->rows - 1) * sh->pitch_y + sh->label_h > s->height + 0.01)
		bad(y, m, "the labels do not fit on the page");
	else if (2 * sh->pad >= sh->label_w || 2 * sh->pad >= sh->label_h)
		bad(y, m, "the padding leaves no room inside the label");
	else if (sh->min_size < 4 || sh->min_size > 72)
		bad(y, m, "min-size is between 4 and 72 pt");
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
		yaml_node_t *lines = get(y, v, "lines");
		const char *content;
		lay_frame *fr;

		if (s->nframes == SPEC_MAX_FRAMES || v->type != YAML_MAPPING_NODE) {
			bad(y, v, "a frame is a map");
			return;
		}
		fr = &s->frames[s->nframes++];
		snprintf(fr->name, sizeof(fr->name), "%s", str(y, v, "name", "frame"));
		fr->all_pages = strcmp(str(y, v, "page", "first"), "all") == 0;
		fr->x = MM(num(y, v, "x", 0));
		fr->y = MM(num(y, v, "y", 0));
		fr->w = MM(num(y, v, "w", 0));
		fr->h = MM(num(y, v, "h", num(y, v, "w", 0)));
		fr->pad = MM(num(y, v, "padding", 0));
		fr->fill = color(s, y, v, "fill", DL_BLACK, &fr->has_fill);
		content = str(y, v, "content", "text");
		fr->qr = strcmp(content, "qr") == 0;
		fr->address = strcmp(content, "address") == 0;
		if (!fr->qr && !fr->address && strcmp(content, "text") != 0)
			bad(y, v, "a frame's content is text (its lines), address or qr");
		fr->barcode = barcode(y, v);
		fr->min_size = num(y, v, "min-size", 0);
		fr->line0 = s->nlines;
		if (fr->w <= 0 || fr->h <= 0)
			bad(y, v, "a frame needs w and h in mm");
		if (lines == NULL)
			continue;
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
	} else if (size) {
		bad(y, page, "page size: A4, letter, hagaki, or width and height in mm");
	} else {
		s->width = MM(num(y, page, "width", 0));
		s->height = MM(num(y, page, "height", 0));
	}
	if (s->width < MM(20) || s->height < MM(20) || s->width > MM(2000) ||
	    s->height > MM(2000))
		bad(y, page, "page width and height must be between 20 and 2000 mm");
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
	char chunk[65536];
	spec *s = NULL;
	FILE *f;
	size_t n;

	if ((f = fopen(path, "rb")) == NULL) {
		diag_at(d, D_IO, path, 0, 0, "cannot open", strerror(errno));
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(&raw, chunk, n);
	if (ferror(f))
		diag_at(d, D_IO, path, 0, 0, "cannot read", strerror(errno));
	else
		s = spec_load_mem(path, buf_str(&raw), raw.len, font_dirs, d);
	fclose(f);
	buf_free(&raw);
	return s;
}

spec *
spec_load_mem(const char *path, const char *data, size_t len,
    const char *const *font_dirs, diag *d)
{
	spec *s = mem_calloc(1, sizeof(*s));
	struct yctx y;
	yaml_node_t *root, *m;
	const char *output, *marks;
	int loaded = 0;

	memset(&y, 0, sizeof(y));
	y.file = path;
	y.d = d;
	s->path = mem_strdup(path);
	if (yamldoc_load(&y.doc, data, len, path, 1, d) != 0)
		goto fail;
	loaded = 1;
	root = yaml_document_get_root_node(&y.doc);
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
	s->bleed = MM(num(&y, root, "bleed", s->print ? 3 : 0));
	marks = str(&y, root, "marks", "none");
	s->marks = strcmp(marks, "crop") == 0 ? 1 :
	    strcmp(marks, "crop+registration") == 0 ? 3 : 0;
	if (s->marks == 0 && strcmp(marks, "none") != 0)
		bad(&y, get(&y, root, "marks"), "marks: none, crop or crop+registration");
	if (s->bleed < 0 || s->bleed > MM(20))
		bad(&y, root, "bleed is between 0 and 20 mm");
	s->pages = (int)num(&y, root, "pages", 2);
	m = get(&y, root, "margins");
	s->mtop = MM(num(&y, m, "top", 15));
	s->mbottom = MM(num(&y, m, "bottom", 15));
	s->mleft = MM(num(&y, m, "left", 15));
	s->mright = MM(num(&y, m, "right", 15));
	s->columns = (int)num(&y, root, "columns", 1);
	s->gutter = MM(num(&y, root, "gutter", 6));
	s->first_top = MM(num(&y, root, "first-page-top", 0));
	s->list_indent = MM(num(&y, root, "list-indent", 5));
	s->quote_indent = MM(num(&y, root, "quote-indent", 5));
	s->pageno_y = MM(num(&y, root, "page-number-y", 0));
	if (s->pages < 1 || s->pages > 64)
		bad(&y, root, "'pages' must be between 1 and 64");
	if (s->columns < 1 || s->columns > 6)
		bad(&y, root, "'columns' must be between 1 and 6");
	if (!y.failed && (s->width - s->mleft - s->mright - (s->columns - 1) * s->gutter) /
	    s->columns < MM(20))
		bad(&y, root, "columns narrower than 20 mm");
	if (!y.failed)
		load_fonts(s, &y, root, font_dirs);
	if (!y.failed)
		load_styles(s, &y, root);
	if (!y.failed)
		load_frames(s, &y, root);
	s->is_sheet = strcmp(s->kind, "labels") == 0;
	if (!y.failed && s->is_sheet)
		load_sheet(s, &y, root);
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
		if (s->frames[i].address && spec_style(s, "address") < 0) {
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
