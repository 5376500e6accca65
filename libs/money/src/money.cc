#include "tertial/money/money.h"

#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "tertial/base/strings.h"
#include "tertial/base/utf8.h"
#include "tertial/money/decimal.h"

namespace tertial::money {
absl::StatusOr<int64_t> ParseKronor(std::string_view text) {
  if (text.find_first_not_of(" \t") == std::string_view::npos) {
    return absl::InvalidArgumentError("empty amount; expected a number like 1234.50");
  }
  // Extra decimals are allowed as long as they are zeros ("100.000"), so read up to the
  // parser's limit and check them here.
  absl::StatusOr<Decimal> number =
      ParseDecimal(text, 18, "an amount (a number like 1234.50 or 1 234,50)");
  if (!number.ok()) return number.status();
  int64_t units = number->units;
  int scale = number->scale;
  for (; scale > 2; --scale) {
    if (units % 10 != 0) {
      return absl::InvalidArgumentError(tertial::StrCat(
          "amount '", ValidUtf8(text), "' has more than two decimals; öre is the smallest unit"));
    }
    units /= 10;
  }
  for (; scale < 2; ++scale) {
    if (units > kMaxAbsOre || units < -kMaxAbsOre) break;
    units *= 10;
  }
  if (units > kMaxAbsOre || units < -kMaxAbsOre) {
    return absl::InvalidArgumentError(
        tertial::StrCat("amount '", ValidUtf8(text), "' is too large; at most 10^15 kronor"));
  }
  return units;
}

std::string FormatKronor(int64_t ore) {
  uint64_t magnitude = ore < 0 ? 0 - static_cast<uint64_t>(ore) : static_cast<uint64_t>(ore);
  std::string out = ore < 0 ? "-" : "";
  tertial::StrAppend(&out, magnitude / 100, ".");
  uint64_t cents = magnitude % 100;
  if (cents < 10) out += '0';
  tertial::StrAppend(&out, cents);
  return out;
}

std::optional<int64_t> CheckedAdd(int64_t a, int64_t b) {
  int64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) return std::nullopt;
  return sum;
}

absl::Status Add(int64_t* total, int64_t amount, std::string_view what) {
  std::optional<int64_t> sum = CheckedAdd(*total, amount);
  if (!sum) {
    return absl::OutOfRangeError(
        tertial::StrCat("the sum of ", what,
                        " is too large: it passes 9.2·10^16 kronor, the most tertial can "
                        "hold (a total of more than 10^15 kronor means a wrong input)"));
  }
  *total = *sum;
  return absl::OkStatus();
}

int64_t RoundToUnits(int64_t ore, int64_t unit) {
  int64_t quotient = ore / unit;
  int64_t remainder = ore % unit;
  // Half away from zero: compare twice the remainder's magnitude with the unit.
  if (remainder != 0 && 2 * (remainder < 0 ? -remainder : remainder) >= unit) {
    quotient += ore < 0 ? -1 : 1;
  }
  return quotient;
}

int64_t MulDiv(int64_t a, int64_t numerator, int64_t denominator) {
  __extension__ typedef __int128 Int128;  // GCC/Clang; -Wpedantic accepts it this way
  Int128 product = static_cast<Int128>(a) * numerator;
  Int128 quotient = product / denominator;
  Int128 remainder = product % denominator;
  Int128 magnitude = remainder < 0 ? -remainder : remainder;
  Int128 divisor = denominator < 0 ? -static_cast<Int128>(denominator) : denominator;
  if (remainder != 0 && 2 * magnitude >= divisor) {
    quotient += (product < 0) != (denominator < 0) ? -1 : 1;
  }
  return static_cast<int64_t>(quotient);
}

std::string GroupThousands(int64_t value, std::string_view separator) {
  uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  std::string digits = std::to_string(magnitude);
  std::string out = value < 0 ? "-" : "";
  size_t lead = digits.size() % 3;
  if (lead == 0) lead = 3;
  out.append(digits, 0, lead);
  for (size_t i = lead; i < digits.size(); i += 3) {
    out.append(separator);
    out.append(digits, i, 3);
  }
  return out;
}

std::string FormatTkr(int64_t ore, std::string_view separator) {
  return GroupThousands(RoundToUnits(ore, kOrePerTkr), separator);
}

std::string FormatFixed(int64_t units, int decimals, std::string_view separator) {
  if (decimals <= 0) return GroupThousands(units, separator);
  int64_t scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  uint64_t magnitude = units < 0 ? 0 - static_cast<uint64_t>(units) : static_cast<uint64_t>(units);
  std::string out = units < 0 ? "-" : "";
  out += GroupThousands(static_cast<int64_t>(magnitude / scale), separator);
  std::string fraction = std::to_string(magnitude % scale);
  out += ',';
  out.append(decimals - fraction.size(), '0');
  out += fraction;
  return out;
}

std::string FormatMnkr(int64_t ore, int decimals, std::string_view separator) {
  int64_t unit = kOrePerMnkr;
  for (int i = 0; i < decimals && unit > 1; ++i) unit /= 10;
  return FormatFixed(RoundToUnits(ore, unit), decimals, separator);
}

}  // namespace tertial::money
