#include "tertial/period/period.h"

#include <gtest/gtest.h>

namespace tertial::period {
namespace {

TEST(ParseDate, ReadsSieAndIsoDates) {
  EXPECT_EQ(*ParseDate("20210831"), (Date{2021, 8, 31}));
  EXPECT_EQ(*ParseDate("2020-02-29"), (Date{2020, 2, 29}));
}

TEST(ParseDate, RejectsDaysThatDoNotExist) {
  EXPECT_FALSE(ParseDate("20210229").ok());
  EXPECT_FALSE(ParseDate("20211301").ok());
  EXPECT_FALSE(ParseDate("20210100").ok());
  EXPECT_FALSE(ParseDate("2021083").ok());
  EXPECT_FALSE(ParseDate("2021O831").ok());
  EXPECT_TRUE(ParseDate("20000229").ok());
  EXPECT_FALSE(ParseDate("19000229").ok());
}

TEST(ParsePeriod, ReadsBothForms) {
  EXPECT_EQ(*ParsePeriod("2021-08"), (Period{2021, 8}));
  EXPECT_EQ(*ParsePeriod("202108"), (Period{2021, 8}));
  EXPECT_FALSE(ParsePeriod("2021-13").ok());
  EXPECT_FALSE(ParsePeriod("2021-8").ok());
  EXPECT_EQ(FormatPeriod({2021, 8}), "2021-08");
}

TEST(Period, StepsAcrossYears) {
  EXPECT_EQ((Period{2020, 12}).Next(), (Period{2021, 1}));
  EXPECT_EQ((Period{2021, 1}).Prev(), (Period{2020, 12}));
  EXPECT_LT((Period{2020, 12}), (Period{2021, 1}));
}

TEST(ParsePeriodRange, ReadsRangesSinglesAndYears) {
  PeriodRange r = *ParsePeriodRange("2021-01..2021-08");
  EXPECT_EQ(r.Months(), 8);
  EXPECT_TRUE(r.Contains({2021, 8}));
  EXPECT_FALSE(r.Contains({2021, 9}));
  EXPECT_EQ(ParsePeriodRange("2021-08")->Months(), 1);
  EXPECT_EQ(ParsePeriodRange("2021")->Months(), 12);
  EXPECT_EQ(ParsePeriodRange("2020-11..2021-02")->Periods().size(), 4u);
  EXPECT_FALSE(ParsePeriodRange("2021-08..2021-01").ok());
  EXPECT_FALSE(ParsePeriodRange("2021-01...2021-08").ok());
  EXPECT_EQ(FormatPeriodRange(r), "2021-01..2021-08");
}

TEST(FiscalYear, HonoursBrokenFiscalYears) {
  FiscalYear fy = *FiscalYear::FromDates({2009, 7, 1}, {2010, 6, 30});
  EXPECT_EQ(fy.label(), 2009);
  EXPECT_EQ(fy.Months(), 12);
  EXPECT_EQ(fy.MonthNumber({2009, 7}), 1);
  EXPECT_EQ(fy.MonthNumber({2010, 6}), 12);
  EXPECT_EQ(fy.MonthNumber({2010, 7}), 0);
  EXPECT_TRUE(fy.Contains(Date{2010, 1, 15}));
  EXPECT_FALSE(fy.Contains(Date{2009, 6, 30}));
  EXPECT_EQ(fy.FirstMonths(8), (PeriodRange{{2009, 7}, {2010, 2}}));
}

TEST(FiscalYear, RejectsYearsThatDoNotStartOrEndOnMonthBoundaries) {
  EXPECT_FALSE(FiscalYear::FromDates({2021, 1, 2}, {2021, 12, 31}).ok());
  EXPECT_FALSE(FiscalYear::FromDates({2021, 1, 1}, {2021, 12, 30}).ok());
  EXPECT_FALSE(FiscalYear::FromDates({2021, 1, 1}, {2022, 12, 31}).ok());
  EXPECT_TRUE(FiscalYear::FromDates({2021, 1, 1}, {2022, 6, 30}).ok());
}

TEST(FiscalYear, CalendarYearIsTheMunicipalDefault) {
  FiscalYear fy = FiscalYear::Calendar(2021);
  EXPECT_EQ(fy.FirstMonths(8), *ParsePeriodRange("2021-01..2021-08"));
  EXPECT_EQ(MonthName(8), "augusti");
  EXPECT_EQ(MonthShortName(8), "aug");
}

}  // namespace
}  // namespace tertial::period
