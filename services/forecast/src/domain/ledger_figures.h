#ifndef TERTIAL_FORECAST_DOMAIN_LEDGER_FIGURES_H_
#define TERTIAL_FORECAST_DOMAIN_LEDGER_FIGURES_H_

// What a ledger voucher contributes to the forecast's figures, by the shared rules of the
// ledger topic (tertial/chart/account_class.h, tertial/chart/posting.h): every line counts in
// the month of the voucher's date; classes 4-7 are costs and class 3 revenues of the unit
// object (dimension 1); a project's (dimension 6) investment spending is the net of its
// lines on classes 11-12 and its income the net of its lines on the investment-income
// accounts, so that a credit note lowers spending and only a grant is income. #BTRANS
// (removed) lines do not count; everything else (balance sheet, class 8-9) is not the
// forecast's. Whether a voucher counts at all (a copy in the log does not) is the
// projection's VoucherIndex.

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "domain/figures.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/period/period.h"

namespace tertial::forecast {

struct VoucherFigures {
  // unit id ("" for operating lines without a unit object) -> month -> actuals
  std::map<std::string, std::map<int, UnitMonth>> units;
  struct Project {
    std::string unit_id;  // the unit object of its first line, if any
    std::map<int, ProjectMonth> months;
  };
  std::map<std::string, Project> projects;
  // Counted lines of a voucher whose date lies outside the fiscal year `fy` (the import
  // refuses such vouchers; events from elsewhere might hold one).
  int outside_year = 0;
};

// `fy` is the voucher's fiscal year; every line's month is the voucher's.
absl::StatusOr<VoucherFigures> FiguresOf(const ledger::v1::VoucherPosted& voucher,
                                         const period::FiscalYear& fy);

}  // namespace tertial::forecast

#endif  // TERTIAL_FORECAST_DOMAIN_LEDGER_FIGURES_H_
