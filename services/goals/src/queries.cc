#include "queries.h"

#include <set>

#include "domain/evaluation.h"
#include "tertial/base/strings.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::goals {
namespace {

pb::IndicatorRow Row(const State& state, const Plan& plan, const pb::IndicatorDefined& indicator,
                     const pb::BreakdownRow* breakdown, const pb::ValuePeriod& period,
                     const std::vector<pb::ValuePeriod>& columns) {
  const std::string row_id = breakdown == nullptr ? "" : breakdown->id();
  pb::IndicatorRow row;
  row.set_indicator_id(indicator.indicator_id());
  row.set_breakdown(row_id);
  row.set_label(breakdown == nullptr ? indicator.name() : breakdown->label());
  row.set_unit(indicator.unit());
  row.set_scope(indicator.scope());
  row.set_goal_id(indicator.goal_id());
  row.set_source_note(indicator.source_note());
  row.set_derived(indicator.has_derivation());
  if (breakdown == nullptr) {
    for (int n : indicator.footnotes()) row.add_footnotes(n);
  }
  if (const pb::Target* target = plan.TargetOf(indicator.indicator_id(), row_id)) {
    *row.mutable_target() = *target;
  }
  *row.mutable_evaluation() = EvaluateIndicatorRow(state, plan, indicator, row_id, period);
  for (const pb::ValuePeriod& column : columns) {
    pb::ColumnValue* cell = row.add_values();
    *cell->mutable_period() = column;
    const ValueRevision* value =
        ValueAt(state, plan.plan.board_unit_id(), indicator.indicator_id(), row_id, column);
    if (value == nullptr) continue;
    *cell->mutable_value() = value->recorded.value();
    cell->set_source(value->recorded.source());
    cell->set_revisions(state.Revisions(plan.plan.board_unit_id(), indicator.indicator_id(), row_id,
                                        KeyOf(column)) -
                        1);
    if (value->recorded.has_derived()) *cell->mutable_derived() = value->recorded.derived();
  }
  return row;
}

std::vector<pb::IndicatorRow> RowsOf(const State& state, const Plan& plan,
                                     const pb::IndicatorDefined& indicator,
                                     const pb::ValuePeriod& period,
                                     const std::vector<pb::ValuePeriod>& columns) {
  std::vector<pb::IndicatorRow> out = {Row(state, plan, indicator, nullptr, period, columns)};
  for (const pb::BreakdownRow& b : indicator.breakdowns()) {
    out.push_back(Row(state, plan, indicator, &b, period, columns));
  }
  return out;
}

std::vector<pb::ValuePeriod> DefaultColumns(const pb::ValuePeriod& period) {
  return {MakePeriod(period.year() - 2, 0), MakePeriod(period.year() - 1, 0), period};
}

}  // namespace

absl::StatusOr<const Plan*> ResolvePlan(const State& state, const std::string& board, int year) {
  if (!board.empty()) {
    const Plan* plan = state.FindPlan(board, year);
    if (plan == nullptr) {
      return absl::NotFoundError(StrCat("board ", board, " has no plan for ", year));
    }
    return plan;
  }
  std::vector<const Plan*> plans;
  std::string names;
  for (const auto& [key, plan] : state.plans) {
    if (key.second != year || !plan.defined) continue;
    plans.push_back(&plan);
    StrAppend(&names, names.empty() ? "" : ", ", key.first);
  }
  if (plans.empty()) return absl::NotFoundError(StrCat("no plan for ", year));
  if (plans.size() > 1) {
    return absl::InvalidArgumentError(
        StrCat("several boards have plans for ", year, " (", names, "): name the board"));
  }
  return plans[0];
}

