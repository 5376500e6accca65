#ifndef TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_DECIMAL_H_
#define TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_DECIMAL_H_

// Exact decimal numbers for indicator values and percentages: units / 10^scale. An
// indicator printed "9,04" is {904, 2} and stays two decimals; nothing goes through
// floating point, so a value compares and prints exactly as it was recorded.

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace tertial::reporting {

struct Decimal {
  int64_t units = 0;
  int scale = 0;  // 0..6

  // -1, 0, 1 comparing the values (scales may differ).
  static int Compare(const Decimal& a, const Decimal& b);
  friend bool operator==(const Decimal& a, const Decimal& b) { return Compare(a, b) == 0; }
  friend bool operator<(const Decimal& a, const Decimal& b) { return Compare(a, b) < 0; }
  Decimal Rescaled(int new_scale) const;  // rounds half away from zero when reducing
  bool negative() const { return units < 0; }
};

// "8,92", "-30.5", "40 000", "9.7" by the rules every tertial input shares
// (tertial/money/decimal.h, docs/formats.md "Numbers": spaces group digits in threes, ',' or
// '.' is the decimal sign). At most six decimals.
absl::StatusOr<Decimal> ParseDecimal(std::string_view text);

// Swedish style with the value's own scale: {892, 2} -> "8,92", {40000, 0} -> "40 000".
std::string FormatDecimal(const Decimal& value);
// Machine form: "8.92", "-30.5", "40000".
std::string DecimalMachine(const Decimal& value);

// a - b, exact (scale = max of the two).
Decimal Subtract(const Decimal& a, const Decimal& b);
// 100 * numerator / denominator as a percentage with `scale` decimals, rounded half away
// from zero. denominator != 0.
Decimal Percentage(int64_t numerator, int64_t denominator, int scale);

}  // namespace tertial::reporting

#endif  // TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_DECIMAL_H_
