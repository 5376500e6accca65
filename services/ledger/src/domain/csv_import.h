#ifndef TERTIAL_LEDGER_DOMAIN_CSV_IMPORT_H_
#define TERTIAL_LEDGER_DOMAIN_CSV_IMPORT_H_

// The CSV imports of docs/formats.md: the unit tree, projects and budget lines. Each reads
// the whole file, reports every problem (up to the cap) and, if there is none, gives the
// events to append. These files are small next to a ledger (a municipality has hundreds of
// units, a budget some hundred thousand lines), so they are decided in memory.

#include <istream>
#include <string>
#include <vector>

#include "domain/ledger_view.h"
#include "domain/sie_import.h"
#include "tertial/base/issues.h"
#include "tertial/ledger/v1/events.pb.h"

namespace tertial::ledger {

struct CsvImport {
  std::vector<v1::LedgerEvent> events;  // in order; empty if there were errors
  int fiscal_year = 0;                  // budget: the (first) fiscal year of its periods
  int64_t units = 0;
  int64_t projects = 0;
  int64_t budget_lines = 0;
};

CsvImport ImportUnitsCsv(std::istream& in, const ImportSettings& settings, const LedgerView& view,
                         Issues& issues);
CsvImport ImportProjectsCsv(std::istream& in, const ImportSettings& settings,
                            const LedgerView& view, Issues& issues);
CsvImport ImportBudgetCsv(std::istream& in, const ImportSettings& settings, const LedgerView& view,
                          Issues& issues);

// Guesses the format of a CSV file from its header: units, projects or budget; empty if
// it is none of them.
std::string DetectCsvFormat(std::string_view header_line);

// When DetectCsvFormat cannot tell: the format whose columns the header shares most of (at
// least two, and more than with any other), so that its import names the unknown and
// missing columns; empty if none is close.
std::string ClosestCsvFormat(std::string_view header_line);

}  // namespace tertial::ledger

#endif  // TERTIAL_LEDGER_DOMAIN_CSV_IMPORT_H_
