#include "report.h"

#include <array>
#include <utility>

#include "tertial/base/strings.h"
#include "tertial/money/money.h"

namespace tertial::reporting {
namespace {

template <typename Enum, size_t N>
bool ParseByName(std::string_view name,
                 const std::array<std::pair<Enum, std::string_view>, N>& names, Enum* out) {
  for (const auto& [value, text] : names) {
    if (text == name) {
      *out = value;
      return true;
    }
  }
  return false;
}

template <typename Enum, size_t N>
std::string_view NameOf(Enum value, const std::array<std::pair<Enum, std::string_view>, N>& names) {
  for (const auto& [v, text] : names) {
    if (v == value) return text;
  }
  return "";
}

constexpr std::array<std::pair<RowKind, std::string_view>, 9> kRowKinds = {{
    {RowKind::kUnit, "unit"},
    {RowKind::kProject, "project"},
    {RowKind::kSum, "sum"},
    {RowKind::kOfWhich, "of_which"},
    {RowKind::kOtherForvaltning, "other_forvaltning"},
    {RowKind::kItem, "item"},
    {RowKind::kIndicator, "indicator"},
    {RowKind::kGender, "gender"},
    {RowKind::kBreakdown, "breakdown"},
}};

constexpr std::array<std::pair<Assessment, std::string_view>, 5> kAssessments = {{
    {Assessment::kNone, ""},
    {Assessment::kMet, "uppfylls"},
    {Assessment::kPartly, "delvis"},
    {Assessment::kNotMet, "ej"},
    {Assessment::kCannotAssess, "kan_ej_bedomas"},
}};

constexpr std::array<std::pair<Assessment, std::string_view>, 5> kAssessmentLabels = {{
    {Assessment::kMet, "Uppfylls"},
    {Assessment::kPartly, "Uppfylls delvis"},
    {Assessment::kNotMet, "Uppfylls ej"},
    {Assessment::kCannotAssess, "Kan ej bedömas"},
    {Assessment::kNone, "Ej bedömt"},
}};

constexpr std::array<std::pair<Assessment, std::string_view>, 5> kAssessmentColours = {{
    {Assessment::kMet, "green"},
    {Assessment::kPartly, "yellow"},
    {Assessment::kNotMet, "red"},
    {Assessment::kCannotAssess, "grey"},
    {Assessment::kNone, "grey"},
}};

constexpr std::array<std::pair<AssessmentCheck::Verdict, std::string_view>, 4> kVerdicts = {{
    {AssessmentCheck::Verdict::kConsistent, "consistent"},
    {AssessmentCheck::Verdict::kContradicted, "contradicted"},
    {AssessmentCheck::Verdict::kNotCheckable, "not_checkable"},
    {AssessmentCheck::Verdict::kNotAssessed, "not_assessed"},
}};

constexpr std::array<std::pair<IndicatorStatus, std::string_view>, 3> kIndicatorStatuses = {{
    {IndicatorStatus::kMet, "met"},
    {IndicatorStatus::kNotMet, "not_met"},
    {IndicatorStatus::kNoData, "no_data"},
}};

constexpr std::array<std::pair<IndicatorStatus, std::string_view>, 3> kIndicatorStatusLabels = {{
    {IndicatorStatus::kMet, "Uppfyllt"},
    {IndicatorStatus::kNotMet, "Ej uppfyllt"},
    {IndicatorStatus::kNoData, "Ingen uppgift"},
}};

constexpr std::array<std::pair<TableKind, std::string_view>, 12> kTableKinds = {{
    {TableKind::kGoalSummary, "goal_summary"},
    {TableKind::kActivitySummary, "activity_summary"},
    {TableKind::kForecastResult, "forecast_result"},
    {TableKind::kEconomy, "economy"},
    {TableKind::kPersonnel, "personnel"},
    {TableKind::kOperating, "operating"},
    {TableKind::kForecast, "forecast"},
    {TableKind::kInvestments, "investments"},
    {TableKind::kGoals, "goals"},
    {TableKind::kIndicators, "indicators"},
    {TableKind::kAssignments, "assignments"},
    {TableKind::kAdjustments, "adjustments"},
}};

}  // namespace

std::string_view RowKindName(RowKind kind) { return NameOf(kind, kRowKinds); }
bool ParseRowKind(std::string_view name, RowKind* kind) {
  return ParseByName(name, kRowKinds, kind);
}

std::string_view TableKindName(TableKind kind) { return NameOf(kind, kTableKinds); }
bool ParseTableKind(std::string_view name, TableKind* kind) {
  return ParseByName(name, kTableKinds, kind);
}

std::string_view EmptyTableNote(TableKind kind) {
  switch (kind) {
    case TableKind::kAdjustments:
      return "Inga manuella justeringar av prognosen.";
    case TableKind::kInvestments:
      return "Inga investeringsprojekt att redovisa.";
    case TableKind::kAssignments:
      return "Inga strategiska utvecklingsuppdrag att redovisa.";
    case TableKind::kGoals:
    case TableKind::kGoalSummary:
      return "Inga nämndmål att redovisa.";
    case TableKind::kIndicators:
      return "Inga indikatorer att redovisa.";
    case TableKind::kActivitySummary:
      return "Inga aktiviteter att redovisa.";
    case TableKind::kPersonnel:
      return "Inga personaluppgifter att redovisa.";
    default:
      return "Inga uppgifter att redovisa.";
  }
}

std::string_view AssessmentName(Assessment a) { return NameOf(a, kAssessments); }
bool ParseAssessment(std::string_view name, Assessment* a) {
  return !name.empty() && ParseByName(name, kAssessments, a);
}

std::string_view AssessmentLabel(Assessment a) { return NameOf(a, kAssessmentLabels); }
std::string_view AssessmentColour(Assessment a) { return NameOf(a, kAssessmentColours); }

std::string_view VerdictName(AssessmentCheck::Verdict v) { return NameOf(v, kVerdicts); }
bool ParseVerdict(std::string_view name, AssessmentCheck::Verdict* v) {
  return ParseByName(name, kVerdicts, v);
}

std::string_view IndicatorStatusName(IndicatorStatus s) { return NameOf(s, kIndicatorStatuses); }
std::string_view IndicatorStatusLabel(IndicatorStatus s) {
  return NameOf(s, kIndicatorStatusLabels);
}

Cell Cell::Money(int64_t ore, int64_t precision_ore) {
  Cell c;
  c.state_ = State::kMoney;
  c.ore_ = ore;
  c.precision_ore_ = precision_ore;
  return c;
}

Cell Cell::Number(Decimal value, std::string remark) {
  Cell c;
  c.state_ = State::kDecimal;
  c.number_ = value;
  c.text_ = std::move(remark);
  return c;
}

Cell Cell::NoData(std::string note) {
  Cell c;
  c.state_ = State::kNoData;
  c.text_ = std::move(note);
  return c;
}

Cell Cell::Text(std::string text) {
  Cell c;
  c.state_ = State::kText;
  c.text_ = std::move(text);
  return c;
}

int Table::ColumnIndex(std::string_view column_id) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].id == column_id) return static_cast<int>(i);
  }
  return -1;
}

