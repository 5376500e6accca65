#include "grpc_service.h"

#include <grpcpp/server_context.h>

#include <type_traits>

#include "domain/evaluation.h"
#include "import/importers.h"
#include "queries.h"
#include "tertial/base/strings.h"
#include "tertial/grpcutil/message_text.h"
#include "tertial/grpcutil/read_call.h"
#include "tertial/grpcutil/status.h"
#include "tertial/metrics/registry.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::goals {
namespace {

using grpcutil::Role;
using grpcutil::ToGrpc;

absl::StatusOr<pb::IndicatorValue> ValueOf(const std::string& text,
                                           const pb::IndicatorValue& value) {
  if (!text.empty()) return ParseValue(text);
  if (value.kind_case() == pb::IndicatorValue::KIND_NOT_SET) {
    return absl::InvalidArgumentError("the value is missing (value_text or value)");
  }
  return value;
}

absl::StatusOr<pb::Target> TargetOf(const std::string& text, const pb::Target& target,
                                    pb::Polarity polarity) {
  if (!text.empty()) return ParseTarget(text, polarity);
  if (target.form_case() == pb::Target::FORM_NOT_SET) {
    return absl::InvalidArgumentError("the target is missing (target_text or target)");
  }
  return target;
}

absl::Status RequirePeriod(const pb::ValuePeriod& period) {
  if (period.year() < 1900 || period.year() > 2200 || period.month() < 0 || period.month() > 12) {
    return absl::InvalidArgumentError(
        "period: expected a year and a month 0..12 (0 = the whole year)");
  }
  return absl::OkStatus();
}

// The first checks of every request: its text (tertial/base/text.h), then its period when
// the call is about one.
template <typename Request>
absl::Status Admit(const Request& request, PeriodCheck period) {
  if (absl::Status s = grpcutil::CheckMessageText(request); !s.ok()) return s;
  if constexpr (requires { request.period(); }) {
    if (period == PeriodCheck::kRequired) return RequirePeriod(request.period());
  }
  return absl::OkStatus();
}

// The plan year of a report about a period: as given, else the period's.
template <typename Request>
int PlanYear(const Request& request) {
  return request.year() != 0 ? request.year() : request.period().year();
}

}  // namespace

GoalServiceImpl::GoalServiceImpl(GoalsCore* core,
                                 std::shared_ptr<const grpcutil::Authorizer> authorizer)
    : core_(core), authorizer_(std::move(authorizer)) {}

absl::StatusOr<std::string> GoalServiceImpl::Authorize(const grpc::ServerContext* context,
                                                       const std::string& requested, Role role) {
  if (requested.empty()) {
    // Which organisations exist is itself data: only a token for every organisation may
    // leave it to the service.
    if (authorizer_ != nullptr) {
      if (absl::Status s = authorizer_->Check(context, "", role); !s.ok()) return s;
    }
    return core_->ResolveOrganisation("");
  }
  if (authorizer_ != nullptr) {
    if (absl::Status s = authorizer_->Check(context, requested, role); !s.ok()) return s;
  }
  return requested;
}

absl::StatusOr<std::string> GoalServiceImpl::ListScope(const grpc::ServerContext* context,
                                                       const std::string& requested) {
  if (authorizer_ == nullptr) return requested;
  return authorizer_->ListScope(context, requested, Role::kReader);
}

std::string GoalServiceImpl::Actor(const grpc::ServerContext* context,
                                   const std::string& given) const {
  return grpcutil::ActorOf(authorizer_.get(), context, given);
}

grpc::Status GoalServiceImpl::Command(grpc::ServerContext* context, const std::string& requested,
                                      const std::string& actor, pb::GoalsEvent event,
                                      pb::CommandResult* result) {
  grpcutil::ReadCall call(context, grpcutil::ReadCall::kCommand);
  auto organisation = Authorize(context, requested, Role::kController);
  if (!organisation.ok()) return ToGrpc(organisation.status());
  std::vector<Proposal> proposals;
  proposals.push_back({std::move(event), Origin{}});
  auto done = core_->Execute(*organisation, Actor(context, actor), std::move(proposals));
  if (!done.ok()) return ToGrpc(done.status());
  *result = std::move(*done);
  return grpc::Status::OK;
}

