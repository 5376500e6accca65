#ifndef TERTIAL_GOALS_IMPORT_FUZZ_SUPPORT_H_
#define TERTIAL_GOALS_IMPORT_FUZZ_SUPPORT_H_

// Shared by the goals importers' fuzz targets (docs/fuzzing.md): a small plan to import
// into, and the path an import takes in core.cc after parsing (removals of a whole plan,
// DecideFacts, Apply, Derive), checking that every event it would append parses back (the
// log refuses one that does not: a poison event). Like GoalsCore::Import, only a file that
// is UTF-8 gets that far: the readers are fuzzed with any bytes, the rest with what the
// service would accept.

#include <string_view>
#include <vector>

#include "domain/decide.h"
#include "domain/test_events.h"
#include "import/importers.h"
#include "tertial/base/utf8.h"
#include "tertial/testing/fuzz_check.h"

namespace tertial::goals::fuzz {

// Board KS, 2021: goals g1, g2; indicators sjuk (men, women; Kolada N00090) and heltid
// (Kolada N00206); activities a1, a2.
inline const State& SmallPlan() {
  static const State* state = [] {
    std::vector<pb::GoalsEvent> events = test::Tree({"g1", "g2"});
    pb::GoalsEvent sick = test::Indicator("sjuk", "g1", {"men", "women"});
    sick.mutable_indicator_defined()->set_kolada_kpi("N00090");
    events.push_back(sick);
    pb::GoalsEvent full_time = test::Indicator("heltid", "g2");
    full_time.mutable_indicator_defined()->set_kolada_kpi("N00206");
    events.push_back(full_time);
    events.push_back(test::Activity("a1", "g1"));
    events.push_back(test::Activity("a2", "g2"));
    return new State(test::Build(events));
  }();
  return *state;
}

inline void CheckEvent(const pb::GoalsEvent& event) {
  pb::GoalsEvent back;
  TERTIAL_FUZZ_CHECK(back.ParseFromString(event.SerializeAsString()));
}

inline void DecideAndCheck(const State& state, ImportDocument doc, std::string_view content) {
  if (!doc.errors.empty() || FirstInvalidUtf8(content) != std::string_view::npos) return;
  if (doc.whole_plan) ProposeRemovals(state, doc.board, doc.year, doc.proposals);
  Decision decision = DecideFacts(state, doc.proposals);
  if (!decision.errors.empty()) return;
  State next = state;
  for (const pb::GoalsEvent& fact : decision.facts) {
    CheckEvent(fact);
    Apply(next, fact, Meta{});
  }
  for (const pb::GoalsEvent& derived : Derive(next, LedgerFacts{})) CheckEvent(derived);
}

}  // namespace tertial::goals::fuzz

#endif  // TERTIAL_GOALS_IMPORT_FUZZ_SUPPORT_H_
