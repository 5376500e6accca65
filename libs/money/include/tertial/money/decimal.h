#ifndef TERTIAL_MONEY_DECIMAL_H_
#define TERTIAL_MONEY_DECIMAL_H_

// The one reader of numbers as people write them in tertial's inputs: CSV cells (amounts,
// indicator values), goal plans, typed report figures. docs/formats.md ("Numbers") states
// the same rules:
//   - an optional sign first: '+', '-' or U+2212 (the minus sign word processors print);
//   - digits, optionally grouped in threes by one space, no-break space (U+00A0), thin
//     space (U+2009) or narrow no-break space (U+202F): "40 000", "1 234 567"; the first
//     group has one to three digits, every later group three ("12 34" and "4 0 0" are
//     refused: a typo must not become another number);
//   - optionally ',' or '.' as decimal sign, with digits on both sides ("1,5", "0.5"; not
//     "1," or ",5"); there is no thousands separator but space, so "1.234,5" is refused;
//   - white space around the number is ignored; nothing else may stand in the text.
// The value is exact: units / 10^scale, the scale being the number of decimals written
// ("2,40" is {240, 2}). Never floating point.
//
// `Decimal` is the one decimal of tertial: goals keeps indicator values and targets in it
// (as tertial.common.v1.Decimal on the wire, converted in tertial/money/decimal_proto.h),
// reporting its cells and percentages. It compares and prints exactly as recorded.

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace tertial::money {

struct Decimal {
  int64_t units = 0;
  int scale = 0;  // decimals as written, 0..18

  // -1, 0 or 1 comparing the values exactly, whatever the scales ({97, 1} == {970, 2}).
  static int Compare(const Decimal& a, const Decimal& b);
  friend bool operator==(const Decimal& a, const Decimal& b) { return Compare(a, b) == 0; }
  friend bool operator<(const Decimal& a, const Decimal& b) { return Compare(a, b) < 0; }
  // The same value with `new_scale` decimals; rounds half away from zero when reducing.
  Decimal Rescaled(int new_scale) const;
  bool negative() const { return units < 0; }
};

// Largest magnitude of `units` accepted: every sum and rescaling of a few stays in 128 bits.
inline constexpr int64_t kMaxDecimalUnits = 1'000'000'000'000'000'000;

// Reads `text` by the rules above, with at most `max_decimals` decimals. Errors say what is
// wrong and quote the text whole (never half a UTF-8 character); `what` names the thing:
//   "'4 0 0' is not a number: digits are grouped in threes (40 000)"
//   "'56€' is not a number: unexpected '€'"
absl::StatusOr<Decimal> ParseDecimal(std::string_view text, int max_decimals,
                                     std::string_view what = "a number");

// Swedish style with the value's own scale: {240, 2} -> "2,40", {40000, 0} -> "40 000".
std::string FormatDecimal(const Decimal& value);
// For machines (JSON, CSV for Excel/Power BI, goal plans written back): "2.40", "40000",
// "-30.5".
std::string FormatDecimalPlain(const Decimal& value);

}  // namespace tertial::money

#endif  // TERTIAL_MONEY_DECIMAL_H_
