#include "domain/methods.h"

#include <cstdint>

#include "tertial/money/money.h"

namespace tertial::forecast {
namespace {

constexpr int64_t kLimitOre = 1'000'000'000'000'000'000;

bool Inactive(const MethodContext& c) {
  if (c.current == nullptr) return true;
  const UnitYear& y = *c.current;
  return !y.has_budget && y.actual[kCostsSide].Through(c.as_of) == 0 &&
         y.actual[kRevenuesSide].Through(c.as_of) == 0;
}

std::optional<int64_t> Runrate(const UnitYear& y, int side, int months, int as_of) {
  int64_t actual = y.actual[side].Through(as_of);
  int first = y.first_active;
  if (first == 0 || first > as_of) return actual;
  return Scale(actual, months - first + 1, as_of - first + 1);
}

std::optional<int64_t> Profile(int64_t actual, int64_t part, int64_t whole) {
  if (part == 0 && whole == 0) {
    if (actual == 0) return 0;
    return std::nullopt;  // actuals where the profile expects nothing
  }
  if (part == 0 || whole == 0 || (part > 0) != (whole > 0)) return std::nullopt;
  return Scale(actual, whole, part);
}

}  // namespace

std::optional<int64_t> Scale(int64_t a, int64_t numerator, int64_t denominator) {
  if (denominator == 0) return std::nullopt;
  // Backtests scale millions of times: when the product fits in 64 bits, divide there with
  // money::MulDiv's rounding (half away from zero); the test checks both agree.
  int64_t product = 0;
  if (!__builtin_mul_overflow(a, numerator, &product) && denominator != INT64_MIN) {
    int64_t quotient = product / denominator, remainder = product % denominator;
    if (remainder != 0) {
      uint64_t magnitude =
          remainder < 0 ? 0 - static_cast<uint64_t>(remainder) : static_cast<uint64_t>(remainder);
      uint64_t divisor = denominator < 0 ? 0 - static_cast<uint64_t>(denominator)
                                         : static_cast<uint64_t>(denominator);
      if (2 * magnitude >= divisor) quotient += (product < 0) != (denominator < 0) ? -1 : 1;
    }
    if (quotient > kLimitOre || quotient < -kLimitOre) return std::nullopt;
    return quotient;
  }
  __extension__ typedef __int128 Int128;
  Int128 wide = static_cast<Int128>(a) * numerator;
  Int128 magnitude = wide < 0 ? -wide : wide;
  Int128 divisor = denominator < 0 ? -static_cast<Int128>(denominator) : denominator;
  if (magnitude > static_cast<Int128>(kLimitOre) * divisor) return std::nullopt;
  return money::MulDiv(a, numerator, denominator);
}

std::optional<Sides> ApplyMethod(Method method, const MethodContext& c) {
  if (Inactive(c)) return Sides{};
  const UnitYear& y = *c.current;
  const int m = c.as_of, n = c.months;
  std::optional<int64_t> side[2];
  for (int s = 0; s < 2; ++s) {
    int64_t actual = y.actual[s].Through(m);
    if (m >= n) {
      side[s] = actual;
      continue;
    }
    switch (method) {
      case Method::kAuto:
      case Method::kRunrate:
        side[s] = Runrate(y, s, n, m);
        break;
      case Method::kBudgetRemaining:
        if (!y.has_budget) return std::nullopt;
        side[s] = actual + y.budget[s].After(m, n);
        break;
      case Method::kBudgetProfile:
        side[s] = Profile(actual, y.budget[s].Through(m), y.budget[s].Through(n));
        break;
      case Method::kPriorYearProfile:
        if (c.prior == nullptr) return std::nullopt;
        side[s] = Profile(actual, c.prior->actual[s].Through(m), c.prior->actual[s].Through(n));
        break;
    }
    if (!side[s]) return std::nullopt;
  }
  return Sides{*side[kCostsSide], *side[kRevenuesSide]};
}

Method FallbackOf(Method method) {
  switch (method) {
    case Method::kPriorYearProfile:
      return Method::kBudgetProfile;
    case Method::kBudgetProfile:
      return Method::kBudgetRemaining;
    default:
      return Method::kRunrate;
  }
}

MethodOutcome ForecastOwn(Method method, const MethodContext& context) {
  for (Method m = method;; m = FallbackOf(m)) {
    if (std::optional<Sides> forecast = ApplyMethod(m, context)) return {m, *forecast};
    if (m == Method::kRunrate) break;
  }
  // Runrate fails only when scaling overflows: keep the actuals rather than invent.
  const UnitYear& y = *context.current;
  return {Method::kRunrate,
          {y.actual[kCostsSide].Through(context.as_of),
           y.actual[kRevenuesSide].Through(context.as_of)}};
}

std::array<MethodOutcome, kConcreteMethods.size()> ForecastAll(const MethodContext& context) {
  static_assert(kConcreteMethods[0] == Method::kBudgetRemaining &&
                kConcreteMethods[1] == Method::kBudgetProfile &&
                kConcreteMethods[2] == Method::kPriorYearProfile &&
                kConcreteMethods[3] == Method::kRunrate);
  MethodOutcome runrate = ForecastOwn(Method::kRunrate, context);
  auto or_else = [&](Method method, const MethodOutcome& fallback) {
    std::optional<Sides> forecast = ApplyMethod(method, context);
    return forecast ? MethodOutcome{method, *forecast} : fallback;
  };
  MethodOutcome remaining = or_else(Method::kBudgetRemaining, runrate);
  MethodOutcome profile = or_else(Method::kBudgetProfile, remaining);
  MethodOutcome prior = or_else(Method::kPriorYearProfile, profile);
  return {remaining, profile, prior, runrate};
}

Method DefaultMethod(const MethodContext& context) {
  return context.current != nullptr && context.current->has_budget ? Method::kBudgetRemaining
                                                                   : Method::kRunrate;
}

}  // namespace tertial::forecast
