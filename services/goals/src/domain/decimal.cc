#include "domain/decimal.h"

#include "tertial/base/strings.h"
#include "tertial/money/money.h"

namespace tertial::goals {
namespace {

__extension__ typedef __int128 Int128;

Int128 Pow10(int n) {
  Int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

// Consumes one thousands separator (space, U+00A0, U+2009, U+202F) at `i`; returns its
// length in bytes, 0 if there is none.
size_t SeparatorAt(std::string_view s, size_t i) {
  if (i < s.size() && s[i] == ' ') return 1;
  if (s.substr(i, 2) == "\xC2\xA0") return 2;
  if (s.substr(i, 3) == "\xE2\x80\x89" || s.substr(i, 3) == "\xE2\x80\xAF") return 3;
  return 0;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

pb::Decimal MakeDecimal(int64_t units, int scale) {
  pb::Decimal d;
  d.set_units(units);
  d.set_scale(scale);
  return d;
}

absl::StatusOr<pb::Decimal> ParseDecimal(std::string_view text) {
  auto fail = [&](std::string_view why) {
    return absl::InvalidArgumentError(StrCat("'", text, "' is not a number: ", why));
  };
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    negative = text[i] == '-';
    ++i;
  } else if (text.substr(i, 3) == "\xE2\x88\x92") {  // U+2212 minus sign
    negative = true;
    i += 3;
  }
  Int128 units = 0;
  int digits = 0;
  int group = 0;        // digits in the current group
  bool grouped = false;  // a thousands separator was seen
  int scale = 0;
  bool in_fraction = false;
  for (; i < text.size();) {
    char c = text[i];
    if (IsDigit(c)) {
      units = units * 10 + (c - '0');
      ++digits;
      if (in_fraction) {
        ++scale;
      } else {
        ++group;
      }
      if (units > kMaxUnits) return fail("too large");
      ++i;
      continue;
    }
    if (size_t n = SeparatorAt(text, i); n > 0 && !in_fraction) {
      if (digits == 0 || (grouped ? group != 3 : group > 3)) {
        return fail("digits are grouped in threes");
      }
      grouped = true;
      group = 0;
      i += n;
      if (i >= text.size() || !IsDigit(text[i])) return fail("a separator must sit between digits");
      continue;
    }
    if ((c == ',' || c == '.') && !in_fraction) {
      if (digits == 0) return fail("digits are expected before the decimal sign");
      if (grouped && group != 3) return fail("digits are grouped in threes");
      in_fraction = true;
      ++i;
      if (i >= text.size() || !IsDigit(text[i])) return fail("digits are expected after the decimal sign");
      continue;
    }
    return fail(StrCat("unexpected '", text.substr(i, 1), "'"));
  }
  if (digits == 0) return fail("no digits");
  if (grouped && !in_fraction && group != 3) return fail("digits are grouped in threes");
  if (scale > kMaxScale) return fail(StrCat("at most ", kMaxScale, " decimals"));
  return MakeDecimal(static_cast<int64_t>(negative ? -units : units), scale);
}

std::string FormatDecimal(const pb::Decimal& value) {
  return money::FormatFixed(value.units(), value.scale());
}

std::string FormatDecimalPlain(const pb::Decimal& value) {
  std::string out = money::FormatFixed(value.units(), value.scale(), "");
  for (char& c : out) {
    if (c == ',') c = '.';
  }
  return out;
}

int CompareDecimal(const pb::Decimal& a, const pb::Decimal& b) {
  int scale = a.scale() > b.scale() ? a.scale() : b.scale();
  Int128 x = static_cast<Int128>(a.units()) * Pow10(scale - a.scale());
  Int128 y = static_cast<Int128>(b.units()) * Pow10(scale - b.scale());
  return x < y ? -1 : (x > y ? 1 : 0);
}

}  // namespace tertial::goals