template <typename Fn>
grpc::Status GoalServiceImpl::Query(grpc::ServerContext* context, const std::string& requested,
                                    Fn&& fn) {
  grpcutil::ReadCall call(context);
  auto organisation = Authorize(context, requested, Role::kReader);
  if (!organisation.ok()) return ToGrpc(organisation.status());
  auto state = core_->Load(*organisation);
  if (!state.ok()) return ToGrpc(state.status());
  return ToGrpc(fn(*state));
}

grpc::Status GoalServiceImpl::Import(grpc::ServerContext* context, const pb::ImportRequest* request,
                                     pb::ImportResult* response) {
  grpcutil::ReadCall call(context, grpcutil::ReadCall::kCommand);
  if (absl::Status s = grpcutil::CheckMessageText(*request); !s.ok()) return ToGrpc(s);
  ImportInput input{.organisation = request->organisation(),
                    .format = request->format(),
                    .file_name = request->file_name().empty() ? "input" : request->file_name(),
                    .content = request->content(),
                    .board = request->board_unit_id(),
                    .year = request->year(),
                    .dry_run = request->dry_run(),
                    .actor = Actor(context, request->actor()),
                    .allow_removals = request->allow_removals()};
  // Authorize the organisation the import would write to before deciding anything: the
  // request's, else the one the plan file names, else the only one (which needs a token
  // for every organisation).
  std::string requested = request->organisation();
  if (requested.empty() && request->format() == pb::IMPORT_FORMAT_PLAN_YAML) {
    requested = ParsePlanYaml(input.file_name, input.content).organisation;
  }
  const std::string format = metrics::ImportFormatLabel(pb::ImportFormat_Name(request->format()));
  auto organisation = Authorize(context, requested, Role::kController);
  if (!organisation.ok()) {
    metrics::CountImport("goals", format, "error");
    return ToGrpc(organisation.status());
  }
  input.organisation = *organisation;
  auto result = core_->Import(input);
  if (!result.ok()) {
    metrics::CountImport("goals", format, "error");
    return ToGrpc(result.status());
  }
  metrics::CountImport("goals", format,
                       request->dry_run()           ? "dry_run"
                       : result->already_imported() ? "already_imported"
                       : result->unchanged()        ? "unchanged"
                       : result->committed()        ? "committed"
                                                    : "rejected",
                       static_cast<int64_t>(request->content().size()));
  *response = std::move(*result);
  return grpc::Status::OK;
}

template <typename Request, typename Build>
grpc::Status GoalServiceImpl::Submit(grpc::ServerContext* context, const Request& request,
                                     PeriodCheck period, pb::CommandResult* result, Build&& build) {
  if (absl::Status s = Admit(request, period); !s.ok()) return ToGrpc(s);
  pb::GoalsEvent event;
  if constexpr (std::is_void_v<std::invoke_result_t<Build, pb::GoalsEvent&>>) {
    build(event);
  } else if (absl::Status s = build(event); !s.ok()) {
    return ToGrpc(s);
  }
  return Command(context, request.organisation(), request.actor(), std::move(event), result);
}

template <typename Request, typename Fn>
grpc::Status GoalServiceImpl::PlanQuery(grpc::ServerContext* context, const Request& request,
                                        Fn&& fn) {
  if (absl::Status s = Admit(request, PeriodCheck::kRequired); !s.ok()) return ToGrpc(s);
  return Query(context, request.organisation(), [&](const State& state) -> absl::Status {
    auto plan = ResolvePlan(state, request.board_unit_id(), request.period().year());
    if (!plan.ok()) return plan.status();
    fn(state, **plan);
    return absl::OkStatus();
  });
}

grpc::Status GoalServiceImpl::DefinePlan(grpc::ServerContext* c, const pb::DefinePlanRequest* r,
                                         pb::CommandResult* out) {
  return Submit(c, *r, PeriodCheck::kNone, out,
                [&](pb::GoalsEvent& e) { *e.mutable_plan_defined() = r->plan(); });
}

grpc::Status GoalServiceImpl::DefineGoal(grpc::ServerContext* c, const pb::DefineGoalRequest* r,
                                         pb::CommandResult* out) {
  return Submit(c, *r, PeriodCheck::kNone, out,
                [&](pb::GoalsEvent& e) { *e.mutable_goal_defined() = r->goal(); });
}

