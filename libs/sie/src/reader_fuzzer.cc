// libFuzzer target for the SIE reader (cmake/TertialFuzz.cmake, docs/fuzzing.md):
//   scripts/fuzz --time 600 sie_reader_fuzzer
// Seeds: fuzz_corpus/sie_reader_fuzzer and, when present, ../shared/sie-samples.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tertial/sie/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tertial::sie;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The first byte picks small limits sometimes, so that their paths are fuzzed too.
  ReaderOptions options;
  if (size > 0 && (data[0] & 1)) {
    options.max_line_bytes = 64;
    options.max_errors = 3;
    options.max_voucher_transactions = 2;
  }
  auto source = FromString(bytes);
  Reader reader(source.get(), "fuzz.se", options);
  Item item;
  for (;;) {
    absl::StatusOr<bool> more = reader.Next(&item);
    if (!more.ok() || !*more) break;
  }
  return 0;
}
