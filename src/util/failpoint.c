/* failpoint: named points where a test build can kill or stop the run, so crash tests need no timing. */
#include "util/failpoint.h"

#ifdef TAYORI_FAILPOINTS
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pid_t run_pid;		/* the process that started the run */
static char point[64];		/* NAME of TAYORI_FAILPOINT, "" when none */
static int stop_action;		/* 1: stop, 0: kill */
static long hit_at = 1, hits;

void
failpoint_init(void)
{
	const char *e = getenv("TAYORI_FAILPOINT"), *a, *n;
	size_t len;

	run_pid = getpid();
	if (e == NULL || (a = strchr(e, ':')) == NULL ||
	    (len = (size_t)(a - e)) >= sizeof(point))
		return;
	memcpy(point, e, len);
	point[len] = '\0';
	stop_action = strncmp(a + 1, "stop", 4) == 0;
	if ((n = strchr(a + 1, ':')) != NULL && atol(n + 1) > 0)
		hit_at = atol(n + 1);
}

void
failpoint(const char *name)
{
	if (point[0] == '\0' || strcmp(point, name) != 0 || ++hits != hit_at)
		return;
	if (stop_action) {
		raise(SIGSTOP);
		return;
	}
	if (run_pid > 0 && run_pid != getpid())
		kill(run_pid, SIGKILL);
	raise(SIGKILL);
}
#else
void
failpoint_init(void)
{
}

void
failpoint(const char *name)
{
	(void)name;
}
#endif