grpc::Status GoalServiceImpl::DefineIndicator(grpc::ServerContext* c,
                                              const pb::DefineIndicatorRequest* r,
                                              pb::CommandResult* out) {
  return Submit(c, *r, PeriodCheck::kNone, out,
                [&](pb::GoalsEvent& e) { *e.mutable_indicator_defined() = r->indicator(); });
}

grpc::Status GoalServiceImpl::DefineActivity(grpc::ServerContext* c,
                                             const pb::DefineActivityRequest* r,
                                             pb::CommandResult* out) {
  return Submit(c, *r, PeriodCheck::kNone, out,
                [&](pb::GoalsEvent& e) { *e.mutable_activity_defined() = r->activity(); });
}

grpc::Status GoalServiceImpl::DefineAssignment(grpc::ServerContext* c,
                                               const pb::DefineAssignmentRequest* r,
                                               pb::CommandResult* out) {
  return Submit(c, *r, PeriodCheck::kNone, out,
                [&](pb::GoalsEvent& e) { *e.mutable_assignment_defined() = r->assignment(); });
}

grpc::Status GoalServiceImpl::RemovePlanItem(grpc::ServerContext* c,
                                             const pb::RemovePlanItemRequest* r,
                                             pb::CommandResult* out) {
  return Submit(c, *r, PeriodCheck::kNone, out,
                [&](pb::GoalsEvent& e) { *e.mutable_plan_item_removed() = r->item(); });
}

grpc::Status GoalServiceImpl::SetTarget(grpc::ServerContext* c, const pb::SetTargetRequest* r,
                                        pb::CommandResult* out) {
  grpcutil::ReadCall call(c, grpcutil::ReadCall::kCommand);
  return Submit(c, *r, PeriodCheck::kNone, out, [&](pb::GoalsEvent& e) -> absl::Status {
    // A plain number needs the indicator's polarity, which the plan knows.
    pb::Polarity polarity = pb::POLARITY_UNSPECIFIED;
    if (!r->target_text().empty()) {
      auto organisation = Authorize(c, r->organisation(), Role::kController);
      if (!organisation.ok()) return organisation.status();
      auto state = core_->Load(*organisation);
      if (!state.ok()) return state.status();
      if (const Plan* plan = state->FindPlan(r->board_unit_id(), r->year())) {
        auto it = plan->indicators.find(r->indicator_id());
        if (it != plan->indicators.end()) polarity = it->second.polarity();
      }
    }
    auto target = TargetOf(r->target_text(), r->target(), polarity);
    if (!target.ok()) return target.status();
    pb::TargetSet* t = e.mutable_target_set();
    t->set_board_unit_id(r->board_unit_id());
    t->set_year(r->year());
    t->set_indicator_id(r->indicator_id());
    t->set_breakdown(r->breakdown());
    *t->mutable_target() = *target;
    return absl::OkStatus();
  });
}

grpc::Status GoalServiceImpl::RecordIndicatorValue(grpc::ServerContext* c,
                                                   const pb::RecordIndicatorValueRequest* r,
                                                   pb::CommandResult* out) {
  return Submit(c, *r, PeriodCheck::kRequired, out, [&](pb::GoalsEvent& e) -> absl::Status {
    auto value = ValueOf(r->value_text(), r->value());
    if (!value.ok()) return value.status();
    pb::IndicatorValueRecorded* v = e.mutable_indicator_value_recorded();
    v->set_board_unit_id(r->board_unit_id());
    v->set_indicator_id(r->indicator_id());
    v->set_breakdown(r->breakdown());
    *v->mutable_period() = r->period();
    *v->mutable_value() = *value;
    v->set_source(pb::VALUE_SOURCE_COMMAND);
    v->set_comment(r->comment());
    return absl::OkStatus();
  });
}

grpc::Status GoalServiceImpl::WithdrawIndicatorValue(grpc::ServerContext* c,
                                                     const pb::WithdrawIndicatorValueRequest* r,
                                                     pb::CommandResult* out) {
  return Submit(c, *r, PeriodCheck::kRequired, out, [&](pb::GoalsEvent& e) {
    pb::IndicatorValueWithdrawn* w = e.mutable_indicator_value_withdrawn();
    w->set_board_unit_id(r->board_unit_id());
    w->set_indicator_id(r->indicator_id());
    w->set_breakdown(r->breakdown());
    *w->mutable_period() = r->period();
    w->set_comment(r->comment());
  });
}

