#ifndef TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_VALIDATE_CHECKER_H_
#define TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_VALIDATE_CHECKER_H_

// The validation pass's working parts (validate.h lists the rules). A Checker walks one
// report's tables and collects its findings in the order the rules find them. Its rules are
// defined by family:
//   validate.cc              which rules run on which table, and the finding helpers
//   validate_tables.cc       within one table: row_sum, deviation, deviation_sign, net,
//                            of_which, year_over_year of amounts
//   validate_cross_table.cc  between tables: cross_table, forecast_source
//   validate_goals.cc        goals and indicators: assessment, year_over_year of values
// Private to those files. Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report.h"

namespace tertial::reporting::validation {

inline int64_t Abs(int64_t v) { return v < 0 ? -v : v; }

// Half the precision of a typed figure; exact figures contribute nothing.
inline int64_t Slack(const Cell& c) { return c.precision_ore() <= 1 ? 0 : c.precision_ore() / 2; }

class Checker {
 public:
  explicit Checker(const Report& report) : report_(report) {}

  std::vector<Finding> Run();

 private:
  // Findings and the cells they are about (validate.cc).
  static std::string Where(const Table& t, const Row& r, std::string_view column);
  void Add(Severity severity, std::string rule, const Table& t, const Row& r,
           std::string_view column, std::string shown, std::string consistent, std::string message);
  // Money cell at `column`, or nullptr if the column is missing or the cell is not money.
  static const Cell* MoneyAt(const Table& t, const Row& r, std::string_view column) {
    int c = t.ColumnIndex(column);
    if (c < 0 || c >= static_cast<int>(r.cells.size())) return nullptr;
    return r.cells[c].is_money() ? &r.cells[c] : nullptr;
  }
  // Empty cells ("–") count as zero in sums.
  static std::optional<int64_t> SumValue(const Table& t, const Row& r, size_t c) {
    if (c >= r.cells.size()) return std::nullopt;
    const Cell& cell = r.cells[c];
    if (cell.is_money()) return cell.ore();
    if (cell.state() == Cell::State::kEmpty) return 0;
    return std::nullopt;
  }
  std::string Money(const Table& t, int64_t ore) const { return FormatMoney(ore, t.unit_label); }
  const Row* ForecastRowOf(std::string_view unit_id) const;
  const Table* FirstOf(TableKind kind) const;

  // Within one table (validate_tables.cc).
  void RowSums(const Table& t);
  void Deviations(const Table& t);
  // The signs `r` declares: its own, an of-which row's parent's, or its table's; nullptr
  // when none is declared.
  static const SignConvention* DeclaredSigns(const Table& t, const Row& r);
  // Whether `r` prints costs negative (declared; SIE signs otherwise).
  static bool CostsNegative(const Table& t, const Row& r) {
    const SignConvention* s = DeclaredSigns(t, r);
    return s != nullptr && s->costs_negative;
  }
  void Net(const Table& t);
  void OfWhich(const Table& t);
  void YearOverYear(const Table& t, std::string_view current, std::string_view prior);
  void CountSum(const Table& t);

  // Between tables (validate_cross_table.cc).
  void ForecastSourceRules(const ForecastSource& source);
  void Economy(const Table& t);
  void ForecastResult(const Table& t);
  void GoalSummary(const Table& t);

  // Goals and indicators (validate_goals.cc).
  void Assessments(const Table& goals);
  void IndicatorJumps(const Table& t);

  const Report& report_;
  std::vector<Finding> findings_;
};

}  // namespace tertial::reporting::validation

#endif  // TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_VALIDATE_CHECKER_H_
