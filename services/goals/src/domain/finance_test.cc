#include "domain/finance.h"

#include <gtest/gtest.h>

#include "tertial/vocabulary/goals.h"

namespace tertial::goals {
namespace {

constexpr int64_t kTkr = 100'000;

LedgerFacts Facts() {
  LedgerFacts f;
  f.units.Define({.id = "KS", .name = "Kommunstyrelsen"});
  f.units.Define({.id = "KLF", .name = "KLF", .parent_id = "KS"});
  f.units.Define({.id = "KLS", .name = "KLS", .parent_id = "KLF"});
  f.units.Define({.id = "EKS", .name = "EKS", .parent_id = "KLF"});
  f.units.Define({.id = "VSS", .name = "VSS", .parent_id = "KS"});
  for (int m = 1; m <= 8; ++m) {
    f.voucher_periods[2021].insert({2021, m});
    f.operating[{2021, {2021, m}, "KLS"}] = {.actual_ore = 100 * kTkr, .budget_ore = 110 * kTkr};
    f.operating[{2021, {2021, m}, "EKS"}] = {.actual_ore = 50 * kTkr, .budget_ore = 50 * kTkr};
    f.operating[{2021, {2021, m}, "VSS"}] = {.actual_ore = 999 * kTkr, .budget_ore = 1 * kTkr};
  }
  f.project_units["SIM"] = "KLS";
  f.project_units["VSSINV"] = "VSS";
  f.investment[{2021, {2021, 3}, "SIM", "KLS"}] = {.actual_ore = 81 * kTkr,
                                                   .budget_ore = 100 * kTkr};
  f.investment[{2021, {2021, 3}, "VSSINV", "VSS"}] = {.actual_ore = 5 * kTkr, .budget_ore = 0};
  return f;
}

pb::Derivation Derivation(pb::DerivedKind kind) {
  pb::Derivation d;
  d.set_kind(kind);
  d.set_unit_id("KLF");
  d.set_from_year(2020);
  return d;
}

TEST(ComputeDerived, BudgetDeviationOfTheSubtreeYearToDate) {
  LedgerFacts f = Facts();
  auto r = ComputeDerived(f, Derivation(pb::DERIVED_KIND_BUDGET_DEVIATION), MakePeriod(2021, 8));
  ASSERT_TRUE(r.has_value());
  // budget 8 x 160, actual 8 x 150: 10 / 160 = 6,25 % -> 6,3 (half away from zero).
  EXPECT_EQ(r->detail.budget_ore(), 8 * 160 * kTkr);
  EXPECT_EQ(r->detail.actual_ore(), 8 * 150 * kTkr);
  EXPECT_EQ(FormatValue(r->value), "6,3");
  EXPECT_TRUE(r->detail.provisional());
  EXPECT_EQ(r->detail.range().first().month(), 1);
  EXPECT_EQ(r->detail.range().last().month(), 8);
  // Up to March only.
  auto march =
      ComputeDerived(f, Derivation(pb::DERIVED_KIND_BUDGET_DEVIATION), MakePeriod(2021, 3));
  EXPECT_EQ(march->detail.budget_ore(), 3 * 160 * kTkr);
}

TEST(ComputeDerived, RoundsHalfAwayFromZeroBothWays) {
  LedgerFacts f;
  f.units.Define({.id = "KLF", .name = "KLF"});
  f.operating[{2021, {2021, 1}, "KLF"}] = {.actual_ore = 10'305, .budget_ore = 10'000};
  auto r = ComputeDerived(f, Derivation(pb::DERIVED_KIND_BUDGET_DEVIATION), MakePeriod(2021, 1));
  EXPECT_EQ(FormatValue(r->value), "-3,1");  // -3,05 -> -3,1
  f.operating[{2021, {2021, 1}, "KLF"}] = {.actual_ore = 9'695, .budget_ore = 10'000};
  r = ComputeDerived(f, Derivation(pb::DERIVED_KIND_BUDGET_DEVIATION), MakePeriod(2021, 1));
  EXPECT_EQ(FormatValue(r->value), "3,1");
}

TEST(ComputeDerived, InvestmentDeviationOverTheSubtreesProjects) {
  LedgerFacts f = Facts();
  f.closed.insert({2021, 3});  // closes January and February too
  auto r =
      ComputeDerived(f, Derivation(pb::DERIVED_KIND_INVESTMENT_DEVIATION), MakePeriod(2021, 3));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->detail.budget_ore(), 100 * kTkr);  // VSS's project is outside KLF
  EXPECT_EQ(FormatValue(r->value), "19,0");
  EXPECT_FALSE(r->detail.provisional());
}

TEST(ComputeDerived, ZeroBudgetIsNoDataAndNothingIsNothing) {
  LedgerFacts f = Facts();
  pb::Derivation vss = Derivation(pb::DERIVED_KIND_INVESTMENT_DEVIATION);
  vss.set_unit_id("VSS");
  auto r = ComputeDerived(f, vss, MakePeriod(2021, 8));
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->value.has_no_data());
  EXPECT_FALSE(ComputeDerived(f, Derivation(pb::DERIVED_KIND_BUDGET_DEVIATION), MakePeriod(2019, 0))
                   .has_value());
}

TEST(ComputeDerived, PersonnelCostShareInWholePercent) {
  LedgerFacts f = Facts();
  for (int m = 1; m <= 8; ++m) {
    f.personnel[{2021, {2021, m}, "KLS"}] = 30 * kTkr;
    f.personnel[{2021, {2021, m}, "EKS"}] = 7 * kTkr + 50'000;  // 7,5 tkr
    f.personnel[{2021, {2021, m}, "VSS"}] = 500 * kTkr;         // outside KLF
  }
  auto r =
      ComputeDerived(f, Derivation(pb::DERIVED_KIND_PERSONNEL_COST_SHARE), MakePeriod(2021, 8));
  ASSERT_TRUE(r.has_value());
  // 8 x 37,5 over the net actual 8 x 150: 25 %.
  EXPECT_EQ(FormatValue(r->value), "25");
  EXPECT_EQ(r->detail.actual_ore(), 8 * 375 * kTkr / 10);
  EXPECT_EQ(r->detail.budget_ore(), 8 * 150 * kTkr);
}

TEST(DerivedPeriods, MonthsToTheLastVoucherAndCompleteYears) {
  LedgerFacts f = Facts();
  for (int m = 1; m <= 12; ++m) f.voucher_periods[2020].insert({2020, m});
  f.voucher_periods[2019].insert({2019, 12});
  std::vector<std::string> periods;
  for (const auto& p : DerivedPeriods(f, Derivation(pb::DERIVED_KIND_BUDGET_DEVIATION))) {
    periods.push_back(FormatPeriod(p));
  }
  ASSERT_EQ(periods.size(), 12u + 1u + 8u);  // 2020-01..12, 2020, 2021-01..08
  EXPECT_EQ(periods[11], "2020-12");
  EXPECT_EQ(periods[12], "2020");
  EXPECT_EQ(periods.back(), "2021-08");
}

}  // namespace
}  // namespace tertial::goals
