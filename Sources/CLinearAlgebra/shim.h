// OpenBLAS (cblas) and LAPACKE. LAPACK_COMPLEX_STRUCTURE makes complex arguments a
// plain struct of two doubles, which has the layout of Swift's Complex<Double>.
#define HAVE_LAPACK_CONFIG_H 1
#define LAPACK_COMPLEX_STRUCTURE 1
#include <cblas.h>
#include <lapacke.h>
