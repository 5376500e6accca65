#include "values.h"

#include "tertial/money/money.h"

namespace tertial::sie::internal {
AmountForm ParseAmountSlow(std::string_view s, int64_t* ore) {
  const char* p = s.data();
  const char* const end = p + s.size();
  AmountForm form = AmountForm::kOk;
  bool negative = false;
  if (p < end && (*p == '-' || *p == '+')) {
    negative = *p == '-';
    if (*p == '+') form = AmountForm::kPlusSign;
    ++p;
  }
  // Kronor: at most 16 digits (10^15 kronor is the limit), leading zeros aside.
  while (p + 1 < end && *p == '0' && IsDigit(p[1])) ++p;
  const char* digits = p;
  uint64_t kronor = 0;
  while (p < end && IsDigit(*p)) {
    if (p - digits >= 16) return AmountForm::kTooLarge;
    kronor = kronor * 10 + static_cast<uint64_t>(*p - '0');
    ++p;
  }
  if (p == digits) return AmountForm::kNotAnAmount;
  uint64_t cents = 0;
  if (p < end) {
    if (*p != '.') return AmountForm::kNotAnAmount;
    ++p;
    if (p == end) return AmountForm::kNotAnAmount;
    int decimals = 0;
    for (; p < end; ++p, ++decimals) {
      if (!IsDigit(*p)) return AmountForm::kNotAnAmount;
      if (decimals < 2) {
        cents = cents * 10 + static_cast<uint64_t>(*p - '0');
      } else if (*p != '0') {
        form = AmountForm::kTooManyDecimals;
      } else if (form == AmountForm::kOk) {
        form = AmountForm::kExtraZeroDecimals;
      }
    }
    if (form == AmountForm::kTooManyDecimals) return form;
    if (decimals == 1) cents *= 10;
  }
  const uint64_t magnitude = kronor * 100 + cents;
  if (magnitude > static_cast<uint64_t>(money::kMaxAbsOre)) return AmountForm::kTooLarge;
  *ore = negative ? -static_cast<int64_t>(magnitude) : static_cast<int64_t>(magnitude);
  return form;
}

DateForm ParseDateSlow(std::string_view s, period::Date* date) {
  int year;
  int month;
  int day;
  DateForm form = DateForm::kOk;
  const char* p = s.data();
  const auto two = [](const char* q) { return (q[0] - '0') * 10 + (q[1] - '0'); };
  if (s.size() == 8) {
    for (char c : s) {
      if (!IsDigit(c)) return DateForm::kNotADate;
    }
    year = two(p) * 100 + two(p + 2);
    month = two(p + 4);
    day = two(p + 6);
  } else if (s.size() == 10 && s[4] == '-' && s[7] == '-') {
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
      if (!IsDigit(s[i])) return DateForm::kNotADate;
    }
    year = two(p) * 100 + two(p + 2);
    month = two(p + 5);
    day = two(p + 8);
    form = DateForm::kDashed;
  } else {
    return DateForm::kNotADate;
  }
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > period::DaysInMonth(year, month)) {
    return DateForm::kNoSuchDay;
  }
  *date = {year, month, day};
  return form;
}

bool ParsePeriod(std::string_view s, period::Period* period) {
  if (s.size() != 6) return false;
  int value[6];
  for (int i = 0; i < 6; ++i) {
    if (!IsDigit(s[i])) return false;
    value[i] = s[i] - '0';
  }
  const int year = value[0] * 1000 + value[1] * 100 + value[2] * 10 + value[3];
  const int month = value[4] * 10 + value[5];
  if (year < 1 || month < 1 || month > 12) return false;
  *period = {year, month};
  return true;
}

bool ParseInt(std::string_view s, int* value) {
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && s[i] == '-') {
    negative = true;
    ++i;
  }
  if (i == s.size() || s.size() - i > 9) return false;
  int v = 0;
  for (; i < s.size(); ++i) {
    if (!IsDigit(s[i])) return false;
    v = v * 10 + (s[i] - '0');
  }
  *value = negative ? -v : v;
  return true;
}

bool IsDecimalNumber(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  size_t digits = 0;
  while (i < s.size() && IsDigit(s[i])) ++i, ++digits;
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    ++i;
    while (i < s.size() && IsDigit(s[i])) ++i, ++digits;
  }
  return digits > 0 && i == s.size();
}

}  // namespace tertial::sie::internal
