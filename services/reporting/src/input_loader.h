#ifndef TERTIAL_SERVICES_REPORTING_SRC_INPUT_LOADER_H_
#define TERTIAL_SERVICES_REPORTING_SRC_INPUT_LOADER_H_

// Reads the reporting projection (projection.h) into the builder's input for one board
// and period. The fiscal year is the one the ledger defined (FiscalYearDefined) that holds
// the period; the calendar year where none does. The goals part is goals_input.h's.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/builder.h"
#include "tertial/projection/store.h"

namespace tertial::reporting {

absl::StatusOr<BuildInput> LoadInput(const projection::Reader& db, std::string_view organisation,
                                     std::string_view board, const period::Period& period);

struct ReportListing {
  std::string organisation;
  std::string organisation_name;
  std::string board;
  std::string board_name;
  period::Period period;
  bool has_forecast = false;
  bool closed = false;
};

// Every (board, month) a report can be made for: boards are the unit tree's nämnder,
// months those with ledger amounts or a published forecast. Empty organisation: all.
absl::StatusOr<std::vector<ReportListing>> ListReports(const projection::Reader& db,
                                                       std::string_view organisation);

}  // namespace tertial::reporting

#endif  // TERTIAL_SERVICES_REPORTING_SRC_INPUT_LOADER_H_
