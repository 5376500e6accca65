#include "tertial/chart/account_class.h"

#include <gtest/gtest.h>

namespace tertial::chart {
namespace {

TEST(Classify, FollowsKommunBasClasses) {
  EXPECT_EQ(Classify("3510"), AccountKind::kRevenue);
  EXPECT_EQ(Classify("4540"), AccountKind::kCost);
  EXPECT_EQ(Classify("5010"), AccountKind::kCost);
  EXPECT_EQ(Classify("7810"), AccountKind::kCost);
  EXPECT_EQ(Classify("1110"), AccountKind::kInvestment);
  EXPECT_EQ(Classify("1220"), AccountKind::kInvestment);
  EXPECT_EQ(Classify("1510"), AccountKind::kOther);
  EXPECT_EQ(Classify("1930"), AccountKind::kOther);
  EXPECT_EQ(Classify("2440"), AccountKind::kOther);
  EXPECT_EQ(Classify("8010"), AccountKind::kOther);
}

TEST(Classify, AccumulatedDepreciationIsNotInvestment) {
  // Depreciation credits 1229; counting it as investment would net spending down.
  EXPECT_EQ(Classify("1229"), AccountKind::kOther);
  EXPECT_EQ(Classify("1119"), AccountKind::kOther);
  EXPECT_EQ(Classify("1129"), AccountKind::kOther);
  EXPECT_EQ(Classify("1221"), AccountKind::kInvestment);
}

TEST(Classify, InvestmentIncomeIsTheGrantAndContributionLiabilities) {
  EXPECT_EQ(Classify("2388"), AccountKind::kInvestmentIncome);   // investeringsbidrag
  EXPECT_EQ(Classify("2381"), AccountKind::kInvestmentIncome);   // gatukostnadsersättningar
  EXPECT_EQ(Classify("2383"), AccountKind::kInvestmentIncome);   // anslutningsavgifter
  EXPECT_EQ(Classify("23881"), AccountKind::kInvestmentIncome);  // a sub-account
  // Their accumulated dissolution is not income received.
  EXPECT_EQ(Classify("2389"), AccountKind::kOther);
  EXPECT_EQ(Classify("2382"), AccountKind::kOther);
  EXPECT_EQ(Classify("238"), AccountKind::kOther);
  EXPECT_TRUE(IsInvestment(Classify("2388")));
  EXPECT_TRUE(IsInvestment(Classify("1110")));
  EXPECT_FALSE(IsInvestment(Classify("5010")));
  EXPECT_FALSE(IsOperating("2388"));
}

TEST(Classify, TakesBudgetClassPrefixes) {
  EXPECT_EQ(Classify("3"), AccountKind::kRevenue);
  EXPECT_EQ(Classify("45"), AccountKind::kCost);
  EXPECT_EQ(Classify("11"), AccountKind::kInvestment);
  // "1" alone does not say whether it is a fixed asset.
  EXPECT_EQ(Classify("1"), AccountKind::kOther);
}

TEST(Classify, TreatsMalformedAccountsAsOther) {
  EXPECT_EQ(Classify(""), AccountKind::kOther);
  EXPECT_EQ(Classify("A100"), AccountKind::kOther);
  EXPECT_FALSE(IsOperating("x"));
  EXPECT_TRUE(IsOperating("6110"));
  EXPECT_EQ(AccountClass("6110"), "6");
  EXPECT_EQ(AccountClass("Z"), "");
}

}  // namespace
}  // namespace tertial::chart
