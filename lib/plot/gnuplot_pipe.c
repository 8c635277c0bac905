/* Running gnuplot: posix_spawn (no shell) with the script on a pipe to its
 * standard input and its standard error on a second pipe; poll() feeds the
 * one and drains the other so neither side can block the other.
 * SIGPIPE: blocked in this thread while writing (pthread_sigmask is per
 * thread, so the process's disposition is untouched); a SIGPIPE this write
 * raised is consumed with sigtimedwait before the mask is restored, and the
 * write's EPIPE is reported as gnuplot having stopped reading.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "plot/plot_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define ERR_KEEP 4096

static const char not_found[] = "gnuplot not found: install gnuplot-nox (make deps)";

static int executable(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, X_OK) == 0;
}

int xrdi_gp_find(const char *program, char *path, size_t n)
{
    if (!program || !*program)
        program = "gnuplot";
    if (strchr(program, '/')) {
        snprintf(path, n, "%s", program);
        return executable(program) ? 0 : -1;
    }
    const char *env = getenv("PATH");
    if (!env)
        env = "/usr/bin:/bin";
    while (*env) {
        const char *colon = strchr(env, ':');
        size_t len = colon ? (size_t)(colon - env) : strlen(env);
        int w = len ? snprintf(path, n, "%.*s/%s", (int)len, env, program)
                    : snprintf(path, n, "./%s", program);
        if (w > 0 && (size_t)w < n && executable(path))
            return 0;
        env += len;
        if (*env == ':')
            env++;
    }
    return -1;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cloexec_pipe(int fd[2])
{
    if (pipe(fd))
        return -1;
    fcntl(fd[0], F_SETFD, FD_CLOEXEC);
    fcntl(fd[1], F_SETFD, FD_CLOEXEC);
    return 0;
}

/* Trim gnuplot's stderr to one line of text for the error message: its
 * layout (echoed command, caret) is kept, newlines become " | ". */
static void squeeze(char *s)
{
    size_t w = 0;
    int prev_sep = 1;
    for (size_t r = 0; s[r]; r++) {
        char c = s[r];
        if (c == '\n' || c == '\r') {
            if (!prev_sep && w + 3 < ERR_KEEP) {
                memcpy(s + w, " | ", 3);
                w += 3;
            }
            prev_sep = 1;
            continue;
        }
        if (c == ' ' && prev_sep)
            continue;
        s[w++] = ((unsigned char)c < 0x20) ? ' ' : c;
        prev_sep = 0;
    }
    while (w >= 3 && !memcmp(s + w - 3, " | ", 3))
        w -= 3;
    s[w] = '\0';
}

typedef struct {
    pid_t pid;
    int in_fd, err_fd;
    char errbuf[ERR_KEEP];
    size_t errlen;
    int epipe;
} child;

static xrd_status spawn(const char *path, child *c, xrd_error *err)
{
    int in[2], er[2];
    if (cloexec_pipe(in))
        return xrd_error_set(err, XRD_ERR_EXTERNAL, NULL, 0, "cannot create a pipe for gnuplot: %s",
                             strerror(errno));
    if (cloexec_pipe(er)) {
        int e = errno;
        close(in[0]);
        close(in[1]);
        return xrd_error_set(err, XRD_ERR_EXTERNAL, NULL, 0, "cannot create a pipe for gnuplot: %s",
                             strerror(e));
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, er[1], 2);
    /* -d: default settings, no ~/.gnuplot, so the figure is reproducible */
    char arg0[] = "gnuplot", arg1[] = "-d";
    char *argv[] = {arg0, arg1, NULL};
    int rc = posix_spawn(&c->pid, path, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(in[0]);
    close(er[1]);
    if (rc) {
        close(in[1]);
        close(er[0]);
        if (rc == ENOENT)
            return xrd_error_set(err, XRD_ERR_EXTERNAL, NULL, 0, "%s", not_found);
        return xrd_error_set(err, XRD_ERR_EXTERNAL, NULL, 0, "cannot start %s: %s", path,
                             strerror(rc));
    }
    c->in_fd = in[1];
    c->err_fd = er[0];
    fcntl(c->in_fd, F_SETFL, fcntl(c->in_fd, F_GETFL) | O_NONBLOCK);
    return XRD_OK;
}

/* Feed text and drain stderr until both are done or the deadline passes;
 * 0 done, -1 timed out. */
static int pump(child *c, const char *text, size_t len, double deadline)
{
    size_t off = 0;
    if (len == 0) {
        close(c->in_fd);
        c->in_fd = -1;
    }
    while (c->in_fd >= 0 || c->err_fd >= 0) {
        struct pollfd pf[2];
        int n = 0, iin = -1, ierr = -1;
        if (c->in_fd >= 0) {
            pf[n].fd = c->in_fd;
            pf[n].events = POLLOUT;
            iin = n++;
        }
        if (c->err_fd >= 0) {
            pf[n].fd = c->err_fd;
            pf[n].events = POLLIN;
            ierr = n++;
        }
        double left = deadline - now_s();
        if (left <= 0)
            return -1;
        int r = poll(pf, (nfds_t)n, left > 1e6 ? 1000000000 : (int)(left * 1000) + 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (iin >= 0 && pf[iin].revents) {
            ssize_t w = write(c->in_fd, text + off, len - off);
            if (w > 0)
                off += (size_t)w;
            else if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                if (errno == EPIPE)
                    c->epipe = 1;
                off = len; /* gnuplot stopped reading: give up the rest */
            }
            if (off == len) {
                close(c->in_fd);
                c->in_fd = -1;
            }
        }
        if (ierr >= 0 && pf[ierr].revents) {
            char buf[1024];
            ssize_t got = read(c->err_fd, buf, sizeof buf);
            if (got > 0) {
                size_t keep = (size_t)got;
                if (c->errlen + keep >= ERR_KEEP)
                    keep = ERR_KEEP - 1 - c->errlen;
                memcpy(c->errbuf + c->errlen, buf, keep);
                c->errlen += keep;
                c->errbuf[c->errlen] = '\0';
            } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
                close(c->err_fd);
                c->err_fd = -1;
            }
        }
    }
    return 0;
}

