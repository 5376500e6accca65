// The generated ledger must aggregate to exactly the published figures. These sums are
// computed from the planned vouchers and budget lines, independently of how plan.cc
// derived them.

#include "plan.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "calendar.h"
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
      if (u.parent == "KLF")
        sum += by_unit.count(std::string(u.id)) ? by_unit.at(std::string(u.id)) : 0;
    }
    return sum;
  };
  auto permille = [](int64_t budget, int64_t actual) {  // (b - a) / b in tenths of a percent
    return money::MulDiv(budget - actual, 1000, budget);
  };
  const IndicatorFigures& published = Indicators();
  EXPECT_EQ(permille(klf(SumBudget(plan.budget_2021, 1, 8).net),
                     klf(SumVouchers(plan.vouchers_2021, 1, 8).net)),
            published.budget_deviation_2021_8_permille);
  EXPECT_EQ(permille(klf(SumBudget(plan.budget_2020, 1, 12).net),
                     klf(SumVouchers(plan.vouchers_2020, 1, 12).net)),
            published.budget_deviation_2020_permille);
  auto investment = [&](const std::vector<PlannedVoucher>& vouchers,
                        const std::vector<PlannedBudgetLine>& lines, int last) {
    int64_t spent = 0, budget = 0;
    for (const ProjectFigures& p : Projects()) {
      bool klf_project = false;
      for (const UnitFigures& u : Units()) klf_project |= u.id == p.unit && u.parent == "KLF";
      if (!klf_project) continue;
      for (const PlannedVoucher& v : vouchers) {
        if (v.date.month > last) continue;
        for (const PlannedTransaction& t : v.transactions)
          if (t.project == p.id) spent += t.amount_ore;
      }
      for (const PlannedBudgetLine& l : lines)
        if (l.project == p.id && l.period.month <= last) budget += l.amount_ore;
    }
    return std::pair(budget, spent);
  };
  auto [b21, s21] = investment(plan.vouchers_2021, plan.budget_2021, 8);
  EXPECT_EQ(permille(b21, s21), published.investment_deviation_2021_8_permille);
  auto [b20, s20] = investment(plan.vouchers_2020, plan.budget_2020, 12);
  EXPECT_EQ(permille(b20, s20), published.investment_deviation_2020_permille);
}

// Personalkostnader/verksamhetens nettokostnad, KLF: class 5 over the net cost, in whole
// percent as printed.
TEST(DemoPlan, PersonnelShareComesOutAsPublished) {
  Plan plan = MakePlan();
  auto share = [](const std::vector<PlannedVoucher>& vouchers, int last_month) {
    std::set<std::string> klf;
    for (const UnitFigures& u : Units()) {
      if (u.parent == "KLF") klf.insert(std::string(u.id));
    }
    int64_t personnel = 0, net = 0;
    for (const PlannedVoucher& v : vouchers) {
      if (v.date.month > last_month) continue;
      for (const PlannedTransaction& t : v.transactions) {
        if (!klf.count(t.unit) || !Operating(t.account)) continue;
        net += t.amount_ore;
        if (t.account[0] == '5') personnel += t.amount_ore;
      }
    }
    return money::MulDiv(personnel, 100, net);
  };
  EXPECT_EQ(share(plan.vouchers_2020, 12), Indicators().personnel_share_2020_percent);
  EXPECT_EQ(share(plan.vouchers_2021, 8), Indicators().personnel_share_2021_8_percent);
}

TEST(DemoPlan, EveryAccountIsInTheChart) {
  Plan plan = MakePlan();
  std::set<std::string> chart;
  for (const Account& a : Accounts()) chart.insert(std::string(a.number));
  for (const auto* vouchers : {&plan.vouchers_2020, &plan.vouchers_2021}) {
    for (const PlannedVoucher& v : *vouchers) {
      for (const PlannedTransaction& t : v.transactions)
        EXPECT_TRUE(chart.count(t.account)) << t.account;
    }
  }
}

