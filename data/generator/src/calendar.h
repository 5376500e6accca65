#ifndef TERTIAL_DATA_GENERATOR_CALENDAR_H_
#define TERTIAL_DATA_GENERATOR_CALENDAR_H_

// Swedish bank days, so that the demo ledger's vouchers fall where a municipality's do:
// salaries on the 25th or the bank day before, invoices on weekdays, nothing on
// midsommarafton or Christmas Eve.

#include "tertial/period/period.h"

namespace tertial::demo {

// 0 = Monday ... 6 = Sunday.
int Weekday(const period::Date& date);

// Easter Sunday of `year` (Gregorian calendar).
period::Date EasterSunday(int year);

// False on Saturdays, Sundays, public holidays and the de-facto holidays banks keep closed
// (midsommarafton, julafton, nyårsafton).
bool IsBankDay(const period::Date& date);

// The nearest bank day on or before / on or after `date`, staying inside its month (if
// there is none in that direction, the nearest one in the other direction).
period::Date BankDayOnOrBefore(const period::Date& date);
period::Date BankDayOnOrAfter(const period::Date& date);

}  // namespace tertial::demo

#endif  // TERTIAL_DATA_GENERATOR_CALENDAR_H_
