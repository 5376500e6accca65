#ifndef TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_FIGURES_H_
#define TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_FIGURES_H_

// A report's figures as typed by people (`tertial validate FILE`): the tables of a
// printed report, every figure as printed ("12 842", "-2 851", "8,2", "I.U."), in a JSON
// file described in services/reporting/README.md. Parsing gives the same Report model the
// builder makes, so the one validator checks both.

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "report.h"
#include "validate.h"

namespace tertial::reporting {

struct TypedFigures {
  Report report;
  std::vector<Claim> claims;
};

// `source` names the file in errors ("seed-tables.json:41:9: row 'unit:EKS' ...").
absl::StatusOr<TypedFigures> ParseTypedFigures(std::string_view text, std::string_view source);

// Runs Validate and ValidateClaims.
std::vector<Finding> ValidateTypedFigures(const TypedFigures& figures);

// A number as a printed report sets it: the number rules of tertial/money/decimal.h
// (docs/formats.md, "Numbers"), and a minus as Swedish print writes it: an en dash (U+2013,
// what Swedish typesetting uses), a minus sign (U+2212) or a hyphen, right before the digits
// or followed by a space ("– 8,2", "–8,2", "− 8,2", "- 8,2"). Errors quote `printed` whole:
// "'– 8,2x' is not a number: unexpected 'x'".
absl::StatusOr<Decimal> ParsePrintedNumber(std::string_view printed, int max_decimals);

// A target as printed: "Öka", "Minska", "mindre än 23", "< 23", ">= 79", "= 40000",
// "ingen negativ avvikelse", "40 000", "I.U.", "–". A bare number is a level to reach:
// at least it when it lies above `baseline`, at most it when below (sick leave 6,2 against
// 6,6). Fails on text it cannot read.
absl::StatusOr<Target> ParseTarget(std::string_view printed,
                                   const std::optional<Decimal>& baseline);

}  // namespace tertial::reporting

#endif  // TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_FIGURES_H_
