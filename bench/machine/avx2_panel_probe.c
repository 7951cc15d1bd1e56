// The AVX2 kernels' loops in C, on the seed network's middle layer (1000 x 1024 floats, 16 panels of 64 columns),
// to see what the machine allows apart from the JIT (docs/benchmarks.md, tenth round):
//   dense    six rows x 16 columns (12 accumulators) over every panel, weights packed as today ([row][64] per panel)
//            or as four 16-column strips ([strip][row][16]): the strips are read front to back
//   sparse   one text's ~500 non-zero inputs (every other row, at random) through every panel, 8 accumulators, with
//            the weights as rows or strips, and with the row 8 inputs ahead prefetched; 1 MB is touched between
//            calls, as a request's other work would
//   gcc -O3 -mavx2 -mfma bench/machine/avx2_panel_probe.c -o /tmp/avx2_panel_probe && /tmp/avx2_panel_probe
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { INNER = 1000, PANELS = 16, WIDTH = 64, ROWS = 6 };

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

// Where weight row k, columns [16 q, 16 q + 16) of a panel start.
static const float *at(const float *panel, int strips, int k, int q)
{
    return strips ? panel + ((long)q * INNER + k) * 16 : panel + (long)k * WIDTH + q * 16;
}

__attribute__((noinline)) static void dense(const float *w, const float *x, float *out, int strips)
{
    for (int p = 0; p < PANELS; p++)
    {
        const float *panel = w + (long)p * INNER * WIDTH;
        for (int q = 0; q < 4; q++)
        {
            __m256 c[2 * ROWS];
            for (int i = 0; i < 2 * ROWS; i++) c[i] = _mm256_setzero_ps();
            for (int k = 0; k < INNER; k++)
            {
                const float *r = at(panel, strips, k, q);
                __m256 w0 = _mm256_load_ps(r), w1 = _mm256_load_ps(r + 8);
                for (int j = 0; j < ROWS; j++)
                {
                    __m256 v = _mm256_broadcast_ss(x + j * INNER + k);
                    c[2 * j] = _mm256_fmadd_ps(w0, v, c[2 * j]);
                    c[2 * j + 1] = _mm256_fmadd_ps(w1, v, c[2 * j + 1]);
                }
            }
            for (int j = 0; j < ROWS; j++)
            {
                _mm256_storeu_ps(out + j * 1024 + p * WIDTH + q * 16, c[2 * j]);
                _mm256_storeu_ps(out + j * 1024 + p * WIDTH + q * 16 + 8, c[2 * j + 1]);
            }
        }
    }
}

// R rows x half a panel row (32 columns, 4R accumulators), the weights as today's rows: two passes over the panel per
// block of R rows, each reading two of a row's four cache lines.
#define WIDE_BLOCK(R)                                                                                                   \
    __attribute__((noinline)) static void wide##R(const float *w, const float *x, float *out)                          \
    {                                                                                                                  \
        for (int p = 0; p < PANELS; p++)                                                                               \
        {                                                                                                              \
            const float *panel = w + (long)p * INNER * WIDTH;                                                          \
            for (int b = 0; b < ROWS; b += R)                                                                          \
            for (int h = 0; h < WIDTH; h += 32)                                                                        \
            {                                                                                                          \
                __m256 c[4 * R];                                                                                       \
                for (int i = 0; i < 4 * R; i++) c[i] = _mm256_setzero_ps();                                            \
                for (int k = 0; k < INNER; k++)                                                                        \
                {                                                                                                      \
                    const float *r = panel + (long)k * WIDTH + h;                                                      \
                    for (int j = 0; j < R; j++)                                                                        \
                    {                                                                                                  \
                        __m256 v = _mm256_broadcast_ss(x + (b + j) * INNER + k);                                       \
                        for (int q = 0; q < 4; q++) c[4 * j + q] = _mm256_fmadd_ps(_mm256_load_ps(r + 8 * q), v, c[4 * j + q]); \
                    }                                                                                                  \
                }                                                                                                      \
                for (int j = 0; j < R; j++)                                                                            \
                    for (int q = 0; q < 4; q++) _mm256_storeu_ps(out + (b + j) * 1024 + p * WIDTH + h + q * 8, c[4 * j + q]); \
            }                                                                                                          \
        }                                                                                                              \
    }
