// Declarations only (include/libfuzzer.h): the definitions come with -sanitize=fuzzer.
#include "libfuzzer.h"
