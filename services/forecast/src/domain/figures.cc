#include "domain/figures.h"

namespace tertial::forecast {

UnitYear UnitYear::FromCell(const UnitCell& cell, int months) {
  UnitYear y;
  for (int m = 1; m <= months; ++m) {
    const UnitMonth& month = cell.months[m - 1];
    y.actual[kCostsSide].at[m] = y.actual[kCostsSide].at[m - 1] + month.actual_costs_ore;
    y.actual[kRevenuesSide].at[m] = y.actual[kRevenuesSide].at[m - 1] + month.actual_revenues_ore;
    y.budget[kCostsSide].at[m] = y.budget[kCostsSide].at[m - 1] + month.budget_costs_ore;
    y.budget[kRevenuesSide].at[m] = y.budget[kRevenuesSide].at[m - 1] + month.budget_revenues_ore;
    bool actual = month.actual_costs_ore != 0 || month.actual_revenues_ore != 0;
    bool budget = month.budget_costs_ore != 0 || month.budget_revenues_ore != 0;
    y.has_actuals = y.has_actuals || actual;
    y.has_budget = y.has_budget || budget;
    if ((actual || budget) && y.first_active == 0) y.first_active = m;
  }
  return y;
}

ProjectYear ProjectYear::FromCell(const ProjectCell& cell, int months) {
  ProjectYear y;
  y.unit_id = cell.unit_id;
  for (int m = 1; m <= months; ++m) {
    const ProjectMonth& month = cell.months[m - 1];
    y.spending.at[m] = y.spending.at[m - 1] + month.spending_ore;
    y.income.at[m] = y.income.at[m - 1] + month.income_ore;
    int64_t budget = month.budget_ore;
    y.budget_spending.at[m] = y.budget_spending.at[m - 1] + (budget > 0 ? budget : 0);
    y.budget_income.at[m] = y.budget_income.at[m - 1] + (budget < 0 ? budget : 0);
    y.has_budget = y.has_budget || budget != 0;
  }
  return y;
}

}  // namespace tertial::forecast
