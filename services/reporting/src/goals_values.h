#ifndef TERTIAL_SERVICES_REPORTING_SRC_GOALS_VALUES_H_
#define TERTIAL_SERVICES_REPORTING_SRC_GOALS_VALUES_H_

// The goals service's values, targets, statuses and checks (goals.v1 events) as the
// report's builder takes them (domain/builder.h). Used by the input loader.

#include <optional>
#include <string>

#include "domain/builder.h"
#include "tertial/goals/v1/events.pb.h"

namespace tertial::reporting {

IndicatorValue ToValue(const goals::v1::IndicatorValue& v);
Target ToTarget(const goals::v1::Target& t);
IndicatorStatus ToStatus(goals::v1::IndicatorStatus s);
Assessment ToAssessment(goals::v1::Assessment a);
// The goals service's check of a goal's assessment in an evaluation, if it has one.
std::optional<AssessmentCheck> CheckOf(const goals::v1::EvaluationPublished& evaluation,
                                       const std::string& goal_id);

}  // namespace tertial::reporting

#endif  // TERTIAL_SERVICES_REPORTING_SRC_GOALS_VALUES_H_
