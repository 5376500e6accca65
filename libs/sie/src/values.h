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
AmountForm ParseAmount(std::string_view text, int64_t* ore);

enum class DateForm { kOk, kDashed, kNotADate, kNoSuchDay };
// "20210831" (also "2021-08-31", reported as kDashed).
DateForm ParseDate(std::string_view text, period::Date* date);

// "202108" -> 2021-08.
bool ParsePeriod(std::string_view text, period::Period* period);

// An optionally negative decimal integer of at most 9 digits.
bool ParseInt(std::string_view text, int* value);

// A decimal number as quantities are written: "-415", "1.000000", "2.5".
bool IsDecimalNumber(std::string_view text);

}  // namespace tertial::sie::internal

#endif  // TERTIAL_SIE_SRC_VALUES_H_
