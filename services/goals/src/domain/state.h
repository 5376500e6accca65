#ifndef TERTIAL_GOALS_DOMAIN_STATE_H_
#define TERTIAL_GOALS_DOMAIN_STATE_H_

// One organisation's goals as the facts say: plans with their goals, indicators, targets,
// assessments, activities and assignments; indicator values with every revision; personnel
// figures; imports; and the evaluations last published. Built by Apply from events, in
// log order per key. Pure: no I/O.

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "tertial/goals/v1/events.pb.h"

namespace tertial::goals {

namespace pb = ::tertial::goals::v1;

// Where an event came from in the log.
struct Meta {
  std::string event_id;
  std::string actor;
  int64_t recorded_at_seconds = 0;
  int64_t offset = -1;  // -1: not yet in the log (a decision being simulated)
};

// (year, month); month 0 is the whole year. Orders like the periods themselves.
using PeriodKey = std::pair<int, int>;
inline PeriodKey KeyOf(const pb::ValuePeriod& p) { return {p.year(), p.month()}; }
pb::ValuePeriod PeriodOf(const PeriodKey& key);

struct Plan {
  bool defined = false;  // PlanDefined seen
  pb::PlanDefined plan;
  std::map<std::string, pb::GoalDefined> goals;
  std::map<std::string, pb::IndicatorDefined> indicators;
  std::map<std::pair<std::string, std::string>, pb::TargetSet> targets;  // indicator, breakdown
  std::map<std::pair<std::string, PeriodKey>, pb::AssessmentRecorded> assessments;  // goal
  std::map<std::string, pb::ActivityDefined> activities;
  std::map<std::pair<std::string, PeriodKey>, pb::ActivityStatusReported> activity_statuses;
  std::map<std::string, pb::AssignmentDefined> assignments;
  std::map<std::pair<std::string, PeriodKey>, pb::AssignmentStatusReported> assignment_statuses;
  std::map<PeriodKey, pb::EvaluationPublished> evaluations;  // the latest published

  // Goals in plan order: pre-order over the tree, siblings by position then id.
  std::vector<const pb::GoalDefined*> GoalsInOrder() const;
  // Indicators of a goal by position then id.
  std::vector<const pb::IndicatorDefined*> IndicatorsOf(const std::string& goal_id) const;
  // Every indicator in plan order (by goal in plan order, then position).
  std::vector<const pb::IndicatorDefined*> IndicatorsInOrder() const;
  std::vector<const pb::ActivityDefined*> ActivitiesInOrder() const;
  std::vector<const pb::AssignmentDefined*> AssignmentsInOrder() const;
  const pb::Target* TargetOf(const std::string& indicator_id, const std::string& breakdown) const;
  // The latest report for `period` or earlier in the plan's year; null if none.
  const pb::ActivityStatusReported* ActivityStatusAt(const std::string& id, PeriodKey period) const;
  const pb::AssignmentStatusReported* AssignmentStatusAt(const std::string& id,
                                                         PeriodKey period) const;
  const pb::AssessmentRecorded* AssessmentAt(const std::string& goal_id, PeriodKey period) const;
};

struct ValueKey {
  std::string board;
  std::string indicator;
  std::string breakdown;
  PeriodKey period;
  friend auto operator<=>(const ValueKey&, const ValueKey&) = default;
};

struct ValueRevision {
  bool withdrawn = false;
  pb::IndicatorValueRecorded recorded;     // when !withdrawn
  pb::IndicatorValueWithdrawn withdrawal;  // when withdrawn
  Meta meta;
};

struct State {
  std::map<std::pair<std::string, int>, Plan> plans;      // (board, year)
  std::map<ValueKey, std::vector<ValueRevision>> values;  // oldest first
  // (unit, measure, period) and (unit, measure, year).
  std::map<std::tuple<std::string, int, PeriodKey>, pb::PersonnelFigureRecorded> personnel;
  std::map<std::tuple<std::string, int, int>, pb::PersonnelTargetSet> personnel_targets;
  std::vector<pb::ImportCompleted> imports;  // log order

  const Plan* FindPlan(const std::string& board, int year) const;
  // The current value of a row for a period: the latest recorded, null if none or if the
  // latest was withdrawn.
  const ValueRevision* LatestValue(const std::string& board, const std::string& indicator,
                                   const std::string& breakdown, PeriodKey period) const;
  int Revisions(const std::string& board, const std::string& indicator,
                const std::string& breakdown, PeriodKey period) const;
  const pb::ImportCompleted* FindImport(const std::string& sha256) const;
};

// Applies one event. Events the state does not know are ignored (a newer producer).
void Apply(State& state, const pb::GoalsEvent& event, const Meta& meta);

}  // namespace tertial::goals

#endif  // TERTIAL_GOALS_DOMAIN_STATE_H_
