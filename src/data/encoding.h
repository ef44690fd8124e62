/* encoding: a text file in the encoding an export was saved in, read as UTF-8 (ICU converts). */
#ifndef TAYORI_ENCODING_H
#define TAYORI_ENCODING_H

#include <stddef.h>

#include "util/buf.h"
#include "util/diag.h"

/*
 * Convert the n bytes at data, read from path, to UTF-8 in out (appended,
 * without a byte order mark). named is an encoding the user gave
 * (utf-8, utf-16, utf-16le, utf-16be, shift_jis, cp932, euc-jp, or any
 * name ICU knows) or NULL to detect one: a byte order mark (UTF-8,
 * UTF-16LE, UTF-16BE), else UTF-8 when the bytes are valid UTF-8, else
 * Shift_JIS (Windows code page 932, which Japanese Excel and POS
 * software write) or EUC-JP, whichever reads the file without error
 * (both: the one that reads fewer half-width katakana). *used (if not
 * NULL) is a static name of the encoding read. 0, or -1 with a
 * diagnostic naming path and the line of the first byte that is not in
 * the encoding.
 */
int encoding_to_utf8(const char *path, const char *data, size_t n,
    const char *named, buf *out, const char **used, diag *d);

#endif
