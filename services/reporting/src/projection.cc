#include "projection.h"

#include <cstdio>
#include <map>
#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "tertial/base/strings.h"
#include "tertial/chart/account_class.h"
#include "tertial/chart/posting.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/forecast/v1/events.pb.h"
#include "tertial/goals/v1/events.pb.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/money/money.h"
#include "tertial/period/proto.h"
#include "tertial/reporting/v1/events.pb.h"

namespace tertial::reporting {
namespace {

namespace lv1 = ::tertial::ledger::v1;
namespace fv1 = ::tertial::forecast::v1;
namespace gv1 = ::tertial::goals::v1;
namespace rv1 = ::tertial::reporting::v1;

std::string ValuePeriodKey(const gv1::ValuePeriod& p) { return MonthKey(p.year(), p.month()); }

absl::Status BadAggregate(std::string_view key) {
  return absl::DataLossError(StrCat("reporting projection: bad aggregate at ", key));
}

}  // namespace

// What a step gathers in memory and writes once in EndStep: the aggregates its vouchers
// change (read from the store at the first touch; a step applies thousands of voucher lines
// into a few hundred aggregates), and the ledger positions (l/, lc/) of its last events.
struct ReportingProjection::Step {
  std::map<std::string, std::pair<int64_t, int64_t>> amounts;  // key -> (costs, revenues)
  std::map<std::string, std::string> positions;                // key -> "<offset> <event id>"

  absl::Status AddAmounts(projection::Store& store, const std::string& key, int64_t costs,
                          int64_t revenues) {
    auto it = amounts.find(key);
    if (it == amounts.end()) {
      int64_t c = 0, r = 0;
      auto existing = store.Get(key);
      if (!existing.ok()) return existing.status();
      if (existing->has_value()) {
        std::vector<std::string> parts = absl::StrSplit(**existing, ' ');
        if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &c) ||
            !absl::SimpleAtoi(parts[1], &r)) {
          return BadAggregate(key);
        }
      }
      it = amounts.emplace(key, std::make_pair(c, r)).first;
    }
    const std::string what = StrCat("the amounts at ", key);
    if (absl::Status s = money::Add(&it->second.first, costs, what); !s.ok()) return s;
    if (absl::Status s = money::Add(&it->second.second, revenues, what); !s.ok()) return s;
    return absl::OkStatus();
  }
  void Flush(projection::Store& store) {
    for (const auto& [key, sum] : amounts) store.Put(key, StrCat(sum.first, " ", sum.second));
    for (const auto& [key, position] : positions) store.Put(key, position);
    Clear();
  }
  void Clear() {
    amounts.clear();
    positions.clear();
  }
};

