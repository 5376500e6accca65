#include "calendar.h"

#include <gtest/gtest.h>

namespace tertial::demo {
namespace {

using period::Date;

TEST(Calendar, WeekdaysOfKnownDates) {
  EXPECT_EQ(Weekday({2021, 8, 31}), 1);  // a Tuesday
  EXPECT_EQ(Weekday({2020, 2, 29}), 5);  // a Saturday
  EXPECT_EQ(Weekday({2021, 1, 1}), 4);   // a Friday
}

TEST(Calendar, EasterOfKnownYears) {
  EXPECT_EQ(EasterSunday(2020), (Date{2020, 4, 12}));
  EXPECT_EQ(EasterSunday(2021), (Date{2021, 4, 4}));
  EXPECT_EQ(EasterSunday(2019), (Date{2019, 4, 21}));
}

TEST(Calendar, HolidaysAndWeekendsAreNotBankDays) {
  EXPECT_FALSE(IsBankDay({2021, 6, 25}));  // midsommarafton
  EXPECT_FALSE(IsBankDay({2021, 4, 2}));   // långfredagen
  EXPECT_FALSE(IsBankDay({2021, 4, 5}));   // annandag påsk
  EXPECT_FALSE(IsBankDay({2021, 5, 13}));  // Kristi himmelsfärds dag
  EXPECT_FALSE(IsBankDay({2020, 12, 24}));
  EXPECT_FALSE(IsBankDay({2021, 7, 25}));  // a Sunday
  EXPECT_TRUE(IsBankDay({2021, 6, 24}));
}

TEST(Calendar, PaydayMovesBackToTheLastBankDay) {
  EXPECT_EQ(BankDayOnOrBefore({2021, 6, 25}), (Date{2021, 6, 24}));    // midsommarafton
  EXPECT_EQ(BankDayOnOrBefore({2020, 12, 25}), (Date{2020, 12, 23}));  // juldagen, julafton
  EXPECT_EQ(BankDayOnOrBefore({2021, 7, 25}), (Date{2021, 7, 23}));    // Sunday
}

TEST(Calendar, StaysInsideTheMonth) {
  EXPECT_EQ(BankDayOnOrAfter({2021, 7, 31}), (Date{2021, 7, 30}));  // Saturday, last day
  EXPECT_EQ(BankDayOnOrBefore({2021, 8, 1}), (Date{2021, 8, 2}));   // Sunday, first day
}

}  // namespace
}  // namespace tertial::demo
