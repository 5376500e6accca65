#ifndef TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_BUILDER_H_
#define TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_BUILDER_H_

// Builds the report model from plain input structs. Pure: the projection fills the structs
// from what it followed on the ledger, forecast, goals and reporting topics; tests fill them
// by hand. Every figure in the report comes from here; nothing is typed.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "report.h"
#include "tertial/chart/unit_tree.h"
#include "tertial/money/money.h"
#include "tertial/period/period.h"

namespace tertial::reporting {

// Operating amounts split by side, SIE sign: costs positive, revenues negative.
// Sums into it are checked: one that would pass int64 sets `overflow` (the side keeps its
// value), and Build refuses input with it (input_bounds.h).
struct Amounts {
  int64_t costs_ore = 0;
  int64_t revenues_ore = 0;
  bool overflow = false;
  int64_t net_ore() const { return costs_ore + revenues_ore; }
  Amounts& operator+=(const Amounts& o) {
    for (auto [side, ore] :
         {std::pair{&costs_ore, o.costs_ore}, std::pair{&revenues_ore, o.revenues_ore}}) {
      if (std::optional<int64_t> sum = money::CheckedAdd(*side, ore)) {
        *side = *sum;
      } else {
        overflow = true;
      }
    }
    overflow = overflow || o.overflow || !money::CheckedAdd(costs_ore, revenues_ore);
    return *this;
  }
};

// A unit's own figures (postings on the unit itself, not its subtree); the builder rolls
// them up the unit tree.
struct UnitFigures {
  Amounts actual;         // this year, first month through the period
  Amounts budget_period;  // budget for the same months
  Amounts prior_period;   // the prior year, same months
  Amounts prior_year;     // the prior year in full (bokslut)
  Amounts budget_year;    // this year's budget in full
};

// A full-year forecast as the forecast service published it for one unit (leaf or
// roll-up: roll-ups are taken as published, so that the report shows what forecast said).
struct UnitForecastInput {
  Amounts forecast;
  Amounts budget;
  Amounts adjustments;
  std::string method;
  std::string method_requested;  // the chosen default or "auto"
};

struct ProjectInput {
  std::string id;
  std::string name;
  std::string unit_id;  // the owning unit
  int position = 0;
  int64_t spending_to_date_ore = 0;  // debits, positive
  int64_t income_to_date_ore = 0;    // credits, negative
  int64_t forecast_spending_ore = 0;
  int64_t forecast_income_ore = 0;
  int64_t frame_ore = 0;  // the year's investeringsram
  bool has_forecast = false;
};

// What a forecast adjustment changes (forecast.v1.Side).
enum class AdjustmentSide { kCosts, kRevenues, kInvestmentSpending, kInvestmentIncome };

struct AdjustmentInput {
  std::string id;
  std::string unit_id;
  std::string project_id;
  AdjustmentSide side = AdjustmentSide::kCosts;
  int64_t amount_ore = 0;
  std::string reason;
  std::string author;
};

struct GoalInput {
  std::string id;              // nämndmål id
  std::string area;            // målområde: Samhälle, Ekonomi, Verksamhet, Medarbetare
  std::string municipal_goal;  // kommunövergripande mål
  std::string name;
  Assessment assessment = Assessment::kNone;
  std::string rationale;
  std::optional<AssessmentCheck> check;  // the goals service's check, if it published one
};

// One value of an indicator for one period column: a number, or I.U. with a remark.
struct IndicatorValue {
  std::optional<Decimal> value;  // nullopt: I.U.
  std::string remark;            // "genomförs hösten 2021", "per 1 april", or a text value
  bool empty = false;            // "–": the period was not measured at all
  std::string text;              // a value printed as text ("98–100", "2018: 74 %")
  std::string footnote;
};

// One breakdown row of an indicator: women, men, or another part of the whole.
struct IndicatorBreakdown {
  std::string id;     // "women" (kvinnor), "men" (män), or another id ("omsorg")
  std::string label;  // as printed ("Omsorg"); women and men are printed "Kvinnor" and "Män"
  std::map<std::string, IndicatorValue> values;  // keyed by period column id
  std::string target;  // the row's own target as printed ("3,4"); may be empty
};

struct IndicatorInput {
  std::string id;
  std::string goal_id;
  std::string name;
  std::string mark;  // "*": the whole municipality
  Target target;
  std::string target_footnote;
  std::string footnote;  // on the name
  // Values keyed by period column id ("2019", "2020", "2021-08").
  std::map<std::string, IndicatorValue> values;
  std::vector<IndicatorBreakdown> breakdowns;  // in display order; empty: none
  std::optional<IndicatorStatus> status;       // the goals service's, if it computed one
};

struct PersonnelInput {
  std::string id;
  std::string label;
  std::optional<Decimal> target;
  std::optional<Decimal> current;  // this period
  std::optional<Decimal> prior;    // same period last year
};

struct AssignmentInput {
  std::string id;
  std::string title;
  std::string status;  // as the goals service names it: "pågår", "kvarstår", "genomfört"
  std::string comment;
};

struct BuildInput {
  std::string organisation;
  std::string organisation_name;
  std::string board_id;
  period::Period period;
  // The first month of the fiscal year the period lies in (the ledger's FiscalYearDefined);
  // unset (month 0): January of the period's year.
  period::Period fiscal_year_start;
  // The förvaltning shown stab by stab; empty: the board's first förvaltning.
  std::string primary_unit_id;

  chart::UnitTree units;
  std::map<std::string, UnitFigures> figures;  // by unit id, own postings
  // Whether the ledger has anything posted in the twelve months before the fiscal year.
  // Without, the prior year's columns print "–" (no figure) rather than 0, and the charts
  // compare with nothing.
  bool has_prior_year_ledger = true;
  std::map<std::string, UnitForecastInput> forecasts;  // by unit id, as published
  // Which forecast that is and what of the ledger it and `figures` rest on; nullopt when
  // not known (a hand-made input), which checks nothing.
  std::optional<ForecastSource> forecast_source;
  std::vector<ProjectInput> projects;
  std::vector<AdjustmentInput> adjustments;

  std::vector<GoalInput> goals;  // display order
  // Period columns of the indicator tables: id ("2021-08") and label ("augusti 2021").
  std::vector<Column> indicator_periods;
  std::vector<IndicatorInput> indicators;
  std::vector<Footnote> indicator_footnotes;
  // Activities of the verksamhetsplan by status, in display order ("genomförd" -> 22).
  std::vector<std::pair<std::string, int64_t>> activities;
  // Of those, the ones postponed but done within the plan's year, and those postponed to a
  // later year (the goals service's counts).
  int64_t activities_postponed_within_year = 0;
  int64_t activities_postponed_to_later_year = 0;
  std::vector<PersonnelInput> personnel;
  std::vector<AssignmentInput> assignments;
  // Controllers' markdown per section id, references unresolved.
  std::map<std::string, std::string> narratives;
};

// Builds the model, resolves narrative references and runs the validator, whose findings
// land in report.findings. Fails only when the input cannot make a report at all (unknown
// board, no period).
absl::StatusOr<Report> Build(const BuildInput& input);

// The section ids in report order.
const std::vector<std::string>& SectionIds();

}  // namespace tertial::reporting

#endif  // TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_BUILDER_H_
