#include "service.h"

#include <grpcpp/server_context.h>

#include <algorithm>
#include <map>
#include <set>

#include "convert.h"
#include "domain/backtest.h"
#include "domain/commands.h"
#include "domain/forecast.h"
#include "store_format.h"
#include "tertial/base/hash.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/grpcutil/message_text.h"
#include "tertial/grpcutil/read_call.h"
#include "tertial/grpcutil/status.h"
#include "tertial/log/log.h"

namespace tertial::forecast {
namespace {

using grpcutil::Role;

absl::Status RequireOrganisation(std::string_view organisation) {
  if (organisation.empty())
    return absl::InvalidArgumentError("organisation: required (kommunkod, e.g. 0580)");
  return absl::OkStatus();
}

std::optional<period::Period> PeriodOf(const common::v1::Period& p, bool present) {
  if (!present) return std::nullopt;
  return period::Period{p.year(), p.month()};
}

absl::Status CheckPeriod(const common::v1::Period& p, std::string_view field) {
  if (p.month() < 1 || p.month() > 12 || p.year() < 1900 || p.year() > 2200) {
    return absl::InvalidArgumentError(
        StrCat(field, ": ", p.year(), "-", p.month(), " is not a period YYYY-MM"));
  }
  return absl::OkStatus();
}

void FillScore(const Score& score, v1::BacktestScore* out) {
  out->set_observations(score.observations);
  out->set_net_observations(score.net_observations);
  out->set_mape(score.mape);
  out->set_bias(score.bias);
  out->set_wape(score.wape);
  out->set_mean_error_ore(score.mean_error_ore);
  out->set_fallback_observations(score.fallback_observations);
  // In the order of the fallback chain.
  for (Method method : {Method::kPriorYearProfile, Method::kBudgetProfile, Method::kBudgetRemaining,
                        Method::kRunrate}) {
    size_t slot = std::find(kConcreteMethods.begin(), kConcreteMethods.end(), method) -
                  kConcreteMethods.begin();
    if (score.fallbacks[slot] == 0) continue;
    v1::BacktestFallback* fallback = out->add_fallbacks();
    fallback->set_method(std::string(MethodName(method)));
    fallback->set_observations(score.fallbacks[slot]);
  }
}

}  // namespace

absl::Status ForecastServiceImpl::Authorize(const grpc::ServerContext* context,
                                            const google::protobuf::Message& request,
                                            std::string_view organisation, Role role) const {
  if (absl::Status s = grpcutil::CheckMessageText(request); !s.ok()) return s;
  if (absl::Status s = RequireOrganisation(organisation); !s.ok()) return s;
  if (deps_.authorizer == nullptr) return absl::OkStatus();
  return deps_.authorizer->Check(context, organisation, role);
}

std::string ForecastServiceImpl::ActorOf(const grpc::ServerContext* context,
                                         std::string_view requested) const {
  if (deps_.authorizer != nullptr && !deps_.authorizer->open()) {
    auto it = context->client_metadata().find("authorization");
    if (it != context->client_metadata().end()) {
      std::string_view value(it->second.data(), it->second.size());
      constexpr std::string_view kBearer = "Bearer ";
      if (value.substr(0, kBearer.size()) == kBearer) {
        absl::StatusOr<grpcutil::Principal> principal =
            deps_.authorizer->Authenticate(value.substr(kBearer.size()));
        if (principal.ok()) return principal->subject;
      }
    }
  }
  return requested.empty() ? "unknown" : std::string(requested);
}

absl::StatusOr<std::shared_ptr<const OrgModel>> ForecastServiceImpl::Current(
    std::string_view organisation, std::unique_ptr<projection::Reader>* reader) {
  if (absl::Status s = deps_.runner->AwaitRead().status(); !s.ok()) return s;
  *reader = deps_.db->Snapshot();
  return deps_.cache->Get(**reader, organisation);
}

absl::Status ForecastServiceImpl::Commit(std::string_view organisation,
                                         std::vector<eventlog::Envelope> envelopes) {
  if (envelopes.empty()) return absl::OkStatus();
  absl::StatusOr<eventlog::AppendResult> appended =
      deps_.log->Append(eventlog::kForecastTopic, organisation, envelopes);
  if (!appended.ok()) return appended.status();
  if (absl::Status s = deps_.runner->CatchUp(); !s.ok()) return s;
  // The command is made; a publication that fails now is retried by the reactor's loop.
  absl::StatusOr<int> published = deps_.reactor->PublishPending();
  if (!published.ok()) {
    log::Warning("forecast: publishing after a command failed; the follower retries",
                 {{"component", "forecast"}, {"error", published.status()}});
  }
  return absl::OkStatus();
}

grpc::Status ForecastServiceImpl::GetForecast(grpc::ServerContext* context,
                                              const v1::GetForecastRequest* request,
                                              v1::GetForecastResponse* response) {
  grpcutil::ReadCall call(context);
  return grpcutil::ToGrpc(DoGetForecast(context, *request, response));
}

absl::Status ForecastServiceImpl::DoGetForecast(const grpc::ServerContext* context,
                                                const v1::GetForecastRequest& request,
                                                v1::GetForecastResponse* response) {
  if (absl::Status s = Authorize(context, request, request.organisation(), Role::kReader);
      !s.ok()) {
    return s;
  }
  if (request.has_as_of()) {
    if (absl::Status s = CheckPeriod(request.as_of(), "as_of"); !s.ok()) return s;
  }
  std::optional<Method> method;
  if (!request.method().empty()) {
    absl::StatusOr<Method> parsed = ParseMethod(request.method());
    if (!parsed.ok()) return parsed.status();
    method = *parsed;
  }
  std::unique_ptr<projection::Reader> reader;
  absl::StatusOr<std::shared_ptr<const OrgModel>> model = Current(request.organisation(), &reader);
  if (!model.ok()) return model.status();
  const OrgModel& m = **model;
  std::optional<period::Period> as_of = PeriodOf(request.as_of(), request.has_as_of());
  int year = request.fiscal_year();
  if (year == 0) {
    if (!as_of) return absl::InvalidArgumentError("fiscal_year: required (or give as_of)");
    year = m.YearOfPeriod(*as_of);
  }
  absl::StatusOr<ForecastResult> result =
      ComputeForecast(m, {.fiscal_year = year,
                          .as_of = as_of,
                          .method = method,
                          .unit_subtree = request.unit_subtree()});
  if (!result.ok()) return result.status();

  response->set_fiscal_year(result->fiscal_year);
  response->mutable_as_of()->set_year(result->as_of.year);
  response->mutable_as_of()->set_month(result->as_of.month);
  response->set_as_of_closed(result->as_of_closed);
  response->set_method_requested(std::string(MethodName(result->method_requested)));
  for (const UnitForecastResult& u : result->units) {
    v1::UnitForecastRow* row = response->add_units();
    FillUnitForecast(m, u, row->mutable_forecast());
    const chart::UnitNode& node = m.unit(u.unit);
    row->set_name(node.name);
    row->set_parent_id(node.parent_id);
    row->set_depth(u.depth);
    Sides deviation = u.deviation();
    row->set_deviation_net_ore(deviation.net_ore());
    row->set_deviation_costs_ore(deviation.costs_ore);
    row->set_deviation_revenues_ore(deviation.revenues_ore);
    row->set_prior_year_net_ore(u.prior_year.net_ore());
    row->set_prior_year_costs_ore(u.prior_year.costs_ore);
    row->set_prior_year_revenues_ore(u.prior_year.revenues_ore);
    for (const std::string& id : u.adjustment_ids) row->add_adjustment_ids(id);
  }
  for (const ProjectForecastResult& p : result->projects) {
    v1::ProjectForecastRow* row = response->add_projects();
    FillProjectForecast(p, row->mutable_forecast());
    row->set_name(p.name);
    row->set_forecast_net_ore(p.forecast_net_ore());
    row->set_deviation_ore(p.deviation_ore());
    row->set_remaining_ore(p.remaining_spending_ore + p.remaining_income_ore);
    for (const std::string& id : p.adjustment_ids) row->add_adjustment_ids(id);
  }
  absl::StatusOr<std::vector<v1::Adjustment>> stored =
      LoadAdjustments(*reader, request.organisation());
  if (!stored.ok()) return stored.status();
  std::map<std::string, const v1::Adjustment*> by_id;
  for (const v1::Adjustment& a : *stored) by_id[a.made().adjustment_id()] = &a;
  for (const AdjustmentRecord& a : result->adjustments) {
    auto it = by_id.find(a.id);
    if (it != by_id.end()) *response->add_adjustments() = *it->second;
  }
  for (const std::string& w : result->warnings) response->add_warnings(w);
  return absl::OkStatus();
}

grpc::Status ForecastServiceImpl::Adjust(grpc::ServerContext* context,
                                         const v1::AdjustRequest* request,
                                         v1::AdjustResponse* response) {
  grpcutil::ReadCall call(context, grpcutil::ReadCall::kCommand);
  return grpcutil::ToGrpc(DoAdjust(context, *request, response));
}

absl::Status ForecastServiceImpl::DoAdjust(const grpc::ServerContext* context,
                                           const v1::AdjustRequest& request,
                                           v1::AdjustResponse* response) {
  const std::string& org = request.organisation();
  if (absl::Status s = Authorize(context, request, org, Role::kController); !s.ok()) return s;
  AdjustCommand command{.fiscal_year = request.fiscal_year(),
                        .actor = ActorOf(context, request.actor())};
  if (!request.csv().empty()) {
    if (request.adjustments_size() > 0) {
      return absl::InvalidArgumentError("give adjustments or a csv file, not both");
    }
    std::string file = request.file_name().empty() ? "adjustments.csv" : request.file_name();
    absl::StatusOr<std::vector<AdjustmentDraft>> drafts = ParseAdjustmentsCsv(request.csv(), file);
    if (!drafts.ok()) return drafts.status();
    // Ids from the file's content and the row: the same file makes the same adjustments.
    const std::string content = Sha256Hex(request.csv());
    for (AdjustmentDraft& d : *drafts) {
      d.adjustment_id = DeterministicUuid(
          StrCat("adjustment|", org, "|", request.fiscal_year(), "|", content, "|", d.line));
    }
    command.drafts = std::move(*drafts);
  } else {
    for (const v1::AdjustmentInput& in : request.adjustments()) {
      AdjustmentDraft d{
          .adjustment_id = in.adjustment_id().empty() ? RandomUuid() : in.adjustment_id(),
          .unit_id = in.unit_id(),
          .project_id = in.project_id(),
          .amount_ore = in.amount_ore(),
          .reason = in.reason()};
      if (in.side() >= v1::SIDE_COSTS && in.side() <= v1::SIDE_INVESTMENT_INCOME) {
        d.side = static_cast<AdjustmentSide>(in.side());
      }
      if (in.has_expires_after())
        d.expires_after = period::Period{in.expires_after().year(), in.expires_after().month()};
      command.drafts.push_back(std::move(d));
    }
  }
  std::lock_guard<std::mutex> guard(command_mutex_);
  std::unique_ptr<projection::Reader> reader;
  absl::StatusOr<std::shared_ptr<const OrgModel>> model = Current(org, &reader);
  if (!model.ok()) return model.status();
  absl::StatusOr<AdjustDecision> decision = DecideAdjust(**model, command);
  if (!decision.ok()) return decision.status();
  std::vector<eventlog::Envelope> envelopes;
  std::string correlation = RandomUuid();
  for (const v1::AdjustmentMade& made : decision->events) {
    v1::ForecastEvent event;
    *event.mutable_adjustment_made() = made;
    absl::StatusOr<eventlog::Envelope> envelope =
        eventlog::Wrap(event, StrCat("adjustment/", made.adjustment_id()),
                       {.organisation = org, .actor = command.actor, .correlation_id = correlation},
                       DeterministicUuid(StrCat("tertial.forecast.v1.AdjustmentMade|", org, "|",
                                                made.adjustment_id())));
    if (!envelope.ok()) return envelope.status();
    envelopes.push_back(std::move(*envelope));
  }
  if (absl::Status s = Commit(org, std::move(envelopes)); !s.ok()) return s;
  for (const std::string& id : decision->ids) response->add_adjustment_ids(id);
  response->set_made(static_cast<int>(decision->events.size()));
  response->set_already_made(decision->already_made);
  return absl::OkStatus();
}

grpc::Status ForecastServiceImpl::WithdrawAdjustment(grpc::ServerContext* context,
                                                     const v1::WithdrawAdjustmentRequest* request,
                                                     v1::WithdrawAdjustmentResponse* response) {
  grpcutil::ReadCall call(context, grpcutil::ReadCall::kCommand);
  return grpcutil::ToGrpc(DoWithdraw(context, *request, response));
}

absl::Status ForecastServiceImpl::DoWithdraw(const grpc::ServerContext* context,
                                             const v1::WithdrawAdjustmentRequest& request,
                                             v1::WithdrawAdjustmentResponse* response) {
  const std::string& org = request.organisation();
  if (absl::Status s = Authorize(context, request, org, Role::kController); !s.ok()) return s;
  std::string actor = ActorOf(context, request.actor());
  std::lock_guard<std::mutex> guard(command_mutex_);
  std::unique_ptr<projection::Reader> reader;
  absl::StatusOr<std::shared_ptr<const OrgModel>> model = Current(org, &reader);
  if (!model.ok()) return model.status();
  absl::StatusOr<std::optional<v1::AdjustmentWithdrawn>> decision =
      DecideWithdraw(**model, request.adjustment_id(), request.reason(), actor);
  if (!decision.ok()) return decision.status();
  if (!decision->has_value()) {
    response->set_already_withdrawn(true);
    return absl::OkStatus();
  }
  v1::ForecastEvent event;
  *event.mutable_adjustment_withdrawn() = **decision;
  absl::StatusOr<eventlog::Envelope> envelope = eventlog::Wrap(
      event, StrCat("adjustment/", request.adjustment_id()), {.organisation = org, .actor = actor},
      DeterministicUuid(
          StrCat("tertial.forecast.v1.AdjustmentWithdrawn|", org, "|", request.adjustment_id())));
  if (!envelope.ok()) return envelope.status();
  return Commit(org, {std::move(*envelope)});
}

grpc::Status ForecastServiceImpl::ListAdjustments(grpc::ServerContext* context,
                                                  const v1::ListAdjustmentsRequest* request,
                                                  v1::ListAdjustmentsResponse* response) {
  grpcutil::ReadCall call(context);
  return grpcutil::ToGrpc(DoListAdjustments(context, *request, response));
}

absl::Status ForecastServiceImpl::DoListAdjustments(const grpc::ServerContext* context,
                                                    const v1::ListAdjustmentsRequest& request,
                                                    v1::ListAdjustmentsResponse* response) {
  const std::string& org = request.organisation();
  if (absl::Status s = Authorize(context, request, org, Role::kReader); !s.ok()) return s;
  std::unique_ptr<projection::Reader> reader;
  absl::StatusOr<std::shared_ptr<const OrgModel>> model = Current(org, &reader);
  if (!model.ok()) return model.status();
  absl::StatusOr<std::vector<v1::Adjustment>> stored = LoadAdjustments(*reader, org);
  if (!stored.ok()) return stored.status();
  std::vector<const v1::Adjustment*> selected;
  for (const v1::Adjustment& a : *stored) {
    if (request.fiscal_year() != 0 && a.made().fiscal_year() != request.fiscal_year()) continue;
    if (a.withdrawn() && !request.include_withdrawn()) continue;
    selected.push_back(&a);
  }
  // By year, then the unit's place in the tree, then when made.
  auto position = [&](const v1::Adjustment* a) {
    std::optional<int> index = (*model)->UnitIndex(a->made().unit_id());
    return index ? *index : (*model)->unit_count();
  };
  std::sort(selected.begin(), selected.end(),
            [&](const v1::Adjustment* a, const v1::Adjustment* b) {
              auto key = [&](const v1::Adjustment* x) {
                return std::make_tuple(x->made().fiscal_year(), position(x), x->made_at().seconds(),
                                       x->made().source().size(), x->made().source(),
                                       x->made().adjustment_id());
              };
              return key(a) < key(b);
            });
  for (const v1::Adjustment* a : selected) *response->add_adjustments() = *a;
  return absl::OkStatus();
}

grpc::Status ForecastServiceImpl::Backtest(grpc::ServerContext* context,
                                           const v1::BacktestRequest* request,
                                           v1::BacktestResponse* response) {
  grpcutil::ReadCall call(context);
  return grpcutil::ToGrpc(DoBacktest(context, *request, response));
}

absl::Status ForecastServiceImpl::DoBacktest(const grpc::ServerContext* context,
                                             const v1::BacktestRequest& request,
                                             v1::BacktestResponse* response) {
  const std::string& org = request.organisation();
  if (absl::Status s = Authorize(context, request, org, Role::kReader); !s.ok()) return s;
  BacktestQuery query{.target_year = request.target_fiscal_year(),
                      .unit_subtree = request.unit_subtree()};
  for (int32_t y : request.fiscal_years()) query.years.push_back(y);
  for (const std::string& name : request.methods()) {
    absl::StatusOr<Method> method = ParseMethod(name);
    if (!method.ok()) return method.status();
    query.methods.push_back(*method);
  }
  std::unique_ptr<projection::Reader> reader;
  absl::StatusOr<std::shared_ptr<const OrgModel>> model = Current(org, &reader);
  if (!model.ok()) return model.status();
  const OrgModel& m = **model;
  absl::StatusOr<BacktestResult> result = forecast::Backtest(m, query);
  if (!result.ok()) return result.status();
  for (int y : result->years) response->add_fiscal_years(y);
  std::map<int, int> depth;
  for (const UnitScore& u : result->units) {
    v1::BacktestUnitScore* row = response->add_units();
    const chart::UnitNode& node = m.unit(u.unit);
    row->set_unit_id(node.id);
    row->set_name(node.name);
    int parent = m.parent(u.unit);
    auto d = depth.find(parent);
    int level = d == depth.end() ? 0 : d->second + 1;
    depth[u.unit] = level;
    row->set_depth(level);
    row->set_rollup(m.has_children(u.unit));
    row->set_method(std::string(MethodName(u.method)));
    FillScore(u.score, row->mutable_score());
    row->set_chosen_by_auto(u.chosen_by_auto);
  }
  for (const MonthScore& month : result->months) {
    v1::BacktestMonthScore* row = response->add_months();
    row->set_method(std::string(MethodName(month.method)));
    row->set_month(month.month);
    FillScore(month.score, row->mutable_score());
  }
  for (const auto& [method, score] : result->methods) {
    v1::BacktestMethodScore* row = response->add_methods();
    row->set_method(std::string(MethodName(method)));
    FillScore(score, row->mutable_score());
  }
  return absl::OkStatus();
}

grpc::Status ForecastServiceImpl::ChooseMethod(grpc::ServerContext* context,
                                               const v1::ChooseMethodRequest* request,
                                               v1::ChooseMethodResponse* response) {
  grpcutil::ReadCall call(context, grpcutil::ReadCall::kCommand);
  return grpcutil::ToGrpc(DoChooseMethod(context, *request, response));
}

absl::Status ForecastServiceImpl::DoChooseMethod(const grpc::ServerContext* context,
                                                 const v1::ChooseMethodRequest& request,
                                                 v1::ChooseMethodResponse* response) {
  const std::string& org = request.organisation();
  if (absl::Status s = Authorize(context, request, org, Role::kController); !s.ok()) return s;
  std::string actor = ActorOf(context, request.actor());
  std::lock_guard<std::mutex> guard(command_mutex_);
  std::unique_ptr<projection::Reader> reader;
  absl::StatusOr<std::shared_ptr<const OrgModel>> model = Current(org, &reader);
  if (!model.ok()) return model.status();
  absl::StatusOr<std::optional<v1::MethodChosen>> decision = DecideChooseMethod(
      **model, request.fiscal_year(), request.unit_id(), request.method(), actor);
  if (!decision.ok()) return decision.status();
  if (!decision->has_value()) {
    response->set_unchanged(true);
    return absl::OkStatus();
  }
  v1::ForecastEvent event;
  *event.mutable_method_chosen() = **decision;
  absl::StatusOr<eventlog::Envelope> envelope =
      eventlog::Wrap(event, StrCat("method/", request.fiscal_year(), "/", request.unit_id()),
                     {.organisation = org, .actor = actor});
  if (!envelope.ok()) return envelope.status();
  return Commit(org, {std::move(*envelope)});
}

grpc::Status ForecastServiceImpl::ListMethodChoices(grpc::ServerContext* context,
                                                    const v1::ListMethodChoicesRequest* request,
                                                    v1::ListMethodChoicesResponse* response) {
  grpcutil::ReadCall call(context);
  return grpcutil::ToGrpc(DoListMethodChoices(context, *request, response));
}

absl::Status ForecastServiceImpl::DoListMethodChoices(const grpc::ServerContext* context,
                                                      const v1::ListMethodChoicesRequest& request,
                                                      v1::ListMethodChoicesResponse* response) {
  const std::string& org = request.organisation();
  if (absl::Status s = Authorize(context, request, org, Role::kReader); !s.ok()) return s;
  if (absl::Status s = deps_.runner->AwaitRead().status(); !s.ok()) return s;
  std::unique_ptr<projection::Reader> reader = deps_.db->Snapshot();
  bool corrupt = false;
  absl::Status scan =
      reader->Scan(store::Prefix('m', org), [&](std::string_view, std::string_view value) {
        v1::MethodChosen choice;
        corrupt = !choice.ParseFromString(std::string(value));
        if (corrupt) return false;
        if (request.fiscal_year() == 0 || choice.fiscal_year() == request.fiscal_year()) {
          *response->add_choices() = std::move(choice);
        }
        return true;
      });
  if (!scan.ok()) return scan;
  if (corrupt)
    return absl::DataLossError("forecast projection: malformed method choice; rebuild it");
  return absl::OkStatus();
}

}  // namespace tertial::forecast
