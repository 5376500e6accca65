#include "domain/target_eval.h"

#include <string>

#include "tertial/base/strings.h"
#include "tertial/money/decimal_proto.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::goals {
namespace {

int CompareDecimal(const common::v1::Decimal& a, const common::v1::Decimal& b) {
  return money::Decimal::Compare(money::DecimalFromProto(a), money::DecimalFromProto(b));
}

bool Satisfies(const common::v1::Decimal& value, const pb::Comparison& comparison) {
  int c = CompareDecimal(value, comparison.value());
  switch (comparison.comparator()) {
    case pb::COMPARATOR_LESS:
      return c < 0;
    case pb::COMPARATOR_LESS_OR_EQUAL:
      return c <= 0;
    case pb::COMPARATOR_EQUAL:
      return c == 0;
    case pb::COMPARATOR_GREATER_OR_EQUAL:
      return c >= 0;
    case pb::COMPARATOR_GREATER:
      return c > 0;
    default:
      return false;
  }
}

const common::v1::Decimal& Low(const pb::IndicatorValue& v) {
  return v.has_range() ? v.range().low() : v.number();
}
const common::v1::Decimal& High(const pb::IndicatorValue& v) {
  return v.has_range() ? v.range().high() : v.number();
}

bool HasNumber(const pb::IndicatorValue* v) {
  return v != nullptr && (v->has_number() || v->has_range());
}

std::string NoDataWords(const pb::IndicatorValue& v) {
  switch (v.no_data().reason()) {
    case pb::NO_DATA_REASON_PENDING:
      return "not available yet";
    case pb::NO_DATA_REASON_DISCONTINUED:
      return "the indicator is discontinued";
    default:
      return "I.U.";
  }
}

}  // namespace

pb::ValuePeriod BaselinePeriod(const pb::Target& target, int plan_year) {
  if (target.has_direction() && target.direction().has_baseline()) {
    return target.direction().baseline();
  }
  return MakePeriod(plan_year - 1, 0);
}

pb::IndicatorEvaluation EvaluateRow(const RowInput& in) {
  pb::IndicatorEvaluation out;
  if (in.target != nullptr) *out.mutable_target() = *in.target;
  if (in.value != nullptr) *out.mutable_value() = *in.value;
  auto set = [&](pb::IndicatorStatus status, std::string reason) {
    out.set_status(status);
    out.set_reason(std::move(reason));
    return out;
  };
  const std::string period = FormatPeriod(in.period);
  if (in.target == nullptr || in.target->form_case() == pb::Target::FORM_NOT_SET ||
      in.target->has_none()) {
    bool unknown = in.target != nullptr && in.target->has_none() &&
                   in.target->none().kind() == pb::NO_TARGET_KIND_NOT_AVAILABLE;
    return set(pb::INDICATOR_STATUS_NO_TARGET, unknown ? "the target is I.U." : "no target");
  }
  if (in.value == nullptr)
    return set(pb::INDICATOR_STATUS_NO_DATA, StrCat("no value for ", period));
  if (!HasNumber(in.value)) {
    return set(pb::INDICATOR_STATUS_NO_DATA, StrCat(NoDataWords(*in.value), " for ", period));
  }
  std::string shown = FormatValue(*in.value);
  if (in.target->has_comparison()) {
    const pb::Comparison& comparison = in.target->comparison();
    std::string goal = FormatTarget(*in.target);
    bool low = Satisfies(Low(*in.value), comparison);
    bool high = Satisfies(High(*in.value), comparison);
    if (low && high) return set(pb::INDICATOR_STATUS_MET, StrCat(shown, " is ", goal));
    if (low || high) {
      return set(pb::INDICATOR_STATUS_NOT_MET, StrCat("only part of ", shown, " is ", goal));
    }
    return set(pb::INDICATOR_STATUS_NOT_MET, StrCat(shown, " is not ", goal));
  }
  // A direction against the baseline.
  *out.mutable_baseline_period() = in.baseline_period;
  if (in.baseline != nullptr) *out.mutable_baseline() = *in.baseline;
  const std::string base_period = FormatPeriod(in.baseline_period);
  if (!HasNumber(in.baseline)) {
    return set(pb::INDICATOR_STATUS_NO_DATA, StrCat("no baseline value for ", base_period));
  }
  bool increase = in.target->direction().direction() != pb::DIRECTION_DECREASE;
  std::string base = FormatValue(*in.baseline);
  bool moved = increase ? CompareDecimal(Low(*in.value), High(*in.baseline)) > 0
                        : CompareDecimal(High(*in.value), Low(*in.baseline)) < 0;
  if (moved) {
    return set(pb::INDICATOR_STATUS_MET, StrCat(shown, " is ", increase ? "higher" : "lower",
                                                " than ", base, " (", base_period, ")"));
  }
  return set(pb::INDICATOR_STATUS_NOT_MET, StrCat(shown, " is not ", increase ? "higher" : "lower",
                                                  " than ", base, " (", base_period, ")"));
}

}  // namespace tertial::goals