pb::GoalReport BuildGoalReport(const State& state, const Plan& plan,
                               const pb::ValuePeriod& period) {
  pb::GoalReport report;
  *report.mutable_plan() = plan.plan;
  *report.mutable_period() = period;
  std::vector<pb::ValuePeriod> columns = DefaultColumns(period);
  pb::EvaluationPublished evaluation = EvaluatePlan(state, plan, period);
  for (const pb::GoalDefined* goal : plan.GoalsInOrder()) {
    pb::GoalNode* node = report.add_goals();
    *node->mutable_goal() = *goal;
    if (goal->level() != pb::GOAL_LEVEL_BOARD_GOAL) continue;
    if (const pb::AssessmentRecorded* a = plan.AssessmentAt(goal->goal_id(), KeyOf(period))) {
      *node->mutable_assessment() = *a;
    }
    for (const pb::GoalEvaluation& g : evaluation.goals()) {
      if (g.goal_id() == goal->goal_id()) *node->mutable_evaluation() = g;
    }
    for (const pb::IndicatorDefined* indicator : plan.IndicatorsOf(goal->goal_id())) {
      for (pb::IndicatorRow& row : RowsOf(state, plan, *indicator, period, columns)) {
        *node->add_indicators() = std::move(row);
      }
    }
    *node->mutable_activities() = CountActivities(plan, period, goal->goal_id());
    switch (node->evaluation().assessment()) {
      case pb::ASSESSMENT_MET:
        report.set_goals_met(report.goals_met() + 1);
        break;
      case pb::ASSESSMENT_PARTLY_MET:
        report.set_goals_partly_met(report.goals_partly_met() + 1);
        break;
      case pb::ASSESSMENT_NOT_MET:
        report.set_goals_not_met(report.goals_not_met() + 1);
        break;
      case pb::ASSESSMENT_CANNOT_BE_ASSESSED:
        report.set_goals_cannot_be_assessed(report.goals_cannot_be_assessed() + 1);
        break;
      default:
        report.set_goals_not_assessed(report.goals_not_assessed() + 1);
        break;
    }
    if (node->evaluation().verdict() == pb::CHECK_VERDICT_CONTRADICTED) {
      report.set_contradictions(report.contradictions() + 1);
    }
  }
  *report.mutable_activities() = evaluation.activities();
  return report;
}

pb::IndicatorTable BuildIndicatorTable(const State& state, const Plan& plan,
                                       const pb::ValuePeriod& period,
                                       std::vector<pb::ValuePeriod> columns) {
  if (columns.empty()) columns = DefaultColumns(period);
  pb::IndicatorTable table;
  *table.mutable_plan() = plan.plan;
  *table.mutable_period() = period;
  for (const pb::ValuePeriod& c : columns) *table.add_columns() = c;
  for (const pb::IndicatorDefined* indicator : plan.IndicatorsInOrder()) {
    for (pb::IndicatorRow& row : RowsOf(state, plan, *indicator, period, columns)) {
      *table.add_rows() = std::move(row);
    }
  }
  return table;
}

pb::ListActivitiesResponse BuildActivities(const Plan& plan, const pb::ValuePeriod& period) {
  pb::ListActivitiesResponse out;
  for (const pb::ActivityDefined* activity : plan.ActivitiesInOrder()) {
    pb::ActivityRow* row = out.add_activities();
    *row->mutable_activity() = *activity;
    if (const auto* s = plan.ActivityStatusAt(activity->activity_id(), KeyOf(period))) {
      *row->mutable_status() = *s;
    }
  }
  return out;
}

pb::ListAssignmentsResponse BuildAssignments(const Plan& plan, const pb::ValuePeriod& period) {
  pb::ListAssignmentsResponse out;
  for (const pb::AssignmentDefined* assignment : plan.AssignmentsInOrder()) {
    pb::AssignmentRow* row = out.add_assignments();
    *row->mutable_assignment() = *assignment;
    if (const auto* s = plan.AssignmentStatusAt(assignment->assignment_id(), KeyOf(period))) {
      *row->mutable_status() = *s;
    }
  }
  return out;
}

