/* pdfimage: PNG and JPEG files as PDF image XObjects written through pdfw. */
#ifndef TAYORI_PDFIMAGE_H
#define TAYORI_PDFIMAGE_H

#include <stddef.h>

#include "render/pdfw.h"

/*
 * Write the image file at path as image XObject object num (num from
 * pdfw_alloc; pages may refer to it before or after).
 *
 * print (a print PDF, PDF/X-4): no RGB anywhere. Grey and CMYK JPEGs
 * are embedded as they are (/DCTDecode; a CMYK JPEG with the Adobe APP14
 * marker gets /Decode [1 0 1 0 1 0 1 0], one without does not), grey
 * PNGs without transparency are decoded to DeviceGray, everything else
 * goes through image_decode_print to DeviceGray or DeviceCMYK.
 *
 * Not print (office printing): JPEGs as they are (1 component
 * DeviceGray, 3 DeviceRGB, 4 DeviceCMYK with the same Decode rule), PNGs
 * decoded to DeviceGray or DeviceRGB with an /SMask (one more object,
 * DeviceGray) when the PNG has alpha or tRNS.
 *
 * Decoded images are 8 bits a component and flate-compressed; their
 * pixels are freed before this returns. The file is validated first
 * (image_inspect). 0, or -1 with a one-line reason in err (what
 * image_inspect or the decoder says, or that the writer failed); on a
 * refused file nothing is written.
 */
int pdfimage_write(pdfw *w, int num, const char *path, int print, char *err,
    size_t errlen);

#endif
