/* qrmask: a QR symbol whose mask is chosen by libqrencode's own rule, scored a row of modules at a time. */
#ifndef TAYORI_QRMASK_H
#define TAYORI_QRMASK_H

#include <qrencode.h>

/*
 * n bytes of data as a symbol (8-bit mode, the smallest version that
 * holds them at level): the symbol QRcode_encodeData makes, module for
 * module, in a fraction of its time. libqrencode scores each of the 8
 * masks a module at a time, most of the cost of a symbol; here the
 * library encodes and places the data under one mask and the 8 masks are
 * scored on machine words, by the same penalties. Free with QRcode_free;
 * NULL as QRcode_encodeData (errno says why).
 */
QRcode *qrmask_encode(const unsigned char *data, int n, QRecLevel level);

#endif
