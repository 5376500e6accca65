// libFuzzer entry point for the SIE reader (built with -DTERTIAL_LIBFUZZER=ON and Clang).
// Run it with a fresh directory for what it finds, then the samples as seeds (libFuzzer
// writes into the first directory only):
//   mkdir -p /tmp/sie-corpus && build/libs/sie/sie_reader_fuzzer /tmp/sie-corpus
//   ../shared/sie-samples

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
