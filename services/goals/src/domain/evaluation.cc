#include "domain/evaluation.h"

#include <set>
#include <string>

#include "domain/target_eval.h"
#include "tertial/base/strings.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::goals {

const ValueRevision* ValueAt(const State& state, const std::string& board,
                             const std::string& indicator, const std::string& breakdown,
                             const pb::ValuePeriod& period) {
  PeriodKey key = KeyOf(period);
  if (const ValueRevision* v = state.LatestValue(board, indicator, breakdown, key)) return v;
  if (key.second == 12) return state.LatestValue(board, indicator, breakdown, {key.first, 0});
  if (key.second == 0) return state.LatestValue(board, indicator, breakdown, {key.first, 12});
  return nullptr;
}

pb::IndicatorEvaluation EvaluateIndicatorRow(const State& state, const Plan& plan,
                                             const pb::IndicatorDefined& indicator,
                                             const std::string& breakdown,
                                             const pb::ValuePeriod& period) {
  const std::string& board = plan.plan.board_unit_id();
  RowInput input;
  input.target = plan.TargetOf(indicator.indicator_id(), breakdown);
  input.period = period;
  const ValueRevision* value = ValueAt(state, board, indicator.indicator_id(), breakdown, period);
  if (value != nullptr) input.value = &value->recorded.value();
  if (input.target != nullptr && input.target->has_direction()) {
    input.baseline_period = BaselinePeriod(*input.target, plan.plan.year());
    const ValueRevision* baseline =
        ValueAt(state, board, indicator.indicator_id(), breakdown, input.baseline_period);
    if (baseline != nullptr) input.baseline = &baseline->recorded.value();
  }
  pb::IndicatorEvaluation out = EvaluateRow(input);
  out.set_indicator_id(indicator.indicator_id());
  out.set_breakdown(breakdown);
  if (value != nullptr) out.set_value_source(value->recorded.source());
  return out;
}

pb::GoalEvaluation CheckGoal(const pb::GoalDefined& goal, const pb::AssessmentRecorded* assessment,
                             const std::vector<pb::IndicatorEvaluation>& totals,
                             const pb::ValuePeriod& period) {
  pb::GoalEvaluation out;
  out.set_goal_id(goal.goal_id());
  int met = 0, not_met = 0;
  for (const pb::IndicatorEvaluation& e : totals) {
    switch (e.status()) {
      case pb::INDICATOR_STATUS_MET:
        ++met;
        break;
      case pb::INDICATOR_STATUS_NOT_MET:
        ++not_met;
        break;
      case pb::INDICATOR_STATUS_NO_DATA:
        out.set_indicators_no_data(out.indicators_no_data() + 1);
        break;
      default:
        out.set_indicators_no_target(out.indicators_no_target() + 1);
        break;
    }
  }
  out.set_indicators_met(met);
  out.set_indicators_not_met(not_met);
  const int evaluated = met + not_met;
  if (assessment == nullptr) {
    out.set_verdict(pb::CHECK_VERDICT_NOT_ASSESSED);
    out.set_reason(StrCat("no assessment for ", FormatPeriod(period)));
    return out;
  }
  out.set_assessment(assessment->assessment());
  const std::string assessed(AssessmentName(assessment->assessment()));
  if (evaluated == 0) {
    out.set_verdict(pb::CHECK_VERDICT_NOT_CHECKABLE);
    out.set_reason(totals.empty() ? "the goal has no indicators"
                                  : "no indicator has both a value and a target");
    return out;
  }
  auto indicators = [](int n) { return StrCat(n, n == 1 ? " indicator" : " indicators"); };
  if (assessment->assessment() == pb::ASSESSMENT_MET && met == 0) {
    out.set_verdict(pb::CHECK_VERDICT_CONTRADICTED);
    out.set_reason(StrCat(
        "assessed ", assessed, ", but ",
        evaluated == 1 ? "the only indicator with data misses its target"
                       : StrCat("all ", indicators(evaluated), " with data miss their targets")));
    return out;
  }
  if (assessment->assessment() == pb::ASSESSMENT_NOT_MET && not_met == 0) {
    out.set_verdict(pb::CHECK_VERDICT_CONTRADICTED);
    out.set_reason(StrCat(
        "assessed ", assessed, ", but ",
        evaluated == 1 ? "the only indicator with data meets its target"
                       : StrCat("all ", indicators(evaluated), " with data meet their targets")));
    return out;
  }
  out.set_verdict(pb::CHECK_VERDICT_CONSISTENT);
  if (evaluated == 1) {
    out.set_reason(met == 1 ? "the only indicator with data meets its target"
                            : "the only indicator with data misses its target");
  } else {
    out.set_reason(StrCat(met, " of ", indicators(evaluated), " with data meet their targets"));
  }
  return out;
}

