#ifndef TERTIAL_FORECAST_DOMAIN_LEDGER_FIGURES_H_
#define TERTIAL_FORECAST_DOMAIN_LEDGER_FIGURES_H_

// What a ledger voucher contributes to the forecast's figures, by the shared chart rules
// (tertial/chart/account_class.h): classes 4-7 are costs and class 3 revenues of the unit
// object (dimension 1); classes 11-12 with a project object (dimension 6) are investment
// spending (debits) and income (credits) of the project. #BTRANS (removed) lines do not
// count; everything else (balance sheet, class 8-9) is not the forecast's.

#include <map>
#include <string>

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
  // Lines whose date lies outside the fiscal year (neither theirs nor the voucher's fits).
  int outside_year = 0;
};

// `fy` is the voucher's fiscal year; a line's month is that of its own date, else the
// voucher's.
VoucherFigures FiguresOf(const ledger::v1::VoucherPosted& voucher, const period::FiscalYear& fy);

// The object of `dimension` on a transaction, or "".
std::string ObjectOf(const ledger::v1::Transaction& transaction, int dimension);

inline constexpr int kUnitDimension = 1;
inline constexpr int kProjectDimension = 6;

}  // namespace tertial::forecast

#endif  // TERTIAL_FORECAST_DOMAIN_LEDGER_FIGURES_H_
