/* csv: an RFC 4180 reader: quoted fields, "" escapes, embedded newlines, CRLF, a UTF-8 BOM; comma or tab. */
#include "data/csv.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/mem.h"

struct csv {
	FILE *fp;
	char *path;
	unsigned char in[65536];
	size_t pos, end;
	int eof;
	int line;		/* the physical line the reader is on */
	int col;		/* the character last read on it, 1-based */
	int recline;		/* where the current record starts */
	buf data;		/* the fields, each NUL-terminated */
	size_t *off;		/* start of each field in data */
	int nfields, capfields;
	int delim;		/* ',' or '\t' */
};

static int
peekc(csv *c)
{
	if (c->pos == c->end) {
		if (c->eof)
			return EOF;
		c->end = fread(c->in, 1, sizeof(c->in), c->fp);
		c->pos = 0;
		if (c->end == 0) {
			c->eof = 1;
			return EOF;
		}
	}
	return c->in[c->pos];
}

static int
getch(csv *c)
{
	int ch = peekc(c);

	if (ch != EOF) {
		c->pos++;
		if ((ch & 0xC0) != 0x80)
			c->col++;
	}
	return ch;
}

static csv *
reader(FILE *fp, const char *path, int delim)
{
	csv *c = mem_calloc(1, sizeof(*c));

	c->fp = fp;
	c->path = mem_strdup(path);
	c->line = 1;
	c->delim = delim;
	return c;
}

csv *
csv_open(const char *path, diag *d)
{
	csv *c;
	FILE *fp;
	struct stat sb;

	if ((fp = fopen(path, "rb")) == NULL) {
		diag_at(d, D_IO, path, 0, 0, "cannot open", strerror(errno));
		return NULL;
	}
	/* reading one fails, and the reader would take it for an empty file */
	if (fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		diag_at(d, D_CSV, path, 0, 0, "a directory, not a CSV file");
		fclose(fp);
		return NULL;
	}
	c = reader(fp, path, ',');
	if (peekc(c) == 0xEF && c->end - c->pos >= 3 &&
	    c->in[1] == 0xBB && c->in[2] == 0xBF)
		c->pos += 3;
	return c;
}

/* Tab-separated when the first line has more tabs than commas outside quotes. */
static int
guess_delimiter(const char *s, size_t n)
{
	int quoted = 0, tabs = 0, commas = 0;

	for (size_t i = 0; i < n && (quoted || (s[i] != '\n' && s[i] != '\r')); i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted)
			tabs += s[i] == '\t', commas += s[i] == ',';
	}
	return tabs > commas ? '\t' : ',';
}

csv *
csv_open_mem(const char *name, const char *data, size_t n, diag *d)
{
	FILE *fp;

	/* fmemopen refuses a zero size; an empty file reads as no records */
	if ((fp = fmemopen((void *)(n ? data : " "), n ? n : 1, "rb")) == NULL) {
		diag_at(d, D_IO, name, 0, 0, "cannot read", strerror(errno));
		return NULL;
	}
	if (n == 0)
		fgetc(fp);
	return reader(fp, name, guess_delimiter(data, n));
}

int
csv_delimiter(const csv *c)
{
	return c->delim;
}

static void
end_field(csv *c)
{
	buf_putc(&c->data, '\0');
}

static int
start_field(csv *c, diag *d)
{
	if (c->nfields == CSV_MAX_FIELDS) {
		diag_at(d, D_CSV, c->path, c->recline, 0,
		    "too many fields in one record");
		return -1;
	}
	if (c->nfields == c->capfields) {
		c->capfields = c->capfields ? c->capfields * 2 : 16;
		c->off = mem_realloc(c->off, (size_t)c->capfields * sizeof(*c->off));
	}
	c->off[c->nfields++] = c->data.len;
	return 0;
}

/* After a CR: swallow the LF of a CRLF. A bare CR also ends a line. */
static void
newline(csv *c, int ch)
{
	if (ch == '\r' && peekc(c) == '\n')
		c->pos++;
	c->line++;
	c->col = 0;
}

/* A NUL byte would end the field early wherever it is used as a C string. */
static int
nul_byte(csv *c, diag *d)
{
	diag_at(d, D_CSV, c->path, c->line, c->col, "a NUL byte in a field");
	return -1;
}

int
csv_next(csv *c, diag *d)
{
	int ch;

	buf_clear(&c->data);
	c->nfields = 0;

	/* Skip empty lines between records. */
	for (;;) {
		ch = peekc(c);
		if (ch == EOF && ferror(c->fp)) {
			diag_at(d, D_IO, c->path, 0, 0, "read error",
			    strerror(errno));
			return -1;
		}
		if (ch == EOF)
			return 0;
		if (ch != '\r' && ch != '\n')
			break;
		getch(c);
		newline(c, ch);
	}
	c->recline = c->line;

	for (;;) {
		if (start_field(c, d) == -1)
			return -1;
		if (peekc(c) == '"') {
			getch(c);
			for (;;) {
				ch = getch(c);
				if (ch == EOF) {
					diag_at(d, D_CSV, c->path, c->recline, 0,
					    "a quoted field is not closed");
					return -1;
				}
				if (ch == '\0')
					return nul_byte(c, d);
				if (ch == '"') {
					if (peekc(c) != '"')
						break;
					getch(c);
				} else if (ch == '\r' || ch == '\n') {
					/* Keep embedded line ends as LF. */
					newline(c, ch);
					ch = '\n';
				}
				if (c->data.len >= CSV_MAX_RECORD) {
					diag_at(d, D_CSV, c->path, c->recline, 0,
					    "record longer than 16 MiB");
					return -1;
				}
				buf_putc(&c->data, ch);
			}
			ch = getch(c);
			if (ch != c->delim && ch != '\r' && ch != '\n' && ch != EOF) {
				diag_at(d, D_CSV, c->path, c->recline, 0,
				    "unexpected character after a closing quote");
				return -1;
			}
		} else {
			for (;;) {
				ch = getch(c);
				if (ch == c->delim || ch == '\r' || ch == '\n' ||
				    ch == EOF)
					break;
				if (ch == '\0')
					return nul_byte(c, d);
				if (c->data.len >= CSV_MAX_RECORD) {
					diag_at(d, D_CSV, c->path, c->recline, 0,
					    "record longer than 16 MiB");
					return -1;
				}
				buf_putc(&c->data, ch);
			}
		}
		end_field(c);
		if (ch == c->delim)
			continue;
		if (ch != EOF)
			newline(c, ch);
		break;
	}
	if (ferror(c->fp)) {
		diag_at(d, D_IO, c->path, 0, 0, "read error", strerror(errno));
		return -1;
	}
	return 1;
}

int
csv_nfields(const csv *c)
{
	return c->nfields;
}

const char *
csv_field(const csv *c, int i, size_t *len)
{
	size_t start = c->off[i];
	size_t stop = i + 1 < c->nfields ? c->off[i + 1] - 1 : c->data.len - 1;

	if (len)
		*len = stop - start;
	return c->data.p + start;
}

int
csv_line(const csv *c)
{
	return c->recline;
}

void
csv_close(csv *c)
{
	if (c == NULL)
		return;
	fclose(c->fp);
	buf_free(&c->data);
	mem_free(c->off);
	mem_free(c->path);
	mem_free(c);
}
