/* pdfmeta: a file's Info dictionary and, for print, its PDF/X-4 (and PDF/VT-1) XMP packet. */
#include "render/pdfmeta.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "render/pdfvt.h"
#include "text/utf8.h"

static const char *
title_of(const pdfmeta *m)
{
	return m->title && *m->title ? m->title : m->print ? "Untitled" : NULL;
}

static const char *
producer_of(const pdfmeta *m)
{
	return m->creator ? m->creator : "tayori";
}

static int
date_of(const pdfmeta *m, struct tm *tm)
{
	time_t t = (time_t)m->epoch;

	return gmtime_r(&t, tm) ? 0 : -1;
}

int
pdfmeta_info(pdfw *w, int num, const pdfmeta *m)
{
	const char *title = title_of(m);
	struct tm tm;
	char date[40];
	buf *b;

	if (date_of(m, &tm) < 0)
		return -1;
	snprintf(date, sizeof(date), "(D:%04d%02d%02d%02d%02d%02dZ)",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	    tm.tm_sec);
	pdfw_begin(w, num);
	b = pdfw_buf(w);
	buf_puts(b, "<<");
	if (title) {
		buf_puts(b, " /Title ");
		pdfw_put_text(b, title);
	}
	if (m->creator) {
		buf_puts(b, " /Creator ");
		pdfw_put_text(b, m->creator);
	}
	buf_puts(b, " /Producer ");
	pdfw_put_text(b, producer_of(m));
	buf_puts(b, " /CreationDate ");
	buf_puts(b, date);
	buf_puts(b, " /ModDate ");
	buf_puts(b, date);
	if (m->print)
		buf_puts(b, " /Trapped /False /GTS_PDFXVersion (PDF/X-4)");
	buf_puts(b, " >>");
	pdfw_end(w);
	return 0;
}

/* s as XML character data: escaped, ill-formed UTF-8 and control characters replaced. */
static void
put_xml(buf *b, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), i, adv;

	for (i = 0; i < n; i += adv) {
		long cp = utf8_decode((const char *)u + i, n - i, &adv);

		if (cp < 0) {
			buf_puts(b, "\xef\xbf\xbd");
			adv = 1;
		} else if (cp == '&')
			buf_puts(b, "&amp;");
		else if (cp == '<')
			buf_puts(b, "&lt;");
		else if (cp == '>')
			buf_puts(b, "&gt;");
		else if (cp < 0x20 && cp != '\t' && cp != '\n')
			buf_putc(b, ' ');
		else
			buf_put(b, u + i, adv);
	}
}

/* A UUID-shaped name derived from the inputs, so that the file stays reproducible. */
static void
put_uuid(buf *b, const char *salt, const pdfmeta *m, const char *title)
{
	const char *parts[3] = {salt, title, m->creator ? m->creator : ""};
	uint64_t h[2] = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL};
	unsigned char u[16];
	char epoch[32];

	snprintf(epoch, sizeof(epoch), "%lld", m->epoch);
	for (int k = 0; k < 2; k++) {
		for (int i = 0; i < 3; i++)
			for (const char *s = parts[i]; ; s++) {
				h[k] = (h[k] ^ (unsigned char)*s) * 0x100000001b3ULL;
				if (*s == '\0')
					break;
			}
		for (const char *s = epoch; *s; s++)
			h[k] = (h[k] ^ (unsigned char)*s) * 0x100000001b3ULL;
	}
	for (int i = 0; i < 16; i++)
		u[i] = (unsigned char)(h[i / 8] >> (8 * (i % 8)));
	u[6] = (unsigned char)((u[6] & 0x0f) | 0x30);	/* version 3: name-based */
	u[8] = (unsigned char)((u[8] & 0x3f) | 0x80);
	buf_puts(b, "uuid:");
	for (int i = 0; i < 16; i++)
		buf_printf(b, "%s%02x", i == 4 || i == 6 || i == 8 || i == 10 ? "-" : "",
		    u[i]);
}

int
pdfmeta_xmp(pdfw *w, const pdfmeta *m)
{
	const char *title = title_of(m), *producer = producer_of(m);
	struct tm tm;
	char date[40];
	buf b = BUF_INIT;
	int num;

	if (date_of(m, &tm) < 0)
		return -1;
	snprintf(date, sizeof(date), "%04d-%02d-%02dT%02d:%02d:%02dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
	buf_puts(&b, "<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	    " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	    "  <rdf:Description rdf:about=\"\"\n"
	    "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	    "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
	    "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
	    "    xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"\n"
	    "    xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\"");
	if (m->records)
		buf_puts(&b, "\n    xmlns:pdfvtid=\"" PDFVT_XMLNS "\"");
	buf_puts(&b, ">\n"
	    "   <dc:format>application/pdf</dc:format>\n"
	    "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
	put_xml(&b, title);
	buf_puts(&b, "</rdf:li></rdf:Alt></dc:title>\n");
	buf_printf(&b, "   <xmp:CreateDate>%s</xmp:CreateDate>\n"
	    "   <xmp:ModifyDate>%s</xmp:ModifyDate>\n"
	    "   <xmp:MetadataDate>%s</xmp:MetadataDate>\n", date, date, date);
	if (m->creator) {
		buf_puts(&b, "   <xmp:CreatorTool>");
		put_xml(&b, m->creator);
		buf_puts(&b, "</xmp:CreatorTool>\n");
	}
	buf_puts(&b, "   <pdf:Producer>");
	put_xml(&b, producer);
	buf_puts(&b, "</pdf:Producer>\n"
	    "   <pdf:Trapped>False</pdf:Trapped>\n"
	    "   <xmpMM:DocumentID>");
	put_uuid(&b, "document", m, title);
	buf_puts(&b, "</xmpMM:DocumentID>\n   <xmpMM:InstanceID>");
	put_uuid(&b, "instance", m, title);
	buf_puts(&b, "</xmpMM:InstanceID>\n"
	    "   <xmpMM:VersionID>1</xmpMM:VersionID>\n"
	    "   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>\n"
	    "   <pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>\n");
	/* PDF/VT-1: records (the DPart tree) on top of PDF/X-4 */
	if (m->records)
		buf_printf(&b, "   <pdfvtid:GTS_PDFVTVersion>PDF/VT-1</pdfvtid:GTS_PDFVTVersion>\n"
		    "   <pdfvtid:GTS_PDFVTModDate>%s</pdfvtid:GTS_PDFVTModDate>\n", date);
	buf_puts(&b, "  </rdf:Description>\n"
	    " </rdf:RDF>\n"
	    "</x:xmpmeta>\n"
	    "<?xpacket end=\"w\"?>");
	num = pdfw_alloc(w);
	pdfw_stream(w, num, "/Type /Metadata /Subtype /XML", b.p, b.len, PDFW_RAW);
	buf_free(&b);
	return num;
}
