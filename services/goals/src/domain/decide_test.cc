#include "domain/decide.h"

#include <gtest/gtest.h>

#include "domain/test_events.h"

namespace tertial::goals {
namespace {

using namespace test;  // NOLINT

std::vector<Proposal> Propose(const std::vector<pb::GoalsEvent>& events) {
  std::vector<Proposal> out;
  int line = 1;
  for (const auto& e : events) out.push_back({e, Origin{"plan.yaml", line++, ""}});
  return out;
}

State ApplyAll(State state, const std::vector<pb::GoalsEvent>& events) {
  for (const auto& e : events) Apply(state, e, Meta{});
  return state;
}

TEST(DecideFacts, RestatingWhatIsRecordedAppendsNothing) {
  std::vector<pb::GoalsEvent> plan = Tree({"g"});
  plan.push_back(Indicator("i", "g"));
  plan.push_back(Target("i", "< 2"));
  plan.push_back(Value("i", "2021-08", "8,1"));
  Decision first = DecideFacts(State(), Propose(plan));
  ASSERT_TRUE(first.errors.empty()) << first.errors[0].message;
  EXPECT_EQ(first.facts.size(), plan.size());
  State state = ApplyAll(State(), first.facts);
  Decision again = DecideFacts(state, Propose(plan));
  EXPECT_TRUE(again.errors.empty());
  EXPECT_TRUE(again.facts.empty());
  // A revised value is a new fact; the rest stays as it was.
  plan.back() = Value("i", "2021-08", "8,5");
  Decision revised = DecideFacts(state, Propose(plan));
  ASSERT_EQ(revised.facts.size(), 1u);
  EXPECT_TRUE(revised.facts[0].has_indicator_value_recorded());
}

TEST(DecideFacts, ErrorsNameWhereAndWhat) {
  std::vector<pb::GoalsEvent> plan = Tree({"g"});
  plan.push_back(Goal("orphan", pb::GOAL_LEVEL_BOARD_GOAL, "nowhere"));
  plan.push_back(Indicator("i", "mg"));  // under a municipal goal, not a nämndmål
  plan.push_back(Value("unknown", "2021-08", "5"));
  Decision d = DecideFacts(State(), Propose(plan));
  ASSERT_EQ(d.errors.size(), 3u);
  EXPECT_EQ(d.errors[0].line, 5);
  EXPECT_EQ(d.errors[0].message, "goal 'orphan': parent 'nowhere' is not defined");
  EXPECT_EQ(d.errors[1].message, "goal 'mg' is not a nämndmål (board goal)");
  EXPECT_EQ(d.errors[2].message, "board KS has no indicator 'unknown'");
}

TEST(DecideFacts, RefusesTypedValuesForLedgerDerivedPeriods) {
  std::vector<pb::GoalsEvent> plan = Tree({"g"});
  pb::GoalsEvent indicator = Indicator("avvikelse", "g");
  auto* d = indicator.mutable_indicator_defined()->mutable_derivation();
  d->set_kind(pb::DERIVED_KIND_BUDGET_DEVIATION);
  d->set_unit_id("KLF");
  d->set_from_year(2020);
  plan.push_back(indicator);
  plan.push_back(Value("avvikelse", "2019", "4,2"));  // history before the ledger: allowed
  plan.push_back(Value("avvikelse", "2020", "10,9"));
  Decision decision = DecideFacts(State(), Propose(plan));
  ASSERT_EQ(decision.errors.size(), 1u);
  EXPECT_EQ(decision.errors[0].line, 7);  // the 2020 value
  EXPECT_NE(decision.errors[0].message.find("derived from the ledger from 2020"),
            std::string::npos);
}

TEST(ProposeRemovals, ItemsNoLongerInThePlanAreRemovedChildrenFirst) {
  std::vector<pb::GoalsEvent> plan = Tree({"g", "h"});
  plan.push_back(Indicator("i", "h"));
  plan.push_back(Activity("a", "h"));
  State state = ApplyAll(State(), DecideFacts(State(), Propose(plan)).facts);
  std::vector<Proposal> next = Propose(Tree({"g"}));
  ProposeRemovals(state, "KS", 2021, next);
  Decision d = DecideFacts(state, next);
  ASSERT_TRUE(d.errors.empty()) << d.errors[0].message;
  ASSERT_EQ(d.facts.size(), 3u);
  EXPECT_EQ(d.facts[0].plan_item_removed().id(), "i");
  EXPECT_EQ(d.facts[1].plan_item_removed().id(), "a");
  EXPECT_EQ(d.facts[2].plan_item_removed().id(), "h");
  State after = ApplyAll(state, d.facts);
  EXPECT_EQ(after.FindPlan("KS", 2021)->goals.count("h"), 0u);
}

TEST(Derive, PublishesOnlyWhatChanged) {
  std::vector<pb::GoalsEvent> plan = Tree({"g"});
  plan.push_back(Indicator("i", "g"));
  plan.push_back(Target("i", "< 2"));
  plan.push_back(Value("i", "2021-08", "8,1"));
  plan.push_back(Assess("g", pb::ASSESSMENT_MET));
  State state = ApplyAll(State(), plan);
  LedgerFacts ledger;
  std::vector<pb::GoalsEvent> derived = Derive(state, ledger);
  ASSERT_EQ(derived.size(), 1u);
  const pb::EvaluationPublished& e = derived[0].evaluation_published();
  EXPECT_EQ(FormatPeriod(e.period()), "2021-08");
  EXPECT_EQ(e.goals(0).verdict(), pb::CHECK_VERDICT_CONTRADICTED);
  state = ApplyAll(state, derived);
  EXPECT_TRUE(Derive(state, ledger).empty());
}

TEST(Derive, LedgerValuesThenTheirEvaluation) {
  std::vector<pb::GoalsEvent> plan = Tree({"g"});
  pb::GoalsEvent indicator = Indicator("avvikelse", "g");
  auto* d = indicator.mutable_indicator_defined()->mutable_derivation();
  d->set_kind(pb::DERIVED_KIND_BUDGET_DEVIATION);
  d->set_unit_id("KLF");
  d->set_from_year(2021);
  plan.push_back(indicator);
  plan.push_back(Target("avvikelse", "< 2"));
  State state = ApplyAll(State(), plan);
  LedgerFacts ledger;
  ledger.units.Define({.id = "KLF", .name = "KLF"});
  for (int m = 1; m <= 3; ++m) ledger.voucher_periods[2021].insert({2021, m});
  ledger.operating[{2021, {2021, 1}, "KLF"}] = {.actual_ore = 919, .budget_ore = 1000};
  ledger.closed.insert({2021, 1});
  std::vector<pb::GoalsEvent> derived = Derive(state, ledger);
  // A value for each month to the last voucher; an evaluation only for the closed month
  // (nothing else is reported in the plan).
  ASSERT_EQ(derived.size(), 4u);
  const auto& v = derived[0].indicator_value_recorded();
  EXPECT_EQ(v.source(), pb::VALUE_SOURCE_LEDGER);
  EXPECT_EQ(FormatValue(v.value()), "8,1");
  EXPECT_EQ(FormatPeriod(derived[2].indicator_value_recorded().period()), "2021-03");
  const auto& e = derived[3].evaluation_published();
  EXPECT_EQ(FormatPeriod(e.period()), "2021-01");
  EXPECT_EQ(e.indicators(0).status(), pb::INDICATOR_STATUS_NOT_MET);
  EXPECT_EQ(e.indicators(0).value_source(), pb::VALUE_SOURCE_LEDGER);
  state = ApplyAll(state, derived);
  EXPECT_TRUE(Derive(state, ledger).empty());
  // A command that touches no derivation leaves the ledger values alone.
  EXPECT_FALSE(TouchesDerivations({Value("avvikelse", "2019", "4,2")}));
  EXPECT_TRUE(TouchesDerivations({indicator}));
  // The ledger changes: a new value and a new evaluation.
  ledger.operating[{2021, {2021, 1}, "KLF"}].actual_ore = 990;
  EXPECT_EQ(Derive(state, ledger).size(), 4u);
  EXPECT_TRUE(Derive(state, ledger, /*ledger_values=*/false).empty());
}

}  // namespace
}  // namespace tertial::goals
