#ifndef TERTIAL_MONEY_MONEY_H_
#define TERTIAL_MONEY_MONEY_H_

// Money in tertial is an int64 number of öre (1 krona = 100 öre). Never floating point.
// These functions parse amounts as written in SIE and CSV files and format them the way a
// Swedish municipal report prints them: "12 842" tkr, "-2 851" tkr, "8,2" mnkr.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace tertial::money {

inline constexpr int64_t kOrePerKrona = 100;
inline constexpr int64_t kOrePerTkr = 100'000;       // tusen kronor
inline constexpr int64_t kOrePerMnkr = 100'000'000;  // miljoner kronor

// Largest amount an input may carry: 10^15 kronor. Anything larger is an input error.
inline constexpr int64_t kMaxAbsOre = 100'000'000'000'000'000;

// Largest total an import may leave on an account in a period (the running total, after
// each transaction, of what the ledger held before and the file adds): ±10^15 kronor, the
// bound of one amount. int64 öre holds 92 such totals, so roll-ups of a few accounts,
// units or periods cannot wrap either; larger roll-ups add with CheckedAdd/Add below and
// fail rather than print a wrapped number. (Sweden's yearly GDP is about 6·10^12 kronor.)
inline constexpr int64_t kMaxTotalOre = kMaxAbsOre;

// a + b, or nullopt when the sum does not fit in int64. Every sum of money goes through
// this (or Add): int64 addition that wraps turns a huge ledger into plausible garbage.
std::optional<int64_t> CheckedAdd(int64_t a, int64_t b);

// *total += amount, or OUT_OF_RANGE ("the sum of <what> is too large (more than 9.2·10^16
// kronor)") and *total unchanged when the sum does not fit in int64.
absl::Status Add(int64_t* total, int64_t amount, std::string_view what);

// Parses an amount in kronor as money::ParseDecimal reads numbers (tertial/money/decimal.h):
// "1234.50", "-12", "+0.5", "1234,50" (CSV files written by Swedish spreadsheets),
// "1 234,50" (grouped in threes), "−12" (U+2212). More than two decimals is an error unless
// the extra digits are zeros. Returns öre. SIE amounts have their own stricter reader
// (libs/sie).
absl::StatusOr<int64_t> ParseKronor(std::string_view text);

// "-1234.50": kronor with two decimals and '.', the form SIE and CSV outputs use.
std::string FormatKronor(int64_t ore);

// Divides `ore` by `unit` (a positive number of öre per unit, e.g. kOrePerTkr) and rounds
// half away from zero, so that 1 500 öre per ... 0.5 rounds to 1 and -0.5 to -1.
int64_t RoundToUnits(int64_t ore, int64_t unit);

// a * numerator / denominator, computed without overflow (128-bit intermediate) and
// rounded half away from zero. denominator != 0. For shares, profiles and percentages of
// amounts, so that no money ever passes through floating point.
int64_t MulDiv(int64_t a, int64_t numerator, int64_t denominator);

// Groups digits in threes with `separator`: 1234567 -> "1 234 567", -2851 -> "-2 851".
std::string GroupThousands(int64_t value, std::string_view separator = " ");

// Thousands of kronor, rounded half away from zero: 1'284'200'000 öre -> "12 842".
std::string FormatTkr(int64_t ore, std::string_view separator = " ");

// Millions of kronor with `decimals` decimals and a decimal comma, rounded half away from
// zero: 820'000'000 öre -> "8,2". The integer part is grouped like FormatTkr.
std::string FormatMnkr(int64_t ore, int decimals = 1, std::string_view separator = " ");

// A fixed-point value `units` / 10^decimals written Swedish style: (82, 1) -> "8,2",
// (-5, 1) -> "-0,5". Used for percentages and indicator values as well as money.
std::string FormatFixed(int64_t units, int decimals, std::string_view separator = " ");

}  // namespace tertial::money

#endif  // TERTIAL_MONEY_MONEY_H_
