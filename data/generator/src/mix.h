#ifndef TERTIAL_DATA_GENERATOR_MIX_H_
#define TERTIAL_DATA_GENERATOR_MIX_H_

// Which accounts each demo unit's costs and revenues fall on, by share, and how often each
// account is posted (chosen: the report does not say).

#include <cstdint>
#include <string_view>
#include <vector>

namespace tertial::demo {

// How often an account is posted. Monthly amounts follow the month weights; even ones
// (depreciation) are the same every month. Quarterly and yearly amounts are contracts: the
// same in the budget and in the actuals, invoiced in advance in the quarter's (or the
// year's) month.
enum class Cadence { kMonthly, kEven, kQuarterly, kYearly };

struct Entry {
  std::string_view account;
  // Monthly and even: a relative share of what the periodic entries leave. Quarterly and
  // yearly: per mille of the year's costs (or revenues).
  int64_t weight;
  Cadence cadence = Cadence::kMonthly;
  int month = 0;  // yearly entries: the month invoiced
};

// Which accounts a unit's costs and revenues fall on.
struct UnitMix {
  std::vector<Entry> personnel;  // class 5; relative weights
  std::vector<Entry> costs;      // classes 4, 6, 7
  std::vector<Entry> revenues;   // class 3
};

const UnitMix& MixFor(std::string_view unit);

// The cadence of `account` in `unit`'s mix; kMonthly for accounts not in it.
Cadence CadenceOf(std::string_view unit, std::string_view account);

}  // namespace tertial::demo

#endif  // TERTIAL_DATA_GENERATOR_MIX_H_
