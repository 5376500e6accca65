#include "domain/evaluation.h"

#include <gtest/gtest.h>

#include "domain/test_events.h"

namespace tertial::goals {
namespace {

using namespace test;  // NOLINT

const pb::IndicatorEvaluation* Row(const pb::EvaluationPublished& e, const std::string& id,
                                   const std::string& breakdown = "") {
  for (const auto& row : e.indicators()) {
    if (row.indicator_id() == id && row.breakdown() == breakdown) return &row;
  }
  return nullptr;
}

const pb::GoalEvaluation* GoalOf(const pb::EvaluationPublished& e, const std::string& id) {
  for (const auto& g : e.goals()) {
    if (g.goal_id() == id) return &g;
  }
  return nullptr;
}

pb::EvaluationPublished At(const State& state, const std::string& period = "2021-08") {
  return EvaluatePlan(state, *state.FindPlan("KS", 2021), *ParsePeriod(period));
}

TEST(EvaluatePlan, ARevisedValueReplacesTheEarlierOneAndKeepsIt) {
  std::vector<pb::GoalsEvent> events = Tree({"g"});
  events.push_back(Indicator("i", "g"));
  events.push_back(Target("i", "<= 3,2"));
  events.push_back(Value("i", "2021-08", "3,5"));
  State state = Build(events);
  EXPECT_EQ(Row(At(state), "i")->status(), pb::INDICATOR_STATUS_NOT_MET);
  Apply(state, Value("i", "2021-08", "1,8"), Meta{.offset = 100});
  EXPECT_EQ(Row(At(state), "i")->status(), pb::INDICATOR_STATUS_MET);
  EXPECT_EQ(state.Revisions("KS", "i", "", {2021, 8}), 2);
  // A revision to I.U. makes it no data again, not zero.
  Apply(state, Value("i", "2021-08", "I.U."), Meta{.offset = 101});
  EXPECT_EQ(Row(At(state), "i")->status(), pb::INDICATOR_STATUS_NO_DATA);
}

TEST(EvaluatePlan, AWithdrawnValueLeavesNoValue) {
  std::vector<pb::GoalsEvent> events = Tree({"g"});
  events.push_back(Indicator("i", "g"));
  events.push_back(Target("i", ">= 1"));
  events.push_back(Value("i", "2021-08", "5"));
  pb::GoalsEvent withdraw;
  auto* w = withdraw.mutable_indicator_value_withdrawn();
  w->set_board_unit_id("KS");
  w->set_indicator_id("i");
  *w->mutable_period() = MakePeriod(2021, 8);
  events.push_back(withdraw);
  pb::IndicatorEvaluation row = *Row(At(Build(events)), "i");
  EXPECT_EQ(row.status(), pb::INDICATOR_STATUS_NO_DATA);
  EXPECT_EQ(row.reason(), "no value for 2021-08");
}

TEST(EvaluatePlan, DirectionUsesThePreviousYearAsBaseline) {
  std::vector<pb::GoalsEvent> events = Tree({"g"});
  events.push_back(Indicator("i", "g"));
  events.push_back(Target("i", "öka"));
  events.push_back(Value("i", "2019", "11"));
  events.push_back(Value("i", "2020", "25"));
  events.push_back(Value("i", "2021-08", "69 (per 1 april)"));
  pb::IndicatorEvaluation row = *Row(At(Build(events)), "i");
  EXPECT_EQ(row.status(), pb::INDICATOR_STATUS_MET);
  EXPECT_EQ(row.baseline().number().units(), 25);
}

TEST(EvaluatePlan, BreakdownRowsHaveTheirOwnTargets) {
  std::vector<pb::GoalsEvent> events = Tree({"g"});
  events.push_back(Indicator("sjuk", "g", {"men", "women"}));
  events.push_back(Target("sjuk", "<= 3,2"));
  events.push_back(Target("sjuk", "<= 3,0", "men"));
  events.push_back(Target("sjuk", "<= 3,4", "women"));
  events.push_back(Value("sjuk", "2021-08", "1,8"));
  events.push_back(Value("sjuk", "2021-08", "3,1", "men"));
  events.push_back(Value("sjuk", "2021-08", "2,1", "women"));
  pb::EvaluationPublished e = At(Build(events));
  ASSERT_EQ(e.indicators_size(), 3);
  EXPECT_EQ(e.indicators(0).breakdown(), "");
  EXPECT_EQ(Row(e, "sjuk", "men")->status(), pb::INDICATOR_STATUS_NOT_MET);
  EXPECT_EQ(Row(e, "sjuk", "women")->status(), pb::INDICATOR_STATUS_MET);
  // The goal is checked on total rows only.
  EXPECT_EQ(GoalOf(e, "g")->indicators_met(), 1);
  EXPECT_EQ(GoalOf(e, "g")->indicators_not_met(), 0);
}

TEST(ContradictionCheck, FlagsMetWhileEveryIndicatorMisses) {
  std::vector<pb::GoalsEvent> events = Tree({"g"});
  events.push_back(Indicator("a", "g"));
  events.push_back(Target("a", "< 2"));
  events.push_back(Value("a", "2021-08", "8,1"));
  events.push_back(Indicator("b", "g"));
  events.push_back(Target("b", ">= 75"));
  events.push_back(Value("b", "2021-08", "52,7"));
  events.push_back(Indicator("c", "g"));  // no data: does not save the assessment
  events.push_back(Target("c", ">= 33"));
  events.push_back(Value("c", "2021-08", "I.U."));
  events.push_back(Assess("g", pb::ASSESSMENT_MET));
  const pb::GoalEvaluation g = *GoalOf(At(Build(events)), "g");
  EXPECT_EQ(g.verdict(), pb::CHECK_VERDICT_CONTRADICTED);
  EXPECT_EQ(g.reason(), "assessed uppfylls, but all 2 indicators with data miss their targets");
  EXPECT_EQ(g.indicators_no_data(), 1);
}

TEST(ContradictionCheck, OneIndicatorMetIsEnoughForMet) {
  std::vector<pb::GoalsEvent> events = Tree({"g"});
  events.push_back(Indicator("a", "g"));
  events.push_back(Target("a", "< 2"));
  events.push_back(Value("a", "2021-08", "8,1"));
  events.push_back(Indicator("b", "g"));
  events.push_back(Target("b", ">= 0"));
  events.push_back(Value("b", "2021-08", "19,0"));
  events.push_back(Assess("g", pb::ASSESSMENT_MET));
  EXPECT_EQ(GoalOf(At(Build(events)), "g")->verdict(), pb::CHECK_VERDICT_CONSISTENT);
}

TEST(ContradictionCheck, FlagsNotMetWhileEveryIndicatorMeets) {
  std::vector<pb::GoalsEvent> events = Tree({"g"});
  events.push_back(Indicator("a", "g"));
  events.push_back(Target("a", "= 40 000"));
  events.push_back(Value("a", "2021-08", "40 000"));
  events.push_back(Assess("g", pb::ASSESSMENT_NOT_MET));
  const pb::GoalEvaluation g = *GoalOf(At(Build(events)), "g");
  EXPECT_EQ(g.verdict(), pb::CHECK_VERDICT_CONTRADICTED);
  EXPECT_EQ(g.reason(), "assessed uppfylls ej, but the only indicator with data meets its target");
}

TEST(ContradictionCheck, PartlyMetAndUnassessableAreNeverContradicted) {
  for (pb::Assessment a : {pb::ASSESSMENT_PARTLY_MET, pb::ASSESSMENT_CANNOT_BE_ASSESSED}) {
    std::vector<pb::GoalsEvent> events = Tree({"g"});
    events.push_back(Indicator("a", "g"));
    events.push_back(Target("a", "< 2"));
    events.push_back(Value("a", "2021-08", "8,1"));
    events.push_back(Assess("g", a));
    EXPECT_EQ(GoalOf(At(Build(events)), "g")->verdict(), pb::CHECK_VERDICT_CONSISTENT);
  }
}

TEST(ContradictionCheck, NothingToCheckWithoutDataOrAssessment) {
  std::vector<pb::GoalsEvent> events = Tree({"g", "h", "k"});
  events.push_back(Indicator("a", "g"));
  events.push_back(Target("a", "öka"));
  events.push_back(Value("a", "2021-08", "I.U."));
  events.push_back(Indicator("b", "g"));  // a value but no target
  events.push_back(Value("b", "2021-08", "98"));
  events.push_back(Assess("g", pb::ASSESSMENT_MET));
  events.push_back(Assess("h", pb::ASSESSMENT_MET));
  pb::EvaluationPublished e = At(Build(events));
  EXPECT_EQ(GoalOf(e, "g")->verdict(), pb::CHECK_VERDICT_NOT_CHECKABLE);
  EXPECT_EQ(GoalOf(e, "h")->verdict(), pb::CHECK_VERDICT_NOT_CHECKABLE);
  EXPECT_EQ(GoalOf(e, "h")->reason(), "the goal has no indicators");
  EXPECT_EQ(GoalOf(e, "k")->verdict(), pb::CHECK_VERDICT_NOT_ASSESSED);
}

TEST(CountActivities, CountsTheLatestStatusAsOfThePeriod) {
  std::vector<pb::GoalsEvent> events = Tree({"g", "h"});
  for (std::string id : {"a", "b", "c", "d", "e"})
    events.push_back(Activity(id, id == "e" ? "h" : "g"));
  events.push_back(Status("a", pb::ACTIVITY_STATUS_ONGOING, "2021-04"));
  events.push_back(Status("a", pb::ACTIVITY_STATUS_DONE, "2021-08", 2021));
  events.push_back(Status("b", pb::ACTIVITY_STATUS_ONGOING, "2021-04"));
  events.push_back(Status("c", pb::ACTIVITY_STATUS_REMAINING, "2021-08", 2022));
  events.push_back(Status("d", pb::ACTIVITY_STATUS_DONE, "2021"));  // year end
  State state = Build(events);
  const goals::Plan& plan = *state.FindPlan("KS", 2021);
  pb::ActivityCounts april = CountActivities(plan, MakePeriod(2021, 4));
  EXPECT_EQ(april.total(), 5);
  EXPECT_EQ(april.ongoing(), 2);
  EXPECT_EQ(april.unreported(), 3);
  EXPECT_EQ(april.not_followed_up(), 3);
  pb::ActivityCounts august = CountActivities(plan, MakePeriod(2021, 8));
  EXPECT_EQ(august.done(), 1);
  EXPECT_EQ(august.ongoing(), 1);
  EXPECT_EQ(august.remaining(), 1);
  EXPECT_EQ(august.unreported(), 2);
  EXPECT_EQ(august.postponed_within_year(), 1);
  EXPECT_EQ(august.postponed_to_later_year(), 1);
  pb::ActivityCounts year = CountActivities(plan, MakePeriod(2021, 0));
  EXPECT_EQ(year.done(), 2);
  EXPECT_EQ(year.unreported(), 1);
  EXPECT_EQ(CountActivities(plan, MakePeriod(2021, 8), "h").total(), 1);
}

}  // namespace
}  // namespace tertial::goals
