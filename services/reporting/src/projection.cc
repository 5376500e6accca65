#include "projection.h"

#include <cstdio>
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "tertial/base/strings.h"
#include "tertial/chart/account_class.h"
#include "tertial/chart/posting.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/forecast/v1/events.pb.h"
#include "tertial/goals/v1/events.pb.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/reporting/v1/events.pb.h"

namespace tertial::reporting {
namespace {

namespace lv1 = ::tertial::ledger::v1;
namespace fv1 = ::tertial::forecast::v1;
namespace gv1 = ::tertial::goals::v1;
namespace rv1 = ::tertial::reporting::v1;

std::string ValuePeriodKey(const gv1::ValuePeriod& p) { return MonthKey(p.year(), p.month()); }

absl::Status AddAmounts(projection::Store& store, const std::string& key, int64_t costs, int64_t revenues) {
  int64_t c = 0, r = 0;
  auto existing = store.Get(key);
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    std::vector<std::string> parts = absl::StrSplit(**existing, ' ');
    if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &c) || !absl::SimpleAtoi(parts[1], &r)) {
      return absl::DataLossError(StrCat("reporting projection: bad aggregate at ", key));
    }
  }
  store.Put(key, StrCat(c + costs, " ", r + revenues));
  return absl::OkStatus();
}

