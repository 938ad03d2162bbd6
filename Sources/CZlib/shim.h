// zlib: inflating the gzip files of IDX data sets (MNIST, Fashion-MNIST).
#include <zlib.h>
