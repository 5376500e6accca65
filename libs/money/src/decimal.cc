#include "tertial/money/decimal.h"

#include "absl/status/status.h"
#include "tertial/base/strings.h"
#include "tertial/base/utf8.h"
#include "tertial/money/money.h"

namespace tertial::money {
namespace {

__extension__ typedef __int128 Int128;

Int128 Pow10(int n) {
  Int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The length in bytes of a thousands separator at `s[i]`, 0 if there is none.
size_t SeparatorAt(std::string_view s, size_t i) {
  if (i < s.size() && s[i] == ' ') return 1;
  if (s.substr(i, 2) == "\xC2\xA0") return 2;  // U+00A0
  if (s.substr(i, 3) == "\xE2\x80\x89" || s.substr(i, 3) == "\xE2\x80\xAF")
    return 3;  // U+2009, U+202F
  return 0;
}

std::string_view TrimWhite(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

int Decimal::Compare(const Decimal& a, const Decimal& b) {
  int scale = a.scale > b.scale ? a.scale : b.scale;
  Int128 x = static_cast<Int128>(a.units) * Pow10(scale - a.scale);
  Int128 y = static_cast<Int128>(b.units) * Pow10(scale - b.scale);
  return x < y ? -1 : (x > y ? 1 : 0);
}

Decimal Decimal::Rescaled(int new_scale) const {
  if (new_scale >= scale) {
    return {units * static_cast<int64_t>(Pow10(new_scale - scale)), new_scale};
  }
  return {RoundToUnits(units, static_cast<int64_t>(Pow10(scale - new_scale))), new_scale};
}

std::string FormatDecimal(const Decimal& value) { return FormatFixed(value.units, value.scale); }

std::string FormatDecimalPlain(const Decimal& value) {
  std::string out = FormatFixed(value.units, value.scale, "");
  for (char& c : out) {
    if (c == ',') c = '.';
  }
  return out;
}

absl::StatusOr<Decimal> ParseDecimal(std::string_view text, int max_decimals,
                                     std::string_view what) {
  auto fail = [&](std::string_view why) {
    return absl::InvalidArgumentError(StrCat("'", ValidUtf8(text), "' is not ", what, ": ", why));
  };
  std::string_view s = TrimWhite(text);
  if (s.empty()) return fail("it is empty");
  size_t i = 0;
  bool negative = false;
  if (s[0] == '-' || s[0] == '+') {
    negative = s[0] == '-';
    i = 1;
  } else if (s.substr(0, 3) == "\xE2\x88\x92") {  // U+2212 minus sign
    negative = true;
    i = 3;
  }
  Int128 units = 0;
  int digits = 0;
  int group = 0;         // digits in the current group of the integer part
  bool grouped = false;  // a thousands separator was seen
  int scale = 0;
  bool in_fraction = false;
  const char* kGrouping = "digits are grouped in threes (40 000)";
  while (i < s.size()) {
    char c = s[i];
    if (IsDigit(c)) {
      units = units * 10 + (c - '0');
      ++digits;
      ++(in_fraction ? scale : group);
      if (units > kMaxDecimalUnits) return fail("too large");
      ++i;
      continue;
    }
    if (size_t n = SeparatorAt(s, i); n > 0 && !in_fraction) {
      if (digits == 0) return fail("a separator must sit between digits");
      if (grouped ? group != 3 : group > 3) return fail(kGrouping);
      grouped = true;
      group = 0;
      i += n;
      if (i >= s.size() || !IsDigit(s[i])) return fail("a separator must sit between digits");
      continue;
    }
    if ((c == ',' || c == '.') && !in_fraction) {
      if (digits == 0) return fail("digits are expected before the decimal sign (0,5)");
      if (grouped && group != 3) return fail(kGrouping);
      in_fraction = true;
      ++i;
      if (i >= s.size() || !IsDigit(s[i]))
        return fail("digits are expected after the decimal sign");
      continue;
    }
    if ((c == ',' || c == '.') && in_fraction)
      return fail("a second decimal sign; only a space groups thousands");
    return fail(StrCat("unexpected '", Utf8CharAt(s, i), "'"));
  }
  if (digits == 0) return fail("no digits");
  if (grouped && !in_fraction && group != 3) return fail(kGrouping);
  if (scale > max_decimals) return fail(StrCat("at most ", max_decimals, " decimals"));
  return Decimal{static_cast<int64_t>(negative ? -units : units), scale};
}

}  // namespace tertial::money
