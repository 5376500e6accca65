#include "values.h"

#include "gtest/gtest.h"
#include "tertial/money/money.h"

namespace tertial::sie::internal {
namespace {

int64_t Ore(std::string_view text, AmountForm expected = AmountForm::kOk) {
  int64_t ore = 12345;
  EXPECT_EQ(ParseAmount(text, &ore), expected) << text;
  return ore;
}

TEST(ValuesTest, ParsesAmounts) {
  EXPECT_EQ(Ore("0"), 0);
  EXPECT_EQ(Ore("-0"), 0);
  EXPECT_EQ(Ore("1"), 100);
  EXPECT_EQ(Ore("1.5"), 150);
  EXPECT_EQ(Ore("-1.05"), -105);
  EXPECT_EQ(Ore("0000000000000000000001.00"), 100);  // leading zeros do not count as size
  EXPECT_EQ(Ore("1000000000000000.00"), money::kMaxAbsOre);
  EXPECT_EQ(Ore("-1000000000000000"), -money::kMaxAbsOre);
  EXPECT_EQ(Ore("+2", AmountForm::kPlusSign), 200);
  EXPECT_EQ(Ore("2.500", AmountForm::kExtraZeroDecimals), 250);
}

TEST(ValuesTest, RefusesWhatIsNotAnAmount) {
  int64_t ore;
  for (std::string_view bad : {"", "-", "+", ".", "1.", ".5", "1,5", "1 000", "1e5", "--1", "1.2.3",
                               "0x10", "12a", "١٢"}) {
    EXPECT_EQ(ParseAmount(bad, &ore), AmountForm::kNotAnAmount) << bad;
  }
  EXPECT_EQ(ParseAmount("1.001", &ore), AmountForm::kTooManyDecimals);
  EXPECT_EQ(ParseAmount("1000000000000000.01", &ore), AmountForm::kTooLarge);
  EXPECT_EQ(ParseAmount("99999999999999999", &ore), AmountForm::kTooLarge);
  EXPECT_EQ(ParseAmount(std::string(5000, '9'), &ore), AmountForm::kTooLarge);
}

TEST(ValuesTest, ParsesDates) {
  period::Date d;
  EXPECT_EQ(ParseDate("20210831", &d), DateForm::kOk);
  EXPECT_EQ(d, (period::Date{2021, 8, 31}));
  EXPECT_EQ(ParseDate("20200229", &d), DateForm::kOk);
  EXPECT_EQ(ParseDate("2021-08-31", &d), DateForm::kDashed);
  EXPECT_EQ(ParseDate("20210229", &d), DateForm::kNoSuchDay);
  EXPECT_EQ(ParseDate("20211301", &d), DateForm::kNoSuchDay);
  EXPECT_EQ(ParseDate("00000101", &d), DateForm::kNoSuchDay);
  EXPECT_EQ(ParseDate("2021083", &d), DateForm::kNotADate);
  EXPECT_EQ(ParseDate("2021-8-31", &d), DateForm::kNotADate);
  EXPECT_EQ(ParseDate("2021O831", &d), DateForm::kNotADate);
}

TEST(ValuesTest, ParsesPeriodsAndIntegers) {
  period::Period p;
  EXPECT_TRUE(ParsePeriod("202108", &p));
  EXPECT_EQ(p, (period::Period{2021, 8}));
  EXPECT_FALSE(ParsePeriod("202100", &p));
  EXPECT_FALSE(ParsePeriod("2021-08", &p));
  int v;
  EXPECT_TRUE(ParseInt("-1", &v));
  EXPECT_EQ(v, -1);
  EXPECT_TRUE(ParseInt("999999999", &v));
  EXPECT_FALSE(ParseInt("9999999999", &v));
  EXPECT_FALSE(ParseInt("-", &v));
  EXPECT_FALSE(ParseInt("1.0", &v));
  EXPECT_TRUE(IsDecimalNumber("1.000000"));
  EXPECT_TRUE(IsDecimalNumber("-415"));
  EXPECT_FALSE(IsDecimalNumber("30250*0,043*25"));
  EXPECT_FALSE(IsDecimalNumber("."));
}

}  // namespace
}  // namespace tertial::sie::internal
