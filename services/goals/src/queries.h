#ifndef TERTIAL_GOALS_QUERIES_H_
#define TERTIAL_GOALS_QUERIES_H_

// The answers to GoalService's queries, built from an organisation's State with the
// same evaluation the service publishes, so a query and the published events never
// disagree. No I/O.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/state.h"
#include "tertial/goals/v1/service.pb.h"

namespace tertial::goals {

// The plan of `board` for `year`; an empty board means the only board with a plan that
// year.
absl::StatusOr<const Plan*> ResolvePlan(const State& state, const std::string& board, int year);

pb::GoalReport BuildGoalReport(const State& state, const Plan& plan, const pb::ValuePeriod& period);

// Columns empty: the two whole years before the period's year, then the period.
pb::IndicatorTable BuildIndicatorTable(const State& state, const Plan& plan,
                                       const pb::ValuePeriod& period,
                                       std::vector<pb::ValuePeriod> columns);

pb::ListActivitiesResponse BuildActivities(const Plan& plan, const pb::ValuePeriod& period);
pb::ListAssignmentsResponse BuildAssignments(const Plan& plan, const pb::ValuePeriod& period);

// `unit` empty: the reporting unit of the period's year's plan, else the only unit with
// figures.
absl::StatusOr<pb::PersonnelTable> BuildPersonnel(const State& state, const std::string& unit,
                                                  const pb::ValuePeriod& period);

pb::ValueHistory BuildValueHistory(const State& state, const std::string& board,
                                   const std::string& indicator, const std::string& breakdown,
                                   const pb::ValuePeriod& period);

pb::ListPlansResponse BuildPlans(const State& state);

}  // namespace tertial::goals

#endif  // TERTIAL_GOALS_QUERIES_H_
