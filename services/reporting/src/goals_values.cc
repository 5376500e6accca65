#include "goals_values.h"

#include "tertial/base/strings.h"
#include "tertial/money/decimal_proto.h"

namespace tertial::reporting {

namespace gv1 = ::tertial::goals::v1;

IndicatorValue ToValue(const gv1::IndicatorValue& v) {
  IndicatorValue out;
  if (!v.footnotes().empty()) out.footnote = std::to_string(v.footnotes(0));
  if (v.measured_year() != 0) {
    out.text = v.printed().empty() ? StrCat(v.measured_year(), ": ",
                                            FormatDecimal(money::DecimalFromProto(v.number())))
                                   : v.printed();
    return out;
  }
  switch (v.kind_case()) {
    case gv1::IndicatorValue::kNumber:
      out.value = money::DecimalFromProto(v.number());
      out.remark = v.note();
      break;
    case gv1::IndicatorValue::kRange:
      out.text = StrCat(FormatDecimal(money::DecimalFromProto(v.range().low())), "\u2013",
                        FormatDecimal(money::DecimalFromProto(v.range().high())));
      break;
    case gv1::IndicatorValue::kNoData:
      if (v.no_data().reason() == gv1::NO_DATA_REASON_PENDING ||
          v.no_data().reason() == gv1::NO_DATA_REASON_DISCONTINUED) {
        // "data först vid årsskiftet", "indikatorn har utgått": printed as text.
        out.text = !v.note().empty() ? v.note() : (!v.printed().empty() ? v.printed() : "I.U.");
        if (out.text.rfind("I.U.", 0) == 0) {
          out.text.clear();
          out.remark = v.note();
        }
      } else {
        out.remark = v.note();
      }
      break;
    default:
      out.empty = true;
  }
  return out;
}

Target ToTarget(const gv1::Target& t) {
  Target out;
  out.printed = t.printed();
  // The footnote is printed as a mark of its own (target_footnote): a target written
  // "150,0 [7]" shows as "150,0" with the mark, not with it twice.
  for (int mark : t.footnotes()) {
    std::string written = StrCat(" [", mark, "]");
    if (out.printed.size() > written.size() &&
        out.printed.compare(out.printed.size() - written.size(), written.size(), written) == 0) {
      out.printed.resize(out.printed.size() - written.size());
    }
  }
  switch (t.form_case()) {
    case gv1::Target::kComparison: {
      out.kind = Target::Kind::kCompare;
      out.value = money::DecimalFromProto(t.comparison().value());
      switch (t.comparison().comparator()) {
        case gv1::COMPARATOR_LESS:
          out.op = "<";
          break;
        case gv1::COMPARATOR_LESS_OR_EQUAL:
          out.op = "<=";
          break;
        case gv1::COMPARATOR_EQUAL:
          out.op = "=";
          break;
        case gv1::COMPARATOR_GREATER:
          out.op = ">";
          break;
        default:
          out.op = ">=";
          break;
      }
      if (out.printed.empty()) out.printed = StrCat(out.op, " ", FormatDecimal(out.value));
      break;
    }
    case gv1::Target::kDirection:
      out.kind = t.direction().direction() == gv1::DIRECTION_DECREASE ? Target::Kind::kDecrease
                                                                      : Target::Kind::kIncrease;
      if (out.printed.empty()) out.printed = out.kind == Target::Kind::kIncrease ? "Öka" : "Minska";
      break;
    default:
      break;
  }
  return out;
}

IndicatorStatus ToStatus(gv1::IndicatorStatus s) {
  switch (s) {
    case gv1::INDICATOR_STATUS_MET:
      return IndicatorStatus::kMet;
    case gv1::INDICATOR_STATUS_NOT_MET:
      return IndicatorStatus::kNotMet;
    default:
      return IndicatorStatus::kNoData;
  }
}

Assessment ToAssessment(gv1::Assessment a) {
  switch (a) {
    case gv1::ASSESSMENT_MET:
      return Assessment::kMet;
    case gv1::ASSESSMENT_PARTLY_MET:
      return Assessment::kPartly;
    case gv1::ASSESSMENT_NOT_MET:
      return Assessment::kNotMet;
    case gv1::ASSESSMENT_CANNOT_BE_ASSESSED:
      return Assessment::kCannotAssess;
    default:
      return Assessment::kNone;
  }
}

std::optional<AssessmentCheck> CheckOf(const gv1::EvaluationPublished& evaluation,
                                       const std::string& goal_id) {
  for (const gv1::GoalEvaluation& g : evaluation.goals()) {
    if (g.goal_id() != goal_id) continue;
    AssessmentCheck c{.reason = g.reason(),
                      .indicators_met = g.indicators_met(),
                      .indicators_not_met = g.indicators_not_met(),
                      .indicators_no_data = g.indicators_no_data(),
                      .indicators_no_target = g.indicators_no_target()};
    switch (g.verdict()) {
      case gv1::CHECK_VERDICT_CONSISTENT:
        c.verdict = AssessmentCheck::Verdict::kConsistent;
        break;
      case gv1::CHECK_VERDICT_CONTRADICTED:
        c.verdict = AssessmentCheck::Verdict::kContradicted;
        break;
      case gv1::CHECK_VERDICT_NOT_CHECKABLE:
        c.verdict = AssessmentCheck::Verdict::kNotCheckable;
        break;
      case gv1::CHECK_VERDICT_NOT_ASSESSED:
        c.verdict = AssessmentCheck::Verdict::kNotAssessed;
        break;
      default:
        return std::nullopt;  // a goals service that did not check
    }
    return c;
  }
  return std::nullopt;
}

}  // namespace tertial::reporting
