// FFTW3, double precision.
#include <fftw3.h>
