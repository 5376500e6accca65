#ifndef TERTIAL_SERVICES_REPORTING_SRC_RENDER_READBACK_VALUES_H_
#define TERTIAL_SERVICES_REPORTING_SRC_RENDER_READBACK_VALUES_H_

// What the JSON and the CSV read-back (readback.h) both read: integers, statuses, targets
// as the report printed them. Private to readback_*.cc.

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/figures.h"
#include "domain/report.h"

namespace tertial::reporting::readback {

inline std::optional<int64_t> ParseInt(std::string_view text) {
  int64_t v = 0;
  if (text.empty()) return std::nullopt;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

inline bool ParseStatus(std::string_view name, IndicatorStatus* status) {
  for (IndicatorStatus s :
       {IndicatorStatus::kNoData, IndicatorStatus::kMet, IndicatorStatus::kNotMet}) {
    if (IndicatorStatusName(s) == name) {
      *status = s;
      return true;
    }
  }
  return false;
}

// The target as the report printed it; a text this reader cannot interpret is kept as
// printed (the statuses travel with the report, so nothing is recomputed from it).
inline Target TargetFrom(std::string_view printed) {
  auto t = ParseTarget(printed, std::nullopt);
  if (t.ok()) return *t;
  Target none;
  none.printed = std::string(printed);
  return none;
}

}  // namespace tertial::reporting::readback

#endif  // TERTIAL_SERVICES_REPORTING_SRC_RENDER_READBACK_VALUES_H_
