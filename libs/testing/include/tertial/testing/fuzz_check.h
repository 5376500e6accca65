#ifndef TERTIAL_TESTING_FUZZ_CHECK_H_
#define TERTIAL_TESTING_FUZZ_CHECK_H_

// For fuzz targets (cmake/TertialFuzz.cmake): a property every input must keep. A failure
// prints what was expected and aborts, which libFuzzer reports as a crash with the input.

#include <cstdio>
#include <cstdlib>

#define TERTIAL_FUZZ_CHECK(condition)                                                         \
  do {                                                                                        \
    if (!(condition)) {                                                                       \
      std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                           \
    }                                                                                         \
  } while (0)

#endif  // TERTIAL_TESTING_FUZZ_CHECK_H_
