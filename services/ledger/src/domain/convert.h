#ifndef TERTIAL_LEDGER_DOMAIN_CONVERT_H_
#define TERTIAL_LEDGER_DOMAIN_CONVERT_H_

// Dates for events: the period:: conversions (tertial/period/proto.h) in this namespace,
// and a date as epoch seconds.

#include <cstdint>

#include "tertial/period/period.h"
#include "tertial/period/proto.h"

namespace tertial::ledger {

// The conversions between period:: values and their messages are tertial/period/proto.h's.
using period::FromProto;
using period::ToProto;

// Seconds since 1970-01-01 of midnight UTC on `date` (proleptic Gregorian calendar).
inline int64_t EpochSeconds(const period::Date& date) {
  int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t mp = (date.month + 9) % 12;
  int64_t doy = (153 * mp + 2) / 5 + date.day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (era * 146097 + doe - 719468) * 86400;
}

}  // namespace tertial::ledger

#endif  // TERTIAL_LEDGER_DOMAIN_CONVERT_H_
