// libxsmm: small matrix-matrix products with kernels generated at run time for one
// shape and the running CPU (AVX2, AVX-512). Its kernels are variadic C function
// pointers, which Swift cannot call: two small functions give them a fixed signature.
#include <libxsmm.h>

/// A kernel for C = A op(B) (beta 0) or C = A op(B) + C (beta 1), column-major, A m x k,
/// B k x n, or n x k when transposed, without prefetch arguments; NULL where libxsmm has none.
static inline const void *urnn_xsmm_dispatch(int m, int n, int k, int lda, int ldb, int ldc, _Bool transpose_b,
                                             double beta) {
    const libxsmm_blasint lm = lda, lb = ldb, lc = ldc;
    const double alpha = 1;
    const int flags = (beta == 0 ? LIBXSMM_GEMM_FLAG_BETA_0 : LIBXSMM_GEMM_FLAG_NONE)
        | (transpose_b ? LIBXSMM_GEMM_FLAG_TRANS_B : LIBXSMM_GEMM_FLAG_NONE);
    const int prefetch = LIBXSMM_GEMM_PREFETCH_NONE;
    return (const void *)libxsmm_dmmdispatch(m, n, k, &lm, &lb, &lc, &alpha, &beta, &flags, &prefetch);
}

static inline void urnn_xsmm_call(const void *kernel, const double *a, const double *b, double *c) {
    ((libxsmm_dmmfunction)kernel)(a, b, c);
}
