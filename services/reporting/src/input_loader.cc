#include "input_loader.h"

#include <algorithm>
#include <ctime>
#include <map>
#include <set>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "goals_input.h"
#include "projection.h"
#include "projection_values.h"
#include "tertial/base/strings.h"
#include "tertial/chart/account_class.h"
#include "tertial/chart/posting.h"
#include "tertial/forecast/v1/events.pb.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/money/money.h"
#include "tertial/period/proto.h"

namespace tertial::reporting {
namespace {

namespace lv1 = ::tertial::ledger::v1;
namespace fv1 = ::tertial::forecast::v1;

// "2021-09-03 12:02 UTC"
std::string FormatUtc(int64_t seconds) {
  if (seconds <= 0) return "vid okänd tid";
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M UTC", &tm);
  return buffer;
}

chart::UnitKind ToKind(lv1::UnitKind k) {
  return static_cast<chart::UnitKind>(static_cast<int>(k));
}

bool ParsePair(const std::string& value, int64_t* a, int64_t* b) {
  std::vector<std::string> parts = absl::StrSplit(value, ' ');
  return parts.size() == 2 && absl::SimpleAtoi(parts[0], a) && absl::SimpleAtoi(parts[1], b);
}

// "2021-08/KLS" -> (2021, 8, "KLS")
bool SplitMonthKey(std::string_view key, int* year, int* month, std::string* rest) {
  if (key.size() < 8 || key[4] != '-') return false;
  if (!absl::SimpleAtoi(ToAbsl(key.substr(0, 4)), year) ||
      !absl::SimpleAtoi(ToAbsl(key.substr(5, 2)), month))
    return false;
  *rest = key.size() > 8 ? std::string(key.substr(8)) : "";
  return true;
}

class Loader {
 public:
  Loader(const projection::Reader& db, std::string_view org, std::string_view board,
         period::Period period)
      : db_(db), org_(org), board_(board), period_(period) {}

  absl::StatusOr<BuildInput> Run() {
    in_.organisation = org_;
    in_.board_id = board_;
    in_.period = period_;
    if (auto name = db_.Get(StrCat("o/", org_)); name.ok() && name->has_value())
      in_.organisation_name = **name;
    if (absl::Status s = Units(); !s.ok()) return s;
    if (in_.units.Find(board_) == nullptr) {
      return absl::NotFoundError(
          StrCat("organisation ", org_, " has no board (unit) '", board_, "'"));
    }
    if (absl::Status s = FiscalYearOfPeriod(); !s.ok()) return s;
    for (auto step : {&Loader::Ledger, &Loader::Budget, &Loader::Forecast, &Loader::Goals,
                      &Loader::Narratives}) {
      if (absl::Status s = (this->*step)(); !s.ok()) return s;
    }
    return std::move(in_);
  }

 private:
  // The fiscal year the period lies in, as the ledger defined it (FiscalYearDefined, from
  // #RAR); the calendar year where it defined none. Reporting follows the ledger topic.
  absl::Status FiscalYearOfPeriod() {
    auto years = ScanAll(db_, StrCat("y/", org_, "/"));
    if (!years.ok()) return years.status();
    for (const auto& [label, bytes] : *years) {
      auto y = ParseValue<lv1::FiscalYearDefined>(bytes, "fiscal year");
      if (!y.ok()) return y.status();
      auto fy =
          period::FiscalYear::FromDates(period::FromProto(y->start()), period::FromProto(y->end()));
      if (fy.ok() && fy->Contains(period_)) fy_ = *fy;
    }
    in_.fiscal_year_start = fy_.Periods().first;
    return absl::OkStatus();
  }
  // Months from the fiscal year's first to (year, month): 0 for the first, negative before.
  int Offset(int year, int month) const {
    return period::Period{year, month}.Index() - fy_.Periods().first.Index();
  }
  int PeriodOffset() const { return Offset(period_.year, period_.month); }

