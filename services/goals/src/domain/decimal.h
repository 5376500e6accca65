#ifndef TERTIAL_GOALS_DOMAIN_DECIMAL_H_
#define TERTIAL_GOALS_DOMAIN_DECIMAL_H_

// Exact decimals for indicator values and targets: units / 10^scale, the scale being the
// number of decimals as printed ("2,40" keeps two). Never floating point.

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "tertial/money/decimal.h"
#include "tertial/goals/v1/events.pb.h"

namespace tertial::goals {

namespace pb = ::tertial::goals::v1;

inline constexpr int kMaxScale = 9;
// Largest magnitude of `units` accepted from input: keeps every comparison and scaling
// within 128-bit arithmetic and every value readable.
inline constexpr int64_t kMaxUnits = money::kMaxDecimalUnits;

pb::Decimal MakeDecimal(int64_t units, int scale);

// Parses a number by the rules every tertial input shares (tertial/money/decimal.h and
// docs/formats.md "Numbers"): "56", "-30,5", "−30,5" (U+2212), "2,40", "9.7", "40 000"
// (space, no-break space or thin space between groups of three), "+1.5". At most
// kMaxScale decimals.
absl::StatusOr<pb::Decimal> ParseDecimal(std::string_view text);

// Swedish style with the decimal's own scale: {240, 2} -> "2,40", {40000, 0} -> "40 000".
std::string FormatDecimal(const pb::Decimal& value);
// For machines: "2.40", "40000", "-30.5".
std::string FormatDecimalPlain(const pb::Decimal& value);

// -1, 0 or 1, exactly, whatever the scales.
int CompareDecimal(const pb::Decimal& a, const pb::Decimal& b);
inline bool DecimalEquals(const pb::Decimal& a, const pb::Decimal& b) {
  return CompareDecimal(a, b) == 0;
}

}  // namespace tertial::goals

#endif  // TERTIAL_GOALS_DOMAIN_DECIMAL_H_
