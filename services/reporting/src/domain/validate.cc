#include "validate.h"

#include <cstdint>

#include "tertial/base/strings.h"
#include "validate_checker.h"

namespace tertial::reporting {
namespace validation {
namespace {

// The rules below add, subtract and double a report's amounts (and counts) in int64, a few
// at a time or a whole column. Figures whose magnitudes, slack included, add up to less than
// this can be combined in any of those ways without wrapping.
constexpr int64_t kMaxCheckedMagnitude = int64_t{1} << 61;  // 2,3·10^16 kr

// The first table at which the magnitudes of the report's amounts, added up table by table,
// reach kMaxCheckedMagnitude; nullptr if they stay below it. A report the builder made is
// far below it; one read back from a file (`tertial validate`) may carry anything.
const Table* TooLargeToCheck(const Report& report) {
  int64_t total = 0;
  auto add = [&](int64_t v) {
    if (v == INT64_MIN || Abs(v) >= kMaxCheckedMagnitude - total) return false;
    total += Abs(v);
    return true;
  };
  for (const Table* t : report.Tables()) {
    const bool counts =
        t->kind == TableKind::kGoalSummary || t->kind == TableKind::kActivitySummary;
    for (const Row& r : t->rows) {
      for (const Cell& c : r.cells) {
        if (c.is_money() && !(add(c.ore()) && add(c.precision_ore()))) return t;
        if (counts && c.is_number() && !add(c.number().Rescaled(0).units)) return t;
      }
    }
  }
  return nullptr;
}

}  // namespace

std::vector<Finding> Checker::Run() {
  if (const Table* t = TooLargeToCheck(report_)) {
    findings_.push_back(
        {.file = t->id,
         .message = StrCat("beloppen är för stora för att kontrolleras: tillsammans (till och med ",
                           t->title, ") mer än 2,3·10^16 kr; inga andra kontroller är gjorda"),
         .severity = Severity::kError,
         .rule = "too_large",
         .where = t->title});
    return std::move(findings_);
  }
  for (const Table* t : report_.Tables()) {
    switch (t->kind) {
      case TableKind::kOperating:
        RowSums(*t);
        Deviations(*t);
        OfWhich(*t);
        YearOverYear(*t, "actual", "prior");
        break;
      case TableKind::kForecast:
        RowSums(*t);
        Deviations(*t);
        OfWhich(*t);
        YearOverYear(*t, "forecast", "prior_year");
        break;
      case TableKind::kInvestments:
        RowSums(*t);
        Net(*t);
        Deviations(*t);
        OfWhich(*t);
        break;
      case TableKind::kEconomy:
        Deviations(*t);
        Economy(*t);
        break;
      case TableKind::kForecastResult:
        ForecastResult(*t);
        break;
      case TableKind::kGoalSummary:
        GoalSummary(*t);
        break;
      case TableKind::kActivitySummary:
        CountSum(*t);
        break;
      case TableKind::kGoals:
        Assessments(*t);
        break;
      case TableKind::kIndicators:
        IndicatorJumps(*t);
        break;
      default:
        break;
    }
  }
  if (report_.forecast_source) ForecastSourceRules(*report_.forecast_source);
  return std::move(findings_);
}

std::string Checker::Where(const Table& t, const Row& r, std::string_view column) {
  int c = t.ColumnIndex(column);
  std::string label = r.label;
  if (IsPartRow(r.kind)) {
    if (const Row* parent = t.FindRow(r.parent)) label = StrCat(parent->label, " ", r.label);
  }
  return StrCat(t.title, " › ", label, c >= 0 ? StrCat(" › ", t.columns[c].label) : "");
}

void Checker::Add(Severity severity, std::string rule, const Table& t, const Row& r,
                  std::string_view column, std::string shown, std::string consistent,
                  std::string message) {
  findings_.push_back({.file = t.id,
                       .field = std::string(column),
                       .message = std::move(message),
                       .severity = severity,
                       .rule = std::move(rule),
                       .record = r.id,
                       .where = Where(t, r, column),
                       .shown = std::move(shown),
                       .consistent = std::move(consistent)});
}

const Row* Checker::ForecastRowOf(std::string_view unit_id) const {
  for (const Table* t : report_.Tables()) {
    if (t->kind != TableKind::kForecast) continue;
    for (const Row& r : t->rows) {
      if ((r.kind == RowKind::kSum || r.kind == RowKind::kOtherForvaltning) && r.unit_id == unit_id)
        return &r;
    }
  }
  return nullptr;
}

const Table* Checker::FirstOf(TableKind kind) const {
  for (const Table* t : report_.Tables()) {
    if (t->kind == kind) return t;
  }
  return nullptr;
}

}  // namespace validation

std::optional<DeviationTerms> DeviationTermsOf(TableKind kind) {
  switch (kind) {
    case TableKind::kOperating:
      return DeviationTerms{"budget", "actual", "budget", "redovisat"};
    case TableKind::kForecast:
    case TableKind::kEconomy:
      return DeviationTerms{"budget", "forecast", "budget", "prognos"};
    case TableKind::kInvestments:
      return DeviationTerms{"frame", "forecast_net", "investeringsram", "prognos netto"};
    default:
      return std::nullopt;
  }
}

std::vector<Finding> Validate(const Report& report) { return validation::Checker(report).Run(); }

}  // namespace tertial::reporting