  absl::Status Units() {
    auto units = ScanAll(db_, StrCat("u/", org_, "/"));
    if (!units.ok()) return units.status();
    for (const auto& [id, bytes] : *units) {
      auto u = ParseValue<lv1::UnitDefined>(bytes, "unit");
      if (!u.ok()) return u.status();
      in_.units.Define({.id = u->unit_id(),
                        .name = u->name(),
                        .parent_id = u->parent_id(),
                        .kind = ToKind(u->kind()),
                        .scb_activity_code = u->scb_activity_code(),
                        .position = u->position()});
    }
    auto projects = ScanAll(db_, StrCat("p/", org_, "/"));
    if (!projects.ok()) return projects.status();
    for (const auto& [id, bytes] : *projects) {
      auto p = ParseValue<lv1::ProjectDefined>(bytes, "project");
      if (!p.ok()) return p.status();
      ProjectInput project{.id = p->project_id(),
                           .name = p->name(),
                           .unit_id = p->unit_id(),
                           .position = p->position()};
      for (const lv1::ProjectFrame& f : p->frames()) {
        if (f.fiscal_year() == fy_.label()) project.frame_ore = f.frame_ore();
      }
      projects_[project.id] = in_.projects.size();
      in_.projects.push_back(std::move(project));
    }
    return absl::OkStatus();
  }

  absl::Status Ledger() {
    in_.has_prior_year_ledger = false;  // until a posting of the prior year is seen
    auto amounts = ScanAll(db_, StrCat("a/", org_, "/"));
    if (!amounts.ok()) return amounts.status();
    for (const auto& [key, value] : *amounts) {
      int year = 0, month = 0;
      std::string unit;
      int64_t costs = 0, revenues = 0;
      if (!SplitMonthKey(key, &year, &month, &unit) || !ParsePair(value, &costs, &revenues)) {
        return absl::DataLossError(
            StrCat("reporting projection: bad aggregate a/", org_, "/", key));
      }
      Amounts a{costs, revenues};
      UnitFigures& f = in_.figures[unit];
      // This fiscal year through the period; the twelve months before it (the prior
      // year's bokslut), and of those the same months as this year's.
      int offset = Offset(year, month);
      if (offset >= 0 && offset <= PeriodOffset()) f.actual += a;
      if (offset >= -12 && offset < 0) {
        in_.has_prior_year_ledger = true;
        f.prior_year += a;
        if (offset <= PeriodOffset() - 12) f.prior_period += a;
      }
    }
    // Investment spending and income to date, from the ledger (tertial/chart/posting.h), so
    // that they are the ledger's whether or not a forecast was published for the period.
    // The fiscal year's months through the period.
    auto investments = ScanAll(db_, StrCat("i/", org_, "/"));
    if (!investments.ok()) return investments.status();
    for (const auto& [key, value] : *investments) {
      int year = 0, month = 0;
      std::string project;
      int64_t spending = 0, income = 0;
      if (!SplitMonthKey(key, &year, &month, &project) || !ParsePair(value, &spending, &income)) {
        return absl::DataLossError(
            StrCat("reporting projection: bad investment i/", org_, "/", key));
      }
      int offset = Offset(year, month);
      if (offset < 0 || offset > PeriodOffset()) continue;
      ProjectInput& p = ProjectFor(project);
      const std::string what = StrCat("project ", project, "'s investment to date");
      if (absl::Status s = money::Add(&p.spending_to_date_ore, spending, what); !s.ok()) return s;
      if (absl::Status s = money::Add(&p.income_to_date_ore, income, what); !s.ok()) return s;
    }
    return absl::OkStatus();
  }

  // The project `id`, added (named by its id) if the ledger never defined it.
  ProjectInput& ProjectFor(const std::string& id, const std::string& unit_id = "") {
    auto it = projects_.find(id);
    if (it == projects_.end()) {
      it = projects_.emplace(id, in_.projects.size()).first;
      in_.projects.push_back({.id = id,
                              .name = id,
                              .unit_id = unit_id,
                              .position = 1000 + static_cast<int>(in_.projects.size())});
    }
    ProjectInput& project = in_.projects[it->second];
    if (project.unit_id.empty()) project.unit_id = unit_id;
    return project;
  }

