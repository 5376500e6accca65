#ifndef TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_REPORT_H_
#define TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_REPORT_H_

// The interim report (delårsrapport) of one board (nämnd) for one period, as a model that
// every renderer prints and the validator checks. It is pure data: built from projections
// by the builder (builder.h) or from figures typed by people (figures.h).
//
// Everything shown is a typed table: rows have a kind (a unit, a sum, an of-which line, an
// other förvaltning ...), cells hold exact integers of öre or exact decimals, and "no data"
// (I.U., ingen uppgift) is a state of its own, never zero. Renderers round each cell from
// its exact amount; a total is rounded from the exact total, never summed from rounded
// cells.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tertial/base/issues.h"
#include "tertial/money/decimal.h"
#include "tertial/period/period.h"

namespace tertial::reporting {

// Indicator values and percentages: exact, printed with the scale they were recorded with.
using money::Decimal;
// A number cell keeps at most this many decimals.
inline constexpr int kMaxCellDecimals = 6;

// DO NOT CHANGE THESE NAMES: they appear in the JSON output and the typed-figures format.
enum class RowKind {
  kUnit,              // a unit of the main förvaltning (a stab)
  kProject,           // an investment project
  kSum,               // the sum of the table's unit/project rows
  kOfWhich,           // "varav": part of its parent row (costs, revenues, ...)
  kOtherForvaltning,  // another förvaltning of the board, shown apart from the sum
  kItem,              // a row of a table that does not add up (personnel, goals, texts)
  kIndicator,         // a nämndindikator
  kGender,            // an indicator's value for women or men
  kBreakdown,         // an indicator's value for another part of the whole ("Omsorg")
};
std::string_view RowKindName(RowKind kind);
// Rows printed under their parent: of-which, gender and other breakdown rows.
inline bool IsPartRow(RowKind kind) {
  return kind == RowKind::kOfWhich || kind == RowKind::kGender || kind == RowKind::kBreakdown;
}
bool ParseRowKind(std::string_view name, RowKind* kind);

enum class ColumnKind { kMoney, kNumber, kText };

struct Column {
  std::string id;     // machine name, e.g. "actual", "2021-08"
  std::string label;  // as printed, e.g. "Redovisat jan–aug 2021"
  ColumnKind kind = ColumnKind::kMoney;
};

class Cell {
 public:
  enum class State { kEmpty, kMoney, kDecimal, kNoData, kText };

  static Cell Empty() { return Cell(); }
  // `precision_ore`: how exact the amount is. 1 when it comes from the ledger; 100 000
  // when a person typed it in tkr (each typed figure is within half of that of the truth).
  static Cell Money(int64_t ore, int64_t precision_ore = 1);
  // `remark`: a qualifier printed after the value, "per 1 april" in "1 940 (per 1 april)".
  static Cell Number(Decimal value, std::string remark = "");
  static Cell NoData(std::string note = "");  // I.U., with an optional remark
  static Cell Text(std::string text);

  State state() const { return state_; }
  bool is_money() const { return state_ == State::kMoney; }
  bool is_number() const { return state_ == State::kDecimal; }
  int64_t ore() const { return ore_; }
  int64_t precision_ore() const { return precision_ore_; }
  const Decimal& number() const { return number_; }
  // Text, or the remark of an I.U. cell or a number.
  const std::string& text() const { return text_; }
  // A footnote mark printed after the value ("4").
  const std::string& footnote() const { return footnote_; }
  void set_footnote(std::string mark) { footnote_ = std::move(mark); }

