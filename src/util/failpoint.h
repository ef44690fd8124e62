/* failpoint: named points where a test build can kill or stop the run, so crash tests need no timing. */
#ifndef TAYORI_FAILPOINT_H
#define TAYORI_FAILPOINT_H

/*
 * In a build with TAYORI_FAILPOINTS (the test build), the environment
 * variable TAYORI_FAILPOINT=NAME:ACTION[:N] acts at the Nth time (default
 * the first) this process passes failpoint(NAME):
 *   kill  SIGKILL to the whole run (the process that called
 *         failpoint_init, then this one), as `kill -9` would;
 *   stop  SIGSTOP to this process: a test sees it stopped, does what it
 *         needs (a signal, a lock) and sends SIGCONT.
 * Elsewhere failpoint() does nothing.
 *
 * Points: "copy" (a copy added), "tmp-written" (a file's temporary
 * written and synced, not yet renamed), "renamed" (a file in place),
 * "before-commit" (every file on disk, contacts not yet recorded),
 * "committed" (contacts recorded).
 */
void failpoint_init(void);
void failpoint(const char *name);

#endif
