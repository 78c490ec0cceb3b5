/* SGEMM throughput of the OpenBLAS that the Caffe preset loads (libopenblas.so.0 from the
 * org.bytedeco:openblas jar). Prints one JSON line:
 *   {"n":2048,"threads":T,"core":"...","best_gflops":G,"median_gflops":M,"runs":R,...}
 * GFLOP/s = 2 n^3 / seconds of one cblas_sgemm(C = A B), row major, no transposes.
 *   sgemm [N] [RUNS]   (defaults 2048, 5; one untimed warm-up call first)
 *   sgemm --shape M N K TRANSA TRANSB RUNS
 *       one GEMM shape as Caffe's caffe_cpu_gemm calls it (row major, C(M x N) = op(A) op(B),
 *       lda = TRANSA ? M : K, ldb = TRANSB ? K : N); prints
 *       {"m":M,"n":N,"k":K,"ta":0|1,"tb":0|1,"best_ms":..,"median_ms":..,"best_gflops":..}
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <cblas.h>

static double seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static int compare(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
}

static float* filled(size_t count, unsigned seed) {
  float* x = malloc(count * sizeof(float));
  if (!x) return NULL;
  for (size_t i = 0; i < count; ++i) {
    seed = seed * 1103515245u + 12345u;
    x[i] = (float)((seed >> 8) & 0xFFFF) / 65536.0f - 0.5f;
  }
  return x;
}

static int shape(int argc, char** argv) {
  if (argc != 8) {
    fprintf(stderr, "usage: sgemm --shape M N K TRANSA TRANSB RUNS\n");
    return 2;
  }
  long m = atol(argv[2]), n = atol(argv[3]), k = atol(argv[4]);
  int ta = atoi(argv[5]), tb = atoi(argv[6]), runs = atoi(argv[7]);
  if (m <= 0 || n <= 0 || k <= 0 || runs <= 0 || runs > 1000) {
    fprintf(stderr, "sgemm: bad shape or runs\n");
    return 2;
  }
  float* a = filled((size_t)m * k, 1);
  float* b = filled((size_t)k * n, 2);
  float* c = filled((size_t)m * n, 3);
  double* ms = malloc(runs * sizeof(double));
  if (!a || !b || !c || !ms) {
    fprintf(stderr, "sgemm: out of memory\n");
    return 1;
  }
  int lda = ta ? (int)m : (int)k, ldb = tb ? (int)k : (int)n;
  enum CBLAS_TRANSPOSE opa = ta ? CblasTrans : CblasNoTrans, opb = tb ? CblasTrans : CblasNoTrans;
  cblas_sgemm(CblasRowMajor, opa, opb, m, n, k, 1.0f, a, lda, b, ldb, 0.0f, c, n);
  for (int r = 0; r < runs; ++r) {
    double t0 = seconds();
    cblas_sgemm(CblasRowMajor, opa, opb, m, n, k, 1.0f, a, lda, b, ldb, 0.0f, c, n);
    ms[r] = (seconds() - t0) * 1e3;
  }
  qsort(ms, runs, sizeof(double), compare);
  printf("{\"m\":%ld,\"n\":%ld,\"k\":%ld,\"ta\":%d,\"tb\":%d,\"best_ms\":%.4f,\"median_ms\":%.4f,"
         "\"best_gflops\":%.1f,\"runs\":%d,\"checksum\":%.4f}\n",
         m, n, k, ta, tb, ms[0], ms[runs / 2], 2.0 * m * n * k / ms[0] / 1e6, runs, c[0] + c[m * n - 1]);
  free(a);
  free(b);
  free(c);
  free(ms);
  return 0;
}

int main(int argc, char** argv) {
  if (argc > 1 && argv[1][0] == '-' && argv[1][1] == '-') {
    if (argv[1][2] == 's') return shape(argc, argv);
    fprintf(stderr, "usage: sgemm [N] [RUNS] | sgemm --shape M N K TRANSA TRANSB RUNS\n");
    return 2;
  }
  int n = argc > 1 ? atoi(argv[1]) : 2048;
  int runs = argc > 2 ? atoi(argv[2]) : 5;
  if (n <= 0 || runs <= 0 || runs > 1000) {
    fprintf(stderr, "usage: sgemm [N] [RUNS]\n");
    return 2;
  }
  size_t count = (size_t)n * n;
  float* a = malloc(count * sizeof(float));
  float* b = malloc(count * sizeof(float));
  float* c = malloc(count * sizeof(float));
  double* gflops = malloc(runs * sizeof(double));
  if (!a || !b || !c || !gflops) {
    fprintf(stderr, "sgemm: out of memory for N=%d\n", n);
    return 1;
  }
  unsigned seed = 12345;
  for (size_t i = 0; i < count; ++i) {
    seed = seed * 1103515245u + 12345u;
    a[i] = (float)((seed >> 8) & 0xFFFF) / 65536.0f - 0.5f;
    b[i] = (float)((seed >> 4) & 0xFFFF) / 65536.0f - 0.5f;
    c[i] = 0.0f;
  }
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a, n, b, n, 0.0f, c, n);
  for (int r = 0; r < runs; ++r) {
    double t0 = seconds();
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a, n, b, n, 0.0f, c,
                n);
    gflops[r] = 2.0 * n * (double)n * n / (seconds() - t0) / 1e9;
  }
  qsort(gflops, runs, sizeof(double), compare);
  printf("{\"n\":%d,\"threads\":%d,\"core\":\"%s\",\"best_gflops\":%.1f,"
         "\"median_gflops\":%.1f,\"runs\":%d,\"checksum\":%.4f,\"config\":\"%s\"}\n",
         n, openblas_get_num_threads(), openblas_get_corename(), gflops[runs - 1],
         gflops[runs / 2], runs, c[0] + c[count - 1], openblas_get_config());
  free(a);
  free(b);
  free(c);
  free(gflops);
  return 0;
}
