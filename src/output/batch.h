/* batch: the files one run writes under one name, owned from the first check to the contacts commit. */
#ifndef TAYORI_BATCH_H
#define TAYORI_BATCH_H

#include <stddef.h>

#include "util/diag.h"

/*
 * A batch is named by OUT (OUT.pdf): its files are OUT.pdf (or OUT as
 * given) or the volumes OUT-001.pdf …, beside them OUT.manifest.csv, and while being written
 * their temporaries NAME.tmp-PID. Every file of that shape in OUT's
 * directory belongs to the batch: an earlier batch's are removed before
 * this one writes (batch_prepare), and a run that fails or is stopped
 * removes all of them (batch_remove), unless its contacts were recorded
 * (batch_keep).
 */
typedef struct batch batch;

batch *batch_new(const char *out);
void batch_free(batch *b);	/* removes the batch's files unless kept */

/* An input the batch must never replace (what: "the database"); stat'd now. */
void batch_protect(batch *b, const char *path, const char *what);

/*
 * Before anything is rendered: refuse an output directory that does not
 * exist or cannot be written, and an output name that is (through links,
 * by inode) one of the protected inputs; then remove what an earlier
 * batch left under the same name (a note lists it). 0 or -1.
 */
int batch_prepare(batch *b, diag *d);

/* OUT as given (volume 0) or OUT-NNN.pdf; mem_alloc'd. */
char *batch_pdf_path(const batch *b, int volume);
/* OUT without ".pdf", then suffix: OUT.manifest.csv; mem_alloc'd. */
char *batch_path(const batch *b, const char *suffix);

/* Write one file of the batch whole (output/atomic) and list it. 0 or -1. */
int batch_write(batch *b, const char *path, const void *data, size_t n,
    diag *d);

/* The same for a file written in pieces: listed now, in place at atomic_commit (output/atomic). */
struct atomic_file *batch_open(batch *b, const char *path, diag *d);

/* The contacts are recorded (or none are to be): the files stay. */
void batch_keep(batch *b);

/*
 * Remove every file of the batch: those written here and, once
 * batch_prepare has passed, the volumes worker processes wrote and
 * temporaries of processes that are gone.
 */
void batch_remove(batch *b);

#endif
