// libFuzzer target for adjustments.csv (`tertial forecast adjust --file`, docs/formats.md),
// cmake/TertialFuzz.cmake and docs/fuzzing.md: the file is parsed and, when it is valid,
// decided against a small organisation; every event that would be appended parses back
// (the log refuses one that does not: a poison event).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "domain/commands.h"
#include "tertial/testing/fuzz_check.h"

namespace tertial::forecast {
namespace {

const OrgModel& State() {
  static const std::shared_ptr<const OrgModel> model = [] {
    OrgInput in;
    in.organisation = "0580";
    in.units = {{.id = "KS"}, {.id = "KLS", .parent_id = "KS"}, {.id = "EKS", .parent_id = "KS"}};
    in.projects = {
        {.id = "SIMHALL", .name = "KS, ny simhall", .unit_id = "KS", .frames_ore = {{2021, 100}}}};
    in.method_choices[{2021, ""}] = Method::kBudgetRemaining;
    return *OrgModel::Build(std::move(in));
  }();
  return *model;
}

}  // namespace
}  // namespace tertial::forecast

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tertial::forecast;
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<std::vector<AdjustmentDraft>> drafts = ParseAdjustmentsCsv(content, "fuzz.csv");
  if (!drafts.ok()) return 0;
  AdjustCommand command{.fiscal_year = 2021, .actor = "fuzz"};
  for (size_t i = 0; i < drafts->size(); ++i) {
    (*drafts)[i].adjustment_id = "a" + std::to_string(i);
    command.drafts.push_back(std::move((*drafts)[i]));
  }
  absl::StatusOr<AdjustDecision> decision = DecideAdjust(State(), command);
  if (!decision.ok()) return 0;
  for (const v1::AdjustmentMade& event : decision->events) {
    v1::AdjustmentMade back;
    TERTIAL_FUZZ_CHECK(back.ParseFromString(event.SerializeAsString()));
  }
  return 0;
}
