/* cancel: SIGINT, SIGTERM and SIGHUP turned into a request the run answers at its next safe point. */
#ifndef TAYORI_CANCEL_H
#define TAYORI_CANCEL_H

#include <sys/types.h>

/*
 * Catch SIGINT, SIGTERM and SIGHUP: the handler only notes the signal
 * (and passes it on to the worker processes listed with cancel_children).
 * Without SA_RESTART, so a wait is interrupted and can look.
 */
void cancel_install(void);

/* The signal that asked the run to stop, or 0. */
int cancel_requested(void);

/* The worker processes a signal is passed on to (n = 0: none); pids is kept. */
void cancel_children(const pid_t *pids, int n);

/* The exit status for a run stopped by sig: 128 + sig (130 for SIGINT, 143 for SIGTERM). */
int cancel_exit_code(int sig);

#endif
