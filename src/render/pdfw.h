/* pdfw: a streaming PDF object writer: numbered objects out as they are made, the xref and trailer at the end. */
#ifndef TAYORI_PDFW_H
#define TAYORI_PDFW_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/*
 * Where the bytes go: n bytes at p, 0 or -1 (a full disk). The writer
 * hands them over in blocks of about PDFW_BLOCK bytes and never
 * seeks: a file, a pipe or a buffer.
 */
typedef int (*pdfw_sink)(void *ctx, const void *p, size_t n);
#define PDFW_BLOCK (256 * 1024)

typedef struct pdfw pdfw;

/* A writer over sink that has written the header (PDF 1.6, a binary comment line). */
pdfw *pdfw_new(pdfw_sink sink, void *ctx);
/* The header's PDF 1.minor instead of 1.6; before anything is handed to the sink. */
void pdfw_version(pdfw *w, int minor);
/* 1 once the sink or the compressor failed: everything after is dropped, pdfw_finish fails. */
int pdfw_failed(const pdfw *w);
/* 1 when that was the sink failing (the sink's owner reports why: a full disk). */
int pdfw_sink_failed(const pdfw *w);

/*
 * A new object number, 1, 2, 3, …: an object may be referred to
 * before it is written and objects may be written in any order, but
 * each number is written exactly once before pdfw_finish.
 */
int pdfw_alloc(pdfw *w);

/*
 * Object num: pdfw_begin writes "num 0 obj\n", the caller the value
 * into pdfw_buf, pdfw_end "\nendobj\n". The buffer is the writer's own
 * output: nothing else may be written to it between the two.
 */
void pdfw_begin(pdfw *w, int num);
buf *pdfw_buf(pdfw *w);
void pdfw_end(pdfw *w);
/* Hand what is buffered to the sink now, even inside an object (a long array). */
void pdfw_flush(pdfw *w);

/*
 * Object num as a stream: "<< /Length N" then dict (more entries, may be
 * "" or NULL) and, with compress, "/Filter /FlateDecode" with data
 * compressed (libdeflate, FLATE_LEVEL); data as it is otherwise. With
 * compressed set, data is already FlateDecode data.
 */
enum { PDFW_RAW = 0, PDFW_COMPRESS = 1, PDFW_COMPRESSED = 2 };
void pdfw_stream(pdfw *w, int num, const char *dict, const void *data, size_t n,
    int how);
/* Compress data into out (appending) as pdfw_stream would; 0 or -1. */
int pdfw_compress(pdfw *w, const void *data, size_t n, buf *out);

/* "num 0 R" into b. */
void pdfw_put_ref(buf *b, int num);
/* An array of references: "[a 0 R b 0 R …]". */
void pdfw_put_refs(buf *b, const int *nums, size_t n);
/* A name: '/' and s, with every byte but PDF's regular characters as #XX. */
void pdfw_put_name(buf *b, const char *s);
/* A text string: (ASCII) as a literal string, anything else UTF-16BE with a BOM in hex. */
void pdfw_put_text(buf *b, const char *utf8);

/*
 * The cross-reference table and trailer (/Root root, /Info info or 0,
 * /ID: a hash of every byte written before it, so equal input gives an
 * equal file), then everything is handed to the sink. 0, or -1 when
 * a number was allocated and not written, or the sink failed.
 */
int pdfw_finish(pdfw *w, int root, int info);
/* Bytes written so far (the offset of the next byte). */
uint64_t pdfw_offset(const pdfw *w);
void pdfw_free(pdfw *w);

/* A sink that appends to the buf ctx. */
int pdfw_sink_buf(void *ctx, const void *p, size_t n);

#endif
