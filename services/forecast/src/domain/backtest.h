#ifndef TERTIAL_FORECAST_DOMAIN_BACKTEST_H_
#define TERTIAL_FORECAST_DOMAIN_BACKTEST_H_

// Backtesting: for every earlier year with a full ledger, forecast at each month 1..N-1
// with each method and score against the real year end. This is how `auto` chooses a
// method per unit and how the controller sees how good, say, an August forecast is.
//
// Errors are doubles (they are ratios, not money); the forecasts they score are integer öre.

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/figures.h"
#include "domain/method.h"
#include "domain/org_model.h"

namespace tertial::forecast {

struct Score {
  int observations = 0;      // (year, month) forecasts scored
  int net_observations = 0;  // those whose real net is not zero (MAPE and bias)
  double mape = 0;           // mean |forecast - actual| / |actual| of the net
  double bias = 0;           // mean (forecast - actual) / |actual| of the net
  // sum(|costs error| + |revenues error|) / sum(|costs| + |revenues|): what auto minimises,
  // stable for units whose net is near zero.
  double wape = 0;
  int64_t mean_error_ore = 0;  // mean forecast - actual of the net
  // Of `observations`, those in which the method scored lacked what it needs and a fallback's
  // forecast was scored instead (for a roll-up: for at least one unit below it); equal to
  // `observations` when the method never ran.
  int fallback_observations = 0;
  // Per kConcreteMethods slot: the observations that method ran in instead of the one
  // scored (a roll-up's observation counts for every method used below it).
  std::array<int, kConcreteMethods.size()> fallbacks{};
};

// A set of kConcreteMethods slots (bit k: kConcreteMethods[k]).
using MethodMask = unsigned;
inline constexpr MethodMask MaskOf(size_t slot) { return MethodMask{1} << slot; }

class ErrorAccumulator {
 public:
  // Scores one forecast against the year's real outcome. An outcome of zero on both sides
  // (nothing to forecast) is not an observation. `fell_back_to` holds the methods that
  // produced the forecast in place of the one scored; empty: that method ran itself.
  void Add(const Sides& forecast, const Sides& actual, MethodMask fell_back_to = 0);
  Score Result() const;
  int observations() const { return observations_; }

 private:
  __extension__ typedef __int128 Int128;
  int observations_ = 0;
  int net_observations_ = 0;
  double abs_pct_sum_ = 0;
  double pct_sum_ = 0;
  double side_error_sum_ = 0;
  double side_actual_sum_ = 0;
  Int128 error_sum_ore_ = 0;
  int fallback_observations_ = 0;
  std::array<int, kConcreteMethods.size()> fallbacks_{};
};

// The years scored for forecasts of `target_year`: complete years before it (every complete
// year when target_year is 0), oldest first.
std::vector<int> BacktestYears(const OrgModel& model, int target_year);

// Per unit of `units`, the method with the lowest error (wape) over `years` on the unit's
// own figures, among the methods that ran themselves (not a fallback) in at least one of
// the unit's backtest forecasts: a method that always fell back has no score of its own
// (its figures are its fallback's), and choosing it would name a method never tried.
// nullopt for a unit without history there. Ties go to the earlier method of
// kConcreteMethods.
std::vector<std::optional<Method>> AutoMethods(const OrgModel& model, const std::vector<int>& years,
                                               const std::vector<int>& units);

struct BacktestQuery {
  std::vector<int> years;  // empty: BacktestYears(model, target_year)
  int target_year = 0;
  std::string unit_subtree;     // empty: every unit
  std::vector<Method> methods;  // empty: the four concrete ones
};

struct UnitScore {
  int unit = 0;
  Method method = Method::kRunrate;
  Score score;
  bool chosen_by_auto = false;  // the method auto picks from these years (own figures)
};

struct MonthScore {
  Method method = Method::kRunrate;
  int month = 0;
  Score score;
};

struct BacktestResult {
  std::vector<int> years;
  std::vector<UnitScore> units;  // units in pre-order, methods in query order
  std::vector<MonthScore> months;
  std::vector<std::pair<Method, Score>> methods;
};

// Adds every unit's figures into its parent's: `figures` holds the units first,
// first+1, ... of a contiguous pre-order range (a subtree, or every unit).
void RollUp(const OrgModel& model, int first, std::vector<Sides>* figures);

absl::StatusOr<BacktestResult> Backtest(const OrgModel& model, const BacktestQuery& query);

}  // namespace tertial::forecast

#endif  // TERTIAL_FORECAST_DOMAIN_BACKTEST_H_
