#include "tertial/period/proto.h"

#include "tertial/base/strings.h"

namespace tertial::period {

void ToProto(const Period& period, common::v1::Period* out) {
  out->set_year(period.year);
  out->set_month(period.month);
}

void ToProto(const PeriodRange& range, common::v1::PeriodRange* out) {
  ToProto(range.first, out->mutable_first());
  ToProto(range.last, out->mutable_last());
}

void ToProto(const Date& date, common::v1::Date* out) {
  out->set_year(date.year);
  out->set_month(date.month);
  out->set_day(date.day);
}

Period FromProto(const common::v1::Period& period) { return {period.year(), period.month()}; }

PeriodRange FromProto(const common::v1::PeriodRange& range) {
  return {FromProto(range.first()), FromProto(range.last())};
}

Date FromProto(const common::v1::Date& date) { return {date.year(), date.month(), date.day()}; }

absl::StatusOr<Period> PeriodFromRequest(const common::v1::Period& period, std::string_view field) {
  if (period.month() < 1 || period.month() > 12 || period.year() < 1900 || period.year() > 2200) {
    return absl::InvalidArgumentError(
        StrCat(field, ": ", period.year(), "-", period.month(), " is not a period YYYY-MM"));
  }
  return FromProto(period);
}

}  // namespace tertial::period