xrd_status xrdi_gp_run(const char *program, const char *text, size_t len, double timeout_s,
                       xrd_error *err)
{
    char path[PATH_MAX];
    if (xrdi_gp_find(program, path, sizeof path))
        return xrd_error_set(err, XRD_ERR_EXTERNAL, NULL, 0, "%s", not_found);
    child c;
    memset(&c, 0, sizeof c);
    c.in_fd = c.err_fd = -1;

    sigset_t pipe_set, old, pending;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    sigemptyset(&pending);
    sigpending(&pending);
    int was_pending = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);

    xrd_status st = spawn(path, &c, err);
    int timed_out = 0;
    if (st == XRD_OK)
        timed_out = pump(&c, text, len, now_s() + (timeout_s > 0 ? timeout_s : 120.0)) != 0;

    if (c.epipe && !was_pending) {
        struct timespec zero = {0, 0};
        while (sigtimedwait(&pipe_set, NULL, &zero) < 0 && errno == EINTR)
            ;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (c.in_fd >= 0)
        close(c.in_fd);
    if (c.err_fd >= 0)
        close(c.err_fd);
    if (st != XRD_OK)
        return st;
    if (timed_out)
        kill(c.pid, SIGKILL);
    int status = 0;
    pid_t w;
    while ((w = waitpid(c.pid, &status, 0)) < 0 && errno == EINTR)
        ;
    squeeze(c.errbuf);
    if (timed_out)
        return xrd_error_set(err, XRD_ERR_EXTERNAL, NULL, 0,
                             "gnuplot did not finish within %.0f s and was stopped",
                             timeout_s > 0 ? timeout_s : 120.0);
    if (w < 0)
        return xrd_error_set(err, XRD_ERR_EXTERNAL, NULL, 0, "waiting for gnuplot failed: %s",
                             strerror(errno));
    if (WIFSIGNALED(status))
        return xrd_error_set(err, XRD_ERR_EXTERNAL, NULL, 0, "gnuplot was killed by signal %d%s%s",
                             WTERMSIG(status), c.errbuf[0] ? ": " : "", c.errbuf);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && !c.errbuf[0])
        return xrd_error_set(err, XRD_ERR_EXTERNAL, NULL, 0, "%s", not_found);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return xrd_error_set(err, XRD_ERR_EXTERNAL, NULL, 0, "gnuplot failed (exit status %d)%s%s",
                             WIFEXITED(status) ? WEXITSTATUS(status) : -1,
                             c.errbuf[0] ? ": " : "", c.errbuf);
    if (c.epipe)
        return xrd_error_set(err, XRD_ERR_EXTERNAL, NULL, 0,
                             "gnuplot stopped reading the script%s%s", c.errbuf[0] ? ": " : "",
                             c.errbuf);
    return XRD_OK;
}
