/* accesslog: a web server's access log (common or combined format) read for the tokens of QR visits. */
#include "response/accesslog.h"

#include <stdio.h>
#include <string.h>

int
accesslog_pattern(const char *text, url_pattern *p, const char **why)
{
	const char *t = strstr(text, "{token}"), *path = text;
	size_t n;

	memset(p, 0, sizeof(*p));
	if (t == NULL) {
		*why = "the URL pattern needs {token} where the token stands";
		return -1;
	}
	/* a whole URL: the path is what a log shows */
	if (strncmp(text, "http://", 7) == 0 || strncmp(text, "https://", 8) == 0) {
		path = strchr(strstr(text, "//") + 2, '/');
		if (path == NULL || path > t) {
			*why = "the URL pattern has no path";
			return -1;
		}
	}
	n = (size_t)(t - path);
	if (n >= sizeof(p->prefix) || strlen(t + 7) >= sizeof(p->suffix) ||
	    strstr(t + 7, "{token}") != NULL) {
		*why = "the URL pattern is too long or has {token} twice";
		return -1;
	}
	memcpy(p->prefix, path, n);
	strcpy(p->suffix, t + 7);
	return 0;
}

/* A field up to the next space. */
static const char *
word(const char *s, const char *end)
{
	while (s < end && *s != ' ')
		s++;
	return s < end ? s : NULL;
}

static int
token_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static int
log_date(const char *s, const char *end, char date[11])
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int day, year, m;

	/* dd/Mon/yyyy:HH:MM:SS +zzzz */
	if (end - s < 26 || s[2] != '/' || s[6] != '/' || s[11] != ':' ||
	    s[14] != ':' || s[17] != ':' || s[20] != ' ')
		return -1;
	for (int i = 0; i < 26; i++)
		if (i != 2 && i != 6 && (i < 3 || i > 5) && i != 11 && i != 14 &&
		    i != 17 && i != 20 && i != 21 && !(s[i] >= '0' && s[i] <= '9'))
			return -1;
	for (m = 0; m < 12; m++)
		if (memcmp(s + 3, months + 3 * m, 3) == 0)
			break;
	day = (s[0] - '0') * 10 + (s[1] - '0');
	year = (s[7] - '0') * 1000 + (s[8] - '0') * 100 + (s[9] - '0') * 10 +
	    (s[10] - '0');
	if (m == 12 || day < 1 || day > 31 || (s[21] != '+' && s[21] != '-'))
		return -1;
	snprintf(date, 11, "%04u-%02u-%02u", (unsigned)year % 10000u,
	    (unsigned)m % 100u + 1, (unsigned)day % 100u);
	return 0;
}

int
accesslog_line(const char *line, size_t n, const url_pattern *p,
    char token[ACCESSLOG_TOKEN_MAX + 1], char date[11])
{
	const char *s = line, *end = line + n, *open, *close, *q, *path, *pend;
	size_t plen = strlen(p->prefix), slen = strlen(p->suffix), tlen;

	/* host ident user: three fields before the bracketed time */
	for (int i = 0; i < 3; i++) {
		if ((s = word(s, end)) == NULL)
			return ACCESSLOG_MALFORMED;
		s++;
	}
	if (s >= end || *s != '[' || (close = memchr(s, ']', (size_t)(end - s))) == NULL)
		return ACCESSLOG_MALFORMED;
	if (log_date(s + 1, close, date) == -1)
		return ACCESSLOG_MALFORMED;
	s = close + 1;
	if (end - s < 3 || s[0] != ' ' || s[1] != '"')
		return ACCESSLOG_MALFORMED;
	open = s + 2;
	if ((close = memchr(open, '"', (size_t)(end - open))) == NULL)
		return ACCESSLOG_MALFORMED;
	/* the status and size after the request */
	q = close + 1;
	if (q >= end || *q != ' ')
		return ACCESSLOG_MALFORMED;
	q++;
	if (end - q < 3 || !(q[0] >= '1' && q[0] <= '5') || q[1] < '0' || q[1] > '9' ||
	    q[2] < '0' || q[2] > '9' || (q + 3 < end && q[3] != ' '))
		return ACCESSLOG_MALFORMED;
	/* METHOD path PROTO */
	if ((path = memchr(open, ' ', (size_t)(close - open))) == NULL)
		return ACCESSLOG_MALFORMED;
	path++;
	pend = memchr(path, ' ', (size_t)(close - path));
	if (pend == NULL)
		pend = close;
	if ((size_t)(pend - path) < plen || memcmp(path, p->prefix, plen) != 0)
		return ACCESSLOG_OTHER;
	q = path + plen;
	while (q < pend && token_char((unsigned char)*q))
		q++;
	tlen = (size_t)(q - (path + plen));
	if (tlen == 0 || tlen > ACCESSLOG_TOKEN_MAX)
		return ACCESSLOG_OTHER;
	if ((size_t)(pend - q) < slen || memcmp(q, p->suffix, slen) != 0)
		return ACCESSLOG_OTHER;
	q += slen;
	if (q != pend && *q != '?' && *q != '#')
		return ACCESSLOG_OTHER;
	memcpy(token, path + plen, tlen);
	token[tlen] = '\0';
	return ACCESSLOG_HIT;
}
