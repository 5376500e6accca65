#ifndef TERTIAL_CHART_POSTING_H_
#define TERTIAL_CHART_POSTING_H_

// How a posted voucher (tertial.ledger.v1.VoucherPosted) counts. Every reader of the
// ledger topic — the ledger's balances, the forecast, the goals' finance-derived
// indicators, the report — asks here, so that a controller's balances, the forecast's
// actuals, the goal indicators and the board's report cannot disagree. docs/events.md
// ("Reading the ledger topic") states the same rules for other consumers.
//
//   lines       #TRANS and #RTRANS count, #BTRANS (removed afterwards) does not.
//   period      every line of a voucher counts in the month of the voucher's date. A line's
//               own date (SIE transdat: an accrual, a bank date) is informational, even
//               when it lies in another month or another fiscal year.
//   objects     the unit is the line's object of dimension 1, the project of dimension 6.
//   investment  per project (lines without a project object are not investment):
//                 spending = the net of the project's lines on the fixed-asset accounts
//                   (classes 11-12, not accumulated depreciation; AccountKind
//                   kInvestment): an invoice adds, a supplier's credit note, a reversal or
//                   a reclassification to another project subtracts. A credit on an asset
//                   account is never income.
//                 income = the net of the project's lines on the investment-income accounts
//                   (AccountKind kInvestmentIncome: 2381 gatukostnadsersättningar, 2383
//                   anläggnings-/anslutningsavgifter, 2388 investeringsbidrag, Kommun-Bas):
//                   a grant received is a credit (negative), a repayment a debit.
//                 net = spending + income (what an investment frame or budget is set for).
//   closing     PeriodClosed for month m closes the months of m's fiscal year up to m.
//   duplicates  a voucher counts once per key, however often the log holds it
//               (tertial/chart/voucher_index.h).

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "tertial/chart/account_class.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/period/period.h"

namespace tertial::chart {

// The dimensions tertial gives a meaning: units (SIE #DIM 1) and projects (#DIM 6).
inline constexpr int kUnitDimension = 1;
inline constexpr int kProjectDimension = 6;

// #TRANS and #RTRANS count; #BTRANS does not.
inline bool Counts(const ledger::v1::Transaction& transaction) {
  return transaction.kind() != ledger::v1::TRANSACTION_KIND_REMOVED;
}

// The month every line of `voucher` counts in: its date's.
inline period::Period CountingPeriod(const ledger::v1::VoucherPosted& voucher) {
  return period::Period{voucher.date().year(), voucher.date().month()};
}

// The line's object of `dimension`, or empty.
std::string_view ObjectOf(const ledger::v1::Transaction& transaction, int dimension);
inline std::string_view UnitOf(const ledger::v1::Transaction& transaction) {
  return ObjectOf(transaction, kUnitDimension);
}
inline std::string_view ProjectOf(const ledger::v1::Transaction& transaction) {
  return ObjectOf(transaction, kProjectDimension);
}

// What one voucher contributes to one project's investment (signs are SIE's).
struct ProjectInvestment {
  int64_t spending_ore = 0;  // net of the fixed-asset lines
  int64_t income_ore = 0;    // net of the investment-income lines; a grant is negative
  std::string unit_id;       // the unit object of the project's first line that has one
  int64_t net_ore() const { return spending_ore + income_ore; }
};

// The voucher's investment per project id; projects without a counted investment line are
// absent. OUT_OF_RANGE when a project's lines sum past int64 (they never wrap).
absl::StatusOr<std::map<std::string, ProjectInvestment>> InvestmentOf(
    const ledger::v1::VoucherPosted& voucher);

// True when closing `closed` closes `p`: both lie in `year`, and `p` is not after `closed`.
inline bool ClosedBy(const period::FiscalYear& year, const period::Period& closed,
                     const period::Period& p) {
  return year.Contains(closed) && year.Contains(p) && p <= closed;
}

}  // namespace tertial::chart

#endif  // TERTIAL_CHART_POSTING_H_