 private:
  State state_ = State::kEmpty;
  int64_t ore_ = 0;
  int64_t precision_ore_ = 1;
  Decimal number_;
  std::string text_;
  std::string footnote_;
};

// DO NOT CHANGE THESE NAMES: used in the typed-figures format.
enum class Assessment { kNone, kMet, kPartly, kNotMet, kCannotAssess };
std::string_view AssessmentName(Assessment a);    // "uppfylls", "delvis", "ej", "kan_ej_bedomas"
std::string_view AssessmentLabel(Assessment a);   // "Uppfylls", "Uppfylls delvis", ...
std::string_view AssessmentColour(Assessment a);  // "green", "yellow", "red", "grey"
bool ParseAssessment(std::string_view name, Assessment* a);

// An indicator's target: a comparison with a number, a direction relative to the
// baseline (the latest earlier value), or none.
struct Target {
  enum class Kind { kNone, kCompare, kIncrease, kDecrease };
  Kind kind = Kind::kNone;
  std::string op;  // "<", "<=", ">", ">=", "=" for kCompare
  Decimal value;
  std::string printed;  // as shown: "mindre än 23", "Öka", "40 000"
};

enum class IndicatorStatus { kNoData, kMet, kNotMet };
std::string_view IndicatorStatusName(IndicatorStatus s);   // "no_data", "met", "not_met"
std::string_view IndicatorStatusLabel(IndicatorStatus s);  // "Ingen uppgift", "Uppfyllt", ...

// The goals service's check of a nämndmål's assessment against its indicators
// (goals.v1 GoalEvaluation): the one rule for reports made from the data, so that the
// report and `tertial goals status` count the same contradictions. Typed figures have none
// and get the validator's own rule.
struct AssessmentCheck {
  // DO NOT CHANGE THESE NAMES: they appear in the JSON and CSV outputs.
  enum class Verdict { kConsistent, kContradicted, kNotCheckable, kNotAssessed };
  Verdict verdict = Verdict::kNotCheckable;
  std::string reason;  // the goals service's, for people (English)
  int indicators_met = 0;
  int indicators_not_met = 0;
  int indicators_no_data = 0;
  int indicators_no_target = 0;
};
std::string_view VerdictName(AssessmentCheck::Verdict v);  // "consistent", "contradicted", ...
bool ParseVerdict(std::string_view name, AssessmentCheck::Verdict* v);

// How a printed table signs its amounts and deviations, as a typed table (or one of its
// rows) declares it. The builder's tables carry none: SIE signs (costs positive, revenues
// negative) and deviation = budget − actual (− forecast; frame − forecast net).
struct SignConvention {
  // Costs printed negative and revenues positive (the result's view), not SIE's signs.
  bool costs_negative = false;
  // Deviation = actual − budget (forecast − budget, forecast net − frame).
  bool deviation_reversed = false;
};

struct Row {
  std::string id;  // "unit:EKS", "project:SIMHALL", "sum", "sum/costs", "indicator:X"
  std::string label;
  RowKind kind = RowKind::kItem;
  std::string parent;       // of-which, gender and breakdown rows: the parent row's id
  std::string group;        // a heading the row sits under ("Kommunstyrelsen", a målområde)
  std::string unit_id;      // the unit a unit/project/other-förvaltning row belongs to
  std::string mark;         // printed after the label: "*" (see the table's notes)
  std::string footnote;     // a footnote mark on the label
  std::vector<Cell> cells;  // one per column

  // Of-which rows: what part of the parent. "costs", "revenues", "spending", "income".
  std::string part;
  // A revenue row typed with revenues as positive figures (the print's convention for
  // some tables); the model itself always carries SIE signs (revenues negative).
  bool positive_revenues = false;
  // A row printed with other signs than its table (typed figures only; of-which rows
  // follow their parent's).
  std::optional<SignConvention> signs;

  // Goal rows (nämndmål).
  Assessment assessment = Assessment::kNone;
  std::string rationale;
  std::string goal_area;                            // målområde
  std::string municipal_goal;                       // kommunövergripande mål
  std::optional<AssessmentCheck> assessment_check;  // the goals service's, if it made one

  // Forecast rows: the method that made the unit's forecast ("budget_remaining"; "mixed"
  // for a roll-up over several) and, when it differs and was not "auto", the one asked for.
  std::string method;
  std::string method_requested;

