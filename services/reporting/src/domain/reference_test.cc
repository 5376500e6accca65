#include "reference.h"

#include <gtest/gtest.h>

#include "builder.h"
#include "testing/sample_input.h"

namespace tertial::reporting {
namespace {

class ReferenceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto built = Build(testing::SampleInput());
    ASSERT_TRUE(built.ok()) << built.status();
    report_ = std::move(*built);
  }
  std::string Resolve(std::string_view text) {
    auto ref = ParseReference(text);
    if (!ref.ok()) return std::string(ref.status().message());
    auto v = ResolveReference(report_, *ref);
    return v.ok() ? *v : std::string(v.status().message());
  }
  Report report_;
};

TEST_F(ReferenceTest, FillsAmountsInTheAskedFormat) {
  EXPECT_EQ(Resolve("forecast.sum.deviation"), "12 842");
  EXPECT_EQ(Resolve("forecast.sum.deviation|mnkr"), "12,8");
  EXPECT_EQ(Resolve("forecast.unit:KSGEM.deviation|mnkr"), "-2,9");
  EXPECT_EQ(Resolve(" forecast . unit:KSGEM . deviation | mnkr , abs "), "2,9");
  EXPECT_EQ(Resolve("operating.unit:EKS.deviation|mnkr"), "9,3");
  EXPECT_EQ(Resolve("forecast.sum/costs.budget|tkr"), "625 933");
}

TEST_F(ReferenceTest, FillsIndicatorValuesAsRecorded) {
  EXPECT_EQ(Resolve("indicators_4.indicator:personalkostnad.2021-08"), "25");
  EXPECT_EQ(Resolve("personnel.personnel:2.current"), "1,8");
}

TEST_F(ReferenceTest, UnknownPartsAreErrorsNotEmptyStrings) {
  EXPECT_EQ(Resolve("nosuch.sum.deviation"),
            "reference {{nosuch.sum.deviation}}: no table 'nosuch'");
  EXPECT_EQ(Resolve("forecast.unit:XYZ.deviation"),
            "reference {{forecast.unit:XYZ.deviation}}: table 'forecast' has no row 'unit:XYZ'");
  EXPECT_EQ(Resolve("forecast.sum.devation"),
            "reference {{forecast.sum.devation}}: table 'forecast' has no column 'devation'");
  EXPECT_NE(Resolve("forecast.sum.deviation|mkr").find("unknown format 'mkr'"), std::string::npos);
  EXPECT_NE(Resolve("indicators_1.indicator:delaktighet.2021-08").find("no data"),
            std::string::npos);
  EXPECT_NE(Resolve("forecast.sum").find("expected table.row.column"), std::string::npos);
}

TEST_F(ReferenceTest, NarrativeIsFilledAndBadReferencesAreMarkedAndReported) {
  std::vector<std::string> errors;
  std::string out = ResolveNarrative(
      report_, "Överskott {{forecast.sum.deviation|mnkr}} mnkr, \\{{literal}}, {{forecast.sum.x}}.",
      &errors);
  EXPECT_EQ(out, "Överskott 12,8 mnkr, {{literal}}, \u27e6fel: {{forecast.sum.x}}\u27e7.");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("no column 'x'"), std::string::npos);
  EXPECT_FALSE(CheckNarrative(report_, "a {{forecast.sum.deviation").ok());
  EXPECT_TRUE(CheckNarrative(report_, "{{economy.row:operating.deviation|mnkr}}").ok());
}

}  // namespace
}  // namespace tertial::reporting
