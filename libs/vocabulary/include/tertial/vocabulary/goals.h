#ifndef TERTIAL_VOCABULARY_GOALS_H_
#define TERTIAL_VOCABULARY_GOALS_H_

// The goals context's words: the text forms of indicator values, targets and periods, and
// the Swedish names of assessments, statuses and personnel measures. One list for everyone
// who reads or shows them — the goals service's YAML plan, CSV files and gRPC API, the CLI's
// tables and the report — so that they say the same (services/goals/README.md describes
// the forms). A library beside the goals protos, as they are published too:
//
//   value   "56"  "2,40"  "-30,5"  "40 000"  "98–100"  "I.U."  "2018: 74 %"
//           "1 940 (per 1 april)"  "I.U. (genomförs hösten 2021)"  "48 [4]"
//   target  "öka"  "minska"  "< 23"  ">= 0"  "= 40 000"  "mindre än 2"  "högst 4,6"
//           "ingen negativ avvikelse"  "–"  "I.U."  "84" (with a polarity)  "150,0 [7]"
//   period  "2021-08" (a follow-up month)  "2021" (the whole year)
//
// Every parsed value and target keeps the text it came from in `printed`.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "tertial/common/v1/types.pb.h"
#include "tertial/goals/v1/events.pb.h"

namespace tertial::goals {

namespace pb = ::tertial::goals::v1;

// Indicator values and targets keep at most this many decimals.
inline constexpr int kMaxValueDecimals = 9;

// A number by the rules every tertial input shares (tertial/money/decimal.h), in its wire
// form; compare and print it through money::DecimalFromProto.
absl::StatusOr<common::v1::Decimal> ParseNumber(std::string_view text);

absl::StatusOr<pb::IndicatorValue> ParseValue(std::string_view text);

// `polarity` decides what a plain number means: ">=" when higher is better, "<=" when
// lower is better; without one a plain number is an error that says so.
absl::StatusOr<pb::Target> ParseTarget(std::string_view text, pb::Polarity polarity);

absl::StatusOr<pb::ValuePeriod> ParsePeriod(std::string_view text);
pb::ValuePeriod MakePeriod(int year, int month);
std::string FormatPeriod(const pb::ValuePeriod& period);  // "2021-08", "2021"
// For people: "augusti 2021", "2021".
std::string DescribePeriod(const pb::ValuePeriod& period);

// Swedish style from the structured value: "2,40", "98–100", "I.U.", "2018: 74",
// "1 940 (per 1 april)". Footnotes are not included.
std::string FormatValue(const pb::IndicatorValue& value);
// For machines: "2.40", "98..100", "" for no data.
std::string FormatValuePlain(const pb::IndicatorValue& value);
// "< 23", ">= 0", "öka", "–", "I.U.".
std::string FormatTarget(const pb::Target& target);
// For machines: "< 23", ">= 1.75", "increase", "decrease", "" (none), "I.U.".
std::string FormatTargetPlain(const pb::Target& target);

// Names used in files and on the command line.
std::string_view AssessmentName(pb::Assessment assessment);  // "uppfylls", "delvis", ...
absl::StatusOr<pb::Assessment> ParseAssessment(std::string_view text);
std::string_view ActivityStatusName(pb::ActivityStatus status);  // "genomförd", ...
absl::StatusOr<pb::ActivityStatus> ParseActivityStatus(std::string_view text);
std::string_view AssignmentStatusName(pb::AssignmentStatus status);
absl::StatusOr<pb::AssignmentStatus> ParseAssignmentStatus(std::string_view text);
std::string_view PersonnelMeasureName(pb::PersonnelMeasure measure);  // "sick_leave", ...
// As the report and the CLI's table print it: "Antal tillsvidareanställda", ...
std::string_view PersonnelMeasureLabel(pb::PersonnelMeasure measure);
absl::StatusOr<pb::PersonnelMeasure> ParsePersonnelMeasure(std::string_view text);
std::string_view IndicatorStatusName(pb::IndicatorStatus status);  // "met", ...
std::string_view CheckVerdictName(pb::CheckVerdict verdict);
absl::StatusOr<pb::Polarity> ParsePolarity(std::string_view text);
absl::StatusOr<pb::NoDataReason> ParseNoDataReason(std::string_view text);
absl::StatusOr<pb::DerivedKind> ParseDerivedKind(std::string_view text);
std::string_view DerivedKindName(pb::DerivedKind kind);

// The id of an indicator row: "women" for kvinnor/K/women, "men" for män/M/men, "" for
// totalt/T/total/empty (the total row); anything else as given.
std::string BreakdownId(std::string_view text);

// Lower-cases ASCII and the Swedish letters Å Ä Ö É; trims spaces.
std::string Fold(std::string_view text);

}  // namespace tertial::goals

#endif  // TERTIAL_VOCABULARY_GOALS_H_
