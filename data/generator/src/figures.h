#ifndef TERTIAL_DATA_GENERATOR_FIGURES_H_
#define TERTIAL_DATA_GENERATOR_FIGURES_H_

// The demo municipality: Linköping's Kommunstyrelsen, period 2021-08.
//
// Two kinds of numbers live here, kept apart on purpose:
//  - Published: figures as printed in the seed report (../shared/seed/, tables.md), in tkr.
//    The generated ledgers, budgets and adjustments must aggregate to exactly these.
//  - Chosen: what the report does not say but a ledger needs (how a net splits into
//    costs and revenues per stab, how a year splits into months, the investment budget
//    per month). Chosen so that the published figures come out and the data looks like a
//    municipality's.
// Everything is tkr here; the generator works in öre (× 100 000).

#include <cstdint>
#include <string_view>
#include <vector>

#include "tertial/period/period.h"

namespace tertial::demo {

struct UnitFigures {
  std::string_view id;
  std::string_view name;
  std::string_view parent;
  std::string_view kind;      // namnd, forvaltning, stab, enhet
  std::string_view scb_code;  // räkenskapssammandrag verksamhetskod
  bool has_ledger;            // false for the nämnd and förvaltning KLF (roll-ups only)

  // Published (Driftsammandrag per 2021-08-31 and Prognos för helår 2021).
  int64_t actual_2021_8 = 0;  // Redovisat jan-aug 2021
  int64_t budget_2021_8 = 0;  // Budget jan-aug 2021
  int64_t actual_2020_8 = 0;  // Redovisat samma period föregående år
  int64_t forecast_2021 = 0;  // Prognos helår
  int64_t budget_2021 = 0;    // Budget 2021
  int64_t actual_2020 = 0;    // Bokslut 2020

  // Chosen: revenues (negative, SIE sign) per part of the year.
  int64_t revenue_2020_8 = 0;
  int64_t revenue_2020_4 = 0;       // September-December
  int64_t budget_revenue_2021 = 0;  // split 8/12 : 4/12 across the year
  // Revenues jan-aug 2021 as a share (percent) of the budget's; the stab that balances the
  // published revenue total takes the remainder instead (see plan.cc).
  int64_t revenue_2021_8_percent = 100;
  // Chosen: the split of the forecast adjustment (published forecast − budget_remaining
  // method) into the revenue side; the rest goes to costs.
  int64_t adjustment_revenue = 0;
  // Chosen: the year's budget for 2020 (net), used for the 2020 budget-deviation
  // indicator and for backtesting.
  int64_t budget_2020 = 0;
  int64_t budget_revenue_2020 = 0;
  // Chosen: personnel costs (class 5) as a share (percent) of the unit's costs, for the
  // budgets and for actuals where no published figure fixes them (see KlfPersonnel()).
  int64_t personnel_percent = 0;
};

// Published: split of the full-year figures into costs and revenues for the three
// förvaltningar (revenues in SIE sign: negative). For Bokslut 2020 of KLF the print has
// the two rows swapped (costs 156 362, revenues 605 741); the consistent split is below.
struct SplitFigures {
  int64_t forecast_costs, forecast_revenues;
  int64_t budget_costs, budget_revenues;
  int64_t actual_2020_costs, actual_2020_revenues;
};

struct ProjectFigures {
  std::string_view id;
  std::string_view name;
  std::string_view unit;
  std::string_view account;  // 11xx buildings and land, 12xx equipment
  // Published (Investeringar per 2021-08-31).
  int64_t spending_2021_8 = 0;
  int64_t forecast_2021 = 0;
  int64_t frame_2021 = 0;
  // Chosen: the investment budget jan-aug 2021 (the frame periodised), and 2020.
  int64_t budget_2021_8 = 0;
  int64_t frame_2020 = 0;
  int64_t spending_2020 = 0;
};

// Published indicators that follow from the ledger (Nämndindikatorer, Ekonomi), as printed:
// deviations in tenths of a percent (8,1 % -> 81), the personnel share in whole percent.
struct IndicatorFigures {
  // Procentuell avvikelse budget och utfall, KLF: (budget - actual) / budget.
  int64_t budget_deviation_2020_permille;
  int64_t budget_deviation_2021_8_permille;
  // Procentuell avvikelse investeringsbudget och utfall, KLF (projects of KLF's units).
  int64_t investment_deviation_2020_permille;
  int64_t investment_deviation_2021_8_permille;
  // Personalkostnader/verksamhetens nettokostnad, KLF (%): class 5 over net cost.
  int64_t personnel_share_2020_percent;
  int64_t personnel_share_2021_8_percent;
};

// Chosen: KLF's personnel costs (tkr) that give the published personnel shares, 36 % of
// the 2020 net cost and 25 % of January-August 2021's.
struct PersonnelFigures {
  int64_t actual_2020;
  int64_t actual_2021_8;
};

// Chosen: postings that happen once, not every month, with their own voucher. They are
// part of the unit's totals above (the monthly pattern carries the rest).
struct OneOffFigures {
  std::string_view unit;
  period::Date date;
  std::string_view account;
  int64_t amount;  // tkr, SIE sign
  std::string_view text;
};

// Published: the report's sum rows and summary figures. The rows above must add up to
// them; the tests check that, so a typo in a row cannot go unnoticed.
struct TotalFigures {
  // Driftsammandrag and Prognos, "Summa" (Kommunledningsförvaltningen's nine rows).
  int64_t klf_actual_2021_8, klf_budget_2021_8, klf_actual_2020_8;
  int64_t klf_forecast_2021, klf_budget_2021, klf_actual_2020;
  // Investeringar, "Summa investeringar".
  int64_t investment_spending_2021_8, investment_forecast_2021, investment_frame_2021;
  // Ekonomi: "Investeringar, netto" of Kommunledningsförvaltningen (its units' projects).
  int64_t klf_investment_forecast_2021, klf_investment_budget_2021;
  // Samlad bedömning: the full-year result per förvaltning in tenths of mnkr (12,8; 8,2;
  // 22,1), positive = surplus.
  int64_t klf_result_tenths_mnkr, vss_result_tenths_mnkr, leanlink_result_tenths_mnkr;
};

const std::vector<UnitFigures>& Units();
const TotalFigures& Totals();
const IndicatorFigures& Indicators();
const PersonnelFigures& KlfPersonnel();
const std::vector<OneOffFigures>& OneOffs();
const SplitFigures& KlfSplit();
const SplitFigures& VssSplit();
const SplitFigures& LeanlinkSplit();
const std::vector<ProjectFigures>& Projects();

inline constexpr int64_t kOrePerTkr = 100'000;

}  // namespace tertial::demo

#endif  // TERTIAL_DATA_GENERATOR_FIGURES_H_
