/* core/cancel.c: a cancel request (Ctrl-C) that long operations notice, so they can clean up on the server first. */
#include "config.h"

#include "core/cancel.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t requested;

void
ivm_cancel_request(void)
{
	requested = 1;
}

bool
ivm_cancelled(void)
{
	return requested != 0;
}

void
ivm_cancel_reset(void)
{
	requested = 0;
}

static void
on_signal(int sig)
{
	requested = 1;
}

void
ivm_cancel_install_handlers(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	/* SA_RESETHAND: a second Ctrl-C is the user insisting; let it kill us */
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}
