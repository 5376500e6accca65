#ifndef TERTIAL_GOALS_GRPC_SERVICE_H_
#define TERTIAL_GOALS_GRPC_SERVICE_H_

// tertial.goals.v1.GoalService over GoalsCore: every call is authorized (controller for
// commands and imports, reader for queries) for the organisation it names before anything
// is read or decided.

#include <memory>

#include "core.h"
#include "tertial/goals/v1/service.grpc.pb.h"
#include "tertial/grpcutil/auth.h"

namespace tertial::goals {

// Whether a request's period is checked before anything else (GoalServiceImpl::Submit).
enum class PeriodCheck { kNone, kRequired };

class GoalServiceImpl final : public pb::GoalService::Service {
 public:
  // `core` outlives the service; `authorizer` null means open.
  GoalServiceImpl(GoalsCore* core, std::shared_ptr<const grpcutil::Authorizer> authorizer);

  grpc::Status Import(grpc::ServerContext*, const pb::ImportRequest*, pb::ImportResult*) override;
  grpc::Status DefinePlan(grpc::ServerContext*, const pb::DefinePlanRequest*,
                          pb::CommandResult*) override;
  grpc::Status DefineGoal(grpc::ServerContext*, const pb::DefineGoalRequest*,
                          pb::CommandResult*) override;
  grpc::Status DefineIndicator(grpc::ServerContext*, const pb::DefineIndicatorRequest*,
                               pb::CommandResult*) override;
  grpc::Status DefineActivity(grpc::ServerContext*, const pb::DefineActivityRequest*,
                              pb::CommandResult*) override;
  grpc::Status DefineAssignment(grpc::ServerContext*, const pb::DefineAssignmentRequest*,
                                pb::CommandResult*) override;
  grpc::Status RemovePlanItem(grpc::ServerContext*, const pb::RemovePlanItemRequest*,
                              pb::CommandResult*) override;
  grpc::Status SetTarget(grpc::ServerContext*, const pb::SetTargetRequest*,
                         pb::CommandResult*) override;
  grpc::Status RecordIndicatorValue(grpc::ServerContext*, const pb::RecordIndicatorValueRequest*,
                                    pb::CommandResult*) override;
  grpc::Status WithdrawIndicatorValue(grpc::ServerContext*,
                                      const pb::WithdrawIndicatorValueRequest*,
                                      pb::CommandResult*) override;
  grpc::Status RecordAssessment(grpc::ServerContext*, const pb::RecordAssessmentRequest*,
                                pb::CommandResult*) override;
  grpc::Status ReportActivityStatus(grpc::ServerContext*, const pb::ReportActivityStatusRequest*,
                                    pb::CommandResult*) override;
  grpc::Status ReportAssignmentStatus(grpc::ServerContext*,
                                      const pb::ReportAssignmentStatusRequest*,
                                      pb::CommandResult*) override;
  grpc::Status RecordPersonnelFigure(grpc::ServerContext*, const pb::RecordPersonnelFigureRequest*,
                                     pb::CommandResult*) override;
  grpc::Status SetPersonnelTarget(grpc::ServerContext*, const pb::SetPersonnelTargetRequest*,
                                  pb::CommandResult*) override;

  grpc::Status GetGoalReport(grpc::ServerContext*, const pb::GetGoalReportRequest*,
                             pb::GoalReport*) override;
  grpc::Status GetIndicatorTable(grpc::ServerContext*, const pb::GetIndicatorTableRequest*,
                                 pb::IndicatorTable*) override;
  grpc::Status GetActivityCounts(grpc::ServerContext*, const pb::GetActivityCountsRequest*,
                                 pb::ActivityCountsResponse*) override;
  grpc::Status ListActivities(grpc::ServerContext*, const pb::ListActivitiesRequest*,
                              pb::ListActivitiesResponse*) override;
  grpc::Status ListAssignments(grpc::ServerContext*, const pb::ListAssignmentsRequest*,
                               pb::ListAssignmentsResponse*) override;
  grpc::Status GetPersonnel(grpc::ServerContext*, const pb::GetPersonnelRequest*,
                            pb::PersonnelTable*) override;
  grpc::Status GetValueHistory(grpc::ServerContext*, const pb::GetValueHistoryRequest*,
                               pb::ValueHistory*) override;
  grpc::Status ListPlans(grpc::ServerContext*, const pb::ListPlansRequest*,
                         pb::ListPlansResponse*) override;
  grpc::Status ListImports(grpc::ServerContext*, const pb::ListImportsRequest*,
                           pb::ListImportsResponse*) override;

 private:
  // Resolves and authorizes the organisation of a call.
  // What a list shows: the organisation asked for, else the token's own when it is for one
  // organisation (lists show what the token may see), else "" (Authorize decides).
  absl::StatusOr<std::string> ListScope(const grpc::ServerContext* context,
                                        const std::string& requested);
  absl::StatusOr<std::string> Authorize(const grpc::ServerContext* context,
                                        const std::string& requested, grpcutil::Role role);
  // The actor of a command: the token's subject when tokens are in use, else as given.
  std::string Actor(const grpc::ServerContext* context, const std::string& given) const;
  grpc::Status Command(grpc::ServerContext* context, const std::string& organisation,
                       const std::string& actor, pb::GoalsEvent event, pb::CommandResult* result);
  // A command from a request: its text (and period) checked, then the fact `build` makes
  // (void(pb::GoalsEvent&), or absl::Status(pb::GoalsEvent&) when it can refuse) proposed.
  template <typename Request, typename Build>
  grpc::Status Submit(grpc::ServerContext* context, const Request& request, PeriodCheck period,
                      pb::CommandResult* result, Build&& build);
  template <typename Fn>
  grpc::Status Query(grpc::ServerContext* context, const std::string& organisation, Fn&& fn);
  // A query about a board's plan for a period: text and period checked, the plan of the
  // request's board and the period's year found, then `fn(state, plan)` fills the answer.
  template <typename Request, typename Fn>
  grpc::Status PlanQuery(grpc::ServerContext* context, const Request& request, Fn&& fn);

  GoalsCore* core_;
  std::shared_ptr<const grpcutil::Authorizer> authorizer_;
};

}  // namespace tertial::goals

#endif  // TERTIAL_GOALS_GRPC_SERVICE_H_
