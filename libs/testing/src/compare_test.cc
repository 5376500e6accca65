#include "tertial/testing/compare.h"

#include <gtest/gtest.h>

namespace tertial::testing {
namespace {

TEST(FirstDifference, NamesWhereAndShowsBothSides) {
  EXPECT_EQ(FirstDifference("same", "same"), "identical");
  EXPECT_EQ(FirstDifference("abcXef", "abcYef", "now", "golden", 2),
            "sizes 6 and 6; first difference at byte 3:\n  now:    ...bcXe\n  golden: ...bcYe");
  // One text a prefix of the other: the difference is where the shorter ends.
  EXPECT_EQ(FirstDifference("ab", "abc", "a", "b", 1),
            "sizes 2 and 3; first difference at byte 2:\n  a: ...b\n  b: ...bc");
}

}  // namespace
}  // namespace tertial::testing