  // Indicator rows.
  std::string goal_id;  // the nämndmål row id ("goal:...") it measures
  Target target;
  IndicatorStatus status = IndicatorStatus::kNoData;
  bool status_from_goals = false;  // computed by the goals service, not here
};

struct Footnote {
  std::string mark;
  std::string text;
};

// DO NOT CHANGE THESE NAMES: table kinds are in the typed-figures format.
enum class TableKind {
  kGoalSummary,      // goals by assessment
  kActivitySummary,  // activities by status
  kForecastResult,   // forecast result per förvaltning, mnkr
  kEconomy,          // net operating cost and net investments, forecast vs budget
  kPersonnel,
  kOperating,  // driftsammandrag for the period
  kForecast,   // full-year forecast per unit
  kInvestments,
  kGoals,  // assessment per nämndmål
  kIndicators,
  kAssignments,  // strategiska utvecklingsuppdrag
  kAdjustments,  // forecast adjustments with reasons
};
std::string_view TableKindName(TableKind kind);
// What a table without rows says in place of a grid with only its header.
std::string_view EmptyTableNote(TableKind kind);
bool ParseTableKind(std::string_view name, TableKind* kind);

struct Table {
  std::string id;  // unique within the report, e.g. "operating", "indicators.samhalle.1"
  TableKind kind = TableKind::kOperating;
  std::string title;
  std::string unit_label;  // "tkr", "mnkr", "antal", "" (mixed)
  // Tables with a scope: the unit whose figures they show (economy: "KLF").
  std::string scope_unit;
  std::vector<Column> columns;
  std::vector<Row> rows;
  std::vector<std::string> notes;  // printed below the table
  std::vector<Footnote> footnotes;
  // The signs the table declares (typed figures only); none: SIE signs, and the deviation
  // rule that most of its rows follow (validate.h, rule deviation_sign).
  std::optional<SignConvention> signs;
  // Errors about what the table shows as a whole (a forecast older than the ledger, or as of
  // another period), printed next to it so that nobody reads it without them. Each is also
  // a finding.
  std::vector<std::string> alerts;

  int ColumnIndex(std::string_view id) const;  // -1 if none
  const Row* FindRow(std::string_view id) const;
};

struct ChartSeries {
  std::string name;
  std::vector<int64_t> values_ore;
};

// A grouped bar chart of amounts (mnkr on the axis).
struct Chart {
  std::string id;
  std::string title;
  std::vector<std::string> categories;
  std::vector<ChartSeries> series;
  std::string note;
};

// What the validator found: tertial's one issue type (tertial/base/issues.h). Which cell:
// `file` is the table's id, `record` the row's and `field` the column's; `rule` the check
// ("row_sum", "deviation", "of_which", ...), `where` the cell for people, `shown` the figure
// as printed and `consistent` the figure that would be consistent (empty if none).
using Finding = ::tertial::Issue;

// Which forecast a report shows and what of the ledger it and the report rest on, so that
// the report can say it and the validator can check it (rule forecast_source). Filled
// from the projection (input_loader.h); a report of typed figures has none.
struct ForecastSource {
  // A forecast of the fiscal year was published as of the period or an earlier month.
  bool published = false;
  period::Period as_of;
  std::string published_at;  // when it was written to the log: "2021-09-03 12:02 UTC"
  std::string trigger;       // "period_closed", "adjustment_made", "ledger_changed", ...
  std::string event_id;      // the ForecastPublished envelope's
  // The forecast says which ledger it reflects (ForecastPublished.ledger_offset > 0);
  // false for one published before it said so.
  bool ledger_known = false;
  std::string ledger_event_id;  // the latest ledger event the forecast reflects
  // The latest ledger event the report's own ledger figures (operating statement, budget)
  // reflect; empty when the ledger has no events.
  std::string report_ledger_event_id;
  // The report's ledger holds a change of what the forecast rests on (a voucher or default
  // budget of the year or an earlier one, a unit, project or fiscal year defined anew) that
  // the forecast does not reflect; newer_ledger_event_id is the latest such change.
  bool older_than_ledger = false;
  std::string newer_ledger_event_id;
  // Per unit (leaves and roll-ups): the net actual through as_of the forecast was built on
  // (UnitForecast.actual_net_ore). Empty when ledger_known is false.
  std::map<std::string, int64_t> actual_net_ore;
};

// A section of the report: tables, charts, and the controllers' text (already resolved:
// every reference filled from the model).
struct Section {
  std::string id;  // "summary", "economy", ... "assignments"
  std::string title;
  std::string narrative_markdown;
  // Sentences made from the figures ("18 nämndmål: 8 uppfylls, 10 uppfylls delvis.").
  std::vector<std::string> highlights;
  std::vector<Table> tables;
  std::vector<Chart> charts;
};

struct Report {
  std::string organisation;  // kommunkod, "0580"
  std::string organisation_name;
  std::string board_id;         // "KS"
  std::string board_name;       // "Kommunstyrelsen"
  std::string primary_unit_id;  // the förvaltning shown stab by stab ("KLF")
  std::string primary_unit_name;
  period::Period period;  // as of, "2021-08"
  // The fiscal year the period lies in (the ledger's FiscalYearDefined; the calendar year
  // where none is defined): its label (the year it starts in, as the ledger numbers
  // fiscal years), its first month, and its name as printed ("2021", "2009/10").
  int fiscal_year = 0;
  period::Period fiscal_year_start;
  std::string fiscal_year_name;
  std::string prior_fiscal_year_name;  // "2020", "2008/09"
  std::vector<Section> sections;
  std::vector<Finding> findings;
  // Made from the projection: the forecast it shows (none for typed figures).
  std::optional<ForecastSource> forecast_source;

