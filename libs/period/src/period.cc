#include "tertial/period/period.h"

#include <cstdio>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "tertial/base/strings.h"

namespace tertial::period {
namespace {

bool ParseDigits(std::string_view text, int* out) {
  if (text.empty()) return false;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  *out = value;
  return true;
}

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

}  // namespace

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

absl::StatusOr<Date> ParseDate(std::string_view text) {
  Date date;
  bool shaped = false;
  if (text.size() == 8) {
    shaped = ParseDigits(text.substr(0, 4), &date.year) &&
             ParseDigits(text.substr(4, 2), &date.month) &&
             ParseDigits(text.substr(6, 2), &date.day);
  } else if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    shaped = ParseDigits(text.substr(0, 4), &date.year) &&
             ParseDigits(text.substr(5, 2), &date.month) &&
             ParseDigits(text.substr(8, 2), &date.day);
  }
  if (!shaped) {
    return absl::InvalidArgumentError(
        tertial::StrCat("'", text, "' is not a date; expected YYYYMMDD"));
  }
  if (date.month < 1 || date.month > 12 || date.day < 1 ||
      date.day > DaysInMonth(date.year, date.month)) {
    return absl::InvalidArgumentError(tertial::StrCat("'", text, "' is not a day of the calendar"));
  }
  return date;
}

std::string FormatDate(const Date& d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year, d.month, d.day);
}

absl::StatusOr<Period> ParsePeriod(std::string_view text) {
  Period p;
  bool shaped = false;
  if (text.size() == 7 && text[4] == '-') {
    shaped = ParseDigits(text.substr(0, 4), &p.year) && ParseDigits(text.substr(5, 2), &p.month);
  } else if (text.size() == 6) {
    shaped = ParseDigits(text.substr(0, 4), &p.year) && ParseDigits(text.substr(4, 2), &p.month);
  }
  if (!shaped || p.month < 1 || p.month > 12) {
    return absl::InvalidArgumentError(
        tertial::StrCat("'", text, "' is not a period; expected YYYY-MM, e.g. 2021-08"));
  }
  return p;
}

std::string FormatPeriod(const Period& p) { return absl::StrFormat("%04d-%02d", p.year, p.month); }

std::vector<Period> PeriodRange::Periods() const {
  std::vector<Period> out;
  for (int i = first.Index(); i <= last.Index(); ++i) out.push_back(Period::FromIndex(i));
  return out;
}

absl::StatusOr<PeriodRange> ParsePeriodRange(std::string_view text) {
  size_t dots = text.find("..");
  if (dots == std::string_view::npos) {
    int year = 0;
    if (text.size() == 4 && ParseDigits(text, &year)) {
      return PeriodRange{{year, 1}, {year, 12}};
    }
    absl::StatusOr<Period> single = ParsePeriod(text);
    if (!single.ok()) {
      return absl::InvalidArgumentError(tertial::StrCat(
          "'", text, "' is not a period range; expected YYYY-MM..YYYY-MM, YYYY-MM or YYYY"));
    }
    return PeriodRange{*single, *single};
  }
  absl::StatusOr<Period> first = ParsePeriod(text.substr(0, dots));
  absl::StatusOr<Period> last = ParsePeriod(text.substr(dots + 2));
  if (!first.ok() || !last.ok()) {
    return absl::InvalidArgumentError(
        tertial::StrCat("'", text, "' is not a period range; expected YYYY-MM..YYYY-MM"));
  }
  if (*last < *first) {
    return absl::InvalidArgumentError(
        tertial::StrCat("period range '", text, "' ends before it starts"));
  }
  return PeriodRange{*first, *last};
}

std::string FormatPeriodRange(const PeriodRange& r) {
  return tertial::StrCat(FormatPeriod(r.first), "..", FormatPeriod(r.last));
}

FiscalYear FiscalYear::Calendar(int year) { return FiscalYear({year, 1, 1}, {year, 12, 31}); }

absl::StatusOr<FiscalYear> FiscalYear::FromDates(const Date& start, const Date& end) {
  if (start.day != 1) {
    return absl::InvalidArgumentError(tertial::StrCat("fiscal year starts ", FormatDate(start),
                                                      "; expected the first day of a month"));
  }
  if (end.day != DaysInMonth(end.year, end.month)) {
    return absl::InvalidArgumentError(tertial::StrCat("fiscal year ends ", FormatDate(end),
                                                      "; expected the last day of a month"));
  }
  int months = Period::Of(end).Index() - Period::Of(start).Index() + 1;
  if (months < 1 || months > 18) {
    return absl::InvalidArgumentError(tertial::StrCat("fiscal year ", FormatDate(start), "..",
                                                      FormatDate(end), " spans ", months,
                                                      " months; expected 1 to 18"));
  }
  return FiscalYear(start, end);
}

int FiscalYear::MonthNumber(const Period& p) const {
  if (!Contains(p)) return 0;
  return p.Index() - Period::Of(start_).Index() + 1;
}

PeriodRange FiscalYear::FirstMonths(int months) const {
  Period first = Period::Of(start_);
  return {first, Period::FromIndex(first.Index() + months - 1)};
}

std::string_view MonthName(int month) {
  static constexpr std::string_view kNames[] = {"januari",   "februari", "mars",     "april",
                                                "maj",       "juni",     "juli",     "augusti",
                                                "september", "oktober",  "november", "december"};
  return month >= 1 && month <= 12 ? kNames[month - 1] : "";
}

std::string_view MonthShortName(int month) {
  static constexpr std::string_view kNames[] = {"jan", "feb", "mar", "apr", "maj", "jun",
                                                "jul", "aug", "sep", "okt", "nov", "dec"};
  return month >= 1 && month <= 12 ? kNames[month - 1] : "";
}

}  // namespace tertial::period