  absl::Status Budget() {
    auto lines = ScanAll(db_, StrCat("b/", org_, "/"));
    if (!lines.ok()) return lines.status();
    int months = fy_.Months();
    for (const auto& [key, value] : *lines) {
      // "YYYY-MM/<unit>/<account>/<project>".
      std::vector<std::string> parts = absl::StrSplit(key, '/');
      int year = 0, month = 0;
      int64_t amount = 0;
      if (parts.size() != 4 || parts[0].size() != 7 ||
          !absl::SimpleAtoi(parts[0].substr(0, 4), &year) ||
          !absl::SimpleAtoi(parts[0].substr(5), &month) || !absl::SimpleAtoi(value, &amount)) {
        return absl::DataLossError(StrCat("reporting projection: bad budget line ", key));
      }
      int offset = Offset(year, month);
      if (offset < 0 || offset >= months) continue;
      chart::AccountKind kind = chart::Classify(parts[2]);
      if (kind != chart::AccountKind::kCost && kind != chart::AccountKind::kRevenue) continue;
      Amounts a = kind == chart::AccountKind::kCost ? Amounts{amount, 0} : Amounts{0, amount};
      UnitFigures& f = in_.figures[parts[1]];
      f.budget_year += a;
      if (offset <= PeriodOffset()) f.budget_period += a;
    }
    return absl::OkStatus();
  }

  absl::Status Forecast() {
    // The latest forecast published as of a month of this fiscal year through the period.
    auto published = ScanAll(db_, StrCat("f/", org_, "/"));
    if (!published.ok()) return published.status();
    std::map<std::string, std::string> by_month;
    for (auto& [key, value] : *published) {
      auto as_of = period::ParsePeriod(key);
      if (as_of.ok() && fy_.Contains(*as_of)) by_month[key] = value;
    }
    const std::string* latest = LatestUpTo(by_month, MonthKey(period_.year, period_.month));
    std::set<std::string> included;
    ForecastSource& source = in_.forecast_source.emplace();
    if (absl::Status s = ReportLedger(&source); !s.ok()) return s;
    if (latest != nullptr) {
      auto f = ParseValue<fv1::ForecastPublished>(*latest, "forecast");
      if (!f.ok()) return f.status();
      if (absl::Status s = Source(*f, &source); !s.ok()) return s;
      for (const fv1::UnitForecast& u : f->units()) {
        in_.forecasts[u.unit_id()] = {
            .forecast = {u.forecast_costs_ore(), u.forecast_revenues_ore()},
            .budget = {u.budget_costs_ore(), u.budget_revenues_ore()},
            .adjustments = {u.adjustments_costs_ore(), u.adjustments_revenues_ore()},
            .method = u.method(),
            .method_requested = u.method_requested()};
        if (source.ledger_known) source.actual_net_ore[u.unit_id()] = u.actual_net_ore();
      }
      for (const fv1::ProjectForecast& p : f->projects()) {
        // Spending and income to date are the ledger's (Ledger above), the forecast's own.
        ProjectInput& project = ProjectFor(p.project_id(), p.unit_id());
        project.forecast_spending_ore = p.forecast_spending_ore();
        project.forecast_income_ore = p.forecast_income_ore();
        project.frame_ore = p.frame_ore();
        project.has_forecast = true;
      }
      included.insert(f->adjustment_ids().begin(), f->adjustment_ids().end());
    }
    auto adjustments = ScanAll(db_, StrCat("j/", org_, "/"));
    if (!adjustments.ok()) return adjustments.status();
    for (const auto& [id, bytes] : *adjustments) {
      auto a = ParseValue<fv1::AdjustmentMade>(bytes, "adjustment");
      if (!a.ok()) return a.status();
      if (a->fiscal_year() != fy_.label()) continue;
      if (latest != nullptr && !included.count(a->adjustment_id())) continue;
      AdjustmentSide side = a->side() == fv1::SIDE_COSTS      ? AdjustmentSide::kCosts
                            : a->side() == fv1::SIDE_REVENUES ? AdjustmentSide::kRevenues
                            : a->side() == fv1::SIDE_INVESTMENT_SPENDING
                                ? AdjustmentSide::kInvestmentSpending
                                : AdjustmentSide::kInvestmentIncome;
      in_.adjustments.push_back({.id = a->adjustment_id(),
                                 .unit_id = a->unit_id(),
                                 .project_id = a->project_id(),
                                 .side = side,
                                 .amount_ore = a->amount_ore(),
                                 .reason = a->reason()});
    }
    return absl::OkStatus();
  }

