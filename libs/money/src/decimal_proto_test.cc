#include "tertial/money/decimal_proto.h"

#include <gtest/gtest.h>

namespace tertial::money {
namespace {

TEST(DecimalProto, KeepsUnitsAndScaleBothWays) {
  common::v1::Decimal wire = DecimalToProto(Decimal{-305, 1});
  EXPECT_EQ(wire.units(), -305);
  EXPECT_EQ(wire.scale(), 1);
  Decimal back = DecimalFromProto(wire);
  EXPECT_EQ(back.units, -305);
  EXPECT_EQ(back.scale, 1);
  // The printed scale survives the trip: "2,40" stays two decimals.
  EXPECT_EQ(FormatDecimal(DecimalFromProto(DecimalToProto(Decimal{240, 2}))), "2,40");
}

}  // namespace
}  // namespace tertial::money
