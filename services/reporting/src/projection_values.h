#ifndef TERTIAL_SERVICES_REPORTING_SRC_PROJECTION_VALUES_H_
#define TERTIAL_SERVICES_REPORTING_SRC_PROJECTION_VALUES_H_

// Reading the reporting projection's values (projection.h has the key layout): what the
// input loader (input_loader.h) and the goals input (goals_input.h) share.

#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "tertial/base/strings.h"
#include "tertial/projection/store.h"

namespace tertial::reporting {

// Every (key suffix, value) under `prefix`, in key order.
absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ScanAll(
    const projection::Reader& db, const std::string& prefix);

// A stored event; DATA_LOSS naming `what` when it does not parse.
template <typename Message>
absl::StatusOr<Message> ParseValue(const std::string& bytes, std::string_view what) {
  Message m;
  if (!m.ParseFromString(bytes))
    return absl::DataLossError(StrCat("reporting projection: bad ", what));
  return m;
}

// The latest entry whose key (a month "YYYY-MM", or "YYYY-00" for the whole year) is at
// most `limit`; nullptr if none is.
template <typename Map>
const typename Map::mapped_type* LatestUpTo(const Map& by_month, const std::string& limit) {
  auto it = by_month.upper_bound(limit);
  if (it == by_month.begin()) return nullptr;
  return &std::prev(it)->second;
}

}  // namespace tertial::reporting

#endif  // TERTIAL_SERVICES_REPORTING_SRC_PROJECTION_VALUES_H_
