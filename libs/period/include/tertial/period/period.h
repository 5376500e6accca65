#ifndef TERTIAL_PERIOD_PERIOD_H_
#define TERTIAL_PERIOD_PERIOD_H_

// Calendar dates, months (periods) and fiscal years.
//
// A period is a month "YYYY-MM". Reports cover ranges of periods: "jan-aug 2021" is
// 2021-01..2021-08. A fiscal year (räkenskapsår) is usually the calendar year, but SIE
// files may carry another one (#RAR 0 20090701 20100630), and everything that counts
// months within a year counts them from the fiscal year's start.

#include <compare>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace tertial::period {

struct Date {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31
  friend auto operator<=>(const Date&, const Date&) = default;
};

// Parses SIE's YYYYMMDD (also accepts YYYY-MM-DD) and checks that the day exists.
absl::StatusOr<Date> ParseDate(std::string_view text);
std::string FormatDate(const Date& date);  // "2021-08-31"
int DaysInMonth(int year, int month);

struct Period {
  int year = 0;
  int month = 0;  // 1..12

  // Months since year 0: makes periods easy to count and compare.
  int Index() const { return year * 12 + (month - 1); }
  static Period FromIndex(int index) { return Period{index / 12, index % 12 + 1}; }
  Period Next() const { return FromIndex(Index() + 1); }
  Period Prev() const { return FromIndex(Index() - 1); }
  static Period Of(const Date& date) { return Period{date.year, date.month}; }
  friend auto operator<=>(const Period&, const Period&) = default;
};

// Parses "2021-08" (also SIE's "202108").
absl::StatusOr<Period> ParsePeriod(std::string_view text);
std::string FormatPeriod(const Period& period);  // "2021-08"

// An inclusive range of periods, first <= last.
struct PeriodRange {
  Period first;
  Period last;

  int Months() const { return last.Index() - first.Index() + 1; }
  bool Contains(const Period& p) const { return first <= p && p <= last; }
  std::vector<Period> Periods() const;
  friend bool operator==(const PeriodRange&, const PeriodRange&) = default;
};

// Parses "2021-01..2021-08", a single period "2021-08", or a year "2021" (all its months).
absl::StatusOr<PeriodRange> ParsePeriodRange(std::string_view text);
std::string FormatPeriodRange(const PeriodRange& range);  // "2021-01..2021-08"

// A fiscal year: first and last day, identified by the calendar year it starts in.
class FiscalYear {
 public:
  // The calendar year `year`.
  static FiscalYear Calendar(int year);
  // From #RAR dates; the year must start on the first of a month, end on the last day of
  // a month, and span 1..18 months (the spec allows a prolonged first year).
  static absl::StatusOr<FiscalYear> FromDates(const Date& start, const Date& end);

  int label() const { return start_.year; }
  const Date& start() const { return start_; }
  const Date& end() const { return end_; }
  bool Contains(const Date& date) const { return start_ <= date && date <= end_; }
  bool Contains(const Period& p) const { return Periods().Contains(p); }
  PeriodRange Periods() const { return {Period::Of(start_), Period::Of(end_)}; }
  int Months() const { return Periods().Months(); }
  // 1 for the first month of the fiscal year; 0 if `p` lies outside it.
  int MonthNumber(const Period& p) const;
  // The first `months` periods of the year: "jan-aug" is FirstMonths(8).
  PeriodRange FirstMonths(int months) const;
  friend bool operator==(const FiscalYear&, const FiscalYear&) = default;

 private:
  FiscalYear(Date start, Date end) : start_(start), end_(end) {}
  Date start_;
  Date end_;
};

// Swedish month names for reports: 1 -> "januari", short form "jan".
std::string_view MonthName(int month);
std::string_view MonthShortName(int month);

}  // namespace tertial::period

#endif  // TERTIAL_PERIOD_PERIOD_H_
