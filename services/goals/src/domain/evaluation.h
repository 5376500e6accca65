#ifndef TERTIAL_GOALS_DOMAIN_EVALUATION_H_
#define TERTIAL_GOALS_DOMAIN_EVALUATION_H_

// What a plan looks like at a period: every indicator row's status, every board goal's
// assessment checked against its indicators, and the activities counted by status. The
// goals service publishes this (EvaluationPublished) and answers queries with it. Pure.
//
// The value of a row "at" a period is the one recorded for exactly that period; for the
// year's end, a whole-year value and a December value stand in for each other.
//
// The contradiction check looks at the total rows of a board goal's indicators that have
// both a value and a target (met or not met):
//   uppfylls     while every one of them is not met      -> contradicted
//   uppfylls ej  while every one of them is met          -> contradicted
//   none of them                                         -> not checkable
//   otherwise                                            -> consistent
// "Uppfylls delvis" and "kan ej bedömas" are never contradicted: a partial result is
// compatible with any mix, and the assessment also weighs activities.

#include <vector>

#include "domain/finance.h"
#include "domain/state.h"
#include "tertial/goals/v1/events.pb.h"

namespace tertial::goals {

namespace pb = ::tertial::goals::v1;

pb::EvaluationPublished EvaluatePlan(const State& state, const Plan& plan,
                                     const pb::ValuePeriod& period);

// One row of an indicator at a period.
pb::IndicatorEvaluation EvaluateIndicatorRow(const State& state, const Plan& plan,
                                             const pb::IndicatorDefined& indicator,
                                             const std::string& breakdown,
                                             const pb::ValuePeriod& period);

// The value of a row at a period as described above; null if none.
const ValueRevision* ValueAt(const State& state, const std::string& board,
                             const std::string& indicator, const std::string& breakdown,
                             const pb::ValuePeriod& period);

pb::GoalEvaluation CheckGoal(const pb::GoalDefined& goal, const pb::AssessmentRecorded* assessment,
                             const std::vector<pb::IndicatorEvaluation>& totals,
                             const pb::ValuePeriod& period);

// Counts as of a period; `goal_id` non-empty: only activities that support that goal.
pb::ActivityCounts CountActivities(const Plan& plan, const pb::ValuePeriod& period,
                                   const std::string& goal_id = "");

// The periods of the plan's year at which something is reported (typed or imported
// values, assessments, activity and assignment statuses), the ledger periods of that year
// that are closed (and the whole year once its last period is), and those already
// published. Ledger-derived values, which exist for every month, do not add periods.
std::vector<pb::ValuePeriod> EvaluationPeriods(const State& state, const Plan& plan,
                                               const LedgerFacts& ledger);

}  // namespace tertial::goals

#endif  // TERTIAL_GOALS_DOMAIN_EVALUATION_H_
