#ifndef TERTIAL_GOALS_DOMAIN_TARGET_EVAL_H_
#define TERTIAL_GOALS_DOMAIN_TARGET_EVAL_H_

// Whether an indicator row meets its target at a period: met, not met, no data or no
// target, with the reason in words. Pure.
//
// Rules:
//  - no target, "–" or "I.U." as the target: no target;
//  - no value, or an I.U. value: no data (never zero);
//  - a comparison: the value compared exactly (decimals of any scale); a range meets it
//    only if both ends do;
//  - a direction (öka/minska): the value against the baseline's value, strictly; no
//    baseline value is no data. A range moved only if all of it lies beyond the baseline.

#include "tertial/goals/v1/events.pb.h"

namespace tertial::goals {

namespace pb = ::tertial::goals::v1;

struct RowInput {
  const pb::Target* target = nullptr;            // null: no target set
  const pb::IndicatorValue* value = nullptr;     // null: no value for the period
  const pb::IndicatorValue* baseline = nullptr;  // null: no baseline value
  pb::ValuePeriod period;
  pb::ValuePeriod baseline_period;
};

// Fills status, reason, value, baseline, baseline_period and target; the caller sets the
// ids and the value's source.
pb::IndicatorEvaluation EvaluateRow(const RowInput& input);

// The baseline period of a direction target in a plan of `plan_year`.
pb::ValuePeriod BaselinePeriod(const pb::Target& target, int plan_year);

}  // namespace tertial::goals

#endif  // TERTIAL_GOALS_DOMAIN_TARGET_EVAL_H_
