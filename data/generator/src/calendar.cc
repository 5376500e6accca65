#include "calendar.h"

namespace tertial::demo {
namespace {

using period::Date;

// Steps day by day; only ever used for offsets of a few weeks.
Date AddDays(Date date, int days) {
  for (; days > 0; --days) {
    if (++date.day > period::DaysInMonth(date.year, date.month)) {
      date.day = 1;
      if (++date.month > 12) date.month = 1, ++date.year;
    }
  }
  for (; days < 0; ++days) {
    if (--date.day < 1) {
      if (--date.month < 1) date.month = 12, --date.year;
      date.day = period::DaysInMonth(date.year, date.month);
    }
  }
  return date;
}

bool IsHoliday(const Date& d) {
  auto fixed = [&](int month, int day) { return d.month == month && d.day == day; };
  if (fixed(1, 1) || fixed(1, 6) || fixed(5, 1) || fixed(6, 6) || fixed(12, 24) || fixed(12, 25) ||
      fixed(12, 26) || fixed(12, 31)) {
    return true;
  }
  // Midsommarafton: the Friday between 19 and 25 June.
  if (d.month == 6 && d.day >= 19 && d.day <= 25 && Weekday(d) == 4) return true;
  Date easter = EasterSunday(d.year);
  for (int offset : {-2, 1, 39}) {  // långfredagen, annandag påsk, Kristi himmelsfärds dag
    if (AddDays(easter, offset) == d) return true;
  }
  return false;
}

}  // namespace

int Weekday(const Date& date) {
  // Sakamoto's rule: month offsets of a year that starts in March.
  static constexpr int kOffset[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
  int y = date.month < 3 ? date.year - 1 : date.year;
  int sunday_based = (y + y / 4 - y / 100 + y / 400 + kOffset[date.month - 1] + date.day) % 7;
  return (sunday_based + 6) % 7;
}

Date EasterSunday(int year) {
  // The anonymous Gregorian computus (Meeus/Jones/Butcher).
  int a = year % 19, b = year / 100, c = year % 100;
  int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
  int h = (19 * a + b - d - g + 15) % 30;
  int i = c / 4, k = c % 4;
  int l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int month = (h + l - 7 * m + 114) / 31;
  int day = (h + l - 7 * m + 114) % 31 + 1;
  return Date{year, month, day};
}

bool IsBankDay(const Date& date) { return Weekday(date) < 5 && !IsHoliday(date); }

Date BankDayOnOrBefore(const Date& date) {
  for (Date d = date; d.day >= 1; --d.day) {
    if (IsBankDay(d)) return d;
  }
  return BankDayOnOrAfter(Date{date.year, date.month, 1});
}

Date BankDayOnOrAfter(const Date& date) {
  int last = period::DaysInMonth(date.year, date.month);
  for (Date d = date; d.day <= last; ++d.day) {
    if (IsBankDay(d)) return d;
  }
  return BankDayOnOrBefore(Date{date.year, date.month, last});
}

}  // namespace tertial::demo
