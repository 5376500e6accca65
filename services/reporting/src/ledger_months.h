#ifndef TERTIAL_SERVICES_REPORTING_SRC_LEDGER_MONTHS_H_
#define TERTIAL_SERVICES_REPORTING_SRC_LEDGER_MONTHS_H_

// Which months the ledger has amounts for under a board: a report for a month without any
// would be a report of zeros, so Render refuses it (FAILED_PRECONDITION) unless forced.

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tertial/period/period.h"
#include "tertial/projection/store.h"

namespace tertial::reporting {

// The months with operating amounts (a/<org>/<month>/<unit>) on the board or a unit below
// it, ascending. NOT_FOUND when the organisation has no such unit.
absl::StatusOr<std::vector<period::Period>> LedgerMonths(const projection::Reader& db,
                                                         std::string_view organisation,
                                                         std::string_view board);

// "2020-01..2021-08, 2022-01": consecutive months as ranges; "none" when empty.
std::string DescribeMonths(const std::vector<period::Period>& months);

// OK when `period` is among the board's ledger months; else FAILED_PRECONDITION naming the
// organisation, board, period and the months that have data.
absl::Status CheckLedgerData(const projection::Reader& db, std::string_view organisation,
                             std::string_view board, const period::Period& period);

}  // namespace tertial::reporting

#endif  // TERTIAL_SERVICES_REPORTING_SRC_LEDGER_MONTHS_H_