absl::Status ApplyVoucher(const std::string& org, const lv1::VoucherPosted& v, chart::VoucherIndex& vouchers,
                          projection::Store& store) {
  // A voucher key the log holds twice counts once (tertial/chart/voucher_index.h).
  absl::StatusOr<bool> counts = vouchers.Admit(store, org, v);
  if (!counts.ok()) return counts.status();
  if (!*counts) return absl::OkStatus();
  // Every line counts in the voucher's month (tertial/chart/posting.h). One
  // read-modify-write per unit (and project) of the voucher.
  const period::Period period = chart::CountingPeriod(v);
  const std::string month = MonthKey(period.year, period.month);
  std::map<std::string, std::pair<int64_t, int64_t>> sums;
  for (const lv1::Transaction& t : v.transactions()) {
    if (!chart::Counts(t)) continue;
    chart::AccountKind kind = chart::Classify(t.account());
    if (kind != chart::AccountKind::kCost && kind != chart::AccountKind::kRevenue) continue;
    auto& sum = sums[std::string(chart::UnitOf(t))];
    (kind == chart::AccountKind::kCost ? sum.first : sum.second) += t.amount_ore();
  }
  for (const auto& [unit, sum] : sums) {
    if (absl::Status s = AddAmounts(store, StrCat("a/", org, "/", month, "/", unit), sum.first, sum.second); !s.ok()) {
      return s;
    }
  }
  for (const auto& [project, investment] : chart::InvestmentOf(v)) {
    if (absl::Status s = AddAmounts(store, StrCat("i/", org, "/", month, "/", project), investment.spending_ore,
                                    investment.income_ore);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status ApplyLedger(const std::string& org, const lv1::LedgerEvent& e, chart::VoucherIndex& vouchers,
                         projection::Store& store) {
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
      store.Put(StrCat("u/", org, "/", e.unit_defined().unit_id()), e.unit_defined().SerializeAsString());
      break;
    case lv1::LedgerEvent::kProjectDefined:
      store.Put(StrCat("p/", org, "/", e.project_defined().project_id()), e.project_defined().SerializeAsString());
      break;
    case lv1::LedgerEvent::kVoucherPosted:
      return ApplyVoucher(org, e.voucher_posted(), vouchers, store);
    case lv1::LedgerEvent::kImportCompleted:
      vouchers.Completed(store, org, e.import_completed().import_id());
      break;
    case lv1::LedgerEvent::kBudgetLinesSet: {
      const lv1::BudgetLinesSet& b = e.budget_lines_set();
      if (!b.version().empty()) break;  // the report follows the default budget
      for (const lv1::BudgetLine& l : b.lines()) {
        store.Put(StrCat("b/", org, "/", MonthKey(l.period().year(), l.period().month()), "/", l.unit_id(), "/",
                         l.account(), "/", l.project_id()),
                  StrCat(l.amount_ore()));
      }
      break;
    }
    case lv1::LedgerEvent::kPeriodClosed:
      store.Put(StrCat("c/", org, "/", MonthKey(e.period_closed().period().year(), e.period_closed().period().month())), "1");
      break;
    default:
      break;
  }
  return absl::OkStatus();
}

absl::Status ApplyForecast(const std::string& org, const fv1::ForecastEvent& e, projection::Store& store) {
  switch (e.event_case()) {
    case fv1::ForecastEvent::kForecastPublished: {
      const fv1::ForecastPublished& f = e.forecast_published();
      store.Put(StrCat("f/", org, "/", MonthKey(f.as_of().year(), f.as_of().month())), f.SerializeAsString());
      break;
    }
    case fv1::ForecastEvent::kAdjustmentMade:
      store.Put(StrCat("j/", org, "/", e.adjustment_made().adjustment_id()), e.adjustment_made().SerializeAsString());
      break;
    case fv1::ForecastEvent::kAdjustmentWithdrawn:
      store.Delete(StrCat("j/", org, "/", e.adjustment_withdrawn().adjustment_id()));
      break;
    default:
      break;
  }
  return absl::OkStatus();
}

absl::Status ApplyGoals(const std::string& org, const gv1::GoalsEvent& e, projection::Store& store) {
  std::string g = StrCat("g/", org, "/");
  switch (e.event_case()) {
    case gv1::GoalsEvent::kPlanDefined: {
      const auto& x = e.plan_defined();
      store.Put(StrCat(g, "plan/", x.board_unit_id(), "/", x.year()), x.SerializeAsString());
      break;
    }
    case gv1::GoalsEvent::kGoalDefined: {
      const auto& x = e.goal_defined();
      store.Put(StrCat(g, "goal/", x.board_unit_id(), "/", x.year(), "/", x.goal_id()), x.SerializeAsString());
      break;
    }
    case gv1::GoalsEvent::kIndicatorDefined: {
      const auto& x = e.indicator_defined();
      store.Put(StrCat(g, "ind/", x.board_unit_id(), "/", x.year(), "/", x.indicator_id()), x.SerializeAsString());
      break;
    }
    case gv1::GoalsEvent::kTargetSet: {
      const auto& x = e.target_set();
      store.Put(StrCat(g, "tgt/", x.board_unit_id(), "/", x.year(), "/", x.indicator_id(), "/", x.breakdown()),
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
      store.Delete(StrCat(g, "val/", x.board_unit_id(), "/", x.indicator_id(), "/", x.breakdown(), "/",
                          ValuePeriodKey(x.period())));
      break;
    }
    case gv1::GoalsEvent::kAssessmentRecorded: {
      const auto& x = e.assessment_recorded();
      store.Put(StrCat(g, "ass/", x.board_unit_id(), "/", x.year(), "/", x.goal_id(), "/", ValuePeriodKey(x.period())),
                x.SerializeAsString());
      break;
    }
    case gv1::GoalsEvent::kAssignmentDefined: {
      const auto& x = e.assignment_defined();
      store.Put(StrCat(g, "asg/", x.board_unit_id(), "/", x.year(), "/", x.assignment_id()), x.SerializeAsString());
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
      store.Put(StrCat(g, "pers/", x.unit_id(), "/", static_cast<int>(x.measure()), "/", ValuePeriodKey(x.period())),
                x.SerializeAsString());
      break;
    }
    case gv1::GoalsEvent::kPersonnelTargetSet: {
      const auto& x = e.personnel_target_set();
      store.Put(StrCat(g, "perstgt/", x.unit_id(), "/", static_cast<int>(x.measure()), "/", x.year()),
                x.SerializeAsString());
      break;
    }
    case gv1::GoalsEvent::kPlanItemRemoved: {
      const auto& x = e.plan_item_removed();
      std::string_view kind = x.kind() == gv1::PLAN_ITEM_KIND_GOAL        ? "goal/"
                              : x.kind() == gv1::PLAN_ITEM_KIND_INDICATOR ? "ind/"
                              : x.kind() == gv1::PLAN_ITEM_KIND_ASSIGNMENT ? "asg/"
                                                                           : "";
      if (!kind.empty()) store.Delete(StrCat(g, kind, x.board_unit_id(), "/", x.year(), "/", x.id()));
      break;
    }
    case gv1::GoalsEvent::kEvaluationPublished: {
      const auto& x = e.evaluation_published();
      store.Put(StrCat(g, "eval/", x.board_unit_id(), "/", x.year(), "/", ValuePeriodKey(x.period())),
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

void ReportingProjection::BeginStep() { vouchers_.BeginStep(); }

absl::Status ReportingProjection::EndStep(projection::Store& store) { return vouchers_.EndStep(store); }

std::string NarrativeKey(std::string_view organisation, std::string_view board, const period::Period& period,
                         std::string_view section) {
  return StrCat("n/", organisation, "/", board, "/", MonthKey(period.year, period.month), "/", section);
}

std::vector<std::string> ReportingProjection::Topics() const {
  return {std::string(eventlog::kLedgerTopic), std::string(eventlog::kForecastTopic),
          std::string(eventlog::kGoalsTopic), std::string(eventlog::kReportingTopic)};
}

absl::Status ReportingProjection::Apply(std::string_view topic, const eventlog::Record& record,
                                        const eventlog::Envelope& envelope, projection::Store& store) {
  const std::string& org = envelope.organisation();
  if (topic == eventlog::kLedgerTopic) {
    lv1::LedgerEvent e;
    if (absl::Status s = eventlog::Unwrap(envelope, &e); !s.ok()) return s;
    return ApplyLedger(org, e, vouchers_, store);
  }
  if (topic == eventlog::kForecastTopic) {
    fv1::ForecastEvent e;
    if (absl::Status s = eventlog::Unwrap(envelope, &e); !s.ok()) return s;
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
      std::string key = NarrativeKey(org, n.board_unit_id(), {n.period().year(), n.period().month()}, n.section());
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
