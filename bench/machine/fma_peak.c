// Peak AVX-512 FMA rate of one core: 12 independent chains of vfmadd on zmm registers (enough to hide the 4-cycle
// latency), so the loop runs at the FMA units' throughput. docs/benchmarks.md compares the dense kernel with it.
//   gcc -O3 -mavx512f -mfma bench/machine/fma_peak.c -o /tmp/fma_peak && /tmp/fma_peak
// On a machine without AVX-512, the same with ymm registers (AVX2):
//   gcc -O3 -mavx2 -mfma bench/machine/fma_peak.c -o /tmp/fma_peak && /tmp/fma_peak
#include <immintrin.h>
#include <stdio.h>
#include <time.h>
#ifndef __AVX512F__
#define __m512 __m256
#define _mm512_set1_ps _mm256_set1_ps
#define _mm512_fmadd_ps _mm256_fmadd_ps
#define _mm512_reduce_add_ps(r) ((r)[0])
#define REGISTER "ymm"
#else
#define REGISTER "zmm"
#endif
#define F(x) x = _mm512_fmadd_ps(x, b, c);
int main(void)
{
    volatile float v = 0.1f;  // distinct starting values: the compiler cannot merge the chains
    __m512 a0 = _mm512_set1_ps(v), a1 = _mm512_set1_ps(v + 1), a2 = _mm512_set1_ps(v + 2), a3 = _mm512_set1_ps(v + 3),
           a4 = _mm512_set1_ps(v + 4), a5 = _mm512_set1_ps(v + 5), a6 = _mm512_set1_ps(v + 6), a7 = _mm512_set1_ps(v + 7),
           a8 = _mm512_set1_ps(v + 8), a9 = _mm512_set1_ps(v + 9), a10 = _mm512_set1_ps(v + 10), a11 = _mm512_set1_ps(v + 11);
    __m512 b = _mm512_set1_ps(0.9999f), c = _mm512_set1_ps(0.0001f);
    long n = 200000000;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (long k = 0; k < n; k++)
    {
        F(a0) F(a1) F(a2) F(a3) F(a4) F(a5) F(a6) F(a7) F(a8) F(a9) F(a10) F(a11)
        __asm__ volatile("" ::: "memory");
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9;
    __m512 r = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
    printf("%.3f G " REGISTER " FMA/s on one core (checksum %f)\n", n * 12 / s / 1e9, _mm512_reduce_add_ps(r));
    return 0;
}
