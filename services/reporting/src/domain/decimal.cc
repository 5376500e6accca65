#include "decimal.h"

#include <algorithm>

#include "absl/status/status.h"
#include "tertial/base/strings.h"
#include "tertial/money/decimal.h"
#include "tertial/money/money.h"

namespace tertial::reporting {
namespace {

int64_t Pow10(int n) {
  int64_t p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

}  // namespace

int Decimal::Compare(const Decimal& a, const Decimal& b) {
  int scale = std::max(a.scale, b.scale);
  __extension__ typedef __int128 Int128;
  Int128 x = static_cast<Int128>(a.units) * Pow10(scale - a.scale);
  Int128 y = static_cast<Int128>(b.units) * Pow10(scale - b.scale);
  return x < y ? -1 : (x > y ? 1 : 0);
}

Decimal Decimal::Rescaled(int new_scale) const {
  if (new_scale >= scale) return {units * Pow10(new_scale - scale), new_scale};
  return {money::RoundToUnits(units, Pow10(scale - new_scale)), new_scale};
}

absl::StatusOr<Decimal> ParseDecimal(std::string_view text) {
  absl::StatusOr<money::DecimalNumber> number = money::ParseDecimal(text, 6);
  if (!number.ok()) return number.status();
  return Decimal{number->units, number->scale};
}

std::string FormatDecimal(const Decimal& value) {
  return money::FormatFixed(value.units, value.scale);
}

std::string DecimalMachine(const Decimal& value) {
  if (value.scale == 0) return std::to_string(value.units);
  std::string s = money::FormatFixed(value.units, value.scale, "");
  std::replace(s.begin(), s.end(), ',', '.');
  return s;
}

Decimal Subtract(const Decimal& a, const Decimal& b) {
  int scale = std::max(a.scale, b.scale);
  return {a.Rescaled(scale).units - b.Rescaled(scale).units, scale};
}

Decimal Percentage(int64_t numerator, int64_t denominator, int scale) {
  return {money::MulDiv(numerator, 100 * Pow10(scale), denominator), scale};
}

}  // namespace tertial::reporting