  // "<offset> <event id>" as the projection keeps ledger positions.
  static bool ParseMark(const std::string& value, int64_t* offset, std::string* event_id) {
    size_t space = value.find(' ');
    if (space == std::string::npos || !absl::SimpleAtoi(value.substr(0, space), offset))
      return false;
    *event_id = value.substr(space + 1);
    return true;
  }

  // What of the ledger the report's own figures rest on.
  absl::Status ReportLedger(ForecastSource* source) {
    auto mark = db_.Get(LedgerPositionKey(org_));
    if (!mark.ok()) return mark.status();
    int64_t offset = 0;
    if (mark->has_value() && !ParseMark(**mark, &offset, &source->report_ledger_event_id)) {
      return absl::DataLossError(StrCat("reporting projection: bad ledger position of ", org_));
    }
    return absl::OkStatus();
  }

  // Which forecast `f` is, and whether the ledger the report rests on has a change of its
  // inputs it does not reflect: a change of its fiscal year's, an earlier year's or every
  // year's inputs at or after its ledger_offset (docs/events.md).
  absl::Status Source(const fv1::ForecastPublished& f, ForecastSource* source) {
    source->published = true;
    source->as_of = period::FromProto(f.as_of());
    source->trigger = f.trigger();
    auto meta = db_.Get(ForecastPublicationKey(org_, source->as_of));
    if (!meta.ok()) return meta.status();
    int64_t recorded_at = 0;
    if (meta->has_value() && !ParseMark(**meta, &recorded_at, &source->event_id)) {
      return absl::DataLossError(
          StrCat("reporting projection: bad forecast publication of ", org_));
    }
    source->published_at = FormatUtc(recorded_at);
    source->ledger_known = f.ledger_offset() > 0;
    if (!source->ledger_known) return absl::OkStatus();
    source->ledger_event_id = f.ledger_event_id();
    auto changes = ScanAll(db_, StrCat("lc/", org_, "/"));
    if (!changes.ok()) return changes.status();
    int64_t newest = -1;
    for (const auto& [year_key, value] : *changes) {
      int year = 0;
      int64_t offset = 0;
      std::string event_id;
      if (!absl::SimpleAtoi(year_key, &year) || !ParseMark(value, &offset, &event_id)) {
        return absl::DataLossError(
            StrCat("reporting projection: bad ledger change lc/", org_, "/", year_key));
      }
      if (year > f.fiscal_year() || offset < f.ledger_offset() || offset <= newest) continue;
      newest = offset;
      source->older_than_ledger = true;
      source->newer_ledger_event_id = event_id;
    }
    return absl::OkStatus();
  }

  absl::Status Goals() { return LoadGoalsInput(db_, org_, board_, period_, &in_); }

  absl::Status Narratives() {
    auto texts = ScanAll(
        db_, StrCat("n/", org_, "/", board_, "/", MonthKey(period_.year, period_.month), "/"));
    if (!texts.ok()) return texts.status();
    for (auto& [section, markdown] : *texts) in_.narratives[section] = markdown;
    return absl::OkStatus();
  }

  const projection::Reader& db_;
  std::string org_;
  std::string board_;
  period::Period period_;
  period::FiscalYear fy_ = period::FiscalYear::Calendar(period_.year);
  BuildInput in_;
  std::map<std::string, size_t> projects_;
};

}  // namespace

absl::StatusOr<BuildInput> LoadInput(const projection::Reader& db, std::string_view organisation,
                                     std::string_view board, const period::Period& period) {
  return Loader(db, organisation, board, period).Run();
}

}  // namespace tertial::reporting