// Payroll, supplier and customer invoices and payments fall on bank days of their year;
// only memorial vouchers (depreciation) sit on the month's last calendar day.
TEST(DemoPlan, VouchersFallOnBankDaysOfTheirYear) {
  Plan plan = MakePlan();
  for (auto [year, vouchers] :
       {std::pair(2020, &plan.vouchers_2020), std::pair(2021, &plan.vouchers_2021)}) {
    for (const PlannedVoucher& v : *vouchers) {
      EXPECT_EQ(v.date.year, year) << v.text;
      if (year == 2021) {
        EXPECT_LE(v.date.month, 8) << v.text;
      }
      if (v.series == "M") {
        EXPECT_EQ(v.date.day, period::DaysInMonth(v.date.year, v.date.month)) << v.text;
      } else {
        EXPECT_TRUE(IsBankDay(v.date)) << v.series << v.number << " " << period::FormatDate(v.date);
      }
    }
  }
}

// Each kind of voucher has the counter-account a municipality's ledger would show.
TEST(DemoPlan, EachVoucherKindHasItsCounterAccount) {
  Plan plan = MakePlan();
  const std::map<std::string, std::set<std::string>> counters = {
      {"L", {"1930", "2710", "2730", "2740"}}, {"F", {"2440"}}, {"K", {"1510"}}, {"M", {"1229"}}};
  for (const auto* vouchers : {&plan.vouchers_2020, &plan.vouchers_2021}) {
    for (const PlannedVoucher& v : *vouchers) {
      ASSERT_TRUE(v.series == "B" || counters.count(v.series)) << v.series;
      for (const PlannedTransaction& t : v.transactions) {
        bool balance_sheet = t.account[0] == '1' || t.account[0] == '2';
        bool fixed_asset = t.account == "1110" || t.account == "1220";
        if (v.series == "B") {
          EXPECT_TRUE(balance_sheet && t.unit.empty()) << v.text << " " << t.account;
        } else if (t.unit.empty()) {
          EXPECT_TRUE(counters.at(v.series).count(t.account))
              << v.series << " " << v.text << " " << t.account;
        } else {
          EXPECT_TRUE(!balance_sheet || (v.series == "F" && fixed_asset))
              << v.text << " " << t.account;
          if (v.series == "L") {
            EXPECT_EQ(t.account[0], '5') << v.text;
          }
          if (v.series == "K") {
            EXPECT_EQ(t.account[0], '3') << v.text;
          }
        }
      }
    }
  }
}

// Rents and the rescue service fee are invoiced quarterly (January, April, July, October);
// the other costs dip in July, when the municipality is on holiday.
TEST(DemoPlan, QuarterlyContractsAndTheHolidayDip) {
  Plan plan = MakePlan();
  std::map<std::string, std::map<int, int64_t>> other_costs;  // unit -> month -> amount
  for (const PlannedVoucher& v : plan.vouchers_2021) {
    for (const PlannedTransaction& t : v.transactions) {
      if (t.account == "6110" || t.account == "4540") {
        EXPECT_EQ((v.date.month - 1) % 3, 0) << t.unit << " " << t.account << " " << v.date.month;
      } else if (t.account == "7010" || t.account == "4610") {
        other_costs[t.unit][v.date.month] += t.amount_ore;
      }
    }
  }
  EXPECT_FALSE(other_costs.empty());
  for (const auto& [unit, months] : other_costs) {
    EXPECT_LT(months.at(7), months.at(6)) << unit;
  }
}

// Supplier invoices are paid the month after: what 2020 leaves on accounts payable is
// December's invoices, and January 2021 pays exactly that.
TEST(DemoPlan, InvoicesArePaidTheFollowingMonth) {
  Plan plan = MakePlan();
  int64_t payable_2020 = 0, december_invoices = 0, paid_january = 0;
  for (const PlannedVoucher& v : plan.vouchers_2020) {
    for (const PlannedTransaction& t : v.transactions) {
      if (t.account != "2440") continue;
      payable_2020 += t.amount_ore;
      if (v.series == "F" && v.date.month == 12) december_invoices += t.amount_ore;
    }
  }
  for (const PlannedVoucher& v : plan.vouchers_2021) {
    for (const PlannedTransaction& t : v.transactions) {
      if (t.account == "2440" && v.series == "B" && v.date.month == 1) paid_january += t.amount_ore;
    }
  }
  EXPECT_LT(december_invoices, 0);
  EXPECT_EQ(payable_2020, december_invoices);
  EXPECT_EQ(paid_january, -december_invoices);
}

}  // namespace
}  // namespace tertial::demo
