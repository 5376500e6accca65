#include "store_format.h"

#include <gtest/gtest.h>

namespace tertial::forecast::store {
namespace {

TEST(StoreFormat, CellsRoundTrip) {
  UnitCell cell;
  cell.months[0] = {1, -2, 3, -4};
  cell.months[11] = {INT64_MAX / 4, INT64_MIN / 4, 0, 0};
  UnitCell back;
  ASSERT_TRUE(DecodeUnitCell(EncodeUnitCell(cell), &back));
  EXPECT_EQ(back, cell);
  ProjectCell project;
  project.unit_id = "KSGEM";
  project.months[6] = {100, -50, 70};
  ProjectCell project_back;
  ASSERT_TRUE(DecodeProjectCell(EncodeProjectCell(project), &project_back));
  EXPECT_EQ(project_back, project);
  EXPECT_FALSE(DecodeUnitCell("\x05\x01", &back));
}

TEST(StoreFormat, YearKeysSortByYearAndSplitBack) {
  EXPECT_LT(UnitCellKey("0580", 2020, "ZZZ"), UnitCellKey("0580", 2021, "AAA"));
  // One organisation's prefix never matches another's whose id it starts.
  std::string prefix = Prefix('a', "05");
  EXPECT_NE(UnitCellKey("0580", 2021, "A").compare(0, prefix.size(), prefix), 0);
  std::string key = UnitCellKey("0580", 2021, "KLS");
  int year = 0;
  std::string_view unit;
  ASSERT_TRUE(SplitYearKey(std::string_view(key).substr(Prefix('a', "0580").size()), &year, &unit));
  EXPECT_EQ(year, 2021);
  EXPECT_EQ(unit, "KLS");
}

TEST(StoreFormat, PendingRoundTrips) {
  PendingPublication p{.topic = 1,
                       .offset = 7,
                       .fiscal_year = 2021,
                       .as_of = period::Period{2021, 8},
                       .trigger = "period_closed",
                       .trigger_event_id = "e1",
                       .correlation_id = "c1",
                       .occurred_at_seconds = 1630000000};
  PendingPublication back;
  ASSERT_TRUE(DecodePending(EncodePending(p), &back));
  EXPECT_EQ(back.topic, 1);
  EXPECT_EQ(back.offset, 7);
  EXPECT_EQ(back.as_of, (period::Period{2021, 8}));
  p.as_of.reset();
  ASSERT_TRUE(DecodePending(EncodePending(p), &back));
  EXPECT_FALSE(back.as_of.has_value());
  EXPECT_EQ(back.trigger, "period_closed");
  EXPECT_EQ(back.occurred_at_seconds, 1630000000);
}

TEST(StoreFormat, LedgerMarksRoundTripAndChangeKeysSortByYear) {
  LedgerMark mark{.offset = 123456789,
                  .event_id = "0f8fad5b",
                  .correlation_id = "import-1",
                  .occurred_at_seconds = -5};
  LedgerMark back;
  ASSERT_TRUE(DecodeLedgerMark(EncodeLedgerMark(mark), &back));
  EXPECT_EQ(back, mark);
  EXPECT_FALSE(DecodeLedgerMark(EncodeLedgerMark(mark) + "x", &back));
  // A change of every year sorts before any year's, so a scan meets it first.
  EXPECT_LT(LedgerChangeKey("0580", kEveryYear), LedgerChangeKey("0580", 2017));
  EXPECT_LT(LedgerChangeKey("0580", 2020), LedgerChangeKey("0580", 2021));
  EXPECT_LT(PublishedLedgerKey("0580", 2021, {2021, 3}),
            PublishedLedgerKey("0580", 2021, {2021, 8}));
}

}  // namespace
}  // namespace tertial::forecast::store
