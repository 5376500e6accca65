// The Swedish (and file) names of the goals context's enums: assessments, statuses,
// personnel measures, polarities, no-data reasons and derivations (goals.h).

#include <string_view>
#include <vector>

#include "tertial/base/strings.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::goals {
namespace {

struct Named {
  std::string_view name;
  int value;
};

template <typename Enum>
absl::StatusOr<Enum> Lookup(std::string_view text, std::string_view what,
                            const std::vector<Named>& names, std::string_view expected) {
  std::string folded = Fold(text);
  for (const Named& n : names) {
    if (Fold(n.name) == folded) return static_cast<Enum>(n.value);
  }
  return absl::InvalidArgumentError(StrCat("'", text, "' is not ", what, ": expected ", expected));
}

}  // namespace

std::string_view AssessmentName(pb::Assessment assessment) {
  switch (assessment) {
    case pb::ASSESSMENT_MET:
      return "uppfylls";
    case pb::ASSESSMENT_PARTLY_MET:
      return "delvis";
    case pb::ASSESSMENT_NOT_MET:
      return "uppfylls ej";
    case pb::ASSESSMENT_CANNOT_BE_ASSESSED:
      return "kan ej bedömas";
    default:
      return "";
  }
}

absl::StatusOr<pb::Assessment> ParseAssessment(std::string_view text) {
  return Lookup<pb::Assessment>(text, "an assessment",
                                {{"uppfylls", pb::ASSESSMENT_MET},
                                 {"met", pb::ASSESSMENT_MET},
                                 {"delvis", pb::ASSESSMENT_PARTLY_MET},
                                 {"uppfylls delvis", pb::ASSESSMENT_PARTLY_MET},
                                 {"partly met", pb::ASSESSMENT_PARTLY_MET},
                                 {"uppfylls ej", pb::ASSESSMENT_NOT_MET},
                                 {"ej", pb::ASSESSMENT_NOT_MET},
                                 {"not met", pb::ASSESSMENT_NOT_MET},
                                 {"kan ej bedömas", pb::ASSESSMENT_CANNOT_BE_ASSESSED},
                                 {"ej bedömd", pb::ASSESSMENT_CANNOT_BE_ASSESSED},
                                 {"cannot be assessed", pb::ASSESSMENT_CANNOT_BE_ASSESSED}},
                                "uppfylls, delvis, uppfylls ej or kan ej bedömas");
}

std::string_view ActivityStatusName(pb::ActivityStatus status) {
  switch (status) {
    case pb::ACTIVITY_STATUS_DONE:
      return "genomförd";
    case pb::ACTIVITY_STATUS_ONGOING:
      return "pågår";
    case pb::ACTIVITY_STATUS_PAUSED:
      return "pausad";
    case pb::ACTIVITY_STATUS_REMAINING:
      return "kvarstår";
    case pb::ACTIVITY_STATUS_CANCELLED:
      return "utgått";
    case pb::ACTIVITY_STATUS_NOT_FOLLOWED_UP:
      return "ej uppföljd";
    default:
      return "";
  }
}

absl::StatusOr<pb::ActivityStatus> ParseActivityStatus(std::string_view text) {
  return Lookup<pb::ActivityStatus>(text, "an activity status",
                                    {{"genomförd", pb::ACTIVITY_STATUS_DONE},
                                     {"genomförda", pb::ACTIVITY_STATUS_DONE},
                                     {"done", pb::ACTIVITY_STATUS_DONE},
                                     {"pågår", pb::ACTIVITY_STATUS_ONGOING},
                                     {"ongoing", pb::ACTIVITY_STATUS_ONGOING},
                                     {"pausad", pb::ACTIVITY_STATUS_PAUSED},
                                     {"paused", pb::ACTIVITY_STATUS_PAUSED},
                                     {"kvarstår", pb::ACTIVITY_STATUS_REMAINING},
                                     {"remaining", pb::ACTIVITY_STATUS_REMAINING},
                                     {"utgått", pb::ACTIVITY_STATUS_CANCELLED},
                                     {"cancelled", pb::ACTIVITY_STATUS_CANCELLED},
                                     {"ej uppföljd", pb::ACTIVITY_STATUS_NOT_FOLLOWED_UP},
                                     {"not followed up", pb::ACTIVITY_STATUS_NOT_FOLLOWED_UP}},
                                    "genomförd, pågår, pausad, kvarstår, utgått or ej uppföljd");
}

std::string_view AssignmentStatusName(pb::AssignmentStatus status) {
  switch (status) {
    case pb::ASSIGNMENT_STATUS_DONE:
      return "genomfört";
    case pb::ASSIGNMENT_STATUS_ONGOING:
      return "pågår";
    case pb::ASSIGNMENT_STATUS_REMAINING:
      return "kvarstår";
    default:
      return "";
  }
}

