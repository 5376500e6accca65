#include "domain/state.h"

#include <algorithm>
#include <functional>

namespace tertial::goals {
namespace {

template <typename T>
void SortByPosition(std::vector<const T*>& items, const std::function<std::string(const T&)>& id) {
  std::stable_sort(items.begin(), items.end(), [&](const T* a, const T* b) {
    if (a->position() != b->position()) return a->position() < b->position();
    return id(*a) < id(*b);
  });
}

// The report for `period` or the latest earlier one of the same year. A whole-year report
// (month 0) counts as the year's last; a whole-year query sees every report of the year.
template <typename Map>
const typename Map::mapped_type* AsOf(const Map& map, const std::string& id, PeriodKey period) {
  int limit = period.second == 0 ? 13 : period.second;
  const typename Map::mapped_type* best = nullptr;
  int best_month = -1;
  for (auto it = map.lower_bound({id, PeriodKey{period.first, 0}});
       it != map.end() && it->first.first == id && it->first.second.first == period.first; ++it) {
    int month = it->first.second.second == 0 ? 13 : it->first.second.second;
    if (month <= limit && month > best_month) {
      best = &it->second;
      best_month = month;
    }
  }
  return best;
}

}  // namespace

pb::ValuePeriod PeriodOf(const PeriodKey& key) {
  pb::ValuePeriod p;
  p.set_year(key.first);
  p.set_month(key.second);
  return p;
}

std::vector<const pb::GoalDefined*> Plan::GoalsInOrder() const {
  std::map<std::string, std::vector<const pb::GoalDefined*>> children;
  for (const auto& [id, goal] : goals) {
    std::string parent = goals.count(goal.parent_id()) ? goal.parent_id() : "";
    children[parent].push_back(&goal);
  }
  for (auto& [parent, list] : children) {
    SortByPosition<pb::GoalDefined>(list, [](const pb::GoalDefined& g) { return g.goal_id(); });
  }
  std::vector<const pb::GoalDefined*> out;
  std::function<void(const std::string&, int)> walk = [&](const std::string& parent, int depth) {
    auto it = children.find(parent);
    if (it == children.end() || depth > 8) return;
    for (const pb::GoalDefined* goal : it->second) {
      out.push_back(goal);
      walk(goal->goal_id(), depth + 1);
    }
  };
  walk("", 0);
  return out;
}

std::vector<const pb::IndicatorDefined*> Plan::IndicatorsOf(const std::string& goal_id) const {
  std::vector<const pb::IndicatorDefined*> out;
  for (const auto& [id, indicator] : indicators) {
    if (indicator.goal_id() == goal_id) out.push_back(&indicator);
  }
  SortByPosition<pb::IndicatorDefined>(
      out, [](const pb::IndicatorDefined& i) { return i.indicator_id(); });
  return out;
}

std::vector<const pb::IndicatorDefined*> Plan::IndicatorsInOrder() const {
  std::vector<const pb::IndicatorDefined*> out;
  for (const pb::GoalDefined* goal : GoalsInOrder()) {
    for (const pb::IndicatorDefined* indicator : IndicatorsOf(goal->goal_id())) {
      out.push_back(indicator);
    }
  }
  // Indicators whose goal is missing still count, last.
  for (const auto& [id, indicator] : indicators) {
    if (!goals.count(indicator.goal_id())) out.push_back(&indicator);
  }
  return out;
}

std::vector<const pb::ActivityDefined*> Plan::ActivitiesInOrder() const {
  std::vector<const pb::ActivityDefined*> out;
  for (const auto& [id, activity] : activities) out.push_back(&activity);
  SortByPosition<pb::ActivityDefined>(out,
                                      [](const pb::ActivityDefined& a) { return a.activity_id(); });
  return out;
}

std::vector<const pb::AssignmentDefined*> Plan::AssignmentsInOrder() const {
  std::vector<const pb::AssignmentDefined*> out;
  for (const auto& [id, assignment] : assignments) out.push_back(&assignment);
  SortByPosition<pb::AssignmentDefined>(
      out, [](const pb::AssignmentDefined& a) { return a.assignment_id(); });
  return out;
}

const pb::Target* Plan::TargetOf(const std::string& indicator_id,
                                 const std::string& breakdown) const {
  auto it = targets.find({indicator_id, breakdown});
  return it == targets.end() ? nullptr : &it->second.target();
}

const pb::ActivityStatusReported* Plan::ActivityStatusAt(const std::string& id,
                                                         PeriodKey period) const {
  return AsOf(activity_statuses, id, period);
}

const pb::AssignmentStatusReported* Plan::AssignmentStatusAt(const std::string& id,
                                                             PeriodKey period) const {
  return AsOf(assignment_statuses, id, period);
}

const pb::AssessmentRecorded* Plan::AssessmentAt(const std::string& goal_id,
                                                 PeriodKey period) const {
  return AsOf(assessments, goal_id, period);
}

const Plan* State::FindPlan(const std::string& board, int year) const {
  auto it = plans.find({board, year});
  return it == plans.end() || !it->second.defined ? nullptr : &it->second;
}

const ValueRevision* State::LatestValue(const std::string& board, const std::string& indicator,
                                        const std::string& breakdown, PeriodKey period) const {
  auto it = values.find(ValueKey{board, indicator, breakdown, period});
  if (it == values.end() || it->second.empty() || it->second.back().withdrawn) return nullptr;
  return &it->second.back();
}

int State::Revisions(const std::string& board, const std::string& indicator,
                     const std::string& breakdown, PeriodKey period) const {
  auto it = values.find(ValueKey{board, indicator, breakdown, period});
  return it == values.end() ? 0 : static_cast<int>(it->second.size());
}

const pb::ImportCompleted* State::FindImport(const std::string& sha256) const {
  for (const pb::ImportCompleted& import : imports) {
    if (import.content_sha256() == sha256) return &import;
  }
  return nullptr;
}

void Apply(State& state, const pb::GoalsEvent& event, const Meta& meta) {
  switch (event.event_case()) {
    case pb::GoalsEvent::kPlanDefined: {
      const auto& e = event.plan_defined();
      Plan& plan = state.plans[{e.board_unit_id(), e.year()}];
      plan.defined = true;
      plan.plan = e;
      break;
    }
    case pb::GoalsEvent::kGoalDefined: {
      const auto& e = event.goal_defined();
      state.plans[{e.board_unit_id(), e.year()}].goals[e.goal_id()] = e;
      break;
    }
    case pb::GoalsEvent::kIndicatorDefined: {
      const auto& e = event.indicator_defined();
      state.plans[{e.board_unit_id(), e.year()}].indicators[e.indicator_id()] = e;
      break;
    }
    case pb::GoalsEvent::kTargetSet: {
      const auto& e = event.target_set();
      state.plans[{e.board_unit_id(), e.year()}].targets[{e.indicator_id(), e.breakdown()}] = e;
      break;
    }
    case pb::GoalsEvent::kIndicatorValueRecorded: {
      const auto& e = event.indicator_value_recorded();
      ValueRevision revision;
      revision.recorded = e;
      revision.meta = meta;
      state.values[ValueKey{e.board_unit_id(), e.indicator_id(), e.breakdown(), KeyOf(e.period())}]
          .push_back(std::move(revision));
      break;
    }
    case pb::GoalsEvent::kIndicatorValueWithdrawn: {
      const auto& e = event.indicator_value_withdrawn();
      ValueRevision revision;
      revision.withdrawn = true;
      revision.withdrawal = e;
      revision.meta = meta;
      state.values[ValueKey{e.board_unit_id(), e.indicator_id(), e.breakdown(), KeyOf(e.period())}]
          .push_back(std::move(revision));
      break;
    }
    case pb::GoalsEvent::kAssessmentRecorded: {
      const auto& e = event.assessment_recorded();
      state.plans[{e.board_unit_id(), e.year()}].assessments[{e.goal_id(), KeyOf(e.period())}] = e;
      break;
    }
    case pb::GoalsEvent::kActivityDefined: {
      const auto& e = event.activity_defined();
      state.plans[{e.board_unit_id(), e.year()}].activities[e.activity_id()] = e;
      break;
    }
    case pb::GoalsEvent::kActivityStatusReported: {
      const auto& e = event.activity_status_reported();
      state.plans[{e.board_unit_id(), e.year()}]
          .activity_statuses[{e.activity_id(), KeyOf(e.period())}] = e;
      break;
    }
    case pb::GoalsEvent::kAssignmentDefined: {
      const auto& e = event.assignment_defined();
      state.plans[{e.board_unit_id(), e.year()}].assignments[e.assignment_id()] = e;
      break;
    }
    case pb::GoalsEvent::kAssignmentStatusReported: {
      const auto& e = event.assignment_status_reported();
      state.plans[{e.board_unit_id(), e.year()}]
          .assignment_statuses[{e.assignment_id(), KeyOf(e.period())}] = e;
      break;
    }
    case pb::GoalsEvent::kPersonnelFigureRecorded: {
      const auto& e = event.personnel_figure_recorded();
      state.personnel[{e.unit_id(), e.measure(), KeyOf(e.period())}] = e;
      break;
    }
    case pb::GoalsEvent::kPersonnelTargetSet: {
      const auto& e = event.personnel_target_set();
      state.personnel_targets[{e.unit_id(), e.measure(), e.year()}] = e;
      break;
    }
    case pb::GoalsEvent::kPlanItemRemoved: {
      const auto& e = event.plan_item_removed();
      auto it = state.plans.find({e.board_unit_id(), e.year()});
      if (it == state.plans.end()) break;
      Plan& plan = it->second;
      switch (e.kind()) {
        case pb::PLAN_ITEM_KIND_GOAL:
          plan.goals.erase(e.id());
          break;
        case pb::PLAN_ITEM_KIND_INDICATOR:
          plan.indicators.erase(e.id());
          break;
        case pb::PLAN_ITEM_KIND_ACTIVITY:
          plan.activities.erase(e.id());
          break;
        case pb::PLAN_ITEM_KIND_ASSIGNMENT:
          plan.assignments.erase(e.id());
          break;
        default:
          break;
      }
      break;
    }
    case pb::GoalsEvent::kImportCompleted:
      state.imports.push_back(event.import_completed());
      break;
    case pb::GoalsEvent::kEvaluationPublished: {
      const auto& e = event.evaluation_published();
      state.plans[{e.board_unit_id(), e.year()}].evaluations[KeyOf(e.period())] = e;
      break;
    }
    case pb::GoalsEvent::EVENT_NOT_SET:
      break;
  }
}

}  // namespace tertial::goals
