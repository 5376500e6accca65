// libFuzzer target for Kolada's KPI data in JSON (services/goals/README.md),
// docs/fuzzing.md: mapped to a small plan's indicators for municipality 0580.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "import/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tertial::goals;
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  ImportDocument doc = ParseKoladaJson("fuzz.json", content, fuzz::SmallPlan(), "0580",
                                       {.board = "KS", .year = 2021});
  fuzz::DecideAndCheck(fuzz::SmallPlan(), std::move(doc), content);
  return 0;
}
