#include "tertial/period/proto.h"

#include <gtest/gtest.h>

namespace tertial::period {
namespace {

TEST(PeriodProto, PeriodsRangesAndDatesRoundTrip) {
  common::v1::Period p;
  ToProto(Period{2021, 8}, &p);
  EXPECT_EQ(p.year(), 2021);
  EXPECT_EQ(p.month(), 8);
  EXPECT_EQ(FromProto(p), (Period{2021, 8}));

  common::v1::PeriodRange r;
  ToProto(PeriodRange{{2021, 1}, {2021, 8}}, &r);
  EXPECT_EQ(r.first().month(), 1);
  EXPECT_EQ(r.last().month(), 8);
  EXPECT_EQ(FromProto(r), (PeriodRange{{2021, 1}, {2021, 8}}));

  common::v1::Date d;
  ToProto(Date{2021, 8, 31}, &d);
  EXPECT_EQ(d.day(), 31);
  EXPECT_EQ(FromProto(d), (Date{2021, 8, 31}));
}

TEST(PeriodProto, RequestPeriodMustBeAMonthOfAPlausibleYear) {
  common::v1::Period p;
  ToProto(Period{2021, 12}, &p);
  ASSERT_TRUE(PeriodFromRequest(p, "as_of").ok());
  EXPECT_EQ(*PeriodFromRequest(p, "as_of"), (Period{2021, 12}));

  p.set_month(13);
  absl::StatusOr<Period> bad = PeriodFromRequest(p, "as_of");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message(), "as_of: 2021-13 is not a period YYYY-MM");

  p.set_month(0);
  EXPECT_FALSE(PeriodFromRequest(p, "period").ok());
  p.set_month(1);
  p.set_year(1899);
  EXPECT_FALSE(PeriodFromRequest(p, "period").ok());
  p.set_year(2201);
  EXPECT_FALSE(PeriodFromRequest(p, "period").ok());
  p.set_year(0);
  p.set_month(0);  // an unset message
  EXPECT_NE(PeriodFromRequest(p, "period").status().message().find("period: 0-0"),
            std::string::npos);
}

}  // namespace
}  // namespace tertial::period
