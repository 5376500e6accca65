#ifndef TERTIAL_SERVICES_REPORTING_SRC_GOALS_INPUT_H_
#define TERTIAL_SERVICES_REPORTING_SRC_GOALS_INPUT_H_

// The goals part of a report's input (the goals topic as the reporting projection keeps
// it, projection.h): the board's plan for the period's year with its nämndmål and their
// assessments, the indicators with their targets and values, the activity counts and the
// goals service's checks from its evaluation, strategic assignments and personnel
// figures. Part of LoadInput (input_loader.h).

#include <string_view>

#include "absl/status/status.h"
#include "domain/builder.h"
#include "tertial/projection/store.h"

namespace tertial::reporting {

// Fills the goals fields of `in` (goals, indicator_periods, indicators,
// indicator_footnotes, activities, assignments, personnel). `in->units` must be loaded:
// without a reporting unit in the plan, personnel figures are the board's first
// förvaltning's.
absl::Status LoadGoalsInput(const projection::Reader& db, std::string_view organisation,
                            std::string_view board, const period::Period& period, BuildInput* in);

}  // namespace tertial::reporting

#endif  // TERTIAL_SERVICES_REPORTING_SRC_GOALS_INPUT_H_
