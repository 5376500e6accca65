// libFuzzer target for the goal plan in YAML (services/goals/README.md), docs/fuzzing.md.
// The plan is imported into an empty state (a new plan) and over a small one (removals).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "import/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tertial::goals;
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  ImportDocument doc = ParsePlanYaml("fuzz.yaml", content);
  fuzz::DecideAndCheck(State(), doc, content);
  fuzz::DecideAndCheck(fuzz::SmallPlan(), doc, content);
  return 0;
}
