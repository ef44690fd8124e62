/* accesslog: a web server's access log (common or combined format) read for the tokens of QR visits. */
#ifndef TAYORI_ACCESSLOG_H
#define TAYORI_ACCESSLOG_H

#include <stddef.h>

#define ACCESSLOG_TOKEN_MAX	64

/* Where the token stands in a URL: '/r/{token}' or 'https://shop.example/r/{token}.html'. */
typedef struct url_pattern {
	char prefix[256];	/* the path before {token} */
	char suffix[64];	/* after it */
} url_pattern;

/* 0, or -1 with *why when the pattern has no {token} or is too long. */
int accesslog_pattern(const char *text, url_pattern *p, const char **why);

enum {
	ACCESSLOG_HIT = 1,	/* a request for the pattern: token and date set */
	ACCESSLOG_OTHER = 0,	/* a well-formed line for another path */
	ACCESSLOG_MALFORMED = -1
};

/*
 * Read one line (n bytes, no line end) of the common log format —
 * host ident user [dd/Mon/yyyy:HH:MM:SS +zone] "METHOD path PROTO"
 * status bytes — or the combined format (referer and user agent after
 * it). A path matches when it is prefix, a token of letters, digits, _
 * or - (at most ACCESSLOG_TOKEN_MAX), then suffix, then the end, a query
 * or a fragment. date is the day the server logged (YYYY-MM-DD).
 */
int accesslog_line(const char *line, size_t n, const url_pattern *p,
    char token[ACCESSLOG_TOKEN_MAX + 1], char date[11]);

#endif
