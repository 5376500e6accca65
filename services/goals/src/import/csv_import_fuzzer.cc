// libFuzzer target for the goals CSVs (indicator values, activity statuses;
// services/goals/README.md), docs/fuzzing.md. The first byte picks the format and whether
// the board and year come from defaults; the rest is the file, imported into a small plan.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "import/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tertial::goals;
  if (size == 0) return 0;
  const uint8_t choice = data[0];
  const std::string_view content(reinterpret_cast<const char*>(data) + 1, size - 1);
  ImportDefaults defaults;
  if (choice & 2) defaults = {.board = "KS", .year = 2021};
  ImportDocument doc = (choice & 1) ? ParseActivitiesCsv("fuzz.csv", content, defaults)
                                    : ParseValuesCsv("fuzz.csv", content, defaults);
  fuzz::DecideAndCheck(fuzz::SmallPlan(), std::move(doc), content);
  return 0;
}
