#include "domain/decimal.h"

#include <gtest/gtest.h>

namespace tertial::goals {
namespace {

pb::Decimal D(std::string_view text) {
  auto d = ParseDecimal(text);
  EXPECT_TRUE(d.ok()) << text << ": " << d.status();
  return d.ok() ? *d : pb::Decimal();
}

TEST(Decimal, KeepsThePrintedScale) {
  EXPECT_EQ(D("2,40").units(), 240);
  EXPECT_EQ(D("2,40").scale(), 2);
  EXPECT_EQ(FormatDecimal(D("2,40")), "2,40");
  EXPECT_EQ(FormatDecimal(D("9.7")), "9,7");
  EXPECT_EQ(FormatDecimal(D("150,0")), "150,0");
  EXPECT_EQ(FormatDecimalPlain(D("2,40")), "2.40");
}

TEST(Decimal, ReadsGroupedThousandsAndSigns) {
  EXPECT_EQ(D("40 000").units(), 40000);
  EXPECT_EQ(D("157 000").units(), 157000);
  EXPECT_EQ(D("1\xC2\xA0" "940").units(), 1940);  // no-break space
  EXPECT_EQ(D("-30,5").units(), -305);
  EXPECT_EQ(D("\xE2\x88\x92" "30,5").units(), -305);  // U+2212
  EXPECT_EQ(D("+0,5").units(), 5);
  EXPECT_EQ(FormatDecimal(D("40 000")), "40 000");
  EXPECT_EQ(FormatDecimal(D("-30,5")), "-30,5");
}

TEST(Decimal, RejectsWhatIsNotANumber) {
  for (std::string_view bad : {"", "-", "1,2,3", "12 34", "1 2345", "1,", ",5", "abc", "5%",
                               "1.0000000001", "9999999999999999999"}) {
    EXPECT_FALSE(ParseDecimal(bad).ok()) << bad;
  }
}

TEST(Decimal, ComparesExactlyAcrossScales) {
  EXPECT_EQ(CompareDecimal(D("2,40"), D("2,4")), 0);
  EXPECT_EQ(CompareDecimal(D("8,92"), D("9.7")), -1);
  EXPECT_EQ(CompareDecimal(D("62,5"), D("62,10")), 1);
  EXPECT_EQ(CompareDecimal(D("-30,5"), D("0")), -1);
  EXPECT_EQ(CompareDecimal(D("0,1"), D("0,09999")), 1);
}

}  // namespace
}  // namespace tertial::goals