const Row* Table::FindRow(std::string_view row_id) const {
  for (const Row& row : rows) {
    if (row.id == row_id) return &row;
  }
  return nullptr;
}

const Table* Report::FindTable(std::string_view id) const {
  for (const Section& s : sections) {
    for (const Table& t : s.tables) {
      if (t.id == id) return &t;
    }
  }
  return nullptr;
}

Table* Report::FindTable(std::string_view id) {
  for (Section& s : sections) {
    for (Table& t : s.tables) {
      if (t.id == id) return &t;
    }
  }
  return nullptr;
}

std::vector<const Table*> Report::Tables() const {
  std::vector<const Table*> out;
  for (const Section& s : sections) {
    for (const Table& t : s.tables) out.push_back(&t);
  }
  return out;
}

Section* Report::FindSection(std::string_view id) {
  for (Section& s : sections) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

std::string SwedishList(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    StrAppend(&out, i == 0 ? "" : i + 1 == items.size() ? " och " : ", ", items[i]);
  }
  return out;
}

std::string ActivityCountPhrase(std::string_view status, int64_t n) {
  std::string_view verb = status == "genomförd"     ? "har genomförts"
                          : status == "pausad"      ? (n == 1 ? "är pausad" : "är pausade")
                          : status == "utgått"      ? "har utgått"
                          : status == "ej uppföljd" ? "har inte följts upp"
                                                    : status;  // pågår, kvarstår
  return StrCat(n, " ", verb);
}