absl::StatusOr<pb::AssignmentStatus> ParseAssignmentStatus(std::string_view text) {
  return Lookup<pb::AssignmentStatus>(text, "an assignment status",
                                      {{"genomfört", pb::ASSIGNMENT_STATUS_DONE},
                                       {"done", pb::ASSIGNMENT_STATUS_DONE},
                                       {"pågår", pb::ASSIGNMENT_STATUS_ONGOING},
                                       {"ongoing", pb::ASSIGNMENT_STATUS_ONGOING},
                                       {"kvarstår", pb::ASSIGNMENT_STATUS_REMAINING},
                                       {"remaining", pb::ASSIGNMENT_STATUS_REMAINING}},
                                      "genomfört, pågår or kvarstår");
}

std::string_view PersonnelMeasureName(pb::PersonnelMeasure measure) {
  switch (measure) {
    case pb::PERSONNEL_MEASURE_PERMANENT_EMPLOYEES:
      return "permanent_employees";
    case pb::PERSONNEL_MEASURE_SICK_LEAVE:
      return "sick_leave";
    case pb::PERSONNEL_MEASURE_STAFF_TURNOVER:
      return "staff_turnover";
    default:
      return "";
  }
}

std::string_view PersonnelMeasureLabel(pb::PersonnelMeasure measure) {
  switch (measure) {
    case pb::PERSONNEL_MEASURE_PERMANENT_EMPLOYEES:
      return "Antal tillsvidareanställda";
    case pb::PERSONNEL_MEASURE_SICK_LEAVE:
      return "Total sjukfrånvaro (%)";
    case pb::PERSONNEL_MEASURE_STAFF_TURNOVER:
      return "Extern personalomsättning (%)";
    default:
      return "";
  }
}

absl::StatusOr<pb::PersonnelMeasure> ParsePersonnelMeasure(std::string_view text) {
  return Lookup<pb::PersonnelMeasure>(
      text, "a personnel measure",
      {{"permanent_employees", pb::PERSONNEL_MEASURE_PERMANENT_EMPLOYEES},
       {"sick_leave", pb::PERSONNEL_MEASURE_SICK_LEAVE},
       {"staff_turnover", pb::PERSONNEL_MEASURE_STAFF_TURNOVER}},
      "permanent_employees, sick_leave or staff_turnover");
}

std::string_view IndicatorStatusName(pb::IndicatorStatus status) {
  switch (status) {
    case pb::INDICATOR_STATUS_MET:
      return "met";
    case pb::INDICATOR_STATUS_NOT_MET:
      return "not_met";
    case pb::INDICATOR_STATUS_NO_DATA:
      return "no_data";
    case pb::INDICATOR_STATUS_NO_TARGET:
      return "no_target";
    default:
      return "";
  }
}

std::string_view CheckVerdictName(pb::CheckVerdict verdict) {
  switch (verdict) {
    case pb::CHECK_VERDICT_CONSISTENT:
      return "consistent";
    case pb::CHECK_VERDICT_CONTRADICTED:
      return "contradicted";
    case pb::CHECK_VERDICT_NOT_CHECKABLE:
      return "not_checkable";
    case pb::CHECK_VERDICT_NOT_ASSESSED:
      return "not_assessed";
    default:
      return "";
  }
}

absl::StatusOr<pb::Polarity> ParsePolarity(std::string_view text) {
  return Lookup<pb::Polarity>(
      text, "a polarity",
      {{"higher", pb::POLARITY_HIGHER_IS_BETTER}, {"lower", pb::POLARITY_LOWER_IS_BETTER}},
      "higher or lower");
}

absl::StatusOr<pb::NoDataReason> ParseNoDataReason(std::string_view text) {
  return Lookup<pb::NoDataReason>(text, "a no-data reason",
                                  {{"not_available", pb::NO_DATA_REASON_NOT_AVAILABLE},
                                   {"pending", pb::NO_DATA_REASON_PENDING},
                                   {"discontinued", pb::NO_DATA_REASON_DISCONTINUED}},
                                  "not_available, pending or discontinued");
}

absl::StatusOr<pb::DerivedKind> ParseDerivedKind(std::string_view text) {
  return Lookup<pb::DerivedKind>(text, "a derivation",
                                 {{"budget_deviation", pb::DERIVED_KIND_BUDGET_DEVIATION},
                                  {"investment_deviation", pb::DERIVED_KIND_INVESTMENT_DEVIATION},
                                  {"personnel_cost_share", pb::DERIVED_KIND_PERSONNEL_COST_SHARE}},
                                 "budget_deviation, investment_deviation or personnel_cost_share");
}

std::string_view DerivedKindName(pb::DerivedKind kind) {
  switch (kind) {
    case pb::DERIVED_KIND_BUDGET_DEVIATION:
      return "budget_deviation";
    case pb::DERIVED_KIND_INVESTMENT_DEVIATION:
      return "investment_deviation";
    case pb::DERIVED_KIND_PERSONNEL_COST_SHARE:
      return "personnel_cost_share";
    default:
      return "";
  }
}

}  // namespace tertial::goals
