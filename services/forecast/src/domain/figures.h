#ifndef TERTIAL_FORECAST_DOMAIN_FIGURES_H_
#define TERTIAL_FORECAST_DOMAIN_FIGURES_H_

// What the forecast knows of an organisation's ledger, per fiscal year and month: actual
// and budget per unit split into costs and revenues, and spending, income and budget per
// investment project. Months are numbered within the fiscal year from 1 (the first month of
// the year) to N (its last; 12 for a calendar year, up to 18 for a prolonged first year).
//
// Signs are SIE's: costs positive, revenues negative. Plain data, no I/O.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "tertial/money/money.h"
#include "tertial/period/period.h"

namespace tertial::forecast {

inline constexpr int kMaxMonths = 18;

// DO NOT CHANGE THESE VALUES: they match tertial.forecast.v1.Side.
enum class AdjustmentSide {
  kCosts = 1,
  kRevenues = 2,
  kInvestmentSpending = 3,
  kInvestmentIncome = 4,
};

// One month of a unit's own figures (postings on the unit itself, not its subtree).
struct UnitMonth {
  int64_t actual_costs_ore = 0;
  int64_t actual_revenues_ore = 0;
  int64_t budget_costs_ore = 0;
  int64_t budget_revenues_ore = 0;
  bool operator==(const UnitMonth&) const = default;
};

// A unit's own figures for one fiscal year; months[0] is month 1.
struct UnitCell {
  std::array<UnitMonth, kMaxMonths> months{};
  bool operator==(const UnitCell&) const = default;
};

// One month of an investment project: debits (spending, positive) and credits (income,
// negative) on classes 11-12 with the project object, and the budget (net) on them.
struct ProjectMonth {
  int64_t spending_ore = 0;
  int64_t income_ore = 0;
  int64_t budget_ore = 0;
  bool operator==(const ProjectMonth&) const = default;
};

struct ProjectCell {
  std::array<ProjectMonth, kMaxMonths> months{};
  // The unit of the first transaction seen for the project (for projects the ledger never
  // defined).
  std::string unit_id;
  bool operator==(const ProjectCell&) const = default;
};

// An investment project (SIE dimension 6) with its yearly frames (investeringsram).
struct ProjectInfo {
  std::string id;
  std::string name;
  std::string unit_id;
  int position = 0;
  std::map<int, int64_t> frames_ore;  // fiscal year -> frame
};

// A manual adjustment of the forecast, as made (and possibly withdrawn).
struct AdjustmentRecord {
  std::string id;
  int fiscal_year = 0;
  std::string unit_id;
  std::string project_id;
  AdjustmentSide side = AdjustmentSide::kCosts;
  int64_t amount_ore = 0;
  std::string reason;
  std::optional<period::Period> expires_after;
  std::string actor;
  std::string source;
  bool withdrawn = false;

  // Applies to forecasts of its year as of `as_of`: not withdrawn and not expired.
  bool AppliesAsOf(int year, const period::Period& as_of) const {
    return !withdrawn && fiscal_year == year && (!expires_after || as_of <= *expires_after);
  }
  bool operational() const {
    return side == AdjustmentSide::kCosts || side == AdjustmentSide::kRevenues;
  }
};

// Running totals of one monthly series: at[k] = months 1..k, at[0] = 0.
struct Cumulative {
  std::array<int64_t, kMaxMonths + 1> at{};
  int64_t Through(int month) const { return at[month]; }
  int64_t After(int month, int months) const { return at[months] - at[month]; }
};

enum SideIndex { kCostsSide = 0, kRevenuesSide = 1 };

// One unit's own figures for one year, as running totals for the methods.
struct UnitYear {
  std::array<Cumulative, 2> actual;  // [kCostsSide], [kRevenuesSide]
  std::array<Cumulative, 2> budget;
  bool has_budget = false;
  bool has_actuals = false;
  // First month with an actual or budget amount (a unit created mid-year starts late);
  // 0: none.
  int first_active = 0;
  // A running total passed int64 (FromCell): its forecast is refused, not computed.
  bool overflow = false;

  static UnitYear FromCell(const UnitCell& cell, int months);
};

struct ProjectYear {
  Cumulative spending;
  Cumulative income;
  Cumulative budget_spending;  // months whose budget is positive
  Cumulative budget_income;    // months whose budget is negative
  bool has_budget = false;
  std::string unit_id;
  bool overflow = false;  // a running total passed int64 (FromCell)

  static ProjectYear FromCell(const ProjectCell& cell, int months);
};

// Costs and revenues of something, and their net.
// Sums into it are checked (money::CheckedAdd): one that would pass int64 sets `overflow`
// and leaves the side as it was, and ComputeForecast refuses to show such figures.
struct Sides {
  int64_t costs_ore = 0;
  int64_t revenues_ore = 0;
  bool overflow = false;
  int64_t net_ore() const { return costs_ore + revenues_ore; }
  void AddCosts(int64_t ore) { AddTo(&costs_ore, ore); }
  void AddRevenues(int64_t ore) { AddTo(&revenues_ore, ore); }
  Sides& operator+=(const Sides& o) {
    AddCosts(o.costs_ore);
    AddRevenues(o.revenues_ore);
    overflow = overflow || o.overflow ||
               !money::CheckedAdd(costs_ore, revenues_ore);  // net_ore() must fit too
    return *this;
  }
  bool operator==(const Sides&) const = default;

 private:
  void AddTo(int64_t* side, int64_t ore) {
    if (std::optional<int64_t> sum = money::CheckedAdd(*side, ore)) {
      *side = *sum;
    } else {
      overflow = true;
    }
  }
};

}  // namespace tertial::forecast

#endif  // TERTIAL_FORECAST_DOMAIN_FIGURES_H_
