/* async: a device that renders on a thread of its own, so that the next copies are laid out while the last ones are written. */
#include "device/device.h"

#include <pthread.h>
#include <string.h>

#include "util/mem.h"

#define QUEUE 16	/* copies laid out and not yet rendered: what memory holds beyond one copy */

struct entry {
	dl_copy *c;
	int has_rec;
	device_record rec;	/* label and postal owned here */
};

struct async {
	device *inner;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t nonempty, nonfull;
	struct entry q[QUEUE];
	int head, n;
	int closing;		/* no more copies: the thread ends when the queue is empty */
	int failed;		/* the inner device failed: later copies are dropped */
	int pages;		/* pages given, rendered or not */
};

static void
entry_free(struct entry *e)
{
	dl_copy_free(e->c);
	if (e->has_rec) {
		mem_free((char *)e->rec.label);
		mem_free((char *)e->rec.postal);
	}
}

static void *
render(void *arg)
{
	struct async *a = arg;

	pthread_mutex_lock(&a->mu);
	for (;;) {
		struct entry e;
		int rc;

		while (a->n == 0 && !a->closing)
			pthread_cond_wait(&a->nonempty, &a->mu);
		if (a->n == 0)
			break;
		e = a->q[a->head];
		a->head = (a->head + 1) % QUEUE;
		a->n--;
		pthread_cond_signal(&a->nonfull);
		if (a->failed) {
			entry_free(&e);
			continue;
		}
		pthread_mutex_unlock(&a->mu);
		rc = device_add_copy(a->inner, e.c, e.has_rec ? &e.rec : NULL);
		entry_free(&e);
		pthread_mutex_lock(&a->mu);
		if (rc != 0)
			a->failed = 1;
	}
	pthread_mutex_unlock(&a->mu);
	mem_thread_done();
	return NULL;
}

static int
give(void *impl, dl_copy *c, const device_record *rec)
{
	struct async *a = impl;
	struct entry e = {c, rec != NULL, {NULL, 0, 0, NULL}};
	int failed, behind;

	/*
	 * The inner device's part that needs none of its state, here when its
	 * thread is behind (half the queue waits), else there: the two threads
	 * even out, and the bytes are the same either way.
	 */
	pthread_mutex_lock(&a->mu);
	behind = a->n >= QUEUE / 2;
	pthread_mutex_unlock(&a->mu);
	if (behind && a->inner->ops->prepare != NULL)
		a->inner->ops->prepare(c);
	if (rec) {
		e.rec = *rec;
		e.rec.label = rec->label ? mem_strdup(rec->label) : NULL;
		e.rec.postal = rec->postal ? mem_strdup(rec->postal) : NULL;
	}
	pthread_mutex_lock(&a->mu);
	while (a->n == QUEUE && !a->failed)
		pthread_cond_wait(&a->nonfull, &a->mu);
	if ((failed = a->failed) == 0) {
		a->q[(a->head + a->n) % QUEUE] = e;
		a->n++;
		a->pages += (int)c->npages;
		pthread_cond_signal(&a->nonempty);
	}
	pthread_mutex_unlock(&a->mu);
	if (failed)
		entry_free(&e);
	return failed ? -1 : 0;
}

static int
add(void *impl, const dl_copy *c, const device_record *rec)
{
	(void)impl;
	(void)c;
	(void)rec;
	return -1;	/* a copy the caller keeps cannot wait in the queue: give it */
}

static int
pages(const void *impl)
{
	const struct async *a = impl;

	return a->pages;
}

/* Let the thread render what is queued and end; 0, or -1 when a copy failed. */
static int
drain(struct async *a)
{
	pthread_mutex_lock(&a->mu);
	if (a->closing) {
		pthread_mutex_unlock(&a->mu);
		return a->failed ? -1 : 0;
	}
	a->closing = 1;
	pthread_cond_signal(&a->nonempty);
	pthread_mutex_unlock(&a->mu);
	pthread_join(a->thread, NULL);
	return a->failed ? -1 : 0;
}

static int
save(void *impl, buf *out)
{
	struct async *a = impl;

	if (drain(a) != 0)
		return -1;
	return device_save(a->inner, out);
}

static void
release(void *impl)
{
	struct async *a = impl;

	pthread_mutex_lock(&a->mu);
	a->failed = 1;	/* what is still queued is dropped */
	pthread_mutex_unlock(&a->mu);
	drain(a);
	device_free(a->inner);
	pthread_mutex_destroy(&a->mu);
	pthread_cond_destroy(&a->nonempty);
	pthread_cond_destroy(&a->nonfull);
	mem_free(a);
}

static const device_ops async_ops = {add, pages, save, release, give, NULL};

device *
device_async_new(device *inner)
{
	struct async *a;

	if (inner == NULL)
		return NULL;
	a = mem_calloc(1, sizeof(*a));
	a->inner = inner;
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->nonempty, NULL);
	pthread_cond_init(&a->nonfull, NULL);
	if (pthread_create(&a->thread, NULL, render, a) != 0) {
		pthread_mutex_destroy(&a->mu);
		pthread_cond_destroy(&a->nonempty);
		pthread_cond_destroy(&a->nonfull);
		mem_free(a);
		return inner;	/* no thread: the copies are rendered in turn */
	}
	return device_new(&async_ops, a);
}