namespace {

using Step = ReportingProjection::Step;

// `p` merged into the definition stored before (`old`, may be absent), as docs/events.md
// says: name and position replaced, an empty unit keeps the one known, frames replaced per
// fiscal year listed and kept for the others.
absl::StatusOr<lv1::ProjectDefined> MergedProject(const std::optional<std::string>& old,
                                                  const lv1::ProjectDefined& p) {
  lv1::ProjectDefined merged = p;
  if (!old) return merged;
  lv1::ProjectDefined before;
  if (!before.ParseFromString(*old))
    return absl::DataLossError("reporting projection: bad project");
  if (merged.unit_id().empty()) merged.set_unit_id(before.unit_id());
  std::map<int, int64_t> frames;
  for (const lv1::ProjectFrame& f : before.frames()) frames[f.fiscal_year()] = f.frame_ore();
  for (const lv1::ProjectFrame& f : p.frames()) frames[f.fiscal_year()] = f.frame_ore();
  merged.clear_frames();
  for (const auto& [year, frame] : frames) {
    lv1::ProjectFrame* f = merged.add_frames();
    f->set_fiscal_year(year);
    f->set_frame_ore(frame);
  }
  return merged;
}

// Puts `value` at `key`; true if that changed what was there.
absl::StatusOr<bool> PutChanged(projection::Store& store, const std::string& key,
                                const std::string& value) {
  auto old = store.Get(key);
  if (!old.ok()) return old.status();
  if (old->has_value() && **old == value) return false;
  store.Put(key, value);
  return true;
}

// What of the ledger the projection has applied, so that a report can tell whether the
// forecast it shows rests on the same ledger (docs/events.md, "Reading the forecast topic"):
// the latest ledger event of the organisation, and per fiscal year the latest one that
// changes what a forecast of that year or a later one rests on (the forecast service's own
// rule: a voucher that counts or a default budget of the year, a fiscal year defined anew; a
// unit or project defined anew changes every year, kept under year 0).
//
// ChangeOf runs before the event is applied, so that a definition can be compared with the
// one it replaces; the fiscal year whose forecasts it can change, 0 for every year.
absl::StatusOr<std::optional<int>> ChangeOf(const std::string& org, const lv1::LedgerEvent& e,
                                            projection::Store& store) {
  switch (e.event_case()) {
    case lv1::LedgerEvent::kVoucherPosted:
      return e.voucher_posted().fiscal_year();  // if it counts (see Apply)
    case lv1::LedgerEvent::kBudgetLinesSet:
      if (e.budget_lines_set().version().empty()) return e.budget_lines_set().fiscal_year();
      return std::nullopt;
    case lv1::LedgerEvent::kFiscalYearDefined: {
      const lv1::FiscalYearDefined& y = e.fiscal_year_defined();
      absl::StatusOr<bool> differs =
          PutChanged(store, StrCat("ly/", org, "/", y.fiscal_year()), y.SerializeAsString());
      if (!differs.ok()) return differs.status();
      if (*differs) return y.fiscal_year();
      return std::nullopt;
    }
    case lv1::LedgerEvent::kUnitDefined: {
      auto old = store.Get(StrCat("u/", org, "/", e.unit_defined().unit_id()));
      if (!old.ok()) return old.status();
      if (!old->has_value() || **old != e.unit_defined().SerializeAsString()) return 0;
      return std::nullopt;
    }
    case lv1::LedgerEvent::kProjectDefined: {
      auto old = store.Get(StrCat("p/", org, "/", e.project_defined().project_id()));
      if (!old.ok()) return old.status();
      absl::StatusOr<lv1::ProjectDefined> merged = MergedProject(*old, e.project_defined());
      if (!merged.ok()) return merged.status();
      if (!old->has_value() || **old != merged->SerializeAsString()) return 0;
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

// `*counted`: whether the voucher counts (a voucher key the log holds twice counts once,
// tertial/chart/voucher_index.h).
absl::Status ApplyVoucher(const std::string& org, const lv1::VoucherPosted& v,
                          chart::VoucherIndex& vouchers, Step& step, projection::Store& store,
                          bool* counted) {
  absl::StatusOr<bool> counts = vouchers.Admit(store, org, v);
  if (!counts.ok()) return counts.status();
  *counted = *counts;
  if (!*counts) return absl::OkStatus();
  // Every line counts in the voucher's month (tertial/chart/posting.h). Summed per unit
  // (and project) of the voucher, then into the step's aggregates.
  const period::Period period = chart::CountingPeriod(v);
  const std::string month = MonthKey(period);
  std::map<std::string, std::pair<int64_t, int64_t>> sums;
  for (const lv1::Transaction& t : v.transactions()) {
    if (!chart::Counts(t)) continue;
    chart::AccountKind kind = chart::Classify(t.account());
    if (kind != chart::AccountKind::kCost && kind != chart::AccountKind::kRevenue) continue;
    auto& sum = sums[std::string(chart::UnitOf(t))];
    if (absl::Status s =
            money::Add(kind == chart::AccountKind::kCost ? &sum.first : &sum.second, t.amount_ore(),
                       StrCat("a voucher's amounts for unit ", chart::UnitOf(t)));
        !s.ok()) {
      return s;
    }
  }
  for (const auto& [unit, sum] : sums) {
    if (absl::Status s =
            step.AddAmounts(store, StrCat("a/", org, "/", month, "/", unit), sum.first, sum.second);
        !s.ok()) {
      return s;
    }
  }
  absl::StatusOr<std::map<std::string, chart::ProjectInvestment>> investments =
      chart::InvestmentOf(v);
  if (!investments.ok()) return investments.status();
  for (const auto& [project, investment] : *investments) {
    if (absl::Status s = step.AddAmounts(store, StrCat("i/", org, "/", month, "/", project),
                                         investment.spending_ore, investment.income_ore);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

// `*counted`: false for a voucher that does not count (see ApplyVoucher).
absl::Status ApplyLedger(const std::string& org, const lv1::LedgerEvent& e,
                         chart::VoucherIndex& vouchers, Step& step, projection::Store& store,
                         bool* counted) {
  switch (e.event_case()) {
    case lv1::LedgerEvent::kOrganisationDefined:
      store.Put(StrCat("o/", org), e.organisation_defined().name());
      break;
    case lv1::LedgerEvent::kFiscalYearDefined: {
      const lv1::FiscalYearDefined& y = e.fiscal_year_defined();
      store.Put(StrCat("y/", org, "/", y.fiscal_year()), y.SerializeAsString());
      break;
    }
    case lv1::LedgerEvent::kUnitDefined:
      store.Put(StrCat("u/", org, "/", e.unit_defined().unit_id()),
                e.unit_defined().SerializeAsString());
      break;
    case lv1::LedgerEvent::kProjectDefined: {
      const std::string key = StrCat("p/", org, "/", e.project_defined().project_id());
      auto old = store.Get(key);
      if (!old.ok()) return old.status();
      absl::StatusOr<lv1::ProjectDefined> merged = MergedProject(*old, e.project_defined());
      if (!merged.ok()) return merged.status();
      store.Put(key, merged->SerializeAsString());
      break;
    }
    case lv1::LedgerEvent::kVoucherPosted:
      return ApplyVoucher(org, e.voucher_posted(), vouchers, step, store, counted);
    case lv1::LedgerEvent::kImportCompleted:
      vouchers.Completed(store, org, e.import_completed().import_id());
      break;
    case lv1::LedgerEvent::kBudgetLinesSet: {
      const lv1::BudgetLinesSet& b = e.budget_lines_set();
      if (!b.version().empty()) break;  // the report follows the default budget
      for (const lv1::BudgetLine& l : b.lines()) {
        store.Put(StrCat("b/", org, "/", MonthKey(period::FromProto(l.period())), "/", l.unit_id(),
                         "/", l.account(), "/", l.project_id()),
                  StrCat(l.amount_ore()));
      }
      break;
    }
    case lv1::LedgerEvent::kPeriodClosed:
      store.Put(StrCat("c/", org, "/", MonthKey(period::FromProto(e.period_closed().period()))),
                "1");
      break;
    default:
      break;
  }
  return absl::OkStatus();
}

absl::Status ApplyForecast(const std::string& org, const fv1::ForecastEvent& e,
                           projection::Store& store) {
  switch (e.event_case()) {
    case fv1::ForecastEvent::kForecastPublished: {
      const fv1::ForecastPublished& f = e.forecast_published();
      store.Put(StrCat("f/", org, "/", MonthKey(period::FromProto(f.as_of()))),
                f.SerializeAsString());
      break;
    }
    case fv1::ForecastEvent::kAdjustmentMade:
      store.Put(StrCat("j/", org, "/", e.adjustment_made().adjustment_id()),
                e.adjustment_made().SerializeAsString());
      break;
    case fv1::ForecastEvent::kAdjustmentWithdrawn:
      store.Delete(StrCat("j/", org, "/", e.adjustment_withdrawn().adjustment_id()));
      break;
    default:
      break;
  }
  return absl::OkStatus();
}

absl::Status ApplyGoals(const std::string& org, const gv1::GoalsEvent& e,
                        projection::Store& store) {
  std::string g = StrCat("g/", org, "/");
  switch (e.event_case()) {
    case gv1::GoalsEvent::kPlanDefined: {
      const auto& x = e.plan_defined();
      store.Put(StrCat(g, "plan/", x.board_unit_id(), "/", x.year()), x.SerializeAsString());
      break;
    }
    case gv1::GoalsEvent::kGoalDefined: {
      const auto& x = e.goal_defined();
      store.Put(StrCat(g, "goal/", x.board_unit_id(), "/", x.year(), "/", x.goal_id()),
                x.SerializeAsString());
      break;
    }
    case gv1::GoalsEvent::kIndicatorDefined: {
      const auto& x = e.indicator_defined();
      store.Put(StrCat(g, "ind/", x.board_unit_id(), "/", x.year(), "/", x.indicator_id()),
                x.SerializeAsString());
      break;
    }
    case gv1::GoalsEvent::kTargetSet: {
      const auto& x = e.target_set();
      store.Put(StrCat(g, "tgt/", x.board_unit_id(), "/", x.year(), "/", x.indicator_id(), "/",
                       x.breakdown()),
                x.SerializeAsString());
      break;
    }
    case gv1::GoalsEvent::kIndicatorValueRecorded: {
      const auto& x = e.indicator_value_recorded();
      store.Put(StrCat(g, "val/", x.board_unit_id(), "/", x.indicator_id(), "/", x.breakdown(), "/",
                       ValuePeriodKey(x.period())),
                x.SerializeAsString());
      break;
    }
    case gv1::GoalsEvent::kIndicatorValueWithdrawn: {
      const auto& x = e.indicator_value_withdrawn();
      store.Delete(StrCat(g, "val/", x.board_unit_id(), "/", x.indicator_id(), "/", x.breakdown(),
                          "/", ValuePeriodKey(x.period())));
      break;
    }
    case gv1::GoalsEvent::kAssessmentRecorded: {
      const auto& x = e.assessment_recorded();
      store.Put(StrCat(g, "ass/", x.board_unit_id(), "/", x.year(), "/", x.goal_id(), "/",
                       ValuePeriodKey(x.period())),
                x.SerializeAsString());
      break;
    }
    case gv1::GoalsEvent::kAssignmentDefined: {
      const auto& x = e.assignment_defined();
      store.Put(StrCat(g, "asg/", x.board_unit_id(), "/", x.year(), "/", x.assignment_id()),
                x.SerializeAsString());
      break;
    }
    case gv1::GoalsEvent::kAssignmentStatusReported: {
      const auto& x = e.assignment_status_reported();
      store.Put(StrCat(g, "asgst/", x.board_unit_id(), "/", x.year(), "/", x.assignment_id(), "/",
                       ValuePeriodKey(x.period())),
                x.SerializeAsString());
      break;
    }
    case gv1::GoalsEvent::kPersonnelFigureRecorded: {
      const auto& x = e.personnel_figure_recorded();
      store.Put(StrCat(g, "pers/", x.unit_id(), "/", static_cast<int>(x.measure()), "/",
                       ValuePeriodKey(x.period())),
                x.SerializeAsString());
      break;
    }
    case gv1::GoalsEvent::kPersonnelTargetSet: {
      const auto& x = e.personnel_target_set();
      store.Put(
          StrCat(g, "perstgt/", x.unit_id(), "/", static_cast<int>(x.measure()), "/", x.year()),
          x.SerializeAsString());
      break;
    }
    case gv1::GoalsEvent::kPlanItemRemoved: {
      const auto& x = e.plan_item_removed();
      std::string_view kind = x.kind() == gv1::PLAN_ITEM_KIND_GOAL         ? "goal/"
                              : x.kind() == gv1::PLAN_ITEM_KIND_INDICATOR  ? "ind/"
                              : x.kind() == gv1::PLAN_ITEM_KIND_ASSIGNMENT ? "asg/"
                                                                           : "";
      if (!kind.empty())
        store.Delete(StrCat(g, kind, x.board_unit_id(), "/", x.year(), "/", x.id()));
      break;
    }
    case gv1::GoalsEvent::kEvaluationPublished: {
      const auto& x = e.evaluation_published();
      store.Put(
          StrCat(g, "eval/", x.board_unit_id(), "/", x.year(), "/", ValuePeriodKey(x.period())),
          x.SerializeAsString());
      break;
    }
    default:
      break;
  }
  return absl::OkStatus();
}

}  // namespace

std::string MonthKey(int year, int month) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d", year, month);
  return buffer;
}

std::string MonthKey(const period::Period& period) { return MonthKey(period.year, period.month); }

ReportingProjection::ReportingProjection() : step_(std::make_unique<Step>()) {}
ReportingProjection::~ReportingProjection() = default;

void ReportingProjection::BeginStep() {
  step_->Clear();
  vouchers_.BeginStep();
}

absl::Status ReportingProjection::EndStep(projection::Store& store) {
  step_->Flush(store);
  return vouchers_.EndStep(store);
}

std::string NarrativeKey(std::string_view organisation, std::string_view board,
                         const period::Period& period, std::string_view section) {
  return StrCat("n/", organisation, "/", board, "/", MonthKey(period), "/", section);
}

std::string LedgerPositionKey(std::string_view organisation) { return StrCat("l/", organisation); }

std::string LedgerChangeKey(std::string_view organisation, int fiscal_year) {
  char year[8];
  std::snprintf(year, sizeof year, "%04d", fiscal_year);
  return StrCat("lc/", organisation, "/", year);
}

std::string ForecastPublicationKey(std::string_view organisation, const period::Period& as_of) {
  return StrCat("fm/", organisation, "/", MonthKey(as_of.year, as_of.month));
}

std::vector<std::string> ReportingProjection::Topics() const {
  return {std::string(eventlog::kLedgerTopic), std::string(eventlog::kForecastTopic),
          std::string(eventlog::kGoalsTopic), std::string(eventlog::kReportingTopic)};
}

absl::Status ReportingProjection::Apply(std::string_view topic, const eventlog::Record& record,
                                        const eventlog::Envelope& envelope,
                                        projection::Store& store) {
  const std::string& org = envelope.organisation();
  if (topic == eventlog::kLedgerTopic) {
    lv1::LedgerEvent& e = ledger_event_;
    e.Clear();
    if (absl::Status s = eventlog::Unwrap(envelope, &e); !s.ok()) return s;
    absl::StatusOr<std::optional<int>> changes = ChangeOf(org, e, store);
    if (!changes.ok()) return changes.status();
    bool counted = true;
    Step& step = *step_;
    if (absl::Status s = ApplyLedger(org, e, vouchers_, step, store, &counted); !s.ok()) return s;
    // One partition's events come in log order: the step's last one is the latest.
    const std::string position = StrCat(record.offset, " ", envelope.event_id());
    step.positions[LedgerPositionKey(org)] = position;
    if (*changes && counted) step.positions[LedgerChangeKey(org, **changes)] = position;
    return absl::OkStatus();
  }
  if (topic == eventlog::kForecastTopic) {
    fv1::ForecastEvent e;
    if (absl::Status s = eventlog::Unwrap(envelope, &e); !s.ok()) return s;
    if (e.has_forecast_published()) {
      // When it was written, and which publication it is, for the report to say.
      const fv1::ForecastPublished& f = e.forecast_published();
      store.Put(ForecastPublicationKey(org, period::FromProto(f.as_of())),
                StrCat(envelope.recorded_at().seconds(), " ", envelope.event_id()));
    }
    return ApplyForecast(org, e, store);
  }
  if (topic == eventlog::kGoalsTopic) {
    gv1::GoalsEvent e;
    if (absl::Status s = eventlog::Unwrap(envelope, &e); !s.ok()) return s;
    return ApplyGoals(org, e, store);
  }
  if (topic == eventlog::kReportingTopic) {
    rv1::ReportingEvent e;
    if (absl::Status s = eventlog::Unwrap(envelope, &e); !s.ok()) return s;
    if (e.has_narrative_set()) {
      const rv1::NarrativeSet& n = e.narrative_set();
      std::string key =
          NarrativeKey(org, n.board_unit_id(), period::FromProto(n.period()), n.section());
      if (n.markdown().empty()) {
        store.Delete(key);
      } else {
        store.Put(key, n.markdown());
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace tertial::reporting
