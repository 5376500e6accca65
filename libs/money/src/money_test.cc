#include "tertial/money/money.h"

#include <gtest/gtest.h>

namespace tertial::money {
namespace {

TEST(ParseKronor, ReadsSieAmounts) {
  EXPECT_EQ(*ParseKronor("1234.50"), 123450);
  EXPECT_EQ(*ParseKronor("-1234.5"), -123450);
  EXPECT_EQ(*ParseKronor("+12"), 1200);
  EXPECT_EQ(*ParseKronor("0.07"), 7);
  EXPECT_EQ(*ParseKronor("-0.00"), 0);
  EXPECT_EQ(*ParseKronor("0.5"), 50);
  EXPECT_EQ(*ParseKronor("12,25"), 1225);
  EXPECT_EQ(*ParseKronor("100.000"), 10000);
}

TEST(ParseKronor, RejectsWhatIsNotAnAmount) {
  EXPECT_FALSE(ParseKronor("").ok());
  EXPECT_FALSE(ParseKronor("-").ok());
  EXPECT_FALSE(ParseKronor("12a").ok());
  EXPECT_FALSE(ParseKronor(".5").ok());  // a digit before the decimal sign, as everywhere
  EXPECT_FALSE(ParseKronor("4 0 0").ok());
  EXPECT_FALSE(ParseKronor("1.234").ok());  // a third decimal that is not zero
  EXPECT_FALSE(ParseKronor("1e5").ok());
  EXPECT_FALSE(ParseKronor("99999999999999999999").ok());
}

// The budget CSV cell of review X3: grouped thousands are read the same as in a goals CSV.
TEST(ParseKronor, ReadsGroupedThousandsAsEveryCsvNumber) {
  EXPECT_EQ(*ParseKronor("1 234,50"), 123450);
  EXPECT_EQ(*ParseKronor("1\xC2\xA0"
                         "234 567.5"),
            123456750);
  EXPECT_EQ(*ParseKronor("\xE2\x88\x92"
                         "2 851"),
            -285100);
  EXPECT_EQ(*ParseKronor(" 12 "), 1200);
}

TEST(ParseKronor, SaysWhatIsWrong) {
  EXPECT_EQ(ParseKronor("4 0 0").status().message(),
            "'4 0 0' is not an amount (a number like 1234.50 or 1 234,50): digits are grouped in "
            "threes (40 000)");
  EXPECT_EQ(ParseKronor("1.234").status().message(),
            "amount '1.234' has more than two decimals; öre is the smallest unit");
  EXPECT_EQ(ParseKronor("2000000000000000").status().message(),
            "amount '2000000000000000' is too large; at most 10^15 kronor");
}

TEST(CheckedAdd, AddsWhatFitsAndRefusesWhatWraps) {
  EXPECT_EQ(CheckedAdd(2, -5), -3);
  EXPECT_EQ(CheckedAdd(INT64_MAX - 1, 1), INT64_MAX);
  EXPECT_EQ(CheckedAdd(INT64_MIN, 0), INT64_MIN);
  EXPECT_EQ(CheckedAdd(INT64_MAX, 1), std::nullopt);
  EXPECT_EQ(CheckedAdd(INT64_MIN, -1), std::nullopt);
  EXPECT_EQ(CheckedAdd(INT64_MIN, INT64_MAX), -1);
  // The sums of review item 4: 200 amounts of 999 999 999 999 999 kronor would wrap at the
  // 93rd; 92 such amounts still fit.
  const int64_t huge = 99'999'999'999'999'900;
  int64_t sum = 0;
  int added = 0;
  for (; added < 200; ++added) {
    std::optional<int64_t> next = CheckedAdd(sum, huge);
    if (!next) break;
    sum = *next;
  }
  EXPECT_EQ(added, 92);
  EXPECT_EQ(sum, 92 * huge);
}

TEST(Add, SaysWhatOverflowedAndLeavesTheTotal) {
  int64_t total = INT64_MAX - 10;
  EXPECT_TRUE(Add(&total, 10, "x").ok());
  EXPECT_EQ(total, INT64_MAX);
  absl::Status s = Add(&total, 1, "account 4010 in 2021-03");
  EXPECT_EQ(s.code(), absl::StatusCode::kOutOfRange);
  EXPECT_NE(s.message().find("the sum of account 4010 in 2021-03 is too large"),
            std::string_view::npos)
      << s;
  EXPECT_EQ(total, INT64_MAX);
  total = INT64_MIN;
  EXPECT_FALSE(Add(&total, -1, "x").ok());
  EXPECT_EQ(total, INT64_MIN);
}

TEST(FormatKronor, WritesTwoDecimals) {
  EXPECT_EQ(FormatKronor(123450), "1234.50");
  EXPECT_EQ(FormatKronor(-7), "-0.07");
  EXPECT_EQ(FormatKronor(0), "0.00");
  EXPECT_EQ(FormatKronor(INT64_MIN + 1), "-92233720368547758.07");
}

TEST(RoundToUnits, RoundsHalfAwayFromZero) {
  EXPECT_EQ(RoundToUnits(150, 100), 2);
  EXPECT_EQ(RoundToUnits(149, 100), 1);
  EXPECT_EQ(RoundToUnits(-150, 100), -2);
  EXPECT_EQ(RoundToUnits(-149, 100), -1);
  EXPECT_EQ(RoundToUnits(50, 100), 1);
  EXPECT_EQ(RoundToUnits(-50, 100), -1);
  EXPECT_EQ(RoundToUnits(49, 100), 0);
  EXPECT_EQ(RoundToUnits(0, 100), 0);
}

TEST(MulDiv, RoundsHalfAwayFromZeroWithoutOverflow) {
  EXPECT_EQ(MulDiv(10, 8, 12), 7);  // 6,67
  EXPECT_EQ(MulDiv(-10, 8, 12), -7);
  EXPECT_EQ(MulDiv(3, 1, 2), 2);  // 1,5
  EXPECT_EQ(MulDiv(-3, 1, 2), -2);
  EXPECT_EQ(MulDiv(3, 1, -2), -2);
  EXPECT_EQ(MulDiv(-3, -1, 2), 2);
  EXPECT_EQ(MulDiv(INT64_MAX / 2, 6, 3), INT64_MAX - 1);  // the product exceeds int64
}

TEST(FormatTkr, PrintsLikeTheSeedReport) {
  EXPECT_EQ(FormatTkr(1'284'200'000), "12 842");
  EXPECT_EQ(FormatTkr(-285'100'000), "-2 851");
  EXPECT_EQ(FormatTkr(53'226'500'000), "532 265");
  EXPECT_EQ(FormatTkr(177'142'100'000), "1 771 421");
  EXPECT_EQ(FormatTkr(24'700'000), "247");
  EXPECT_EQ(FormatTkr(0), "0");
  EXPECT_EQ(FormatTkr(49'999), "0");
  EXPECT_EQ(FormatTkr(50'000), "1");
  EXPECT_EQ(FormatTkr(-50'000), "-1");
  EXPECT_EQ(FormatTkr(1'234'567'800'000, "\u00a0"), "12\u00a0345\u00a0678");
}

TEST(FormatMnkr, OneDecimalWithComma) {
  EXPECT_EQ(FormatMnkr(820'000'000), "8,2");
  EXPECT_EQ(FormatMnkr(1'284'200'000), "12,8");
  EXPECT_EQ(FormatMnkr(2'210'000'000), "22,1");
  EXPECT_EQ(FormatMnkr(-285'100'000), "-2,9");

  EXPECT_EQ(FormatMnkr(99'050'000'000), "990,5");
  EXPECT_EQ(FormatMnkr(123'456'000'000'000), "1 234 560,0");
  EXPECT_EQ(FormatMnkr(125'000'000, 0), "1");
}

TEST(FormatMnkr, TotalsRoundFromExactTotalsNotFromRoundedCells) {
  // Three cells of 0,04 mnkr each print 0,0, but their total 0,12 prints 0,1.
  const int64_t cell = 4'000'000;
  EXPECT_EQ(FormatMnkr(cell), "0,0");
  EXPECT_EQ(FormatMnkr(3 * cell), "0,1");
}

TEST(FormatFixed, WritesDecimalComma) {
  EXPECT_EQ(FormatFixed(82, 1), "8,2");
  EXPECT_EQ(FormatFixed(-5, 1), "-0,5");
  EXPECT_EQ(FormatFixed(906, 2), "9,06");
  EXPECT_EQ(FormatFixed(40000, 0), "40 000");
}

}  // namespace
}  // namespace tertial::money
