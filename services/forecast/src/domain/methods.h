#ifndef TERTIAL_FORECAST_DOMAIN_METHODS_H_
#define TERTIAL_FORECAST_DOMAIN_METHODS_H_

// The forecast methods applied to one unit's own figures at an as-of month m of a fiscal
// year of N months, per side (costs and revenues apart; net = their sum). Integer öre with
// money::MulDiv throughout.
//
//   runrate             actual(f..m) / (m-f+1) * (N-f+1), f = the unit's first active month
//                       (1 for a unit that existed all year: actual(1..m) / m * N)
//   budget_remaining    actual(1..m) + budget(m+1..N)
//   budget_profile      actual(1..m) * budget(1..N) / budget(1..m)
//   prior_year_profile  actual(1..m) * prior(1..N) / prior(1..m)
//
// A method that lacks what it needs falls back to the next one that has it:
// prior_year_profile -> budget_profile -> budget_remaining -> runrate. What a method needs:
// budget_remaining a budget for the year; the profiles a profile share whose part and whole
// are non-zero and of one sign on every side that has actuals (a side with neither actuals
// nor profile forecasts 0). At m = N every method gives the actual, and a unit with no
// actuals through m and no budget forecasts 0: both keep the method asked for.

#include <array>
#include <optional>

#include "domain/figures.h"
#include "domain/method.h"

namespace tertial::forecast {

struct MethodContext {
  const UnitYear* current = nullptr;  // the unit's own figures this year; null: none
  const UnitYear* prior = nullptr;    // the previous year's, if it has as many months
  int months = 12;                    // N
  int as_of = 12;                     // m, 1..N
};

// The method's forecast, or nullopt when the method lacks what it needs. `method` must not
// be kAuto.
std::optional<Sides> ApplyMethod(Method method, const MethodContext& context);

struct MethodOutcome {
  Method used = Method::kRunrate;
  Sides forecast;
};

// ApplyMethod with the fallbacks above; `method` must not be kAuto.
MethodOutcome ForecastOwn(Method method, const MethodContext& context);

// ForecastOwn of each of kConcreteMethods, in that order, sharing the fallbacks they have
// in common: what backtests call millions of times.
std::array<MethodOutcome, kConcreteMethods.size()> ForecastAll(const MethodContext& context);

// What auto uses for a unit with no backtest history: budget_remaining when the unit has a
// budget for the year, else runrate.
Method DefaultMethod(const MethodContext& context);

// The method tried after `method` when it lacks what it needs (runrate has no successor
// and always applies).
Method FallbackOf(Method method);

// a * numerator / denominator rounded half away from zero (money::MulDiv), or nullopt for a
// zero denominator or a result beyond ±10^18 öre (an absurd profile share).
std::optional<int64_t> Scale(int64_t a, int64_t numerator, int64_t denominator);

}  // namespace tertial::forecast

#endif  // TERTIAL_FORECAST_DOMAIN_METHODS_H_