absl::StatusOr<pb::PersonnelTable> BuildPersonnel(const State& state, const std::string& unit_in,
                                                  const pb::ValuePeriod& period) {
  std::set<std::string> units;
  for (const auto& [key, figure] : state.personnel) units.insert(std::get<0>(key));
  for (const auto& [key, target] : state.personnel_targets) units.insert(std::get<0>(key));
  std::string unit = unit_in;
  if (unit.empty()) {
    for (const auto& [key, plan] : state.plans) {
      if (key.second == period.year() && plan.defined &&
          units.count(plan.plan.reporting_unit_id())) {
        unit = plan.plan.reporting_unit_id();
      }
    }
  }
  if (unit.empty() && units.size() == 1) unit = *units.begin();
  if (unit.empty()) {
    return units.empty()
               ? absl::NotFoundError("no personnel figures recorded")
               : absl::InvalidArgumentError("several units have personnel figures: name the unit");
  }
  pb::PersonnelTable table;
  table.set_unit_id(unit);
  *table.mutable_period() = period;
  for (pb::PersonnelMeasure measure :
       {pb::PERSONNEL_MEASURE_PERMANENT_EMPLOYEES, pb::PERSONNEL_MEASURE_SICK_LEAVE,
        pb::PERSONNEL_MEASURE_STAFF_TURNOVER}) {
    pb::PersonnelRow row;
    row.set_measure(measure);
    bool any = false;
    auto target = state.personnel_targets.find({unit, measure, period.year()});
    if (target != state.personnel_targets.end()) {
      *row.mutable_target() = target->second.target();
      any = true;
    }
    auto now = state.personnel.find({unit, measure, KeyOf(period)});
    if (now != state.personnel.end()) {
      *row.mutable_value() = now->second.value();
      any = true;
    }
    auto before = state.personnel.find({unit, measure, {period.year() - 1, period.month()}});
    if (before != state.personnel.end()) {
      *row.mutable_previous_year() = before->second.value();
      any = true;
    }
    if (any) *table.add_rows() = std::move(row);
  }
  return table;
}

pb::ValueHistory BuildValueHistory(const State& state, const std::string& board,
                                   const std::string& indicator, const std::string& breakdown,
                                   const pb::ValuePeriod& period) {
  pb::ValueHistory history;
  for (auto it = state.values.lower_bound(ValueKey{board, indicator, breakdown, {0, 0}});
       it != state.values.end() && it->first.board == board && it->first.indicator == indicator &&
       it->first.breakdown == breakdown;
       ++it) {
    if (period.year() != 0 && it->first.period != KeyOf(period)) continue;
    for (const ValueRevision& revision : it->second) {
      pb::ValueRevision* out = history.add_revisions();
      if (revision.withdrawn) {
        *out->mutable_withdrawn() = revision.withdrawal;
      } else {
        *out->mutable_recorded() = revision.recorded;
      }
      out->set_actor(revision.meta.actor);
      out->set_recorded_at_seconds(revision.meta.recorded_at_seconds);
      out->set_event_id(revision.meta.event_id);
    }
  }
  return history;
}

pb::ListPlansResponse BuildPlans(const State& state) {
  pb::ListPlansResponse out;
  for (const auto& [key, plan] : state.plans) {
    if (!plan.defined) continue;
    pb::PlanSummary* s = out.add_plans();
    *s->mutable_plan() = plan.plan;
    s->set_goals(static_cast<int>(plan.goals.size()));
    int board_goals = 0;
    for (const auto& [id, goal] : plan.goals)
      board_goals += goal.level() == pb::GOAL_LEVEL_BOARD_GOAL;
    s->set_board_goals(board_goals);
    s->set_indicators(static_cast<int>(plan.indicators.size()));
    s->set_activities(static_cast<int>(plan.activities.size()));
    s->set_assignments(static_cast<int>(plan.assignments.size()));
  }
  return out;
}

}  // namespace tertial::goals
