#ifndef TERTIAL_LEDGER_DOMAIN_RETRACTION_H_
#define TERTIAL_LEDGER_DOMAIN_RETRACTION_H_

// Taking back an import (ImportRetracted) and reopening a closed month (PeriodReopened):
// the decisions, without the log or the projection (retract.cc is the adapter).
//
// A retraction appends, per voucher the import posted, a compensating VoucherPosted: the
// same key, date, fiscal year and import id, `retraction_id` set, each counted transaction
// negated (#BTRANS lines, which never counted, left out). Every consumer that sums vouchers
// then holds the sums without the import, without knowing about retractions; the voucher
// index (tertial/chart/voucher_index.h) counts a compensation once and frees the key, so
// that the same file may be imported again. Budget lines are not taken back: the ledger
// keeps the current budget per cell, not what an import replaced (README, "Retracting an
// import").

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/ledger_view.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/period/period.h"

namespace tertial::ledger {

// A reason (retraction, reopening) is required and at most this long; it stays in the log.
inline constexpr size_t kMaxReasonBytes = 1000;
// INVALID_ARGUMENT unless `reason` has text and fits kMaxReasonBytes (UTF-8 is checked at
// the command boundary, grpcutil::CheckMessageText).
absl::Status CheckReason(std::string_view reason);

// The retraction of `import_id` in `organisation`: one per import (a re-import of the same
// content gets a new import id, import_job::ImportId).
std::string RetractionId(std::string_view organisation, std::string_view import_id);

// FAILED_PRECONDITION when the import cannot be retracted: it set budget lines (what they
// replaced is not kept), or it posted no voucher (definitions only: they stay).
absl::Status CheckRetractable(const v1::ImportCompleted& import);

// The compensating voucher of `original` (see above). OUT_OF_RANGE for an amount that
// cannot be negated (never from an import: amounts are within money::kMaxAbsOre).
absl::StatusOr<v1::VoucherPosted> CompensationOf(const v1::VoucherPosted& original,
                                                 std::string_view retraction_id);
// "retraction/<retraction id>/<the original's aggregate key>".
std::string CompensationAggregateKey(const v1::VoucherPosted& compensation);

// FAILED_PRECONDITION naming the first closed month of `periods` (what the import posted
// into) and how to reopen it; OK when all are open.
absl::Status CheckPeriodsOpen(const LedgerView& view, std::string_view organisation,
                              const v1::ImportCompleted& import,
                              const std::set<period::Period>& periods);

// Reopening `p` of `year`, whose closed months (PeriodClosed, and the closed_through of
// earlier reopenings) are `closed` in any order: p and every later closed month of the year
// are reopened; the year stays closed through the month before p. FAILED_PRECONDITION when
// p is open.
absl::StatusOr<v1::PeriodReopened> DecideReopen(const period::FiscalYear& year,
                                                const std::vector<period::Period>& closed,
                                                const period::Period& p, std::string_view reason);

}  // namespace tertial::ledger

#endif  // TERTIAL_LEDGER_DOMAIN_RETRACTION_H_
