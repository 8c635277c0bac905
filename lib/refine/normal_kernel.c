/* A += P^T P over a block of rows in 4 x 4 tiles: every tile keeps its 16 sums
 * in registers while it runs down the block, so P (a block of Jacobian rows)
 * is read from cache and A is touched once per block. An AVX2 + FMA version
 * is chosen at run time on x86-64 (GCC and clang); elsewhere, or without those
 * instructions, the same loops in plain C. The only shared data is the
 * compiler's processor description (read only after start-up).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "refine/normal.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define XRDI_NORMAL_AVX2 1
#include <immintrin.h>
#endif

static void acc_plain(const double *P, size_t m, size_t pp, double *acc)
{
    for (size_t a0 = 0; a0 < pp; a0 += 4)
        for (size_t c0 = a0; c0 < pp; c0 += 4) {
            double s[4][4] = {{0}};
            for (size_t i = 0; i < m; i++) {
                const double *row = P + i * pp;
                for (int a = 0; a < 4; a++) {
                    const double x = row[a0 + (size_t)a];
                    for (int c = 0; c < 4; c++)
                        s[a][c] += x * row[c0 + (size_t)c];
                }
            }
            for (int a = 0; a < 4; a++)
                for (int c = 0; c < 4; c++)
                    acc[(a0 + (size_t)a) * pp + c0 + (size_t)c] += s[a][c];
        }
}

#ifdef XRDI_NORMAL_AVX2
__attribute__((target("avx2,fma"))) static void acc_avx2(const double *P, size_t m, size_t pp,
                                                         double *acc)
{
    for (size_t a0 = 0; a0 < pp; a0 += 4)
        for (size_t c0 = a0; c0 < pp; c0 += 4) {
            __m256d s0 = _mm256_setzero_pd(), s1 = s0, s2 = s0, s3 = s0;
            for (size_t i = 0; i < m; i++) {
                const double *row = P + i * pp;
                const __m256d vc = _mm256_loadu_pd(row + c0);
                s0 = _mm256_fmadd_pd(_mm256_broadcast_sd(row + a0), vc, s0);
                s1 = _mm256_fmadd_pd(_mm256_broadcast_sd(row + a0 + 1), vc, s1);
                s2 = _mm256_fmadd_pd(_mm256_broadcast_sd(row + a0 + 2), vc, s2);
                s3 = _mm256_fmadd_pd(_mm256_broadcast_sd(row + a0 + 3), vc, s3);
            }
            double *A = acc + a0 * pp + c0;
            _mm256_storeu_pd(A, _mm256_add_pd(_mm256_loadu_pd(A), s0));
            _mm256_storeu_pd(A + pp, _mm256_add_pd(_mm256_loadu_pd(A + pp), s1));
            _mm256_storeu_pd(A + 2 * pp, _mm256_add_pd(_mm256_loadu_pd(A + 2 * pp), s2));
            _mm256_storeu_pd(A + 3 * pp, _mm256_add_pd(_mm256_loadu_pd(A + 3 * pp), s3));
        }
}
#endif

void xrdi_normal_acc(const double *P, size_t m, size_t pp, double *acc)
{
#ifdef XRDI_NORMAL_AVX2
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        acc_avx2(P, m, pp, acc);
        return;
    }
#endif
    acc_plain(P, m, pp, acc);
}
