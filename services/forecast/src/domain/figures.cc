#include "domain/figures.h"

#include <optional>

#include "tertial/money/money.h"

namespace tertial::forecast {

UnitYear UnitYear::FromCell(const UnitCell& cell, int months) {
  UnitYear y;
  // Running totals, checked: a month past int64 keeps the total and sets `overflow`.
  auto run = [&y](Cumulative* c, int m, int64_t ore) {
    std::optional<int64_t> sum = money::CheckedAdd(c->at[m - 1], ore);
    y.overflow = y.overflow || !sum;
    c->at[m] = sum.value_or(c->at[m - 1]);
  };
  for (int m = 1; m <= months; ++m) {
    const UnitMonth& month = cell.months[m - 1];
    run(&y.actual[kCostsSide], m, month.actual_costs_ore);
    run(&y.actual[kRevenuesSide], m, month.actual_revenues_ore);
    run(&y.budget[kCostsSide], m, month.budget_costs_ore);
    run(&y.budget[kRevenuesSide], m, month.budget_revenues_ore);
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
    int64_t budget = month.budget_ore;
    for (const auto& [c, ore] :
         {std::pair{&y.spending, month.spending_ore}, std::pair{&y.income, month.income_ore},
          std::pair{&y.budget_spending, budget > 0 ? budget : int64_t{0}},
          std::pair{&y.budget_income, budget < 0 ? budget : int64_t{0}}}) {
      std::optional<int64_t> sum = money::CheckedAdd(c->at[m - 1], ore);
      y.overflow = y.overflow || !sum;
      c->at[m] = sum.value_or(c->at[m - 1]);
    }
    y.has_budget = y.has_budget || budget != 0;
  }
  return y;
}

}  // namespace tertial::forecast
