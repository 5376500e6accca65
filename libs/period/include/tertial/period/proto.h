#ifndef TERTIAL_PERIOD_PROTO_H_
#define TERTIAL_PERIOD_PROTO_H_

// Between period:: values and their tertial.common.v1 messages (Period, PeriodRange,
// Date): the one place that converts them, for every service's adapters and loaders.
// Apart from tertial::period so that the pure period library needs no protobuf.

#include <string_view>

#include "absl/status/statusor.h"
#include "tertial/common/v1/types.pb.h"
#include "tertial/period/period.h"

namespace tertial::period {

void ToProto(const Period& period, common::v1::Period* out);
void ToProto(const PeriodRange& range, common::v1::PeriodRange* out);
void ToProto(const Date& date, common::v1::Date* out);

// As stored: no check (events were checked when they were made).
Period FromProto(const common::v1::Period& period);
PeriodRange FromProto(const common::v1::PeriodRange& range);
Date FromProto(const common::v1::Date& date);

// A period a request names: a month 1..12 of a year 1900..2200, else INVALID_ARGUMENT
// naming `field` and what it holds ("as_of: 2021-13 is not a period YYYY-MM").
absl::StatusOr<Period> PeriodFromRequest(const common::v1::Period& period, std::string_view field);

}  // namespace tertial::period

#endif  // TERTIAL_PERIOD_PROTO_H_
