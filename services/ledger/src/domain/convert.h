#ifndef TERTIAL_LEDGER_DOMAIN_CONVERT_H_
#define TERTIAL_LEDGER_DOMAIN_CONVERT_H_

// Between period:: values and their tertial.common.v1 messages.

#include <cstdint>

#include "tertial/common/v1/types.pb.h"
#include "tertial/period/period.h"

namespace tertial::ledger {

inline void ToProto(const period::Date& date, common::v1::Date* out) {
  out->set_year(date.year);
  out->set_month(date.month);
  out->set_day(date.day);
}

inline void ToProto(const period::Period& period, common::v1::Period* out) {
  out->set_year(period.year);
  out->set_month(period.month);
}

inline period::Date FromProto(const common::v1::Date& date) {
  return {date.year(), date.month(), date.day()};
}

inline period::Period FromProto(const common::v1::Period& period) {
  return {period.year(), period.month()};
}

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
