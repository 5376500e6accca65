#include "builder.h"

#include "absl/status/status.h"
#include "input_bounds.h"
#include "reference.h"
#include "section_builder.h"
#include "tertial/base/strings.h"
#include "validate.h"

namespace tertial::reporting {

using chart::UnitKind;
using chart::UnitNode;

absl::StatusOr<Report> SectionBuilder::Run() {
  const UnitNode* board = in_.units.Find(in_.board_id);
  if (board == nullptr) {
    return absl::NotFoundError(StrCat("no unit '", in_.board_id, "' in the unit tree"));
  }
  if (in_.period.month < 1 || in_.period.month > 12) {
    return absl::InvalidArgumentError("the report needs a period (YYYY-MM)");
  }
  r_.organisation = in_.organisation;
  r_.organisation_name = in_.organisation_name;
  r_.board_id = board->id;
  r_.board_name = board->name;
  r_.period = in_.period;
  r_.fiscal_year_start =
      in_.fiscal_year_start.month == 0 ? period::Period{in_.period.year, 1} : in_.fiscal_year_start;
  if (r_.fiscal_year_start > in_.period ||
      period::Period{r_.fiscal_year_start.year + 1, r_.fiscal_year_start.month} <= in_.period) {
    return absl::InvalidArgumentError(
        StrCat("the fiscal year starting ", period::FormatPeriod(r_.fiscal_year_start),
               " does not hold the period ", period::FormatPeriod(in_.period)));
  }
  r_.fiscal_year = r_.fiscal_year_start.year;
  r_.fiscal_year_name = FiscalYearName(r_.fiscal_year_start);
  r_.prior_fiscal_year_name =
      FiscalYearName({r_.fiscal_year_start.year - 1, r_.fiscal_year_start.month});
  r_.forecast_source = in_.forecast_source;
  primary_ = in_.primary_unit_id;
  for (const UnitNode* child : in_.units.Children(board->id)) {
    if (primary_.empty() && child->kind == UnitKind::kForvaltning) primary_ = child->id;
  }
  const UnitNode* primary = primary_.empty() ? nullptr : in_.units.Find(primary_);
  if (primary == nullptr || !in_.units.InSubtree(primary_, board->id)) {
    return absl::InvalidArgumentError(StrCat("board ", board->id, " has no förvaltning ",
                                             primary_.empty() ? "(none)" : primary_));
  }
  r_.primary_unit_id = primary->id;
  r_.primary_unit_name = primary->name;
  stabs_ = in_.units.Children(primary->id);
  for (const UnitNode* child : in_.units.Children(board->id)) {
    if (child->id != primary->id) others_.push_back(child);
  }

  // Sections are referred to by reference below: no reallocation while adding them.
  r_.sections.reserve(SectionIds().size());
  Section& summary = Add("summary", "Samlad bedömning");
  Section& economy = Add("economy", "Ekonomi");
  Section& personnel = Add("personnel", "Personal");
  Section& operating = Add("operating", StrCat("Resultat ", PeriodEndLabel()));
  Section& forecast = Add("forecast", StrCat("Prognos för helår ", r_.fiscal_year_name));
  Section& investments = Add("investments", "Investeringar");
  Section& charts = Add("charts", "Diagram");
  Section& goals = Add("goals", "Målredovisning");
  Section& indicators = Add("indicators", "Uppföljning av nämndindikatorer");
  Section& assignments = Add("assignments", "Uppdrag och prognosjusteringar");

  summary.tables.push_back(GoalSummary());
  summary.tables.push_back(ActivitySummary());
  operating.tables.push_back(OperatingTable());
  forecast.tables.push_back(ForecastTable());
  investments.tables.push_back(InvestmentsTable());
  // Economy and the summary's results are read off the tables above, so the figures
  // agree by construction.
  economy.tables.push_back(EconomyTable(forecast.tables[0], investments.tables[0]));
  summary.tables.push_back(ForecastResult(forecast.tables[0]));
  summary.highlights = Highlights(summary);
  personnel.tables.push_back(PersonnelTable());
  charts.charts = Charts();
  goals.tables.push_back(GoalsTable());
  for (Table& t : IndicatorTables()) indicators.tables.push_back(std::move(t));
  assignments.tables.push_back(AssignmentsTable());
  assignments.tables.push_back(AdjustmentsTable());

  for (Section& s : r_.sections) {
    auto it = in_.narratives.find(s.id);
    if (it == in_.narratives.end()) continue;
    std::vector<std::string> errors;
    s.narrative_markdown = ResolveNarrative(r_, it->second, &errors);
    for (const std::string& e : errors) {
      r_.findings.push_back({.message = e,
                             .severity = Severity::kError,
                             .rule = "reference",
                             .where = StrCat("Text i avsnittet ", s.title)});
    }
  }
  for (Finding& f : Validate(r_)) r_.findings.push_back(std::move(f));
  // What makes the forecast table as a whole unreliable is printed next to it, too.
  if (Table* t = r_.FindTable("forecast")) {
    for (const Finding& f : r_.findings) {
      if (f.rule == "forecast_source" && f.severity == Severity::kError)
        t->alerts.push_back(f.message);
    }
  }
  return std::move(r_);
}

Section& SectionBuilder::Add(std::string id, std::string title) {
  r_.sections.push_back(Section{.id = std::move(id), .title = std::move(title)});
  return r_.sections.back();
}

std::string SectionBuilder::PriorSpan() const {
  return PeriodSpan({r_.fiscal_year_start.year - 1, r_.fiscal_year_start.month},
                    {in_.period.year - 1, in_.period.month});
}

std::string SectionBuilder::PeriodEndLabel() const {
  return StrCat(period::DaysInMonth(in_.period.year, in_.period.month), " ",
                period::MonthName(in_.period.month), " ", in_.period.year);
}

std::string SectionBuilder::PeriodEndDate() const {
  return period::FormatDate(
      {in_.period.year, in_.period.month, period::DaysInMonth(in_.period.year, in_.period.month)});
}

UnitFigures SectionBuilder::Rolled(std::string_view unit_id) const {
  UnitFigures sum;
  for (const UnitNode* node : in_.units.Subtree(unit_id)) {
    auto it = in_.figures.find(node->id);
    if (it == in_.figures.end()) continue;
    sum.actual += it->second.actual;
    sum.budget_period += it->second.budget_period;
    sum.prior_period += it->second.prior_period;
    sum.prior_year += it->second.prior_year;
    sum.budget_year += it->second.budget_year;
  }
  return sum;
}

const UnitForecastInput* SectionBuilder::ForecastOf(std::string_view unit_id) const {
  auto it = in_.forecasts.find(std::string(unit_id));
  return it == in_.forecasts.end() ? nullptr : &it->second;
}

std::string SectionBuilder::ForvaltningOf(std::string_view unit_id) const {
  for (const UnitNode* node : in_.units.PathTo(unit_id)) {
    if (node->kind == UnitKind::kForvaltning) return node->id;
  }
  return std::string(unit_id);
}

std::string SectionBuilder::OtherNote() const {
  std::vector<std::string> names;
  for (const UnitNode* o : others_) names.push_back(o->name);
  std::string list;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) list += i + 1 == names.size() ? " samt " : ", ";
    list += names[i];
  }
  return StrCat("* Minustecken framför beloppen för ", list,
                " motsvarar ett positivt resultat (intäkterna är större än kostnaderna).");
}

std::string SectionBuilder::Capitalised(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

const std::vector<std::string>& SectionIds() {
  static const std::vector<std::string> kIds = {
      "summary",     "economy", "personnel", "operating",  "forecast",
      "investments", "charts",  "goals",     "indicators", "assignments"};
  return kIds;
}

absl::StatusOr<Report> Build(const BuildInput& input) {
  if (absl::Status fits = CheckAmountsFit(input); !fits.ok()) return fits;
  return SectionBuilder(input).Run();
}

}  // namespace tertial::reporting