grpc::Status GoalServiceImpl::RecordAssessment(grpc::ServerContext* c,
                                               const pb::RecordAssessmentRequest* r,
                                               pb::CommandResult* out) {
  return Submit(c, *r, PeriodCheck::kRequired, out, [&](pb::GoalsEvent& e) {
    pb::AssessmentRecorded* a = e.mutable_assessment_recorded();
    a->set_board_unit_id(r->board_unit_id());
    a->set_year(PlanYear(*r));
    a->set_goal_id(r->goal_id());
    *a->mutable_period() = r->period();
    a->set_assessment(r->assessment());
    a->set_rationale(r->rationale());
    a->set_assessor(r->assessor().empty() ? Actor(c, r->actor()) : r->assessor());
  });
}

grpc::Status GoalServiceImpl::ReportActivityStatus(grpc::ServerContext* c,
                                                   const pb::ReportActivityStatusRequest* r,
                                                   pb::CommandResult* out) {
  return Submit(c, *r, PeriodCheck::kRequired, out, [&](pb::GoalsEvent& e) {
    pb::ActivityStatusReported* s = e.mutable_activity_status_reported();
    s->set_board_unit_id(r->board_unit_id());
    s->set_year(PlanYear(*r));
    s->set_activity_id(r->activity_id());
    *s->mutable_period() = r->period();
    s->set_status(r->status());
    s->set_postponed_to_year(r->postponed_to_year());
    s->set_comment(r->comment());
  });
}

grpc::Status GoalServiceImpl::ReportAssignmentStatus(grpc::ServerContext* c,
                                                     const pb::ReportAssignmentStatusRequest* r,
                                                     pb::CommandResult* out) {
  return Submit(c, *r, PeriodCheck::kRequired, out, [&](pb::GoalsEvent& e) {
    pb::AssignmentStatusReported* s = e.mutable_assignment_status_reported();
    s->set_board_unit_id(r->board_unit_id());
    s->set_year(PlanYear(*r));
    s->set_assignment_id(r->assignment_id());
    *s->mutable_period() = r->period();
    s->set_status(r->status());
    s->set_deviation(r->deviation());
    s->set_comment(r->comment());
  });
}

grpc::Status GoalServiceImpl::RecordPersonnelFigure(grpc::ServerContext* c,
                                                    const pb::RecordPersonnelFigureRequest* r,
                                                    pb::CommandResult* out) {
  return Submit(c, *r, PeriodCheck::kRequired, out, [&](pb::GoalsEvent& e) -> absl::Status {
    auto value = ValueOf(r->value_text(), r->value());
    if (!value.ok()) return value.status();
    pb::PersonnelFigureRecorded* f = e.mutable_personnel_figure_recorded();
    f->set_unit_id(r->unit_id());
    f->set_measure(r->measure());
    *f->mutable_period() = r->period();
    *f->mutable_value() = *value;
    f->set_source(pb::VALUE_SOURCE_COMMAND);
    return absl::OkStatus();
  });
}

grpc::Status GoalServiceImpl::SetPersonnelTarget(grpc::ServerContext* c,
                                                 const pb::SetPersonnelTargetRequest* r,
                                                 pb::CommandResult* out) {
  return Submit(c, *r, PeriodCheck::kNone, out, [&](pb::GoalsEvent& e) -> absl::Status {
    pb::Polarity polarity = r->measure() == pb::PERSONNEL_MEASURE_PERMANENT_EMPLOYEES
                                ? pb::POLARITY_UNSPECIFIED
                                : pb::POLARITY_LOWER_IS_BETTER;
    auto target = TargetOf(r->target_text(), r->target(), polarity);
    if (!target.ok()) return target.status();
    pb::PersonnelTargetSet* t = e.mutable_personnel_target_set();
    t->set_unit_id(r->unit_id());
    t->set_measure(r->measure());
    t->set_year(r->year());
    *t->mutable_target() = *target;
    return absl::OkStatus();
  });
}

grpc::Status GoalServiceImpl::GetGoalReport(grpc::ServerContext* c,
                                            const pb::GetGoalReportRequest* r,
                                            pb::GoalReport* out) {
  return PlanQuery(c, *r, [&](const State& state, const Plan& plan) {
    *out = BuildGoalReport(state, plan, r->period());
  });
}

