#include "tertial/money/decimal.h"

#include <gtest/gtest.h>

namespace tertial::money {
namespace {

Decimal D(std::string_view text) {
  absl::StatusOr<Decimal> d = ParseDecimal(text, 9);
  EXPECT_TRUE(d.ok()) << text << ": " << d.status();
  return d.ok() ? *d : Decimal{};
}

std::string Error(std::string_view text, int max_decimals = 9) {
  absl::StatusOr<Decimal> d = ParseDecimal(text, max_decimals);
  return d.ok() ? "accepted" : std::string(d.status().message());
}

TEST(ParseDecimal, KeepsTheDecimalsAsWritten) {
  EXPECT_EQ(D("2,40").units, 240);
  EXPECT_EQ(D("2,40").scale, 2);
  EXPECT_EQ(D("9.7").units, 97);
  EXPECT_EQ(D("9.7").scale, 1);
  EXPECT_EQ(D("0").units, 0);
  EXPECT_EQ(D("+0,5").units, 5);
  EXPECT_EQ(D(" 12 ").units, 12);  // white space around a CSV cell
}

TEST(ParseDecimal, ReadsEverySeparatorAndMinus) {
  EXPECT_EQ(D("40 000").units, 40000);
  EXPECT_EQ(D("1 234 567,5").units, 12345675);
  EXPECT_EQ(D("1\xC2\xA0"
              "940")
                .units,
            1940);  // no-break space
  EXPECT_EQ(D("1\xE2\x80\x89"
              "940")
                .units,
            1940);  // thin space
  EXPECT_EQ(D("1\xE2\x80\xAF"
              "940")
                .units,
            1940);  // narrow no-break space
  EXPECT_EQ(D("\xE2\x88\x92"
              "2 851")
                .units,
            -2851);  // U+2212
  EXPECT_EQ(D("-30,5").units, -305);
}

TEST(ParseDecimal, RefusesGroupsThatAreNotThrees) {
  EXPECT_EQ(Error("4 0 0"), "'4 0 0' is not a number: digits are grouped in threes (40 000)");
  EXPECT_EQ(Error("12 34"), "'12 34' is not a number: digits are grouped in threes (40 000)");
  EXPECT_EQ(Error("1234 567"), "'1234 567' is not a number: digits are grouped in threes (40 000)");
  EXPECT_EQ(Error("1 2345"), "'1 2345' is not a number: digits are grouped in threes (40 000)");
  EXPECT_EQ(Error("1  234"), "'1  234' is not a number: a separator must sit between digits");
  EXPECT_EQ(Error("1,234 5"), "'1,234 5' is not a number: unexpected ' '");
}

TEST(ParseDecimal, RefusesOtherTexts) {
  EXPECT_EQ(Error(""), "'' is not a number: it is empty");
  EXPECT_EQ(Error("-"), "'-' is not a number: no digits");
  EXPECT_EQ(Error("1,"), "'1,' is not a number: digits are expected after the decimal sign");
  EXPECT_EQ(Error(",5"), "',5' is not a number: digits are expected before the decimal sign (0,5)");
  EXPECT_EQ(Error("1.234,5"),
            "'1.234,5' is not a number: a second decimal sign; only a space groups thousands");
  EXPECT_EQ(Error("1e5"), "'1e5' is not a number: unexpected 'e'");
  EXPECT_EQ(Error("1.0000000001"), "'1.0000000001' is not a number: at most 9 decimals");
  EXPECT_EQ(Error("1.1234567", 6), "'1.1234567' is not a number: at most 6 decimals");
  EXPECT_EQ(Error("9999999999999999999"), "'9999999999999999999' is not a number: too large");
}

// Review 5.1: a message that cuts a UTF-8 character in half cannot travel in a proto string.
TEST(ParseDecimal, QuotesTheWholeCharacterItDidNotExpect) {
  EXPECT_EQ(Error("56\xE2\x82\xAC"), "'56\xE2\x82\xAC' is not a number: unexpected '\xE2\x82\xAC'");
  EXPECT_EQ(Error("5\xC2\xBD"), "'5\xC2\xBD' is not a number: unexpected '\xC2\xBD'");
  EXPECT_EQ(Error("98\xE2\x80\x93"
                  "100"),
            "'98\xE2\x80\x93"
            "100' is not a number: unexpected '\xE2\x80\x93'");
  // Bytes that are not UTF-8 at all are written out, so that the message still is.
  EXPECT_EQ(Error("56\xA4"), "'56\\xA4' is not a number: unexpected '\\xA4'");
}

// Goals (indicator values, targets) and reporting (cells, percentages) both compare and
// print through these; they used to have a copy each.
TEST(Decimal, ComparesExactlyAcrossScales) {
  EXPECT_EQ(Decimal::Compare(D("2,40"), D("2,4")), 0);
  EXPECT_EQ(Decimal::Compare(D("8,92"), D("9.7")), -1);
  EXPECT_EQ(Decimal::Compare(D("62,5"), D("62,10")), 1);
  EXPECT_EQ(Decimal::Compare(D("-30,5"), D("0")), -1);
  EXPECT_EQ(Decimal::Compare(D("0,1"), D("0,09999")), 1);
  EXPECT_TRUE((Decimal{97, 1} == Decimal{970, 2}));
  EXPECT_TRUE((Decimal{892, 2} < Decimal{97, 1}));
  // Scales far apart stay exact (128-bit), not overflowing int64.
  EXPECT_EQ(Decimal::Compare({kMaxDecimalUnits, 0}, {1, 9}), 1);
}

TEST(Decimal, FormatsWithItsOwnScale) {
  EXPECT_EQ(FormatDecimal(D("2,40")), "2,40");
  EXPECT_EQ(FormatDecimal(D("9.7")), "9,7");
  EXPECT_EQ(FormatDecimal(D("150,0")), "150,0");
  EXPECT_EQ(FormatDecimal({40000, 0}), "40 000");
  EXPECT_EQ(FormatDecimal({-305, 1}), "-30,5");
  EXPECT_EQ(FormatDecimal({-5, 1}), "-0,5");
  EXPECT_EQ(FormatDecimalPlain(D("2,40")), "2.40");
  EXPECT_EQ(FormatDecimalPlain({-305, 1}), "-30.5");
  EXPECT_EQ(FormatDecimalPlain({5, 2}), "0.05");
  EXPECT_EQ(FormatDecimalPlain({-40000, 0}), "-40000");
}

TEST(Decimal, RescalesRoundingHalfAwayFromZero) {
  EXPECT_EQ(Decimal({25, 1}).Rescaled(0).units, 3);
  EXPECT_EQ(Decimal({-25, 1}).Rescaled(0).units, -3);
  EXPECT_EQ(Decimal({24, 1}).Rescaled(0).units, 2);
  EXPECT_EQ(Decimal({24, 1}).Rescaled(3).units, 2400);
  EXPECT_EQ(Decimal({24, 1}).Rescaled(3).scale, 3);
}

}  // namespace
}  // namespace tertial::money
