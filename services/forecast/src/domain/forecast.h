#ifndef TERTIAL_FORECAST_DOMAIN_FORECAST_H_
#define TERTIAL_FORECAST_DOMAIN_FORECAST_H_

// The full-year forecast (prognos helår) of an organisation at an as-of period: per unit
// (leaves and roll-ups of the unit tree) and per investment project, method result plus
// adjustments, against the year's budget. Pure.
//
// Each unit's own figures are forecast with its method (methods.h); a roll-up is the sum of
// its subtree's forecasts, so that a roll-up always equals the rows below it. `auto` picks
// per unit the method with the lowest backtested error over the earlier years with a full
// ledger (backtest.h), and without such history budget_remaining (runrate without budget).

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/figures.h"
#include "domain/method.h"
#include "domain/org_model.h"
#include "tertial/period/period.h"

namespace tertial::forecast {

struct ForecastQuery {
  int fiscal_year = 0;
  // nullopt: the latest closed period of the year, else the latest period with actuals.
  std::optional<period::Period> as_of;
  // nullopt: each unit's chosen method (OrgModel::ChosenMethods).
  std::optional<Method> method;
  std::string unit_subtree;  // empty: every unit
};

struct UnitForecastResult {
  int unit = 0;
  int depth = 0;
  bool rollup = false;
  // The method used; for a roll-up "mixed" when the units below with figures differ.
  std::string method;
  Method method_requested = Method::kAuto;
  Sides forecast;                           // method result + adjustments
  Sides budget;                             // the whole year
  Sides adjustments;                        // included in forecast
  Sides actual;                             // months 1..as_of
  Sides prior_year;                         // the previous year in full (bokslut)
  std::vector<std::string> adjustment_ids;  // on this unit itself

  // budget - forecast, positive = surplus.
  Sides deviation() const {
    return {budget.costs_ore - forecast.costs_ore, budget.revenues_ore - forecast.revenues_ore};
  }
};

struct ProjectForecastResult {
  std::string project_id;
  std::string name;
  std::string unit_id;
  int64_t spending_to_date_ore = 0;
  int64_t income_to_date_ore = 0;
  int64_t remaining_spending_ore = 0;
  int64_t remaining_income_ore = 0;
  int64_t adjustments_spending_ore = 0;
  int64_t adjustments_income_ore = 0;
  int64_t forecast_spending_ore = 0;  // to date + remaining + adjustments
  int64_t forecast_income_ore = 0;
  int64_t frame_ore = 0;
  // "budget_remaining" (the frame's periodised budget after as_of), "frame_share" (a frame
  // without budget lines, spread over the months left) or "actual" (neither).
  std::string method;
  std::vector<std::string> adjustment_ids;

  int64_t forecast_net_ore() const { return forecast_spending_ore + forecast_income_ore; }
  int64_t deviation_ore() const { return frame_ore - forecast_net_ore(); }
};

struct ForecastResult {
  int fiscal_year = 0;
  period::Period as_of;
  int as_of_month = 0;  // month of the fiscal year
  bool as_of_closed = false;
  Method method_requested = Method::kAuto;
  std::vector<UnitForecastResult> units;  // pre-order
  std::vector<ProjectForecastResult> projects;
  std::vector<AdjustmentRecord> adjustments;  // those included
  std::vector<std::string> warnings;
};

absl::StatusOr<ForecastResult> ComputeForecast(const OrgModel& model, const ForecastQuery& query);

// The as-of period a query without one gets, or FailedPrecondition when the year has
// neither a closed period nor actuals.
absl::StatusOr<period::Period> DefaultAsOf(const OrgModel& model, int fiscal_year);

}  // namespace tertial::forecast

#endif  // TERTIAL_FORECAST_DOMAIN_FORECAST_H_
