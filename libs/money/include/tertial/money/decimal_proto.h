#ifndef TERTIAL_MONEY_DECIMAL_PROTO_H_
#define TERTIAL_MONEY_DECIMAL_PROTO_H_

// The one place where a Decimal crosses the wire: tertial.common.v1.Decimal (indicator
// values and targets in goals' events, and any other context's decimals) <->
// money::Decimal. Goals writes it, reporting reads it back; both convert here, never field
// by field.

#include <cstdint>

#include "tertial/common/v1/types.pb.h"
#include "tertial/money/decimal.h"

namespace tertial::money {

inline Decimal DecimalFromProto(const common::v1::Decimal& d) {
  return Decimal{d.units(), d.scale()};
}

inline common::v1::Decimal DecimalToProto(const Decimal& d) {
  common::v1::Decimal out;
  out.set_units(d.units);
  out.set_scale(d.scale);
  return out;
}

}  // namespace tertial::money

#endif  // TERTIAL_MONEY_DECIMAL_PROTO_H_
