#include "domain/method.h"

#include "tertial/base/strings.h"

namespace tertial::forecast {

std::string_view MethodName(Method method) {
  switch (method) {
    case Method::kAuto:
      return "auto";
    case Method::kRunrate:
      return "runrate";
    case Method::kBudgetRemaining:
      return "budget_remaining";
    case Method::kBudgetProfile:
      return "budget_profile";
    case Method::kPriorYearProfile:
      return "prior_year_profile";
  }
  return "auto";
}

absl::StatusOr<Method> ParseMethod(std::string_view name) {
  for (Method m : {Method::kAuto, Method::kRunrate, Method::kBudgetRemaining,
                   Method::kBudgetProfile, Method::kPriorYearProfile}) {
    if (MethodName(m) == name) return m;
  }
  return absl::InvalidArgumentError(
      StrCat("unknown forecast method '", name,
             "': expected auto, runrate, budget_remaining, budget_profile or "
             "prior_year_profile"));
}

}  // namespace tertial::forecast
