#ifndef TERTIAL_SIE_SRC_VALUES_H_
#define TERTIAL_SIE_SRC_VALUES_H_

// The value forms of SIE fields: amounts, dates, periods, integers. Fast and strict; each
// says what it found so that the reader can name the problem.

#include <cstdint>
#include <string_view>

#include "tertial/period/period.h"

namespace tertial::sie::internal {

enum class AmountForm {
  kOk,
  kPlusSign,           // "+12.50": the specification forbids '+', the value is clear
  kExtraZeroDecimals,  // "12.500": more than two decimals, but only zeros
  kNotAnAmount,
  kTooManyDecimals,  // "12.345": öre cannot hold it
  kTooLarge,         // beyond money::kMaxAbsOre
};
// "-1234.50", "1234", "1234.5" -> öre.
AmountForm ParseAmountSlow(std::string_view text, int64_t* ore);

inline bool IsDigit(char c) { return static_cast<unsigned char>(c - '0') < 10; }

inline AmountForm ParseAmount(std::string_view text, int64_t* ore) {
  // The common forms, "-12047.44" and "133", with at most 15 digits of kronor (below the
  // limit); everything else takes the careful path.
  const char* p = text.data();
  const size_t n = text.size();
  if (n - 1 < 19) {
    const bool negative = p[0] == '-';
    size_t i = negative ? 1 : 0;
    const size_t start = i;
    uint64_t value = 0;
    while (i < n && IsDigit(p[i])) value = value * 10 + static_cast<uint64_t>(p[i++] - '0');
    const size_t digits = i - start;
    if (digits - 1 < 15) {
      if (i == n) {
        value *= 100;
      } else if (n - i == 3 && p[i] == '.' && IsDigit(p[i + 1]) && IsDigit(p[i + 2])) {
        value = value * 100 + static_cast<uint64_t>((p[i + 1] - '0') * 10 + (p[i + 2] - '0'));
      } else {
        return ParseAmountSlow(text, ore);
      }
      *ore = negative ? -static_cast<int64_t>(value) : static_cast<int64_t>(value);
      return AmountForm::kOk;
    }
  }
  return ParseAmountSlow(text, ore);
}

enum class DateForm { kOk, kDashed, kNotADate, kNoSuchDay };
// "20210831" (also "2021-08-31", reported as kDashed).
DateForm ParseDateSlow(std::string_view text, period::Date* date);

inline DateForm ParseDate(std::string_view text, period::Date* date) {
  // Eight digits with a day that every month has take the short path.
  if (text.size() == 8) {
    const char* p = text.data();
    bool digits = true;
    for (int i = 0; i < 8; ++i) digits &= IsDigit(p[i]);
    if (digits) {
      const int year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
      const int month = (p[4] - '0') * 10 + (p[5] - '0');
      const int day = (p[6] - '0') * 10 + (p[7] - '0');
      if (year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= 28) {
        *date = {year, month, day};
        return DateForm::kOk;
      }
    }
  }
  return ParseDateSlow(text, date);
}

// "202108" -> 2021-08.
bool ParsePeriod(std::string_view text, period::Period* period);

// An optionally negative decimal integer of at most 9 digits.
bool ParseInt(std::string_view text, int* value);

// A decimal number as quantities are written: "-415", "1.000000", "2.5".
bool IsDecimalNumber(std::string_view text);

}  // namespace tertial::sie::internal

#endif  // TERTIAL_SIE_SRC_VALUES_H_
