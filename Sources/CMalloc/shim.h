// glibc's allocator tuning (mallopt), which the Glibc Swift module does not expose; used by `tide serve`.
#ifndef TIDE_CMALLOC_SHIM_H
#define TIDE_CMALLOC_SHIM_H
#include <malloc.h>
#endif