pb::ActivityCounts CountActivities(const Plan& plan, const pb::ValuePeriod& period,
                                   const std::string& goal_id) {
  pb::ActivityCounts counts;
  const int year = plan.plan.year();
  for (const pb::ActivityDefined* activity : plan.ActivitiesInOrder()) {
    if (!goal_id.empty()) {
      bool supports = false;
      for (const std::string& g : activity->goal_ids()) supports = supports || g == goal_id;
      if (!supports) continue;
    }
    counts.set_total(counts.total() + 1);
    const pb::ActivityStatusReported* status =
        plan.ActivityStatusAt(activity->activity_id(), KeyOf(period));
    if (status == nullptr) {
      counts.set_unreported(counts.unreported() + 1);
      counts.set_not_followed_up(counts.not_followed_up() + 1);
      continue;
    }
    switch (status->status()) {
      case pb::ACTIVITY_STATUS_DONE:
        counts.set_done(counts.done() + 1);
        break;
      case pb::ACTIVITY_STATUS_ONGOING:
        counts.set_ongoing(counts.ongoing() + 1);
        break;
      case pb::ACTIVITY_STATUS_PAUSED:
        counts.set_paused(counts.paused() + 1);
        break;
      case pb::ACTIVITY_STATUS_REMAINING:
        counts.set_remaining(counts.remaining() + 1);
        break;
      case pb::ACTIVITY_STATUS_CANCELLED:
        counts.set_cancelled(counts.cancelled() + 1);
        break;
      default:
        counts.set_not_followed_up(counts.not_followed_up() + 1);
        break;
    }
    if (status->postponed_to_year() == year) {
      counts.set_postponed_within_year(counts.postponed_within_year() + 1);
    } else if (status->postponed_to_year() > year) {
      counts.set_postponed_to_later_year(counts.postponed_to_later_year() + 1);
    }
  }
  return counts;
}

pb::EvaluationPublished EvaluatePlan(const State& state, const Plan& plan,
                                     const pb::ValuePeriod& period) {
  pb::EvaluationPublished out;
  out.set_board_unit_id(plan.plan.board_unit_id());
  out.set_year(plan.plan.year());
  *out.mutable_period() = period;
  for (const pb::GoalDefined* goal : plan.GoalsInOrder()) {
    if (goal->level() != pb::GOAL_LEVEL_BOARD_GOAL) continue;
    std::vector<pb::IndicatorEvaluation> totals;
    for (const pb::IndicatorDefined* indicator : plan.IndicatorsOf(goal->goal_id())) {
      pb::IndicatorEvaluation total = EvaluateIndicatorRow(state, plan, *indicator, "", period);
      totals.push_back(total);
      *out.add_indicators() = std::move(total);
      for (const pb::BreakdownRow& row : indicator->breakdowns()) {
        *out.add_indicators() = EvaluateIndicatorRow(state, plan, *indicator, row.id(), period);
      }
    }
    *out.add_goals() =
        CheckGoal(*goal, plan.AssessmentAt(goal->goal_id(), KeyOf(period)), totals, period);
  }
  *out.mutable_activities() = CountActivities(plan, period);
  return out;
}

std::vector<pb::ValuePeriod> EvaluationPeriods(const State& state, const Plan& plan,
                                               const LedgerFacts& ledger) {
  const int year = plan.plan.year();
  const std::string& board = plan.plan.board_unit_id();
  std::set<PeriodKey> periods;
  for (const auto& [id, indicator] : plan.indicators) {
    for (auto it = state.values.lower_bound(ValueKey{board, id, "", {year, 0}});
         it != state.values.end() && it->first.board == board && it->first.indicator == id; ++it) {
      // Ledger-derived values exist for every month; they do not make a period reported.
      if (it->first.period.first != year || it->second.empty() ||
          (!it->second.back().withdrawn &&
           it->second.back().recorded.source() == pb::VALUE_SOURCE_LEDGER)) {
        continue;
      }
      periods.insert(it->first.period);
    }
  }
  for (const auto& [key, value] : plan.assessments) {
    if (key.second.first == year) periods.insert(key.second);
  }
  for (const auto& [key, value] : plan.activity_statuses) {
    if (key.second.first == year) periods.insert(key.second);
  }
  for (const auto& [key, value] : plan.assignment_statuses) {
    if (key.second.first == year) periods.insert(key.second);
  }
  period::FiscalYear fy = ledger.FiscalYearOf(year);
  for (const PeriodKey& closed : ledger.closed) {
    if (fy.Contains(period::Period{closed.first, closed.second})) periods.insert(closed);
  }
  period::Period year_end = fy.Periods().last;
  if (ledger.closed.count({year_end.year, year_end.month})) periods.insert({year, 0});
  for (const auto& [key, published] : plan.evaluations) periods.insert(key);
  std::vector<pb::ValuePeriod> out;
  for (const PeriodKey& key : periods) out.push_back(PeriodOf(key));
  return out;
}

}  // namespace tertial::goals
