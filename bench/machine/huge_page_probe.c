// The AVX2 sparse kernel's loop in C (one text's ~500 non-zero inputs through the seed network's middle layer, 1000 x
// 1024 floats in 16 panels of 64 columns, the row 8 inputs ahead prefetched) over weights on 4 KiB pages and on 2 MiB
// transparent huge pages (mmap at a 2 MiB boundary, madvise(MADV_HUGEPAGE) before the first write), with other memory
// walked between calls as a request's other work would: OTHER_MB megabytes, one byte every STRIDE bytes (4096: one
// per page, which evicts TLB entries rather than cache lines). Prints the process's AnonHugePages, then the minimum and
// mean µs per pass for each, three rounds (docs/benchmarks.md, sixteenth round).
//   gcc -O3 -mavx2 -mfma bench/machine/huge_page_probe.c -o /tmp/huge_page_probe
//   for a in "0 4096" "1 64" "8 4096" "32 4096"; do /tmp/huge_page_probe $a; done
#define _GNU_SOURCE
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

enum { INNER = 1000, PANELS = 16, WIDTH = 64 };

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

__attribute__((noinline)) static void sparse(const float *w, const int *idx, const float *val, int m, float *out)
{
    for (int p = 0; p < PANELS; p++)
    {
        const float *panel = w + (long)p * INNER * WIDTH;
        __m256 a[8];
        for (int i = 0; i < 8; i++) a[i] = _mm256_setzero_ps();
        for (int n = 0; n < m; n++)
        {
            if (n + 8 < m)
                for (int q = 0; q < 4; q++) _mm_prefetch((const char *)(panel + (long)idx[n + 8] * WIDTH + q * 16), _MM_HINT_T0);
            __m256 v = _mm256_broadcast_ss(val + n);
            const float *r = panel + (long)idx[n] * WIDTH;
            for (int q = 0; q < 8; q++) a[q] = _mm256_fmadd_ps(_mm256_load_ps(r + 8 * q), v, a[q]);
        }
        for (int i = 0; i < 8; i++) _mm256_storeu_ps(out + p * WIDTH + i * 8, a[i]);
    }
}

// bytes at a 2 MiB boundary, asking for huge pages or refusing them
static void *map(long bytes, int huge)
{
    long two = 2L << 20, size = (bytes + two - 1) / two * two;
    char *p = mmap(0, size + two, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *a = (char *)(((unsigned long)p + two - 1) & ~(two - 1));
    if (madvise(a, size, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE)) perror("madvise");
    return a;
}

int main(int argc, char **argv)
{
    long size = (long)INNER * WIDTH * PANELS;
    int otherMb = argc > 1 ? atoi(argv[1]) : 8, stride = argc > 2 ? atoi(argv[2]) : 4096;
    float *w[2];
    for (int h = 0; h < 2; h++)
    {
        w[h] = map(size * sizeof(float), h);
        for (long i = 0; i < size; i++) w[h][i] = (float)(i % 7) * 0.01f;
    }
    float out[1024];
    int idx[INNER], m = 0;
    float val[INNER];
    srand(1);
    for (int i = 0; i < INNER; i++)
        if (rand() % 2) { idx[m] = i; val[m++] = 0.5f; }
    long olen = (long)otherMb << 20;
    char *other = olen ? map(olen, 0) : malloc(64);
    memset(other, 1, olen ? olen : 64);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "grep AnonHugePages /proc/%d/smaps_rollup", getpid());
    if (system(cmd) != 0) puts("(no smaps_rollup)");
    for (int round = 0; round < 3; round++)
        for (int h = 0; h < 2; h++)
        {
            double best = 1e9, sum = 0;
            int n = 400;
            for (int t = 0; t < n; t++)
            {
                for (long i = 0; i < olen; i += stride) other[i]++;
                double t0 = now();
                sparse(w[h], idx, val, m, out);
                double d = now() - t0;
                if (d < best) best = d;
                sum += d;
            }
            printf("%s pages, other %d MB every %d bytes: min %.1f us, mean %.1f us\n", h ? "2 MiB" : "4 KiB", otherMb, stride,
                   best * 1e6, sum / n * 1e6);
        }
    printf("(checksum %f %d)\n", out[5], other[0]);
    return 0;
}