std::string PeriodSpan(const period::Period& start, const period::Period& end) {
  if (start.month == 1 && start.year == end.year) return PeriodSpan(end);
  if (start == end) return StrCat(period::MonthShortName(end.month), " ", end.year);
  if (start.year == end.year) {
    return StrCat(period::MonthShortName(start.month), "\u2013", period::MonthShortName(end.month),
                  " ", end.year);
  }
  return StrCat(period::MonthShortName(start.month), " ", start.year, "\u2013",
                period::MonthShortName(end.month), " ", end.year);
}

std::string ReportSpan(const Report& report) {
  if (report.fiscal_year_start.month == 0) return PeriodSpan(report.period);
  return PeriodSpan(report.fiscal_year_start, report.period);
}

std::string FiscalYearName(const period::Period& start) {
  if (start.month == 1) return std::to_string(start.year);
  int next = (start.year + 1) % 100;
  return StrCat(start.year, "/", next < 10 ? "0" : "", next);
}

std::string PeriodSpan(const period::Period& p) {
  if (p.month == 1) return StrCat("jan ", p.year);
  return StrCat("jan\u2013", period::MonthShortName(p.month), " ", p.year);
}

std::string PeriodLong(const period::Period& p) {
  std::string month(period::MonthName(p.month));
  return StrCat(month, " ", p.year);
}

std::vector<const Finding*> FindingsOf(const Report& report, const Table& t, const Row& r) {
  std::vector<const Finding*> out;
  for (const Finding& f : report.findings) {
    if (f.file == t.id && f.record == r.id) out.push_back(&f);
  }
  return out;
}

bool NarrativeFollowsFigures(std::string_view section_id) {
  for (std::string_view id :
       {"economy", "personnel", "operating", "forecast", "investments", "charts"}) {
    if (section_id == id) return true;
  }
  return false;
}

std::string FormatMoney(int64_t ore, std::string_view unit_label) {
  return unit_label == "mnkr" ? money::FormatMnkr(ore, 1) : money::FormatTkr(ore);
}

std::string FormatCell(const Cell& cell, const Table& table) {
  switch (cell.state()) {
    case Cell::State::kEmpty:
      return "\u2013";
    case Cell::State::kMoney:
      return FormatMoney(cell.ore(), table.unit_label);
    case Cell::State::kDecimal:
      return FormatDecimal(cell.number());
    case Cell::State::kNoData:
      return "I.U.";
    case Cell::State::kText:
      return cell.text();
  }
  return "";
}

std::string MachineCell(const Cell& cell) {
  switch (cell.state()) {
    case Cell::State::kMoney:
      return std::to_string(cell.ore());
    case Cell::State::kDecimal:
      return money::FormatDecimalPlain(cell.number());
    case Cell::State::kText:
      return cell.text();
    case Cell::State::kEmpty:
    case Cell::State::kNoData:
      return "";
  }
  return "";
}

}  // namespace tertial::reporting
