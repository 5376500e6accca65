// The generated ledger must aggregate to exactly the published figures. These sums are
// computed from the planned vouchers and budget lines, independently of how plan.cc
// derived them.

#include "plan.h"

#include <map>

#include <gtest/gtest.h>

#include "tertial/money/money.h"

namespace tertial::demo {
namespace {

constexpr int64_t kTkr = kOrePerTkr;

struct Sums {
  std::map<std::string, int64_t> net, costs, revenues;
};

bool Operating(const std::string& account) { return account[0] >= '3' && account[0] <= '7'; }

Sums SumVouchers(const std::vector<PlannedVoucher>& vouchers, int first_month, int last_month) {
  Sums s;
  for (const PlannedVoucher& v : vouchers) {
    if (v.date.month < first_month || v.date.month > last_month) continue;
    for (const PlannedTransaction& t : v.transactions) {
      if (!Operating(t.account)) continue;
      s.net[t.unit] += t.amount_ore;
      (t.account[0] == '3' ? s.revenues : s.costs)[t.unit] += t.amount_ore;
    }
  }
  return s;
}

Sums SumBudget(const std::vector<PlannedBudgetLine>& lines, int first_month, int last_month) {
  Sums s;
  for (const PlannedBudgetLine& l : lines) {
    if (l.period.month < first_month || l.period.month > last_month) continue;
    if (!Operating(l.account)) continue;
    s.net[l.unit] += l.amount_ore;
    (l.account[0] == '3' ? s.revenues : s.costs)[l.unit] += l.amount_ore;
  }
  return s;
}

TEST(SplitExactly, PartsAddUpAndStayWithinAnOreOfTheirShare) {
  std::vector<int64_t> parts = SplitExactly(1000, {1, 1, 1});
  EXPECT_EQ(parts, (std::vector<int64_t>{334, 333, 333}));
  parts = SplitExactly(-1000, {1, 1, 1});
  EXPECT_EQ(parts, (std::vector<int64_t>{-334, -333, -333}));
  parts = SplitExactly(7, {100, 98, 104});
  EXPECT_EQ(parts[0] + parts[1] + parts[2], 7);
}

TEST(DemoPlan, VouchersBalance) {
  Plan plan = MakePlan();
  for (const auto* vouchers : {&plan.vouchers_2020, &plan.vouchers_2021}) {
    ASSERT_FALSE(vouchers->empty());
    for (const PlannedVoucher& v : *vouchers) {
      int64_t sum = 0;
      for (const PlannedTransaction& t : v.transactions) sum += t.amount_ore;
      EXPECT_EQ(sum, 0) << v.series << v.number << " " << v.text;
    }
  }
}

TEST(DemoPlan, OperatingStatementComesOutExactly) {
  Plan plan = MakePlan();
  Sums actual_2021 = SumVouchers(plan.vouchers_2021, 1, 8);
  Sums actual_2020_8 = SumVouchers(plan.vouchers_2020, 1, 8);
  Sums actual_2020 = SumVouchers(plan.vouchers_2020, 1, 12);
  Sums budget_8 = SumBudget(plan.budget_2021, 1, 8);
  Sums budget = SumBudget(plan.budget_2021, 1, 12);
  for (const UnitFigures& u : Units()) {
    if (!u.has_ledger) continue;
    std::string id(u.id);
    EXPECT_EQ(actual_2021.net[id], u.actual_2021_8 * kTkr) << id;
    EXPECT_EQ(actual_2020_8.net[id], u.actual_2020_8 * kTkr) << id;
    EXPECT_EQ(actual_2020.net[id], u.actual_2020 * kTkr) << id;
    EXPECT_EQ(budget_8.net[id], u.budget_2021_8 * kTkr) << id;
    EXPECT_EQ(budget.net[id], u.budget_2021 * kTkr) << id;
  }
}

TEST(DemoPlan, CostRevenueSplitsMatchThePublishedOnes) {
  Plan plan = MakePlan();
  Sums actual_2020 = SumVouchers(plan.vouchers_2020, 1, 12);
  Sums budget = SumBudget(plan.budget_2021, 1, 12);
  int64_t klf_costs = 0, klf_revenues = 0, klf_budget_costs = 0, klf_budget_revenues = 0;
  for (const UnitFigures& u : Units()) {
    if (u.parent != "KLF") continue;
    std::string id(u.id);
    klf_costs += actual_2020.costs[id];
    klf_revenues += actual_2020.revenues[id];
    klf_budget_costs += budget.costs[id];
    klf_budget_revenues += budget.revenues[id];
  }
  EXPECT_EQ(klf_costs, KlfSplit().actual_2020_costs * kTkr);
  EXPECT_EQ(klf_revenues, KlfSplit().actual_2020_revenues * kTkr);
  EXPECT_EQ(klf_budget_costs, KlfSplit().budget_costs * kTkr);
  EXPECT_EQ(klf_budget_revenues, KlfSplit().budget_revenues * kTkr);
  EXPECT_EQ(actual_2020.costs["VSS"], VssSplit().actual_2020_costs * kTkr);
  EXPECT_EQ(actual_2020.revenues["LL"], LeanlinkSplit().actual_2020_revenues * kTkr);
  EXPECT_EQ(budget.costs["LL"], LeanlinkSplit().budget_costs * kTkr);
}

// What the forecast service's budget_remaining method gives (actual jan-aug + budget
// sep-dec, per side) plus the planned adjustments must be the published forecast.
TEST(DemoPlan, AdjustmentsBringBudgetRemainingToThePublishedForecast) {
  Plan plan = MakePlan();
  Sums actual = SumVouchers(plan.vouchers_2021, 1, 8);
  Sums rest = SumBudget(plan.budget_2021, 9, 12);
  std::map<std::string, int64_t> cost_adjustments, revenue_adjustments;
  for (const PlannedAdjustment& a : plan.adjustments_2021) {
    if (a.side == "costs") cost_adjustments[a.unit] += a.amount_ore;
    if (a.side == "revenues") revenue_adjustments[a.unit] += a.amount_ore;
    EXPECT_FALSE(a.reason.empty());
  }
  int64_t klf_costs = 0, klf_revenues = 0;
  for (const UnitFigures& u : Units()) {
    if (!u.has_ledger) continue;
    std::string id(u.id);
    int64_t costs = actual.costs[id] + rest.costs[id] + cost_adjustments[id];
    int64_t revenues = actual.revenues[id] + rest.revenues[id] + revenue_adjustments[id];
    EXPECT_EQ(costs + revenues, u.forecast_2021 * kTkr) << id;
    if (u.parent == "KLF") klf_costs += costs, klf_revenues += revenues;
    if (id == "VSS") {
      EXPECT_EQ(costs, VssSplit().forecast_costs * kTkr);
      EXPECT_EQ(revenues, VssSplit().forecast_revenues * kTkr);
    }
    if (id == "LL") {
      EXPECT_EQ(costs, LeanlinkSplit().forecast_costs * kTkr);
      EXPECT_EQ(revenues, LeanlinkSplit().forecast_revenues * kTkr);
    }
  }
  EXPECT_EQ(klf_costs, KlfSplit().forecast_costs * kTkr);
  EXPECT_EQ(klf_revenues, KlfSplit().forecast_revenues * kTkr);
}

TEST(DemoPlan, InvestmentsComeOutExactly) {
  Plan plan = MakePlan();
  for (const ProjectFigures& p : Projects()) {
    std::string id(p.id);
    int64_t spent = 0, budget_8 = 0, frame = 0, adjustment = 0;
    for (const PlannedVoucher& v : plan.vouchers_2021) {
      for (const PlannedTransaction& t : v.transactions) {
        if (t.project == id) spent += t.amount_ore;
      }
    }
    for (const PlannedBudgetLine& l : plan.budget_2021) {
      if (l.project != id) continue;
      frame += l.amount_ore;
      if (l.period.month <= 8) budget_8 += l.amount_ore;
    }
    for (const PlannedAdjustment& a : plan.adjustments_2021) {
      if (a.project == id) adjustment += a.amount_ore;
    }
    EXPECT_EQ(spent, p.spending_2021_8 * kTkr) << id;
    EXPECT_EQ(frame, p.frame_2021 * kTkr) << id;
    EXPECT_EQ(spent + (frame - budget_8) + adjustment, p.forecast_2021 * kTkr) << id;
  }
}

// The two finance-derived indicators of the seed: budget deviation KLF jan-aug 2021 8,1 %
// and 2020 10,9 %; investment budget deviation jan-aug 2021 19,0 % and 2020 -30,5 %.
TEST(DemoPlan, FinanceIndicatorsComeOutAsPublished) {
  Plan plan = MakePlan();
  auto klf = [](const std::map<std::string, int64_t>& by_unit) {
    int64_t sum = 0;
    for (const UnitFigures& u : Units()) {
      if (u.parent == "KLF") sum += by_unit.count(std::string(u.id)) ? by_unit.at(std::string(u.id)) : 0;
    }
    return sum;
  };
  auto permille = [](int64_t budget, int64_t actual) {  // (b - a) / b in tenths of a percent
    return money::MulDiv(budget - actual, 1000, budget);
  };
  EXPECT_EQ(permille(klf(SumBudget(plan.budget_2021, 1, 8).net), klf(SumVouchers(plan.vouchers_2021, 1, 8).net)), 81);
  EXPECT_EQ(permille(klf(SumBudget(plan.budget_2020, 1, 12).net), klf(SumVouchers(plan.vouchers_2020, 1, 12).net)), 109);
  auto investment = [&](const std::vector<PlannedVoucher>& vouchers, const std::vector<PlannedBudgetLine>& lines, int last) {
    int64_t spent = 0, budget = 0;
    for (const ProjectFigures& p : Projects()) {
      bool klf_project = false;
      for (const UnitFigures& u : Units()) klf_project |= u.id == p.unit && u.parent == "KLF";
      if (!klf_project) continue;
      for (const PlannedVoucher& v : vouchers) {
        if (v.date.month > last) continue;
        for (const PlannedTransaction& t : v.transactions) if (t.project == p.id) spent += t.amount_ore;
      }
      for (const PlannedBudgetLine& l : lines) if (l.project == p.id && l.period.month <= last) budget += l.amount_ore;
    }
    return std::pair(budget, spent);
  };
  auto [b21, s21] = investment(plan.vouchers_2021, plan.budget_2021, 8);
  EXPECT_EQ(permille(b21, s21), 190);
  auto [b20, s20] = investment(plan.vouchers_2020, plan.budget_2020, 12);
  EXPECT_EQ(permille(b20, s20), -305);
}

}  // namespace
}  // namespace tertial::demo
