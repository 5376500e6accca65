#include "figures.h"

namespace tertial::demo {

// Tables of figures: laid out by hand, one record per row of the report.
// clang-format off

const std::vector<UnitFigures>& Units() {
  // Order is the report's row order. Published columns first, then the chosen ones.
  static const std::vector<UnitFigures> kUnits = {
      {.id = "KS", .name = "Kommunstyrelsen", .parent = "", .kind = "namnd", .scb_code = "",
       .has_ledger = false},
      {.id = "KLF", .name = "Kommunledningsförvaltningen", .parent = "KS",
       .kind = "forvaltning", .scb_code = "920", .has_ledger = false},
      // Kommunstyrelsen's own row: the board's fees and municipality-wide costs such as
      // the rescue service federation (RTÖG).
      {.id = "KSGEM", .name = "Kommunstyrelsen", .parent = "KLF", .kind = "stab",
       .scb_code = "100", .has_ledger = true,
       .actual_2021_8 = 15'555, .budget_2021_8 = 17'097, .actual_2020_8 = 18'936,
       .forecast_2021 = 28'497, .budget_2021 = 25'646, .actual_2020 = 153'510,
       .revenue_2020_8 = -2'000, .revenue_2020_4 = -1'000, .budget_revenue_2021 = -2'000,
       .revenue_2021_8_percent = 95, .budget_2020 = 170'000, .budget_revenue_2020 = -2'500,
       .personnel_percent = 12},
      {.id = "KLS", .name = "Kommunledningsstaben", .parent = "KLF", .kind = "stab",
       .scb_code = "920", .has_ledger = true,
       .actual_2021_8 = 120'851, .budget_2021_8 = 122'028, .actual_2020_8 = 90'027,
       .forecast_2021 = 180'065, .budget_2021 = 183'043, .actual_2020 = 18'936,
       // Large autumn revenue in 2020 (a settlement): the print's 18 936 for the year is
       // below its 90 027 for January-August.
       .revenue_2020_8 = -4'973, .revenue_2020_4 = -118'591, .budget_revenue_2021 = -45'000,
       .revenue_2021_8_percent = 0 /* balances the published revenue total */,
       .budget_2020 = 25'000, .budget_revenue_2020 = -110'000,
       .personnel_percent = 15},
      {.id = "PLS", .name = "Planeringsstaben", .parent = "KLF", .kind = "stab",
       .scb_code = "210", .has_ledger = true,
       .actual_2021_8 = 30'078, .budget_2021_8 = 34'465, .actual_2020_8 = 20'137,
       .forecast_2021 = 51'839, .budget_2021 = 54'412, .actual_2020 = 29'317,
       .revenue_2020_8 = -1'700, .revenue_2020_4 = -800, .budget_revenue_2021 = -3'000,
       .revenue_2021_8_percent = 90, .budget_2020 = 33'000, .budget_revenue_2020 = -2'600,
       .personnel_percent = 25},
      {.id = "DIG", .name = "Digitaliseringsstaben", .parent = "KLF", .kind = "stab",
       .scb_code = "920", .has_ledger = true,
       .actual_2021_8 = 11'234, .budget_2021_8 = 12'825, .actual_2020_8 = 6'768,
       .forecast_2021 = 18'937, .budget_2021 = 19'237, .actual_2020 = 12'318,
       .revenue_2020_8 = -300, .revenue_2020_4 = -200, .budget_revenue_2021 = -500,
       .revenue_2021_8_percent = 80, .budget_2020 = 14'500, .budget_revenue_2020 = -500,
       .personnel_percent = 20},
      {.id = "NTS", .name = "Näringsliv och tillväxtstaben", .parent = "KLF", .kind = "stab",
       .scb_code = "250", .has_ledger = true,
       .actual_2021_8 = 27'167, .budget_2021_8 = 30'187, .actual_2020_8 = 24'546,
       .forecast_2021 = 43'724, .budget_2021 = 45'280, .actual_2020 = 38'485,
       .revenue_2020_8 = -1'300, .revenue_2020_4 = -700, .budget_revenue_2021 = -2'500,
       .revenue_2021_8_percent = 85, .budget_2020 = 42'000, .budget_revenue_2020 = -2'200,
       .personnel_percent = 18},
      {.id = "EKS", .name = "Ekonomistaben", .parent = "KLF", .kind = "stab",
       .scb_code = "920", .has_ledger = true,
       .actual_2021_8 = 51'681, .budget_2021_8 = 60'991, .actual_2020_8 = 20'718,
       .forecast_2021 = 89'998, .budget_2021 = 91'586, .actual_2020 = 46'015,
       .revenue_2020_8 = -9'000, .revenue_2020_4 = -6'000, .budget_revenue_2021 = -18'000,
       .revenue_2021_8_percent = 110,
       // Debt collection and foundation management bring more than budgeted.
       .adjustment_revenue = -1'100, .budget_2020 = 60'000, .budget_revenue_2020 = -16'000,
       .personnel_percent = 35},
      {.id = "HRS", .name = "HR-staben", .parent = "KLF", .kind = "stab", .scb_code = "920",
       .has_ledger = true,
       .actual_2021_8 = 32'686, .budget_2021_8 = 36'692, .actual_2020_8 = 32'255,
       .forecast_2021 = 64'921, .budget_2021 = 67'753, .actual_2020 = 43'991,
       .revenue_2020_8 = -2'700, .revenue_2020_4 = -1'300, .budget_revenue_2021 = -5'000,
       .revenue_2021_8_percent = 95, .budget_2020 = 50'000, .budget_revenue_2020 = -4'500,
       .personnel_percent = 30},
      {.id = "KOM", .name = "Kommunikationsstaben", .parent = "KLF", .kind = "stab",
       .scb_code = "920", .has_ledger = true,
       .actual_2021_8 = 21'928, .budget_2021_8 = 24'381, .actual_2020_8 = 22'051,
       .forecast_2021 = 35'134, .budget_2021 = 36'572, .actual_2020 = 35'951,
       .revenue_2020_8 = -1'200, .revenue_2020_4 = -598, .budget_revenue_2021 = -1'826,
       .revenue_2021_8_percent = 90, .budget_2020 = 39'854, .budget_revenue_2020 = -1'800,
       .personnel_percent = 35},
      {.id = "ADM", .name = "Administrativa staben", .parent = "KLF", .kind = "stab",
       .scb_code = "920", .has_ledger = true,
       .actual_2021_8 = 13'416, .budget_2021_8 = 14'509, .actual_2020_8 = 52'080,
       .forecast_2021 = 19'150, .budget_2021 = 21'578, .actual_2020 = 70'856,
       .revenue_2020_8 = -2'700, .revenue_2020_4 = -1'300, .budget_revenue_2021 = -3'000,
       .revenue_2021_8_percent = 100, .budget_2020 = 70'000, .budget_revenue_2020 = -4'000,
       .personnel_percent = 35},
      // The two other förvaltningar of the board report their own results; in the
      // report a minus sign means a surplus.
      {.id = "VSS", .name = "Verksamhetsstöd och service", .parent = "KS",
       .kind = "forvaltning", .scb_code = "920", .has_ledger = true,
       .actual_2021_8 = -11'236, .budget_2021_8 = -1'635, .actual_2020_8 = -8'486,
       .forecast_2021 = -8'245, .budget_2021 = 0, .actual_2020 = -6'773,
       .revenue_2020_8 = -198'486, .revenue_2020_4 = -93'552, .budget_revenue_2021 = -356'658,
       .revenue_2021_8_percent = 0 /* from the published split, see plan.cc */,
       .budget_2020 = 0, .budget_revenue_2020 = -280'000,
       .personnel_percent = 45},
      {.id = "LL", .name = "Leanlink", .parent = "KS", .kind = "forvaltning",
       .scb_code = "510", .has_ledger = true,
       .actual_2021_8 = -23'749, .budget_2021_8 = -11'488, .actual_2020_8 = 25'677,
       .forecast_2021 = -22'100, .budget_2021 = 0, .actual_2020 = -7'972,
       .revenue_2020_8 = -1'114'323, .revenue_2020_4 = -600'937,
       .budget_revenue_2021 = -1'744'168, .revenue_2021_8_percent = 0,
       .budget_2020 = 0, .budget_revenue_2020 = -1'690'000,
       .personnel_percent = 65},
  };
  return kUnits;
}

const TotalFigures& Totals() {
  static const TotalFigures kTotals{
      .klf_actual_2021_8 = 324'596, .klf_budget_2021_8 = 353'175, .klf_actual_2020_8 = 287'518,
      .klf_forecast_2021 = 532'265, .klf_budget_2021 = 545'107, .klf_actual_2020 = 449'379,
      .investment_spending_2021_8 = 242'105, .investment_forecast_2021 = 491'484,
      .investment_frame_2021 = 458'897,
      .klf_investment_forecast_2021 = 449'786, .klf_investment_budget_2021 = 400'497,
      .klf_result_tenths_mnkr = 128, .vss_result_tenths_mnkr = 82,
      .leanlink_result_tenths_mnkr = 221,
  };
  return kTotals;
}

const IndicatorFigures& Indicators() {
  static const IndicatorFigures kIndicators{
      .budget_deviation_2020_permille = 109,
      .budget_deviation_2021_8_permille = 81,
      .investment_deviation_2020_permille = -305,
      .investment_deviation_2021_8_permille = 190,
      .personnel_share_2020_percent = 36,
      .personnel_share_2021_8_percent = 25,
  };
  return kIndicators;
}

const PersonnelFigures& KlfPersonnel() {
  // 161 776 / 449 379 = 36,0 %; 81 149 / 324 596 = 25,0 %. (The report's prose says 29 %
  // for 2021; its table says 25, which is what the data gives.)
  static const PersonnelFigures kPersonnel{.actual_2020 = 161'776, .actual_2021_8 = 81'149};
  return kPersonnel;
}

const std::vector<OneOffFigures>& OneOffs() {
  static const std::vector<OneOffFigures> kOneOffs = {
      // Kommunledningsstaben's large autumn revenue in 2020 (its Bokslut 2020 is far below
      // its January-August figure): the year's distribution of common costs, budgeted.
      {"KLS", {2020, 12, 18}, "3690", -110'000,
       "Fördelning av kommungemensamma kostnader 2020 till nämnderna"},
      // The rescue service federation settles its fee at year end (the report's commentary);
      // in 2020 together with the pensions of staff employed by the municipality before the
      // federation was formed. This is what lifts the row's Bokslut 2020 (153 510) so far
      // above its January-August figure (18 936).
      {"KSGEM", {2020, 12, 15}, "4540", 124'000,
       "Reglering medlemsavgift Räddningstjänsten i Östra Götaland 2020, inklusive "
       "pensionsåtagande för tidigare anställda"},
      // "en engångsersättning för 2021 från Äldrenämnden som erhållits med 61 mnkr".
      {"LL", {2021, 3, 31}, "3610", -61'000, "Engångsersättning 2021 från Äldrenämnden"},
  };
  return kOneOffs;
}

const SplitFigures& KlfSplit() {
  static const SplitFigures kSplit{622'265, -90'000, 625'933, -80'826, 605'741, -156'362};
  return kSplit;
}

const SplitFigures& VssSplit() {
  static const SplitFigures kSplit{354'881, -363'126, 356'658, -356'658, 285'265, -292'038};
  return kSplit;
}

const SplitFigures& LeanlinkSplit() {
  static const SplitFigures kSplit{1'771'421, -1'793'521, 1'744'168, -1'744'168,
                                   1'707'288, -1'715'260};
  return kSplit;
}

const std::vector<ProjectFigures>& Projects() {
  // Published: spending jan-aug 2021, forecast 2021, frame 2021. Chosen: the frame's
  // January-August part and the 2020 frame and spending (the swimming hall overran its
  // 2020 frame by 150 mnkr, as the report's commentary says).
  static const std::vector<ProjectFigures> kProjects = {
      {"PKS", "Kommunstyrelsen", "ADM", "1220", 247, 3'497, 3'497, 2'000, 1'800, 1'200},
      {"MARK", "Strategiska markförvärv", "PLS", "1110", 0, 50'000, 50'000, 30'000, 50'000,
       84'100},
      {"SAK", "Säkerhet", "KLS", "1220", 5'975, 43'500, 43'500, 25'000, 30'000, 16'500},
      {"VSSINV", "Verksamhetsstöd och service", "VSS", "1220", 25'027, 39'000, 53'500,
       35'000, 45'000, 40'000},
      {"LLINV", "Leanlink", "LL", "1220", 938, 2'698, 4'900, 3'000, 5'000, 4'200},
      {"SIMHALL", "KS, ny simhall", "KSGEM", "1110", 209'918, 352'789, 297'000, 206'340,
       390'000, 540'000},
      {"RESERV", "KS, investeringsreserv", "KSGEM", "1110", 0, 0, 6'500, 3'500, 20'000, 0},
  };
  return kProjects;
}

// clang-format on

}  // namespace tertial::demo
