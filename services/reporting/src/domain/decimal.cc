#include "decimal.h"

#include <algorithm>

#include "absl/status/status.h"
#include "tertial/base/strings.h"
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
  auto bad = [&] {
    return absl::InvalidArgumentError(
        StrCat("'", text, "' is not a number; expected digits like 8,92 or -30.5"));
  };
  std::string_view s = text;
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  bool negative = false;
  // A typographic minus (U+2212) is what word processors print.
  if (s.substr(0, 3) == "\xE2\x88\x92") {
    negative = true;
    s.remove_prefix(3);
  } else if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  Decimal d;
  bool digits = false;
  bool fraction = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      if (d.units > (int64_t{1} << 58)) return bad();
      d.units = d.units * 10 + (c - '0');
      digits = true;
      if (fraction && ++d.scale > 6) return bad();
    } else if ((c == ',' || c == '.') && !fraction && digits) {
      fraction = true;
    } else if (c == ' ' && !fraction && digits && i + 1 < s.size()) {
      continue;  // thousands separator
    } else if (s.substr(i, 2) == "\xC2\xA0" && !fraction && digits) {
      ++i;  // no-break space as thousands separator
    } else {
      return bad();
    }
  }
  if (!digits || (fraction && d.scale == 0)) return bad();
  if (negative) d.units = -d.units;
  return d;
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
