#ifndef TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_VALIDATE_H_
#define TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_VALIDATE_H_

// The validation pass every report gets, on figures built from the ledger and on figures
// typed by people alike. Pure. Rules (each finding names its rule):
//
//   row_sum        the unit/project rows of a table add up to its sum row, per column
//   deviation      deviation = budget − actual (operating), budget − forecast (forecast,
//                  economy), frame − forecast net (investments), in every row
//   deviation_sign the deviation shown is exactly the negative of the row's rule: an error
//                  where the table (or row) declares its signs (Table::signs, Row::signs);
//                  otherwise a warning, the rule being the one most of the table's rows
//                  follow (budget − actual on a tie), so that a table printed as
//                  actual − budget throughout warns only on the row that is not
//   net            investments: forecast net = forecast spending + forecast income
//   of_which       "varav" rows add up to their parent; flags costs and revenues swapped
//   cross_table    the economy summary agrees with the forecast and investment tables;
//                  the summary's result per förvaltning with the forecast table; the goal
//                  and activity counts with their lists
//   assessment     a nämndmål's assessment agrees with its indicators' status (the goals
//                  service's status where it gave one)
//   year_over_year an amount or indicator more than doubled or fell by more than half
//                  against the prior year (a warning: implausible, worth a look)
//   claim          a figure stated in the text differs from the table it refers to
//
// Typed figures are rounded; a check allows each typed term half its precision, so that
// rounding alone never raises a finding.

#include <optional>
#include <string_view>
#include <vector>

#include "report.h"

namespace tertial::reporting {

std::vector<Finding> Validate(const Report& report);

// The columns a table's deviation is computed from, and their names for people: the
// deviation is minuend − subtrahend (budget − actual), or the reverse where the table's
// signs say so. nullopt for a kind without a deviation rule.
struct DeviationTerms {
  std::string_view minuend;  // column id: "budget", "frame"
  std::string_view subtrahend;
  std::string_view minuend_name;  // "budget", "investeringsram"
  std::string_view subtrahend_name;
};
std::optional<DeviationTerms> DeviationTermsOf(TableKind kind);

// A figure stated in prose (typed from a printed report): checked by rule `claim`.
struct Claim {
  std::string section;
  std::string text;       // the sentence, for people
  std::string reference;  // "forecast.sum.deviation|mnkr"
  std::string shown;      // as printed, "12,8", "–13,9": compared as a number
};
std::vector<Finding> ValidateClaims(const Report& report, const std::vector<Claim>& claims);

// An indicator's status from its values and target: the table's last number column is
// the period followed up; for "öka"/"minska" the baseline is the latest earlier value.
IndicatorStatus ComputeStatus(const Table& table, const Row& row);

}  // namespace tertial::reporting

#endif  // TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_VALIDATE_H_