grpc::Status GoalServiceImpl::GetIndicatorTable(grpc::ServerContext* c,
                                                const pb::GetIndicatorTableRequest* r,
                                                pb::IndicatorTable* out) {
  return PlanQuery(c, *r, [&](const State& state, const Plan& plan) {
    std::vector<pb::ValuePeriod> columns(r->columns().begin(), r->columns().end());
    *out = BuildIndicatorTable(state, plan, r->period(), std::move(columns));
  });
}

grpc::Status GoalServiceImpl::GetActivityCounts(grpc::ServerContext* c,
                                                const pb::GetActivityCountsRequest* r,
                                                pb::ActivityCountsResponse* out) {
  return PlanQuery(c, *r, [&](const State&, const Plan& plan) {
    *out->mutable_counts() = CountActivities(plan, r->period());
    *out->mutable_period() = r->period();
    out->set_year(plan.plan.year());
  });
}

grpc::Status GoalServiceImpl::ListActivities(grpc::ServerContext* c,
                                             const pb::ListActivitiesRequest* r,
                                             pb::ListActivitiesResponse* out) {
  return PlanQuery(
      c, *r, [&](const State&, const Plan& plan) { *out = BuildActivities(plan, r->period()); });
}

grpc::Status GoalServiceImpl::ListAssignments(grpc::ServerContext* c,
                                              const pb::ListAssignmentsRequest* r,
                                              pb::ListAssignmentsResponse* out) {
  return PlanQuery(
      c, *r, [&](const State&, const Plan& plan) { *out = BuildAssignments(plan, r->period()); });
}

grpc::Status GoalServiceImpl::GetPersonnel(grpc::ServerContext* c, const pb::GetPersonnelRequest* r,
                                           pb::PersonnelTable* out) {
  if (absl::Status s = Admit(*r, PeriodCheck::kRequired); !s.ok()) return ToGrpc(s);
  return Query(c, r->organisation(), [&](const State& state) -> absl::Status {
    auto table = BuildPersonnel(state, r->unit_id(), r->period());
    if (!table.ok()) return table.status();
    *out = std::move(*table);
    return absl::OkStatus();
  });
}

grpc::Status GoalServiceImpl::GetValueHistory(grpc::ServerContext* c,
                                              const pb::GetValueHistoryRequest* r,
                                              pb::ValueHistory* out) {
  if (absl::Status s = Admit(*r, PeriodCheck::kNone); !s.ok()) return ToGrpc(s);
  return Query(c, r->organisation(), [&](const State& state) -> absl::Status {
    std::string board = r->board_unit_id();
    if (board.empty()) {
      for (const auto& [key, plan] : state.plans) {
        if (plan.defined && plan.indicators.count(r->indicator_id())) board = key.first;
      }
    }
    *out = BuildValueHistory(state, board, r->indicator_id(), r->breakdown(), r->period());
    return absl::OkStatus();
  });
}

grpc::Status GoalServiceImpl::ListPlans(grpc::ServerContext* c, const pb::ListPlansRequest* r,
                                        pb::ListPlansResponse* out) {
  if (absl::Status s = Admit(*r, PeriodCheck::kNone); !s.ok()) return ToGrpc(s);
  absl::StatusOr<std::string> scope = ListScope(c, r->organisation());
  if (!scope.ok()) return ToGrpc(scope.status());
  return Query(c, *scope, [&](const State& state) -> absl::Status {
    *out = BuildPlans(state);
    return absl::OkStatus();
  });
}

grpc::Status GoalServiceImpl::ListImports(grpc::ServerContext* c, const pb::ListImportsRequest* r,
                                          pb::ListImportsResponse* out) {
  if (absl::Status s = Admit(*r, PeriodCheck::kNone); !s.ok()) return ToGrpc(s);
  absl::StatusOr<std::string> scope = ListScope(c, r->organisation());
  if (!scope.ok()) return ToGrpc(scope.status());
  return Query(c, *scope, [&](const State& state) -> absl::Status {
    for (const pb::ImportCompleted& i : state.imports) *out->add_imports() = i;
    return absl::OkStatus();
  });
}

}  // namespace tertial::goals