WIDE_BLOCK(2)
WIDE_BLOCK(3)

__attribute__((noinline)) static void sparse(const float *w, const int *idx, const float *val, int m, float *out, int strips, int prefetch)
{
    for (int p = 0; p < PANELS; p++)
    {
        const float *panel = w + (long)p * INNER * WIDTH;
        __m256 a[8];
        for (int i = 0; i < 8; i++) a[i] = _mm256_setzero_ps();
        for (int n = 0; n < m; n++)
        {
            if (prefetch && n + 8 < m)
            {
                for (int q = 0; q < 4; q++) _mm_prefetch((const char *)at(panel, strips, idx[n + 8], q), _MM_HINT_T0);
            }
            __m256 v = _mm256_broadcast_ss(val + n);
            for (int q = 0; q < 4; q++)
            {
                const float *r = at(panel, strips, idx[n], q);
                a[2 * q] = _mm256_fmadd_ps(_mm256_load_ps(r), v, a[2 * q]);
                a[2 * q + 1] = _mm256_fmadd_ps(_mm256_load_ps(r + 8), v, a[2 * q + 1]);
            }
        }
        for (int i = 0; i < 8; i++) _mm256_storeu_ps(out + p * WIDTH + i * 8, a[i]);
    }
}

int main(void)
{
    long size = (long)INNER * WIDTH * PANELS;
    float *w = aligned_alloc(64, size * sizeof(float));
    for (long i = 0; i < size; i++) w[i] = (float)(i % 7) * 0.01f;
    float *x = aligned_alloc(64, ROWS * INNER * sizeof(float));
    for (int i = 0; i < ROWS * INNER; i++) x[i] = 0.5f;
    float *out = aligned_alloc(64, ROWS * 1024 * sizeof(float));
    int idx[INNER];
    float val[INNER];
    int m = 0;
    srand(1);
    for (int i = 0; i < INNER; i++)
    {
        if (rand() % 2) { idx[m] = i; val[m++] = 0.5f; }
    }
    char *other = malloc(1 << 20);

    for (int round = 0; round < 2; round++)
    {
        for (int strips = 0; strips < 2; strips++)
        {
            double best = 1e9;
            for (int t = 0; t < 20; t++)
            {
                double t0 = now();
                dense(w, x, out, strips);
                double d = now() - t0;
                if (d < best) best = d;
            }
            printf("dense, %d rows, %s: %.1f us (%.2f G ymm FMA/s)\n", ROWS, strips ? "strips" : "rows  ", best * 1e6,
                   (double)INNER * 1024 * ROWS / 8 / best / 1e9);
        }
        for (int r = 2; r <= 3; r++)
        {
            double best = 1e9;
            for (int t = 0; t < 20; t++)
            {
                double t0 = now();
                if (r == 2) wide2(w, x, out); else wide3(w, x, out);
                double d = now() - t0;
                if (d < best) best = d;
            }
            printf("dense, %d rows, blocks of %d rows x 32 columns, rows: %.1f us (%.2f G ymm FMA/s)\n", ROWS, r, best * 1e6,
                   (double)INNER * 1024 * ROWS / 8 / best / 1e9);
        }
        for (int strips = 0; strips < 2; strips++)
        {
            for (int prefetch = 0; prefetch < 2; prefetch++)
            {
                double best = 1e9, sum = 0;
                for (int t = 0; t < 300; t++)
                {
                    for (int i = 0; i < (1 << 20); i += 64) other[i]++;
                    double t0 = now();
                    sparse(w, idx, val, m, out, strips, prefetch);
                    double d = now() - t0;
                    if (d < best) best = d;
                    sum += d;
                }
                printf("sparse, %d inputs, %s, %s: min %.1f us, mean %.1f us\n", m, strips ? "strips" : "rows  ",
                       prefetch ? "prefetch 8 ahead" : "no prefetch     ", best * 1e6, sum / 300 * 1e6);
            }
        }
    }
    printf("(checksum %f)\n", out[5] + other[64]);
    return 0;
}
