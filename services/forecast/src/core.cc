#include "core.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

#include "convert.h"
#include "domain/backtest.h"
#include "domain/commands.h"
#include "domain/forecast.h"
#include "store_format.h"
#include "tertial/base/hash.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/log/log.h"
#include "tertial/period/proto.h"

namespace tertial::forecast {
namespace {

using Envelopes = absl::StatusOr<std::vector<eventlog::Envelope>>;

// A command's one event, or why it could not be wrapped.
Envelopes One(absl::StatusOr<eventlog::Envelope> envelope) {
  if (!envelope.ok()) return envelope.status();
  std::vector<eventlog::Envelope> out;
  out.push_back(std::move(*envelope));
  return out;
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

absl::StatusOr<ForecastCore::Current> ForecastCore::Read(std::string_view organisation) {
  if (absl::Status s = deps_.runner->AwaitRead().status(); !s.ok()) return s;
  Current current;
  current.reader = deps_.db->Snapshot();
  absl::StatusOr<std::shared_ptr<const OrgModel>> model =
      deps_.cache->Get(*current.reader, organisation);
  if (!model.ok()) return model.status();
  current.model = std::move(*model);
  return current;
}

absl::Status ForecastCore::Command(std::string_view organisation, const DecideFn& decide) {
  std::lock_guard<std::mutex> guard(command_mutex_);
  absl::StatusOr<Current> current = Read(organisation);
  if (!current.ok()) return current.status();
  absl::StatusOr<std::vector<eventlog::Envelope>> envelopes = decide(*current->model);
  if (!envelopes.ok()) return envelopes.status();
  return Commit(organisation, std::move(*envelopes));
}

absl::Status ForecastCore::Commit(std::string_view organisation,
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

absl::Status ForecastCore::GetForecast(const v1::GetForecastRequest& request,
                                       v1::GetForecastResponse* response) {
  std::optional<period::Period> as_of;
  if (request.has_as_of()) {
    absl::StatusOr<period::Period> given = period::PeriodFromRequest(request.as_of(), "as_of");
    if (!given.ok()) return given.status();
    as_of = *given;
  }
  std::optional<Method> method;
  if (!request.method().empty()) {
    absl::StatusOr<Method> parsed = ParseMethod(request.method());
    if (!parsed.ok()) return parsed.status();
    method = *parsed;
  }
  absl::StatusOr<Current> current = Read(request.organisation());
  if (!current.ok()) return current.status();
  const OrgModel& m = *current->model;
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
  period::ToProto(result->as_of, response->mutable_as_of());
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
      LoadAdjustments(*current->reader, request.organisation());
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

absl::Status ForecastCore::Adjust(const v1::AdjustRequest& request, const std::string& actor,
                                  v1::AdjustResponse* response) {
  const std::string& org = request.organisation();
  AdjustCommand command{.fiscal_year = request.fiscal_year(), .actor = actor};
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
      if (in.has_expires_after()) d.expires_after = period::FromProto(in.expires_after());
      command.drafts.push_back(std::move(d));
    }
  }
  AdjustDecision decided;
  absl::Status done = Command(org, [&](const OrgModel& model) -> Envelopes {
    absl::StatusOr<AdjustDecision> decision = DecideAdjust(model, command);
    if (!decision.ok()) return decision.status();
    std::vector<eventlog::Envelope> envelopes;
    std::string correlation = RandomUuid();
    for (const v1::AdjustmentMade& made : decision->events) {
      v1::ForecastEvent event;
      *event.mutable_adjustment_made() = made;
      absl::StatusOr<eventlog::Envelope> envelope = eventlog::Wrap(
          event, StrCat("adjustment/", made.adjustment_id()),
          {.organisation = org, .actor = command.actor, .correlation_id = correlation},
          DeterministicUuid(
              StrCat("tertial.forecast.v1.AdjustmentMade|", org, "|", made.adjustment_id())));
      if (!envelope.ok()) return envelope.status();
      envelopes.push_back(std::move(*envelope));
    }
    decided = std::move(*decision);
    return envelopes;
  });
  if (!done.ok()) return done;
  for (const std::string& id : decided.ids) response->add_adjustment_ids(id);
  response->set_made(static_cast<int>(decided.events.size()));
  response->set_already_made(decided.already_made);
  return absl::OkStatus();
}

absl::Status ForecastCore::WithdrawAdjustment(const v1::WithdrawAdjustmentRequest& request,
                                              const std::string& actor,
                                              v1::WithdrawAdjustmentResponse* response) {
  const std::string& org = request.organisation();
  return Command(org, [&](const OrgModel& model) -> Envelopes {
    absl::StatusOr<std::optional<v1::AdjustmentWithdrawn>> decision =
        DecideWithdraw(model, request.adjustment_id(), request.reason(), actor);
    if (!decision.ok()) return decision.status();
    if (!decision->has_value()) {
      response->set_already_withdrawn(true);
      return std::vector<eventlog::Envelope>{};
    }
    v1::ForecastEvent event;
    *event.mutable_adjustment_withdrawn() = **decision;
    return One(eventlog::Wrap(event, StrCat("adjustment/", request.adjustment_id()),
                              {.organisation = org, .actor = actor},
                              DeterministicUuid(StrCat("tertial.forecast.v1.AdjustmentWithdrawn|",
                                                       org, "|", request.adjustment_id()))));
  });
}

absl::Status ForecastCore::ListAdjustments(const v1::ListAdjustmentsRequest& request,
                                           v1::ListAdjustmentsResponse* response) {
  const std::string& org = request.organisation();
  absl::StatusOr<Current> current = Read(org);
  if (!current.ok()) return current.status();
  const OrgModel& model = *current->model;
  absl::StatusOr<std::vector<v1::Adjustment>> stored = LoadAdjustments(*current->reader, org);
  if (!stored.ok()) return stored.status();
  std::vector<const v1::Adjustment*> selected;
  for (const v1::Adjustment& a : *stored) {
    if (request.fiscal_year() != 0 && a.made().fiscal_year() != request.fiscal_year()) continue;
    if (a.withdrawn() && !request.include_withdrawn()) continue;
    selected.push_back(&a);
  }
  // By year, then the unit's place in the tree, then when made.
  auto position = [&](const v1::Adjustment* a) {
    std::optional<int> index = model.UnitIndex(a->made().unit_id());
    return index ? *index : model.unit_count();
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

absl::Status ForecastCore::Backtest(const v1::BacktestRequest& request,
                                    v1::BacktestResponse* response) {
  const std::string& org = request.organisation();
  BacktestQuery query{.target_year = request.target_fiscal_year(),
                      .unit_subtree = request.unit_subtree()};
  for (int32_t y : request.fiscal_years()) query.years.push_back(y);
  for (const std::string& name : request.methods()) {
    absl::StatusOr<Method> method = ParseMethod(name);
    if (!method.ok()) return method.status();
    query.methods.push_back(*method);
  }
  absl::StatusOr<Current> current = Read(org);
  if (!current.ok()) return current.status();
  const OrgModel& m = *current->model;
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

absl::Status ForecastCore::ChooseMethod(const v1::ChooseMethodRequest& request,
                                        const std::string& actor,
                                        v1::ChooseMethodResponse* response) {
  const std::string& org = request.organisation();
  return Command(org, [&](const OrgModel& model) -> Envelopes {
    absl::StatusOr<std::optional<v1::MethodChosen>> decision = DecideChooseMethod(
        model, request.fiscal_year(), request.unit_id(), request.method(), actor);
    if (!decision.ok()) return decision.status();
    if (!decision->has_value()) {
      response->set_unchanged(true);
      return std::vector<eventlog::Envelope>{};
    }
    v1::ForecastEvent event;
    *event.mutable_method_chosen() = **decision;
    return One(eventlog::Wrap(event,
                              StrCat("method/", request.fiscal_year(), "/", request.unit_id()),
                              {.organisation = org, .actor = actor}));
  });
}

absl::Status ForecastCore::ListMethodChoices(const v1::ListMethodChoicesRequest& request,
                                             v1::ListMethodChoicesResponse* response) {
  const std::string& org = request.organisation();
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
