#ifndef TERTIAL_FORECAST_DOMAIN_METHOD_H_
#define TERTIAL_FORECAST_DOMAIN_METHOD_H_

// The forecast methods (prognosmetoder) and their names as users and events write them.

#include <array>
#include <string_view>

#include "absl/status/statusor.h"

namespace tertial::forecast {

enum class Method {
  kAuto,              // per unit, the method with the lowest backtested error
  kRunrate,           // actual(1..m) / m * N
  kBudgetRemaining,   // actual(1..m) + budget(m+1..N)
  kBudgetProfile,     // actual(1..m) / (budget(1..m) / budget(1..N))
  kPriorYearProfile,  // actual(1..m) / (prior actual(1..m) / prior actual(1..N))
};

// The methods that compute something (all but auto), in the order auto prefers them when
// their errors tie.
inline constexpr std::array<Method, 4> kConcreteMethods = {
    Method::kBudgetRemaining, Method::kBudgetProfile, Method::kPriorYearProfile, Method::kRunrate};

// "auto", "runrate", "budget_remaining", "budget_profile", "prior_year_profile".
std::string_view MethodName(Method method);

// Parses a method name; the error lists the names accepted.
absl::StatusOr<Method> ParseMethod(std::string_view name);

}  // namespace tertial::forecast

#endif  // TERTIAL_FORECAST_DOMAIN_METHOD_H_
