// The seed's middle layer (1000 x 1024, packed in 64-column panels as PackedMatrix packs it) for a batch of B ReLU
// outputs with half zeros, on AVX2: mode 0 runs each text's non-zero weight rows over a whole panel (the engine's
// sparse rows: the panel comes from L2 once the first text has read it); mode 1 walks each panel in blocks of KB
// weight rows and runs every text's entries of a block before the next (the block stays in L1); mode 2 is mode 1 on
// 32-column halves with two accumulator chains. 1 MB is written between repeats; the best of 200 is printed as µs
// per text. docs/benchmarks.md, thirteenth round: mode 1 was 20 to 30% faster here, the same idea in the engine was not.
//   gcc -O3 -mavx2 -mfma bench/machine/avx2_blocked_sparse_probe.c -o /tmp/bs && /tmp/bs B KB MODE
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#define K 1000
#define N 1024
#define PW 64
#define NP (N/PW)
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
float *W; // packed: panel p, row k: W[p*K*PW + k*PW + c]
int B;
float *X; // B x K
int *idx; float *val; int *off; // per text sorted nonzeros; off[t*(nkb+1)+kb]
float *Y; // B x N
static inline void row8(const float*panel,const int*ix,const float*vv,int n,float*out,int init){
  __m256 a0,a1,a2,a3,a4,a5,a6,a7;
  if(init){a0=_mm256_load_ps(out);a1=_mm256_load_ps(out+8);a2=_mm256_load_ps(out+16);a3=_mm256_load_ps(out+24);a4=_mm256_load_ps(out+32);a5=_mm256_load_ps(out+40);a6=_mm256_load_ps(out+48);a7=_mm256_load_ps(out+56);}
  else a0=a1=a2=a3=a4=a5=a6=a7=_mm256_setzero_ps();
  for(int i=0;i<n;i++){const float*r=panel+(size_t)ix[i]*PW;__m256 v=_mm256_broadcast_ss(vv+i);
    a0=_mm256_fmadd_ps(_mm256_load_ps(r),v,a0);a1=_mm256_fmadd_ps(_mm256_load_ps(r+8),v,a1);
    a2=_mm256_fmadd_ps(_mm256_load_ps(r+16),v,a2);a3=_mm256_fmadd_ps(_mm256_load_ps(r+24),v,a3);
    a4=_mm256_fmadd_ps(_mm256_load_ps(r+32),v,a4);a5=_mm256_fmadd_ps(_mm256_load_ps(r+40),v,a5);
    a6=_mm256_fmadd_ps(_mm256_load_ps(r+48),v,a6);a7=_mm256_fmadd_ps(_mm256_load_ps(r+56),v,a7);}
  _mm256_store_ps(out,a0);_mm256_store_ps(out+8,a1);_mm256_store_ps(out+16,a2);_mm256_store_ps(out+24,a3);
  _mm256_store_ps(out+32,a4);_mm256_store_ps(out+40,a5);_mm256_store_ps(out+48,a6);_mm256_store_ps(out+56,a7);
}
// 32-column variant with two chains
static inline void row4x2(const float*panel,const int*ix,const float*vv,int n,float*out,int init){
  __m256 a0,a1,a2,a3,b0,b1,b2,b3;
  if(init){a0=_mm256_load_ps(out);a1=_mm256_load_ps(out+8);a2=_mm256_load_ps(out+16);a3=_mm256_load_ps(out+24);}else a0=a1=a2=a3=_mm256_setzero_ps();
  b0=b1=b2=b3=_mm256_setzero_ps();
  int i=0;
  for(;i+1<n;i+=2){const float*r=panel+(size_t)ix[i]*PW;const float*s=panel+(size_t)ix[i+1]*PW;__m256 v=_mm256_broadcast_ss(vv+i);__m256 u=_mm256_broadcast_ss(vv+i+1);
    a0=_mm256_fmadd_ps(_mm256_load_ps(r),v,a0);a1=_mm256_fmadd_ps(_mm256_load_ps(r+8),v,a1);
    a2=_mm256_fmadd_ps(_mm256_load_ps(r+16),v,a2);a3=_mm256_fmadd_ps(_mm256_load_ps(r+24),v,a3);
    b0=_mm256_fmadd_ps(_mm256_load_ps(s),u,b0);b1=_mm256_fmadd_ps(_mm256_load_ps(s+8),u,b1);
    b2=_mm256_fmadd_ps(_mm256_load_ps(s+16),u,b2);b3=_mm256_fmadd_ps(_mm256_load_ps(s+24),u,b3);}
  for(;i<n;i++){const float*r=panel+(size_t)ix[i]*PW;__m256 v=_mm256_broadcast_ss(vv+i);
    a0=_mm256_fmadd_ps(_mm256_load_ps(r),v,a0);a1=_mm256_fmadd_ps(_mm256_load_ps(r+8),v,a1);
    a2=_mm256_fmadd_ps(_mm256_load_ps(r+16),v,a2);a3=_mm256_fmadd_ps(_mm256_load_ps(r+24),v,a3);}
  _mm256_store_ps(out,_mm256_add_ps(a0,b0));_mm256_store_ps(out+8,_mm256_add_ps(a1,b1));_mm256_store_ps(out+16,_mm256_add_ps(a2,b2));_mm256_store_ps(out+24,_mm256_add_ps(a3,b3));
}
int main(int argc,char**argv){
  B=argc>1?atoi(argv[1]):16; int KB=argc>2?atoi(argv[2]):64; int mode=argc>3?atoi(argv[3]):0;
  W=aligned_alloc(64,sizeof(float)*K*N); for(size_t i=0;i<(size_t)K*N;i++)W[i]=(rand()/(float)RAND_MAX-0.5f)*0.05f;
  int nkb=(K+KB-1)/KB;
  idx=malloc(sizeof(int)*B*K);val=malloc(sizeof(float)*B*K);off=malloc(sizeof(int)*B*(nkb+1));
  int tot=0;
  for(int t=0;t<B;t++){int c=0;for(int k=0;k<K;k++){ if(rand()&1){idx[t*K+c]=k;val[t*K+c]=rand()/(float)RAND_MAX;c++;}
      }
    int j=0; for(int kb=0;kb<=nkb;kb++){while(j<c&&idx[t*K+j]<kb*KB)j++;off[t*(nkb+1)+kb]=j;} tot+=c;}
  Y=aligned_alloc(64,sizeof(float)*B*N);
  char*junk=malloc(1<<20);
  double best=1e9;
  for(int rep=0;rep<200;rep++){
    memset(junk,rep,1<<20);
    double t0=now();
    for(int p=0;p<NP;p++){const float*panel=W+(size_t)p*K*PW;
      if(mode==0){ for(int t=0;t<B;t++){int*o=off+t*(nkb+1); row8(panel,idx+t*K,val+t*K,o[nkb],Y+t*N+p*PW,0);} }
      else if(mode==1){ for(int kb=0;kb<nkb;kb++) for(int t=0;t<B;t++){int*o=off+t*(nkb+1); row8(panel,idx+t*K+o[kb],val+t*K+o[kb],o[kb+1]-o[kb],Y+t*N+p*PW,kb>0);} }
      else { for(int h=0;h<2;h++) for(int kb=0;kb<nkb;kb++) for(int t=0;t<B;t++){int*o=off+t*(nkb+1); row4x2(panel+h*32,idx+t*K+o[kb],val+t*K+o[kb],o[kb+1]-o[kb],Y+t*N+p*PW+h*32,kb>0);} }
    }
    double dt=now()-t0; if(dt<best)best=dt;
  }
  printf("B=%d KB=%d mode=%d nz/text=%.0f: %.1f us per text (%.2f G ymm FMA/s)\n",B,KB,mode,tot/(double)B,best*1e6/B,(double)tot*128/best/1e9);
}
