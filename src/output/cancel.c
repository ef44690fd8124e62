/* cancel: SIGINT, SIGTERM and SIGHUP turned into a request the run answers at its next safe point. */
#include "output/cancel.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static volatile sig_atomic_t requested;
static const pid_t *volatile children;
static volatile sig_atomic_t nchildren;

static void
on_signal(int sig)
{
	int saved = errno;

	if (requested == 0)
		requested = sig;
	for (int i = 0; i < nchildren; i++)
		if (children[i] > 0) {
			kill(children[i], SIGTERM);
			kill(children[i], SIGCONT);	/* a stopped worker must hear it */
		}
	errno = saved;
}

void
cancel_install(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

int
cancel_requested(void)
{
	return requested;
}

void
cancel_children(const pid_t *pids, int n)
{
	nchildren = 0;
	children = pids;
	nchildren = n;
}

int
cancel_exit_code(int sig)
{
	return 128 + sig;
}
