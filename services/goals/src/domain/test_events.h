#ifndef TERTIAL_GOALS_DOMAIN_TEST_EVENTS_H_
#define TERTIAL_GOALS_DOMAIN_TEST_EVENTS_H_

// Builders of goals events for tests.

#include <string>
#include <vector>

#include "domain/state.h"
#include "tertial/goals/v1/events.pb.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::goals::test {

inline pb::GoalsEvent Plan(const std::string& board = "KS", int year = 2021) {
  pb::GoalsEvent e;
  e.mutable_plan_defined()->set_board_unit_id(board);
  e.mutable_plan_defined()->set_year(year);
  e.mutable_plan_defined()->set_name("plan");
  return e;
}

inline pb::GoalsEvent Goal(const std::string& id, pb::GoalLevel level, const std::string& parent,
                           int year = 2021) {
  pb::GoalsEvent e;
  auto* g = e.mutable_goal_defined();
  g->set_board_unit_id("KS");
  g->set_year(year);
  g->set_goal_id(id);
  g->set_level(level);
  g->set_parent_id(parent);
  g->set_name(id);
  return e;
}

// A focus area "fa", a municipal goal "mg" and board goals `ids` below it.
inline std::vector<pb::GoalsEvent> Tree(const std::vector<std::string>& ids, int year = 2021) {
  std::vector<pb::GoalsEvent> out = {Plan("KS", year),
                                     Goal("fa", pb::GOAL_LEVEL_FOCUS_AREA, "", year),
                                     Goal("mg", pb::GOAL_LEVEL_MUNICIPAL_GOAL, "fa", year)};
  for (const std::string& id : ids) out.push_back(Goal(id, pb::GOAL_LEVEL_BOARD_GOAL, "mg", year));
  return out;
}

inline pb::GoalsEvent Indicator(const std::string& id, const std::string& goal,
                                std::vector<std::string> rows = {}, int year = 2021) {
  pb::GoalsEvent e;
  auto* i = e.mutable_indicator_defined();
  i->set_board_unit_id("KS");
  i->set_year(year);
  i->set_indicator_id(id);
  i->set_goal_id(goal);
  i->set_name(id);
  for (const std::string& row : rows) {
    auto* b = i->add_breakdowns();
    b->set_id(row);
    b->set_label(row);
  }
  return e;
}

inline pb::GoalsEvent Target(const std::string& indicator, const std::string& text,
                             const std::string& breakdown = "", int year = 2021) {
  pb::GoalsEvent e;
  auto* t = e.mutable_target_set();
  t->set_board_unit_id("KS");
  t->set_year(year);
  t->set_indicator_id(indicator);
  t->set_breakdown(breakdown);
  *t->mutable_target() = *ParseTarget(text, pb::POLARITY_UNSPECIFIED);
  return e;
}

inline pb::GoalsEvent Value(const std::string& indicator, const std::string& period,
                            const std::string& text, const std::string& breakdown = "") {
  pb::GoalsEvent e;
  auto* v = e.mutable_indicator_value_recorded();
  v->set_board_unit_id("KS");
  v->set_indicator_id(indicator);
  v->set_breakdown(breakdown);
  *v->mutable_period() = *ParsePeriod(period);
  *v->mutable_value() = *ParseValue(text);
  v->set_source(pb::VALUE_SOURCE_COMMAND);
  return e;
}

inline pb::GoalsEvent Assess(const std::string& goal, pb::Assessment assessment,
                             const std::string& period = "2021-08") {
  pb::GoalsEvent e;
  auto* a = e.mutable_assessment_recorded();
  a->set_board_unit_id("KS");
  a->set_year(2021);
  a->set_goal_id(goal);
  *a->mutable_period() = *ParsePeriod(period);
  a->set_assessment(assessment);
  return e;
}

inline pb::GoalsEvent Activity(const std::string& id, const std::string& goal) {
  pb::GoalsEvent e;
  auto* a = e.mutable_activity_defined();
  a->set_board_unit_id("KS");
  a->set_year(2021);
  a->set_activity_id(id);
  a->set_name(id);
  if (!goal.empty()) a->add_goal_ids(goal);
  return e;
}

inline pb::GoalsEvent Status(const std::string& id, pb::ActivityStatus status,
                             const std::string& period, int postponed_to = 0) {
  pb::GoalsEvent e;
  auto* s = e.mutable_activity_status_reported();
  s->set_board_unit_id("KS");
  s->set_year(2021);
  s->set_activity_id(id);
  *s->mutable_period() = *ParsePeriod(period);
  s->set_status(status);
  s->set_postponed_to_year(postponed_to);
  return e;
}

inline State Build(const std::vector<pb::GoalsEvent>& events) {
  State state;
  int64_t offset = 0;
  for (const pb::GoalsEvent& e : events) Apply(state, e, Meta{.offset = offset++});
  return state;
}

}  // namespace tertial::goals::test

#endif  // TERTIAL_GOALS_DOMAIN_TEST_EVENTS_H_
