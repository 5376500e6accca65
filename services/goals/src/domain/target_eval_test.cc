#include "domain/target_eval.h"

#include <gtest/gtest.h>

#include "tertial/vocabulary/goals.h"

namespace tertial::goals {
namespace {

struct Case {
  std::string target;  // as text; "" = no target set at all
  std::string value;   // "" = no value
  std::string baseline;
  pb::IndicatorStatus expected;
};

pb::IndicatorEvaluation Evaluate(const Case& c, pb::Polarity polarity = pb::POLARITY_UNSPECIFIED) {
  pb::Target target;
  pb::IndicatorValue value, baseline;
  RowInput in;
  in.period = MakePeriod(2021, 8);
  in.baseline_period = MakePeriod(2020, 0);
  if (!c.target.empty()) {
    target = *ParseTarget(c.target, polarity);
    in.target = &target;
  }
  if (!c.value.empty()) {
    value = *ParseValue(c.value);
    in.value = &value;
  }
  if (!c.baseline.empty()) {
    baseline = *ParseValue(c.baseline);
    in.baseline = &baseline;
  }
  return EvaluateRow(in);
}

TEST(EvaluateRow, ComparisonsOfEveryKind) {
  const std::vector<Case> cases = {
      {"< 23", "25", "", pb::INDICATOR_STATUS_NOT_MET},
      {"< 23", "22,9", "", pb::INDICATOR_STATUS_MET},
      {"< 23", "23", "", pb::INDICATOR_STATUS_NOT_MET},
      {"<= 3,2", "3,20", "", pb::INDICATOR_STATUS_MET},
      {"<= 3,2", "3,21", "", pb::INDICATOR_STATUS_NOT_MET},
      {"= 40 000", "40 000", "", pb::INDICATOR_STATUS_MET},
      {"= 40 000", "39 999", "", pb::INDICATOR_STATUS_NOT_MET},
      {">= 0", "19,0", "", pb::INDICATOR_STATUS_MET},
      {">= 0", "-30,5", "", pb::INDICATOR_STATUS_NOT_MET},
      {">= 0", "0", "", pb::INDICATOR_STATUS_MET},
      {"> 75", "75", "", pb::INDICATOR_STATUS_NOT_MET},
      {"> 75", "78", "", pb::INDICATOR_STATUS_MET},
      {"mindre än 2", "8,1", "", pb::INDICATOR_STATUS_NOT_MET},
  };
  for (const Case& c : cases) {
    pb::IndicatorEvaluation e = Evaluate(c);
    EXPECT_EQ(e.status(), c.expected) << c.target << " with " << c.value << ": " << e.reason();
  }
  EXPECT_EQ(Evaluate({"mindre än 2", "8,1", "", {}}).reason(), "8,1 is not < 2");
}

TEST(EvaluateRow, PlainNumbersFollowThePolarity) {
  EXPECT_EQ(Evaluate({"9.7", "8,92", "", {}}, pb::POLARITY_HIGHER_IS_BETTER).status(),
            pb::INDICATOR_STATUS_NOT_MET);
  EXPECT_EQ(Evaluate({"3,2", "1,8", "", {}}, pb::POLARITY_LOWER_IS_BETTER).status(),
            pb::INDICATOR_STATUS_MET);
}

TEST(EvaluateRow, DirectionsAgainstTheBaseline) {
  EXPECT_EQ(Evaluate({"öka", "69 (per 1 april)", "25", {}}).status(), pb::INDICATOR_STATUS_MET);
  EXPECT_EQ(Evaluate({"öka", "57,7", "59,8", {}}).status(), pb::INDICATOR_STATUS_NOT_MET);
  EXPECT_EQ(Evaluate({"öka", "44", "44", {}}).status(), pb::INDICATOR_STATUS_NOT_MET);
  EXPECT_EQ(Evaluate({"minska", "4,0", "7,9", {}}).status(), pb::INDICATOR_STATUS_MET);
  EXPECT_EQ(Evaluate({"minska", "8", "7,9", {}}).status(), pb::INDICATOR_STATUS_NOT_MET);
  pb::IndicatorEvaluation e = Evaluate({"öka", "57,7", "59,8", {}});
  EXPECT_EQ(e.reason(), "57,7 is not higher than 59,8 (2020)");
  EXPECT_EQ(e.baseline_period().year(), 2020);
}

TEST(EvaluateRow, NoDataIsNeverZero) {
  // An I.U. value against ">= 0" would be met if it were read as zero.
  EXPECT_EQ(Evaluate({">= 0", "I.U.", "", {}}).status(), pb::INDICATOR_STATUS_NO_DATA);
  EXPECT_EQ(Evaluate({"<= 0", "I.U.", "", {}}).status(), pb::INDICATOR_STATUS_NO_DATA);
  EXPECT_EQ(Evaluate({"< 23", "", "", {}}).status(), pb::INDICATOR_STATUS_NO_DATA);
  EXPECT_EQ(Evaluate({"< 23", "", "", {}}).reason(), "no value for 2021-08");
  // A direction needs a baseline value; an I.U. baseline is no data, not zero.
  EXPECT_EQ(Evaluate({"öka", "48", "I.U.", {}}).status(), pb::INDICATOR_STATUS_NO_DATA);
  EXPECT_EQ(Evaluate({"öka", "48", "", {}}).status(), pb::INDICATOR_STATUS_NO_DATA);
  EXPECT_EQ(Evaluate({"öka", "I.U.", "53", {}}).status(), pb::INDICATOR_STATUS_NO_DATA);
}

TEST(EvaluateRow, MissingOrUnknownTargets) {
  EXPECT_EQ(Evaluate({"", "98", "", {}}).status(), pb::INDICATOR_STATUS_NO_TARGET);
  EXPECT_EQ(Evaluate({"–", "98", "", {}}).status(), pb::INDICATOR_STATUS_NO_TARGET);
  pb::IndicatorEvaluation unknown = Evaluate({"I.U.", "I.U.", "", {}});
  EXPECT_EQ(unknown.status(), pb::INDICATOR_STATUS_NO_TARGET);
  EXPECT_EQ(unknown.reason(), "the target is I.U.");
}

TEST(EvaluateRow, RangesMeetATargetOnlyAsAWhole) {
  EXPECT_EQ(Evaluate({">= 98", "98–100", "", {}}).status(), pb::INDICATOR_STATUS_MET);
  pb::IndicatorEvaluation partly = Evaluate({">= 99", "98–100", "", {}});
  EXPECT_EQ(partly.status(), pb::INDICATOR_STATUS_NOT_MET);
  EXPECT_EQ(partly.reason(), "only part of 98–100 is >= 99");
  EXPECT_EQ(Evaluate({"öka", "98–100", "97", {}}).status(), pb::INDICATOR_STATUS_MET);
  EXPECT_EQ(Evaluate({"öka", "98–100", "99", {}}).status(), pb::INDICATOR_STATUS_NOT_MET);
}

}  // namespace
}  // namespace tertial::goals
