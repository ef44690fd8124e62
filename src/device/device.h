/* device: where display lists go: the PDF writer, or the text dump the golden tests compare. */
#ifndef TAYORI_DEVICE_H
#define TAYORI_DEVICE_H

#include "dl/dlist.h"
#include "render/pdfw.h"
#include "util/buf.h"
#include "util/diag.h"

/*
 * A device takes the copies of one output file in order and, at the end,
 * gives its bytes. Devices are interchangeable behind these operations,
 * as mandoc's output devices are: the driver never knows which it has.
 */
/* Who a copy is for: its page labels and its record (PDF/VT) in a batch. */
typedef struct device_record {
	const char *label;	/* the pages' label ("C1042"), or NULL */
	long long customer;	/* the customer's id */
	long long copy;		/* the copy's number in the batch, from 1; 0: an imposed sheet, no record */
	const char *postal;	/* the postal code, or NULL */
} device_record;

typedef struct device_ops {
	/* Add a copy's pages; rec says whose they are, or NULL (a label sheet). */
	int (*add_copy)(void *impl, const dl_copy *c, const device_record *rec);
	int (*page_count)(const void *impl);
	/* The whole file into out, or the rest of it to the device's sink. */
	int (*save)(void *impl, buf *out);
	void (*free)(void *impl);
	/* Optional: add_copy taking c over (it frees c); NULL: add_copy, then the copy is freed. */
	int (*give)(void *impl, dl_copy *c, const device_record *rec);
	/*
	 * Optional: what of c can be made before it is added, touching nothing
	 * of the device's (device/async calls it on the giving thread when its
	 * own is behind).
	 */
	void (*prepare)(dl_copy *c);
} device_ops;

typedef struct device {
	const device_ops *ops;
	void *impl;
} device;

/* A device over impl with ops; NULL impl gives NULL. */
device *device_new(const device_ops *ops, void *impl);
int device_add_copy(device *dv, const dl_copy *c, const device_record *rec);
/* device_add_copy that takes c over: it is freed, now or once it is rendered. */
int device_give_copy(device *dv, dl_copy *c, const device_record *rec);
int device_page_count(const device *dv);
int device_save(device *dv, buf *out);
void device_free(device *dv);

/*
 * inner on a thread of its own: device_give_copy queues a copy (at most
 * a few wait) and returns, the thread adds the copies to inner in the
 * order given, so the file is the same byte for byte; a failure shows at
 * the next device_give_copy or at device_save. inner (NULL: NULL) is
 * the new device's; without a thread it is inner itself. It takes
 * copies only by device_give_copy.
 */
device *device_async_new(device *inner);

/* The text dump (dl_dump of every copy, each after a line "== LABEL"; "== sheet" without a record). */
device *device_dump_new(void);

/*
 * The PDF writer (render/pdf) with these fonts and options, streaming
 * the file to sink (device_save finishes it there and leaves out as it
 * is), or with sink NULL keeping it for device_save. NULL with a
 * diagnostic.
 */
struct pdf_opts;
device *device_pdf_new(const char *const *font_paths, int nfonts,
    const struct pdf_opts *o, pdfw_sink sink, void *ctx, diag *d);

#endif
