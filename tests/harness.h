/* Minimal test harness: each test program prints one line per test,
 * "PASS name", "FAIL name: where: what" or "SKIP name: why"; tests/run.sh
 * counts them. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_TEST_HARNESS_H
#define XRDFIT_TEST_HARNESS_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int th_failed_now, th_skipped_now, th_n_fail;
static char th_msg[2048];

static void th_run(const char *name, void (*fn)(void))
{
    th_failed_now = 0;
    th_skipped_now = 0;
    th_msg[0] = '\0';
    fn();
    if (th_failed_now) {
        printf("FAIL %s: %s\n", name, th_msg);
        th_n_fail++;
    } else if (th_skipped_now) {
        printf("SKIP %s: %s\n", name, th_msg);
    } else {
        printf("PASS %s\n", name);
    }
    fflush(stdout);
}

#define RUN(fn) th_run(#fn, fn)
#define TH_FAIL(...)                                                                      \
    do {                                                                                  \
        int th_o_ = snprintf(th_msg, sizeof th_msg, "%s:%d: ", __FILE__, __LINE__);       \
        if (th_o_ > 0 && (size_t)th_o_ < sizeof th_msg)                                   \
            snprintf(th_msg + th_o_, sizeof th_msg - (size_t)th_o_, __VA_ARGS__);         \
        th_failed_now = 1;                                                                \
    } while (0)
/* Assert cond; on failure record the message and leave the test function. */
#define ASSERT(cond)                                                                      \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            TH_FAIL("%s", #cond);                                                         \
            return;                                                                       \
        }                                                                                 \
    } while (0)
#define ASSERT_MSG(cond, ...)                                                             \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            TH_FAIL(__VA_ARGS__);                                                         \
            return;                                                                       \
        }                                                                                 \
    } while (0)
/* |a - b| <= tol, both finite. */
#define ASSERT_NEAR(a, b, tol)                                                            \
    do {                                                                                  \
        double th_a_ = (a), th_b_ = (b), th_t_ = (tol);                                   \
        if (!(isfinite(th_a_) && isfinite(th_b_) && fabs(th_a_ - th_b_) <= th_t_)) {       \
            TH_FAIL("%s = %.10g, expected %s = %.10g within %.3g", #a, th_a_, #b, th_b_,   \
                    th_t_);                                                               \
            return;                                                                       \
        }                                                                                 \
    } while (0)
#define SKIP(...)                                                                         \
    do {                                                                                  \
        snprintf(th_msg, sizeof th_msg, __VA_ARGS__);                                     \
        th_skipped_now = 1;                                                               \
        return;                                                                           \
    } while (0)

/* Exit status of a test program: 1 when any test failed. */
#define TH_EXIT() return th_n_fail ? 1 : 0

/* Paths handed over by tests/run.sh (with fallbacks for running by hand). */
static inline const char *th_top(void)
{
    const char *s = getenv("XRDFIT_TOP");
    return s ? s : ".";
}
static inline const char *th_realdata(void)
{
    const char *s = getenv("XRDFIT_REALDATA");
    return s ? s : "../shared/realdata";
}
static inline const char *th_tmpdir(void)
{
    const char *s = getenv("XRDFIT_TMP");
    return s ? s : "/tmp";
}

#endif
