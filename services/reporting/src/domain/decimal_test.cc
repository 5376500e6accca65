#include "decimal.h"

#include <gtest/gtest.h>

namespace tertial::reporting {
namespace {

TEST(DecimalTest, ParsesSwedishAndMachineForms) {
  EXPECT_EQ(ParseDecimal("8,92")->units, 892);
  EXPECT_EQ(ParseDecimal("8,92")->scale, 2);
  EXPECT_EQ(ParseDecimal("-30.5")->units, -305);
  EXPECT_EQ(ParseDecimal("40 000")->units, 40000);
  EXPECT_EQ(ParseDecimal("\xE2\x88\x92" "2 851")->units, -2851);
  EXPECT_FALSE(ParseDecimal("I.U.").ok());
  EXPECT_FALSE(ParseDecimal("12,").ok());
  EXPECT_FALSE(ParseDecimal("98–100").ok());
}

// Review X3: a space anywhere used to be a separator, so a typo "4 0 0" became 400.
TEST(DecimalTest, RefusesDigitsNotGroupedInThrees) {
  EXPECT_FALSE(ParseDecimal("4 0 0").ok());
  EXPECT_FALSE(ParseDecimal("12 34").ok());
  EXPECT_EQ(ParseDecimal("1\xE2\x80\xAF" "940")->units, 1940);  // narrow no-break space
  EXPECT_FALSE(ParseDecimal("1.1234567").ok());                    // at most six decimals
}

TEST(DecimalTest, ComparesAcrossScales) {
  EXPECT_EQ(Decimal::Compare({97, 1}, {970, 2}), 0);
  EXPECT_LT(Decimal::Compare({892, 2}, {97, 1}), 0);
  EXPECT_GT(Decimal::Compare({0, 0}, {-1, 3}), 0);
}

TEST(DecimalTest, FormatsWithItsOwnScale) {
  EXPECT_EQ(FormatDecimal({892, 2}), "8,92");
  EXPECT_EQ(FormatDecimal({-305, 1}), "-30,5");
  EXPECT_EQ(FormatDecimal({40000, 0}), "40 000");
  EXPECT_EQ(DecimalMachine({-305, 1}), "-30.5");
  EXPECT_EQ(DecimalMachine({5, 2}), "0.05");
}

TEST(DecimalTest, PercentageRoundsHalfAwayFromZero) {
  // (353 175 − 324 596) / 353 175 = 8,0920...%
  EXPECT_EQ(FormatDecimal(Percentage(28'579, 353'175, 1)), "8,1");
  EXPECT_EQ(FormatDecimal(Percentage(-1, 8, 1)), "-12,5");
}

}  // namespace
}  // namespace tertial::reporting