  const Table* FindTable(std::string_view id) const;
  Table* FindTable(std::string_view id);
  std::vector<const Table*> Tables() const;
  Section* FindSection(std::string_view id);
};

// Whether a section's text follows its tables and charts ("Analys och kommentar", as the
// printed report has it where it presents figures) or introduces them.
bool NarrativeFollowsFigures(std::string_view section_id);
// The findings about row `r` of table `t`, in the order the checks found them.
std::vector<const Finding*> FindingsOf(const Report& report, const Table& t, const Row& r);

// "jan–aug 2021" for the periods of the year through `period`.
std::string PeriodSpan(const period::Period& period);
// "jan–aug 2021", "jul–dec 2009", "jul 2009–feb 2010": the months from `start` through `end`.
std::string PeriodSpan(const period::Period& start, const period::Period& end);
// The report's months: the fiscal year's first through the period.
std::string ReportSpan(const Report& report);
// A fiscal year's name from its first month: "2021" (January), "2009/10" (July 2009 to June 2010).
std::string FiscalYearName(const period::Period& start);
// "augusti 2021".
std::string PeriodLong(const period::Period& period);

// "a, b och c".
std::string SwedishList(const std::vector<std::string>& items);
// `n` activities of a status (the goals service's names: genomförd, pågår, pausad,
// kvarstår, utgått, ej uppföljd), in number with the count as the printed report words
// it: "22 har genomförts", "76 pågår", "3 är pausade", "1 är pausad", "2 har utgått",
// "1 har inte följts upp".
std::string ActivityCountPhrase(std::string_view status, int64_t n);

// A cell as printed in the report: money in the table's unit (tkr "12 842", "-2 851", or
// mnkr "8,2"), numbers as recorded ("8,92"), "I.U." for no data, "–" for empty.
std::string FormatCell(const Cell& cell, const Table& table);
// Money for people in `unit_label` ("tkr" or "mnkr").
std::string FormatMoney(int64_t ore, std::string_view unit_label);
// The machine form of a cell for CSV/JSON: öre for money, "8.92" for numbers, "" for
// empty and I.U.
std::string MachineCell(const Cell& cell);

}  // namespace tertial::reporting

#endif  // TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_REPORT_H_
