#include "domain/backtest.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

#include "domain/methods.h"
#include "tertial/base/strings.h"

namespace tertial::forecast {
namespace {

double Abs(int64_t v) { return std::fabs(static_cast<double>(v)); }

uint64_t AbsDiff(int64_t a, int64_t b) {
  return a >= b ? static_cast<uint64_t>(a) - static_cast<uint64_t>(b)
                : static_cast<uint64_t>(b) - static_cast<uint64_t>(a);
}

Sides ActualYear(const UnitYear& y, int months) {
  return {y.actual[kCostsSide].Through(months), y.actual[kRevenuesSide].Through(months)};
}

const UnitYear* PriorOf(const OrgModel& model, const YearFigures& year, int unit) {
  const YearFigures* prior = model.Year(year.fiscal_year - 1);
  if (prior == nullptr || prior->months != year.months) return nullptr;
  return prior->Of(unit);
}

size_t SlotOf(Method method) {
  return std::find(kConcreteMethods.begin(), kConcreteMethods.end(), method) -
         kConcreteMethods.begin();
}

// The methods that ran in place of `asked`: none when it ran itself.
MethodMask FellBackTo(Method asked, const MethodOutcome& outcome) {
  return outcome.used == asked ? 0 : MaskOf(SlotOf(outcome.used));
}

}  // namespace

void RollUp(const OrgModel& model, int first, std::vector<Sides>* figures) {
  // In pre-order a parent comes before its children, so walking backwards adds each unit's
  // total to its parent after the unit has received its own children's.
  for (int r = static_cast<int>(figures->size()) - 1; r >= 0; --r) {
    int parent = model.parent(first + r);
    if (parent >= first) (*figures)[parent - first] += (*figures)[r];
  }
}

void ErrorAccumulator::Add(const Sides& forecast, const Sides& actual, MethodMask fell_back_to) {
  double gross = Abs(actual.costs_ore) + Abs(actual.revenues_ore);
  if (gross == 0) return;
  ++observations_;
  if (fell_back_to != 0) {
    ++fallback_observations_;
    for (size_t k = 0; k < fallbacks_.size(); ++k) {
      if (fell_back_to & MaskOf(k)) ++fallbacks_[k];
    }
  }
  side_error_sum_ +=
      Abs(forecast.costs_ore - actual.costs_ore) + Abs(forecast.revenues_ore - actual.revenues_ore);
  side_actual_sum_ += gross;
  int64_t error = forecast.net_ore() - actual.net_ore();
  error_sum_ore_ += error;
  if (actual.net_ore() != 0) {
    ++net_observations_;
    double relative = static_cast<double>(error) / Abs(actual.net_ore());
    abs_pct_sum_ += std::fabs(relative);
    pct_sum_ += relative;
  }
}

Score ErrorAccumulator::Result() const {
  Score s;
  s.observations = observations_;
  s.net_observations = net_observations_;
  s.fallback_observations = fallback_observations_;
  s.fallbacks = fallbacks_;
  if (net_observations_ > 0) {
    s.mape = abs_pct_sum_ / net_observations_;
    s.bias = pct_sum_ / net_observations_;
  }
  if (side_actual_sum_ > 0) s.wape = side_error_sum_ / side_actual_sum_;
  if (observations_ > 0) {
    // Rounded half away from zero, like money::MulDiv.
    Int128 q = error_sum_ore_ / observations_, r = error_sum_ore_ % observations_;
    if (2 * (r < 0 ? -r : r) >= observations_) q += error_sum_ore_ < 0 ? -1 : 1;
    s.mean_error_ore = static_cast<int64_t>(q);
  }
  return s;
}

std::vector<int> BacktestYears(const OrgModel& model, int target_year) {
  std::vector<int> out;
  for (int y : model.Years()) {
    if (target_year != 0 && y >= target_year) continue;
    const YearFigures* figures = model.Year(y);
    if (figures->complete && figures->has_actuals && figures->months >= 2) out.push_back(y);
  }
  return out;
}

std::vector<std::optional<Method>> AutoMethods(const OrgModel& model, const std::vector<int>& years,
                                               const std::vector<int>& units) {
  std::vector<std::optional<Method>> out(units.size());
  std::vector<const YearFigures*> figures;
  for (int y : years) {
    if (const YearFigures* f = model.Year(y)) figures.push_back(f);
  }
  for (size_t u = 0; u < units.size(); ++u) {
    // Every method is scored on the same observations, so comparing the methods' WAPE
    // needs only their summed side errors (the denominator is common).
    __extension__ typedef unsigned __int128 Sum;
    std::array<Sum, kConcreteMethods.size()> errors{};
    std::array<bool, kConcreteMethods.size()> ran{};
    bool observed = false;
    for (const YearFigures* year : figures) {
      const UnitYear* current = year->Of(units[u]);
      if (current == nullptr || !current->has_actuals) continue;
      MethodContext context{current, PriorOf(model, *year, units[u]), year->months, 1};
      const Sides actual = ActualYear(*current, year->months);
      if (actual.costs_ore == 0 && actual.revenues_ore == 0) continue;
      observed = true;
      for (int m = 1; m < year->months; ++m) {
        context.as_of = m;
        std::array<MethodOutcome, kConcreteMethods.size()> all = ForecastAll(context);
        for (size_t k = 0; k < kConcreteMethods.size(); ++k) {
          const Sides& f = all[k].forecast;
          errors[k] +=
              AbsDiff(f.costs_ore, actual.costs_ore) + AbsDiff(f.revenues_ore, actual.revenues_ore);
          ran[k] = ran[k] || all[k].used == kConcreteMethods[k];
        }
      }
    }
    if (!observed) continue;
    std::optional<size_t> best;
    for (size_t k = 0; k < kConcreteMethods.size(); ++k) {
      if (ran[k] && (!best || errors[k] < errors[*best])) best = k;
    }
    // Runrate always runs; only an overflowing scale makes it keep the bare actuals.
    if (!best) continue;
    out[u] = kConcreteMethods[*best];
  }
  return out;
}

absl::StatusOr<BacktestResult> Backtest(const OrgModel& model, const BacktestQuery& query) {
  BacktestResult result;
  result.years = query.years.empty() ? BacktestYears(model, query.target_year) : query.years;
  for (int y : result.years) {
    const YearFigures* figures = model.Year(y);
    if (figures == nullptr || !figures->has_actuals) {
      return absl::FailedPreconditionError(
          StrCat("organisation ", model.organisation(), " has no ledger for ", y));
    }
    if (!figures->complete) {
      return absl::FailedPreconditionError(
          StrCat(y,
                 " has no full ledger yet (its last period is not closed and no later year "
                 "has actuals): it cannot be scored against its year end"));
    }
  }
  std::vector<Method> methods = query.methods;
  if (methods.empty()) methods.assign(kConcreteMethods.begin(), kConcreteMethods.end());
  for (Method m : methods) {
    if (m == Method::kAuto)
      return absl::InvalidArgumentError("backtest scores concrete methods, not auto");
  }
  absl::StatusOr<std::vector<int>> rows = model.Subtree(query.unit_subtree);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return result;
  const int first = rows->front(), count = static_cast<int>(rows->size());
  const size_t method_count = methods.size();

  // [row][method], [method][month], [method]
  std::vector<ErrorAccumulator> unit_errors(count * method_count);
  std::map<std::pair<size_t, int>, ErrorAccumulator> month_errors;
  std::vector<ErrorAccumulator> method_errors(method_count);
  std::vector<bool> has_own(count, false);

  std::vector<Sides> own_actual(count), total_actual(count), own_forecast(count),
      total_forecast(count);
  std::vector<MethodContext> contexts(count);
  std::vector<std::array<MethodOutcome, kConcreteMethods.size()>> all(count);
  // What ran in place of the method scored, per row: own forecasts, then rolled up (a
  // roll-up fell back when any unit below it did).
  std::vector<MethodMask> own_fallback(count), total_fallback(count);
  std::vector<size_t> slot(method_count);  // methods[k] is kConcreteMethods[slot[k]]
  for (size_t k = 0; k < method_count; ++k) slot[k] = SlotOf(methods[k]);
  for (int y : result.years) {
    const YearFigures& year = *model.Year(y);
    const int n = year.months;
    for (int r = 0; r < count; ++r) {
      const UnitYear* current = year.Of(first + r);
      contexts[r] = {current, PriorOf(model, year, first + r), n, 1};
      own_actual[r] = current != nullptr ? ActualYear(*current, n) : Sides{};
      has_own[r] = has_own[r] || (current != nullptr && current->has_actuals);
    }
    // Roll up: in pre-order a parent comes before its children, so walk backwards.
    total_actual = own_actual;
    RollUp(model, first, &total_actual);
    for (int m = 1; m < n; ++m) {
      for (int r = 0; r < count; ++r) {
        contexts[r].as_of = m;
        if (contexts[r].current != nullptr) all[r] = ForecastAll(contexts[r]);
      }
      for (size_t k = 0; k < method_count; ++k) {
        for (int r = 0; r < count; ++r) {
          const bool has = contexts[r].current != nullptr;
          own_forecast[r] = has ? all[r][slot[k]].forecast : Sides{};
          own_fallback[r] = has ? FellBackTo(methods[k], all[r][slot[k]]) : 0;
        }
        total_forecast = own_forecast;
        RollUp(model, first, &total_forecast);
        total_fallback = own_fallback;
        for (int r = count - 1; r >= 0; --r) {
          int parent = model.parent(first + r);
          if (parent >= first) total_fallback[parent - first] |= total_fallback[r];
        }
        ErrorAccumulator& month = month_errors[{k, m}];
        for (int r = 0; r < count; ++r) {
          unit_errors[r * method_count + k].Add(total_forecast[r], total_actual[r],
                                                total_fallback[r]);
          if (contexts[r].current != nullptr && contexts[r].current->has_actuals) {
            month.Add(own_forecast[r], own_actual[r], own_fallback[r]);
            method_errors[k].Add(own_forecast[r], own_actual[r], own_fallback[r]);
          }
        }
      }
    }
  }

  std::vector<int> own_units;
  for (int r = 0; r < count; ++r) {
    if (has_own[r]) own_units.push_back(first + r);
  }
  std::vector<std::optional<Method>> auto_methods = AutoMethods(model, result.years, own_units);
  std::vector<std::optional<Method>> chosen(count);
  for (size_t i = 0; i < own_units.size(); ++i) chosen[own_units[i] - first] = auto_methods[i];

  for (int r = 0; r < count; ++r) {
    for (size_t k = 0; k < method_count; ++k) {
      result.units.push_back({first + r, methods[k], unit_errors[r * method_count + k].Result(),
                              chosen[r].has_value() && *chosen[r] == methods[k]});
    }
  }
  for (const auto& [key, errors] : month_errors) {
    result.months.push_back({methods[key.first], key.second, errors.Result()});
  }
  for (size_t k = 0; k < method_count; ++k) {
    result.methods.push_back({methods[k], method_errors[k].Result()});
  }
  return result;
}

}  // namespace tertial::forecast
