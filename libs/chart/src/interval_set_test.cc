#include "tertial/chart/interval_set.h"

#include <gtest/gtest.h>

#include <vector>

namespace tertial::chart {
namespace {

TEST(IntervalSetTest, MergesNeighboursAndRefusesRepeats) {
  IntervalSet set;
  for (uint64_t v : std::vector<uint64_t>{1, 2, 3, 7, 5, 6, 10}) EXPECT_TRUE(set.Insert(v));
  EXPECT_FALSE(set.Insert(6));
  EXPECT_EQ(set.ranges(), 3u);  // 1-3, 5-7, 10
  EXPECT_TRUE(set.Insert(4));
  EXPECT_EQ(set.ranges(), 2u);  // 1-7, 10
  for (uint64_t v : std::vector<uint64_t>{1, 4, 7, 10}) EXPECT_TRUE(set.Contains(v)) << v;
  for (uint64_t v : std::vector<uint64_t>{0, 8, 9, 11}) EXPECT_FALSE(set.Contains(v)) << v;
}

TEST(IntervalSetTest, EraseSplitsARangeAndFreesTheNumber) {
  IntervalSet set;
  for (uint64_t v = 1; v <= 9; ++v) set.Insert(v);
  EXPECT_TRUE(set.Erase(5));
  EXPECT_FALSE(set.Erase(5));
  EXPECT_FALSE(set.Erase(10));
  EXPECT_EQ(set.ranges(), 2u);  // 1-4, 6-9
  EXPECT_FALSE(set.Contains(5));
  EXPECT_TRUE(set.Contains(4));
  EXPECT_TRUE(set.Contains(6));
  EXPECT_TRUE(set.Erase(1));
  EXPECT_TRUE(set.Erase(9));
  EXPECT_FALSE(set.Contains(1));
  EXPECT_FALSE(set.Contains(9));
  EXPECT_TRUE(set.Insert(5));   // free again: a re-import posts it anew
  EXPECT_EQ(set.ranges(), 1u);  // 2-8
  IntervalSet single;
  single.Insert(7);
  EXPECT_TRUE(single.Erase(7));
  EXPECT_TRUE(single.empty());
}

TEST(IntervalSetTest, AMillionSequentialNumbersAreOneRange) {
  IntervalSet set;
  for (uint64_t v = 1; v <= 1'000'000; ++v) ASSERT_TRUE(set.Insert(v));
  EXPECT_EQ(set.ranges(), 1u);
  EXPECT_LT(set.Encode().size(), 8u);
}

TEST(IntervalSetTest, EncodesAndDecodes) {
  IntervalSet set;
  for (uint64_t v : std::vector<uint64_t>{0, 1, 5, 900, 901, 902, 123456789012}) set.Insert(v);
  std::optional<IntervalSet> back = IntervalSet::Decode(set.Encode());
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, set);
  EXPECT_FALSE(IntervalSet::Decode("\x80").has_value());
}

TEST(PlainNumberTest, OnlyPlainDecimals) {
  EXPECT_EQ(PlainNumber("17"), 17u);
  EXPECT_EQ(PlainNumber("0"), 0u);
  EXPECT_FALSE(PlainNumber("017"));
  EXPECT_FALSE(PlainNumber("A17"));
  EXPECT_FALSE(PlainNumber(""));
  EXPECT_FALSE(PlainNumber("1234567890123456789"));
}

}  // namespace
}  // namespace tertial::chart
