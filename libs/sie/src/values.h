#ifndef TERTIAL_SIE_SRC_VALUES_H_
#define TERTIAL_SIE_SRC_VALUES_H_

// The value forms of SIE fields: amounts, dates, periods, integers. Fast and strict; each
// says what it found so that the reader can name the problem.

#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

// The number that `len` (1-8) digits at p spell; reads 8 bytes from p (and ignores those
// past len). Eight digits become four pairs, two quads, one number, in three multiplies.
[[gnu::always_inline]] inline uint64_t DigitsValue(const char* p, size_t len) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  v -= 0x3030303030303030ULL;
  v <<= 8 * (8 - len);  // the digits to the top bytes; the ones above them are zero
  v = (v * 10 + (v >> 8)) & 0x00FF00FF00FF00FFULL;
  v = (v * 100 + (v >> 16)) & 0x0000FFFF0000FFFFULL;
  return (v * 10000 + (v >> 32)) & 0xFFFFFFFFULL;
}

// ParseAmount for `text` followed by 16 readable bytes (a line in the reader's buffer):
// the same results, with the digits found 16 at a time.
[[gnu::always_inline]] inline AmountForm ParseAmountPadded(std::string_view text, int64_t* ore) {
#if defined(__SSE2__)
  const char* p = text.data();
  size_t n = text.size();
  const bool negative = n > 0 && p[0] == '-';
  p += negative ? 1 : 0;
  n -= negative ? 1 : 0;
  if (n - 1 < 18) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
                                        _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
    const unsigned digits =
        static_cast<unsigned>(_mm_movemask_epi8(digit)) & ((1u << (n < 16 ? n : 16)) - 1);
    const size_t len = static_cast<size_t>(__builtin_ctz(~digits));  // kronor digits
    if (len - 1 < 15) {
      uint64_t cents;
      if (len == n) {
        cents = 0;
      } else if (n - len == 3 && p[len] == '.' && IsDigit(p[len + 1]) && IsDigit(p[len + 2])) {
        cents = static_cast<uint64_t>((p[len + 1] - '0') * 10 + (p[len + 2] - '0'));
      } else {
        return ParseAmountSlow(text, ore);
      }
      const uint64_t kronor =
          len <= 8 ? DigitsValue(p, len)
                   : DigitsValue(p, len - 8) * 100'000'000 + DigitsValue(p + len - 8, 8);
      const uint64_t value = kronor * 100 + cents;
      *ore = negative ? -static_cast<int64_t>(value) : static_cast<int64_t>(value);
      return AmountForm::kOk;
    }
  }
  return ParseAmountSlow(text, ore);
#else
  return ParseAmount(text, ore);
#endif
}

enum class DateForm { kOk, kDashed, kNotADate, kNoSuchDay };
// "20210831" (also "2021-08-31", reported as kDashed).
DateForm ParseDateSlow(std::string_view text, period::Date* date);

[[gnu::always_inline]] inline DateForm ParseDate(std::string_view text, period::Date* date) {
  // Eight digits with a day that the month has in every year take the short path: the
  // bytes are checked and paired eight at a time.
  if (text.size() == 8) {
    uint64_t x;
    std::memcpy(&x, text.data(), 8);
    // Every byte is 0x30-0x39: its high half is 3, and adding 6 leaves it 3.
    constexpr uint64_t kHigh = 0xF0F0F0F0F0F0F0F0ULL;
    constexpr uint64_t kThrees = 0x3030303030303030ULL;
    if ((x & kHigh) == kThrees && ((x + 0x0606060606060606ULL) & kHigh) == kThrees) {
      uint64_t v = x - kThrees;
      v = v * 10 + (v >> 8);  // byte 2k: the pair of digits 2k, 2k + 1
      const int year = static_cast<int>((v & 0xFF) * 100 + ((v >> 16) & 0xFF));
      const int month = static_cast<int>((v >> 32) & 0xFF);
      const int day = static_cast<int>((v >> 48) & 0xFF);
      static constexpr uint8_t kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
      if (year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= kDays[month - 1]) {
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
