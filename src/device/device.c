/* device: where display lists go: the PDF writer, or the text dump the golden tests compare. */
#include "device/device.h"

#include "util/mem.h"

device *
device_new(const device_ops *ops, void *impl)
{
	device *dv;

	if (impl == NULL)
		return NULL;
	dv = mem_calloc(1, sizeof(*dv));
	dv->ops = ops;
	dv->impl = impl;
	return dv;
}

int
device_add_copy(device *dv, const dl_copy *c, const device_record *rec)
{
	return dv->ops->add_copy(dv->impl, c, rec);
}

int
device_give_copy(device *dv, dl_copy *c, const device_record *rec)
{
	int rc;

	if (dv->ops->give)
		return dv->ops->give(dv->impl, c, rec);
	rc = dv->ops->add_copy(dv->impl, c, rec);
	dl_copy_free(c);
	return rc;
}

int
device_page_count(const device *dv)
{
	return dv->ops->page_count(dv->impl);
}

int
device_save(device *dv, buf *out)
{
	return dv->ops->save(dv->impl, out);
}

void
device_free(device *dv)
{
	if (dv == NULL)
		return;
	dv->ops->free(dv->impl);
	mem_free(dv);
}

struct dump {
	buf text;
	int pages;
};

static int
dump_add(void *impl, const dl_copy *c, const device_record *rec)
{
	struct dump *dm = impl;

	buf_printf(&dm->text, "== %s\n", rec && rec->label ? rec->label : "sheet");
	dl_dump(c, &dm->text);
	dm->pages += (int)c->npages;
	return 0;
}

static int
dump_pages(const void *impl)
{
	return ((const struct dump *)impl)->pages;
}

static int
dump_save(void *impl, buf *out)
{
	struct dump *dm = impl;

	buf_put(out, dm->text.p ? dm->text.p : "", dm->text.len);
	return 0;
}

static void
dump_free(void *impl)
{
	struct dump *dm = impl;

	buf_free(&dm->text);
	mem_free(dm);
}

static const device_ops dump_ops = {dump_add, dump_pages, dump_save, dump_free, NULL, NULL};

device *
device_dump_new(void)
{
	return device_new(&dump_ops, mem_calloc(1, sizeof(struct dump)));
}
