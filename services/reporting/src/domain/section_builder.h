#ifndef TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_SECTION_BUILDER_H_
#define TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_SECTION_BUILDER_H_

// How Build (builder.h) makes the report, one section per file: section_<id>.cc builds the
// tables of that section, builder.cc the frame they share (periods, the unit tree rolled
// up, the sections in order, narratives and validation). Private to the builder.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "builder.h"
#include "report.h"
#include "tertial/chart/unit_tree.h"

namespace tertial::reporting {

// The sides of an operating forecast line; a ForecastLine holds one figure per side.
enum class ForecastSide { kNet = 0, kCosts = 1, kRevenues = 2 };

// Column positions of the tables that other tables are read off (economy and the
// summary's forecast result read the forecast and investments tables), in the order of
// the tables' `columns`.
namespace forecast_column {
inline constexpr size_t kForecast = 0, kBudget = 1, kDeviation = 2, kPriorYear = 3;
}  // namespace forecast_column
namespace investment_column {
inline constexpr size_t kSpending = 0, kIncome = 1, kForecastSpending = 2, kForecastIncome = 3,
                        kForecastNet = 4, kFrame = 5, kDeviation = 6;
}  // namespace investment_column
// The count column of the summary's count tables (goals per assessment, activities).
inline constexpr size_t kCountColumn = 0;

class SectionBuilder final {
 public:
  explicit SectionBuilder(const BuildInput& in) : in_(in) {}
  SectionBuilder(const SectionBuilder&) = delete;
  SectionBuilder& operator=(const SectionBuilder&) = delete;

  absl::StatusOr<Report> Run();

 private:
  static Cell Money(int64_t ore) { return Cell::Money(ore); }
  static Cell Count(int64_t n) { return Cell::Number(Decimal{n, 0}); }
  static Cell Opt(const std::optional<Decimal>& d) { return d ? Cell::Number(*d) : Cell::Empty(); }

  // The frame (builder.cc).
  Section& Add(std::string id, std::string title);
  // The report's months (the fiscal year through the period), and the same months a year before.
  std::string Span() const { return PeriodSpan(r_.fiscal_year_start, in_.period); }
  std::string PriorSpan() const;
  std::string PeriodEndLabel() const;
  std::string PeriodEndDate() const;
  // The unit's figures rolled up over its subtree.
  UnitFigures Rolled(std::string_view unit_id) const;
  const UnitForecastInput* ForecastOf(std::string_view unit_id) const;
  std::string ForvaltningOf(std::string_view unit_id) const;
  // The note under a table with other förvaltningar: what their minus sign means.
  std::string OtherNote() const;
  // "genomförd" -> "Genomförd".
  static std::string Capitalised(std::string s);

  // Resultat (section_operating.cc).
  Table OperatingTable() const;

  // Prognos (section_forecast.cc). Forecast, budget, deviation and bokslut of one unit, for
  // the net and each side.
  struct ForecastLine {
    std::optional<int64_t> forecast[3];  // by ForecastSide; none without a forecast
    int64_t budget[3] = {0, 0, 0};
    int64_t prior[3] = {0, 0, 0};
    const std::optional<int64_t>& forecast_of(ForecastSide s) const { return forecast[Index(s)]; }
    int64_t budget_of(ForecastSide s) const { return budget[Index(s)]; }
    int64_t prior_of(ForecastSide s) const { return prior[Index(s)]; }
    static int Index(ForecastSide s) { return static_cast<int>(s); }
  };
  ForecastLine LineOf(std::string_view unit_id) const;
  // The method that made `unit_id`'s forecast, on its row.
  void SetMethod(Row& r) const;
  // "Prognosmetod: budget_remaining (...) för samtliga rader." or, when rows differ, the
  // methods with their rows.
  static std::string MethodNote(const Table& t);
  Row ForecastRow(const ForecastLine& line, ForecastSide side, Row r) const;
  Table ForecastTable() const;

  // Investeringar (section_investments.cc).
  Table InvestmentsTable() const;

  // Ekonomi (section_economy.cc), read off the forecast and investments tables.
  Table EconomyTable(const Table& forecast, const Table& investments) const;

  // Samlad bedömning (section_summary.cc).
  Table GoalSummary() const;
  Table ActivitySummary() const;
  // "Av de 119 aktiviteterna förskjuts 20 i tid men genomförs 2021, och 11 förskjuts till
  // 2022 eller senare." Empty when none is postponed.
  std::string PostponedSentence(int64_t total) const;
  Table ForecastResult(const Table& forecast) const;
  std::vector<std::string> Highlights(const Section& summary) const;

  // Personal (section_personnel.cc), Diagram (section_charts.cc).
  Table PersonnelTable() const;
  std::vector<Chart> Charts() const;

  // Målredovisning and the nämndindikatorer (section_goals.cc).
  Table GoalsTable() const;
  std::vector<Table> IndicatorTables() const;

  // Uppdrag och prognosjusteringar (section_assignments.cc).
  Table AssignmentsTable() const;
  Table AdjustmentsTable() const;

  const BuildInput& in_;
  Report r_;
  std::string primary_;
  std::vector<const chart::UnitNode*> stabs_;
  std::vector<const chart::UnitNode*> others_;
};

}  // namespace tertial::reporting

#endif  // TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_SECTION_BUILDER_H_
