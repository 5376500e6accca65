#ifndef TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_REFERENCE_H_
#define TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_REFERENCE_H_

// References in the controllers' narrative: numbers written as {{table.row.column|format}}
// and filled from the report model, so that text and tables cannot disagree.
//
//   reference := "{{" table "." row "." column [ "|" format { "," modifier } ] "}}"
//   table     := a table id               e.g. forecast, operating, investments, economy
//   row       := a row id (may hold ':' and '/', and '.' too: it runs to the last '.')
//                                          e.g. unit:EKS, sum, sum/costs, project:SIMHALL
//   column    := a column id              e.g. actual, budget, deviation, forecast, 2021-08
//   format    := tkr | mnkr | mnkr0 | mnkr2 | kr | number | text
//   modifier  := abs                       (the magnitude: "ett överskott med 2,9 mnkr")
//
// The default format is tkr for money and "number" (as recorded) for indicator values.
// Whitespace inside the braces is allowed around the parts. An unknown table, row or
// column, a cell without a value, or an unknown format is an error: a reference never
// silently becomes an empty string. "{{" may be written literally as "\{{".

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "report.h"

namespace tertial::reporting {

struct Reference {
  std::string table;
  std::string row;
  std::string column;
  std::string format;  // empty: the default
  bool abs = false;
  std::string text;  // as written, braces included
};

absl::StatusOr<Reference> ParseReference(std::string_view inner);

// The value of a reference as text, formatted.
absl::StatusOr<std::string> ResolveReference(const Report& report, const Reference& ref);

// Every reference in `markdown`, in order. Fails on a malformed one ("{{" without "}}").
absl::StatusOr<std::vector<Reference>> FindReferences(std::string_view markdown);

// Checks every reference of `markdown` against `report`; the first error names the
// reference and what is wrong.
absl::Status CheckNarrative(const Report& report, std::string_view markdown);

// Fills every reference. A reference that does not resolve is replaced by a visible
// marker "⟦fel: ...⟧" and reported in `errors` (so a report is still produced, and its
// findings say what to fix).
std::string ResolveNarrative(const Report& report, std::string_view markdown,
                             std::vector<std::string>* errors);

}  // namespace tertial::reporting

#endif  // TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_REFERENCE_H_
