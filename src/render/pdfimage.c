/* pdfimage: PNG and JPEG files as PDF image XObjects written through pdfw. */
#include "render/pdfimage.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image/image.h"
#include "render/pdfnum.h"
#include "util/mem.h"

/* The entries every image dictionary starts with: 1, 3 or 4 components of 8 bits. */
static void
put_head(buf *d, int w, int h, int components)
{
	buf_puts(d, "/Type /XObject /Subtype /Image /Width ");
	pdfnum_put_int(d, w);
	buf_puts(d, " /Height ");
	pdfnum_put_int(d, h);
	buf_puts(d, components == 1 ? " /ColorSpace /DeviceGray" :
	    components == 3 ? " /ColorSpace /DeviceRGB" : " /ColorSpace /DeviceCMYK");
	buf_puts(d, " /BitsPerComponent 8");
}

/*
 * The file at path in one allocation of exactly its size (*p, freed by
 * the caller): the JPEG's bytes go into the PDF as they are.
 */
static int
read_whole(const char *path, unsigned char **p, size_t *n, char *err, size_t errlen)
{
	struct stat sb;
	unsigned char extra;
	size_t got = 0;
	ssize_t r = 0;
	int fd, rc = -1;

	*p = NULL;
	/* O_NONBLOCK: a FIFO put where the checked file was must not hang us */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) == -1) {
		snprintf(err, errlen, "%s", strerror(errno));
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "not a regular file");
		goto out;
	}
	*n = (size_t)sb.st_size;
	*p = mem_alloc(*n);
	while (got < *n) {
		r = read(fd, *p + got, *n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	if (r < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		goto out;
	}
	if (got != *n || read(fd, &extra, 1) != 0) {
		snprintf(err, errlen, "the file changed while it was read");
		goto out;
	}
	rc = 0;
out:
	if (rc < 0) {
		mem_free(*p);
		*p = NULL;
	}
	close(fd);
	return rc;
}

static int
write_jpeg(pdfw *w, int num, const char *path, const image_info *in, char *err,
    size_t errlen)
{
	buf d = BUF_INIT;
	unsigned char *data;
	size_t n;

	if (read_whole(path, &data, &n, err, errlen) < 0)
		return -1;
	put_head(&d, in->w, in->h, in->components);
	buf_puts(&d, " /Filter /DCTDecode");
	/* Adobe's CMYK JPEGs (Photoshop's) store every ink inverted */
	if (in->components == 4 && in->adobe)
		buf_puts(&d, " /Decode [1 0 1 0 1 0 1 0]");
	pdfw_stream(w, num, d.p, data, n, PDFW_RAW);
	mem_free(data);
	buf_free(&d);
	return 0;
}

/*
 * w x h pixels of components 8-bit samples at p as object num,
 * flate-compressed, with /SMask smask unless it is 0. The compressed
 * copy is ours, not pdfw's scratch buffer, so that it is freed now.
 */
static void
write_pixels(pdfw *w, int num, int pw, int ph, int components, const unsigned char *p,
    int smask)
{
	buf d = BUF_INIT, z = BUF_INIT;

	put_head(&d, pw, ph, components);
	if (smask > 0) {
		buf_puts(&d, " /SMask ");
		pdfw_put_ref(&d, smask);
	}
	if (pdfw_compress(w, p, (size_t)pw * (size_t)ph * (size_t)components, &z) == 0)
		pdfw_stream(w, num, d.p, z.p, z.len, PDFW_COMPRESSED);
	buf_free(&z);
	buf_free(&d);
}

int
pdfimage_write(pdfw *w, int num, const char *path, int print, char *err, size_t errlen)
{
	image_pixels px;
	image_info in;
	int rc, smask = 0;

	if (image_inspect(path, &in, err, errlen) < 0)
		return -1;
	/* an RGB JPEG is the one JPEG a print PDF cannot take as it is */
	if (in.kind == IMAGE_JPEG && !(print && in.components == 3))
		rc = write_jpeg(w, num, path, &in, err, errlen);
	else if ((rc = print ? image_decode_print(path, &px, err, errlen) :
	    image_decode_rgb(path, &px, err, errlen)) == 0) {
		if (px.alpha)
			smask = pdfw_alloc(w);
		write_pixels(w, num, px.w, px.h, px.channels, px.p, smask);
		if (px.alpha)
			write_pixels(w, smask, px.w, px.h, 1, px.alpha, 0);
		image_pixels_free(&px);
	}
	if (rc == 0 && pdfw_failed(w)) {
		snprintf(err, errlen, "cannot write the PDF");
		rc = -1;
	}
	return rc;
}
