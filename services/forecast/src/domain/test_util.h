#ifndef TERTIAL_FORECAST_DOMAIN_TEST_UTIL_H_
#define TERTIAL_FORECAST_DOMAIN_TEST_UTIL_H_

// Hand-written figures for the domain tests.

#include <vector>

#include "domain/figures.h"

namespace tertial::forecast::testing {

// A unit's own figures from per-month lists (month 1 first; shorter lists are zero after).
inline UnitCell Cell(const std::vector<int64_t>& actual_costs,
                     const std::vector<int64_t>& actual_revenues,
                     const std::vector<int64_t>& budget_costs = {},
                     const std::vector<int64_t>& budget_revenues = {}) {
  UnitCell cell;
  for (size_t m = 0; m < actual_costs.size(); ++m)
    cell.months[m].actual_costs_ore = actual_costs[m];
  for (size_t m = 0; m < actual_revenues.size(); ++m)
    cell.months[m].actual_revenues_ore = actual_revenues[m];
  for (size_t m = 0; m < budget_costs.size(); ++m)
    cell.months[m].budget_costs_ore = budget_costs[m];
  for (size_t m = 0; m < budget_revenues.size(); ++m)
    cell.months[m].budget_revenues_ore = budget_revenues[m];
  return cell;
}

inline std::vector<int64_t> Repeat(int64_t value, int months) {
  return std::vector<int64_t>(months, value);
}

inline std::vector<int64_t> Concat(std::vector<int64_t> a, const std::vector<int64_t>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace tertial::forecast::testing

#endif  // TERTIAL_FORECAST_DOMAIN_TEST_UTIL_H_
