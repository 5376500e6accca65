#ifndef TERTIAL_GOALS_DOMAIN_FINANCE_H_
#define TERTIAL_GOALS_DOMAIN_FINANCE_H_

// Finance-derived indicators (procentuell avvikelse budget/utfall and
// investeringsbudget/utfall), computed from what the ledger's events say. Pure.
//
//   budget deviation     (budget - actual) / budget of the net operating cost (classes
//                        3-7) of the unit's subtree
//   investment deviation (investment budget - net investment) / investment budget over
//                        the projects the subtree's units own; net investment = spending
//                        + income by tertial/chart/posting.h (classes 11-12 and the
//                        investment-income accounts)
//   personnel cost share personnel costs (class 5) / net operating cost, whole percent
//
// over the fiscal year's periods up to a month ("augusti 2021" = 2021-01..2021-08) or
// the whole year, in percent with one decimal, rounded half away from zero with integer
// arithmetic (money::MulDiv).

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "domain/state.h"
#include "tertial/chart/unit_tree.h"
#include "tertial/goals/v1/events.pb.h"
#include "tertial/period/period.h"

namespace tertial::goals {

namespace pb = ::tertial::goals::v1;

// Sums of the ledger that the derivations need, in öre, SIE sign.
struct LedgerSums {
  int64_t actual_ore = 0;
  int64_t budget_ore = 0;
};

struct LedgerFacts {
  chart::UnitTree units;
  std::map<std::string, std::string> project_units;  // project -> owning unit
  std::map<int, period::FiscalYear> fiscal_years;    // by label; absent: calendar year
  // Calendar periods closed (PeriodClosed); closing a month closes the months before it.
  std::set<PeriodKey> closed;
  // Months (calendar periods) with at least one voucher, per fiscal year.
  std::map<int, std::set<PeriodKey>> voucher_periods;
  // Net operating (classes 3-7) per (fiscal year, calendar period, unit).
  std::map<std::tuple<int, PeriodKey, std::string>, LedgerSums> operating;
  // Personnel costs (class 5), actual, per (fiscal year, calendar period, unit).
  std::map<std::tuple<int, PeriodKey, std::string>, int64_t> personnel;
  // Net investment (spending + income, tertial/chart/posting.h) per (fiscal year, calendar
  // period, project, booking unit).
  std::map<std::tuple<int, PeriodKey, std::string, std::string>, LedgerSums> investment;

  period::FiscalYear FiscalYearOf(int label) const;
  bool empty() const { return operating.empty() && investment.empty(); }
};

// The value of a derived indicator for a period (a whole fiscal year, or its periods up
// to a month); nullopt when the ledger has nothing for it (no budget and no actual).
// A zero budget with actuals gives I.U. with a note.
struct DerivedResult {
  pb::IndicatorValue value;
  pb::DerivedDetail detail;
};
std::optional<DerivedResult> ComputeDerived(const LedgerFacts& ledger,
                                            const pb::Derivation& derivation,
                                            const pb::ValuePeriod& period);

// The periods a derivation has values for: every month of each fiscal year from
// `from_year` up to the last month with vouchers, and the whole year once its last
// month has vouchers or is closed.
std::vector<pb::ValuePeriod> DerivedPeriods(const LedgerFacts& ledger,
                                            const pb::Derivation& derivation);

}  // namespace tertial::goals

#endif  // TERTIAL_GOALS_DOMAIN_FINANCE_H_
