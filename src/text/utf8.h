/* utf8: UTF-8 validation, decoding and encoding, and NFC normalization. */
#ifndef TAYORI_UTF8_H
#define TAYORI_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/*
 * 0 when s[0..n) is valid UTF-8: shortest form, no surrogates, nothing
 * above U+10FFFF. Otherwise -1 and *bad (if not NULL) is the byte offset
 * of the first bad sequence.
 */
int utf8_valid(const char *s, size_t n, size_t *bad);

/*
 * Decode the sequence at s[0..n), n > 0, checking it as utf8_valid does:
 * the code point and its length in *adv, or -1 for an ill-formed one.
 */
long utf8_decode(const char *s, size_t n, size_t *adv);

/* Decode the code point at *p (*p < end) of valid UTF-8; advance *p. */
uint32_t utf8_next(const char **p, const char *end);

/* Append cp encoded as UTF-8. */
void utf8_put(buf *b, uint32_t cp);

/* Append the NFC form of valid UTF-8 s[0..n) to out. 0, or -1 on failure. */
int utf8_nfc(const char *s, size_t n, buf *out);

#endif
