#include "validate.h"

#include <gtest/gtest.h>

#include "builder.h"
#include "tertial/base/strings.h"
#include "tertial/money/money.h"
#include "testing/sample_input.h"

namespace tertial::reporting {
namespace {

constexpr int64_t kTkr = 100'000;

std::vector<Finding> Only(const std::vector<Finding>& all, std::string_view rule) {
  std::vector<Finding> out;
  for (const Finding& f : all) {
    if (f.rule == rule) out.push_back(f);
  }
  return out;
}

class ValidateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto built = Build(testing::SampleInput());
    ASSERT_TRUE(built.ok()) << built.status();
    report_ = std::move(*built);
  }
  Row& RowOf(std::string_view table, std::string_view row) {
    Table* t = report_.FindTable(table);
    for (Row& r : t->rows) {
      if (r.id == row) return r;
    }
    ADD_FAILURE() << row;
    return t->rows[0];
  }
  Report report_;
};

TEST_F(ValidateTest, ExactModelHasNoArithmeticFindings) {
  auto findings = Validate(report_);
  EXPECT_TRUE(Only(findings, "row_sum").empty());
  EXPECT_TRUE(Only(findings, "deviation").empty());
  EXPECT_TRUE(Only(findings, "of_which").empty());
  EXPECT_TRUE(Only(findings, "cross_table").empty());
}

// Found by reporting_readback_fuzzer: a report read back with huge amounts wrapped the
// row sums in int64 (UBSan: signed overflow in RowSums).
TEST_F(ValidateTest, AmountsTooLargeToAddAreOneFindingNotAWrappedSum) {
  Table* op = report_.FindTable("operating");
  for (Row& r : op->rows) {
    if (r.kind == RowKind::kUnit) r.cells[0] = Cell::Money(INT64_MAX / 2);
  }
  auto findings = Validate(report_);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "too_large");
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_EQ(findings[0].file, "operating");
  EXPECT_NE(findings[0].message.find("för stora"), std::string::npos) << findings[0].message;
}

TEST_F(ValidateTest, TheMostNegativeAmountIsTooLargeToo) {
  RowOf("forecast", "sum").cells[0] = Cell::Money(INT64_MIN);
  auto findings = Validate(report_);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "too_large");
  EXPECT_EQ(findings[0].file, "forecast");
}

TEST_F(ValidateTest, FindsARowThatDoesNotAddUpAndSaysWhatWouldBeConsistent) {
  Row& eks = RowOf("operating", "unit:EKS");
  int64_t was = eks.cells[0].ore();
  eks.cells[0] = Cell::Money(was + 1'000 * kTkr);
  eks.cells[2] = Cell::Money(eks.cells[1].ore() - eks.cells[0].ore());
  auto sums = Only(Validate(report_), "row_sum");
  ASSERT_EQ(sums.size(), 2u);  // actual, and the deviation that follows it
  EXPECT_EQ(sums[1].field, "deviation");
  EXPECT_EQ(sums[0].file, "operating");
  EXPECT_EQ(sums[0].record, "sum");
  EXPECT_EQ(sums[0].field, "actual");
  EXPECT_EQ(sums[0].shown, "324 596");
  EXPECT_EQ(sums[0].consistent, "325 596");
}

TEST_F(ValidateTest, DeviationMustBeBudgetMinusActual) {
  RowOf("forecast", "unit:HRS").cells[2] = Cell::Money(2'000 * kTkr);
  auto d = Only(Validate(report_), "deviation");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].record, "unit:HRS");
  EXPECT_EQ(d[0].shown, "2 000");
  EXPECT_EQ(d[0].consistent, "2 832");
}

TEST_F(ValidateTest, ReversedSignIsAWarningOfItsOwn) {
  Row& vss = RowOf("operating", "unit:VSS");
  vss.cells[2] = Cell::Money(-vss.cells[2].ore());
  auto all = Validate(report_);
  EXPECT_TRUE(Only(all, "deviation").empty());
  auto s = Only(all, "deviation_sign");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].severity, Severity::kWarning);
  EXPECT_EQ(s[0].shown, "-9 601");
  EXPECT_EQ(s[0].consistent, "9 601");
}

TEST_F(ValidateTest, DetectsCostsAndRevenuesSwapped) {
  Row& costs = RowOf("forecast", "sum/costs");
  Row& revenues = RowOf("forecast", "sum/revenues");
  int64_t c = costs.cells[3].ore(), r = revenues.cells[3].ore();
  costs.cells[3] = Cell::Money(-r);
  revenues.cells[3] = Cell::Money(-c);
  auto o = Only(Validate(report_), "of_which");
  ASSERT_EQ(o.size(), 1u);
  EXPECT_EQ(o[0].field, "prior_year");
  EXPECT_NE(o[0].message.find("förväxlade"), std::string::npos);
}

TEST_F(ValidateTest, TypedRoundingIsNotAFinding) {
  // 9 rows typed in tkr, each within half a tkr of the truth, may miss the total by 1.
  Table* t = report_.FindTable("operating");
  for (Row& r : t->rows) {
    for (Cell& c : r.cells) c = Cell::Money(money::RoundToUnits(c.ore(), kTkr) * kTkr, kTkr);
  }
  RowOf("operating", "sum").cells[0] =
      Cell::Money(RowOf("operating", "sum").cells[0].ore() + kTkr, kTkr);
  EXPECT_TRUE(Only(Validate(report_), "row_sum").empty());
}

TEST_F(ValidateTest, EconomySummaryMustAgreeWithTheTables) {
  Row& op = RowOf("economy", "row:operating");
  op.cells[0] = Cell::Money(op.cells[0].ore() + 500 * kTkr);
  op.cells[2] = Cell::Money(op.cells[1].ore() - op.cells[0].ore());
  auto x = Only(Validate(report_), "cross_table");
  ASSERT_EQ(x.size(), 1u);
  EXPECT_EQ(x[0].file, "economy");
  EXPECT_EQ(x[0].field, "forecast");
}

TEST_F(ValidateTest, GoalCountsMustMatchTheGoalList) {
  RowOf("goal_summary", "assessment:uppfylls").cells[0] = Cell::Number({9, 0});
  auto x = Only(Validate(report_), "cross_table");
  ASSERT_FALSE(x.empty());
  EXPECT_EQ(x[0].consistent, "8");
  auto sums = Only(Validate(report_), "row_sum");
  ASSERT_EQ(sums.size(), 1u);
  EXPECT_EQ(sums[0].consistent, "19");
}

TEST_F(ValidateTest, AssessmentAgainstIndicatorsUsesTheGoalsStatusWhereGiven) {
  auto before = Only(Validate(report_), "assessment");
  bool kontroll = false;
  for (const Finding& f : before) kontroll = kontroll || f.record == "goal:kontroll";
  EXPECT_TRUE(kontroll);
  Row& ind = RowOf("indicators_5", "indicator:budgetavvikelse");
  ind.status = IndicatorStatus::kMet;  // as if the goals service said so
  ind.status_from_goals = true;
  for (const Finding& f : Only(Validate(report_), "assessment"))
    EXPECT_NE(f.record, "goal:kontroll");
}

// X5: where the goals service checked an assessment, its verdict is the rule. The sample's
// God ekonomisk kontroll is "uppfylls" with its only indicator missing: the own rule finds
// it; a goals verdict "consistent" (as if the service had seen another indicator meet its
// target) leaves it, and "contradicted" finds it however the report's rows look.
TEST_F(ValidateTest, TheGoalsServicesCheckIsTheRuleWhereItMadeOne) {
  Row& goal = RowOf("goals", "goal:kontroll");
  goal.assessment_check = AssessmentCheck{.verdict = AssessmentCheck::Verdict::kConsistent,
                                          .indicators_met = 1,
                                          .indicators_not_met = 1};
  for (const Finding& f : Only(Validate(report_), "assessment"))
    EXPECT_NE(f.record, "goal:kontroll");
  // A goal with some indicators missing: the own rule would warn; the goals check does not.
  Row& partly = RowOf("goals", "goal:effektiv");
  partly.assessment = Assessment::kMet;
  RowOf("indicators_5", "indicator:budgetavvikelse").goal_id = "goal:effektiv";
  bool warned = false;
  for (const Finding& f : Only(Validate(report_), "assessment"))
    warned = warned || f.record == "goal:effektiv";
  EXPECT_TRUE(warned) << "the own rule warns: one indicator meets, one misses";
  partly.assessment_check = AssessmentCheck{.verdict = AssessmentCheck::Verdict::kConsistent,
                                            .indicators_met = 1,
                                            .indicators_not_met = 1};
  for (const Finding& f : Only(Validate(report_), "assessment"))
    EXPECT_NE(f.record, "goal:effektiv");
  goal.assessment_check =
      AssessmentCheck{.verdict = AssessmentCheck::Verdict::kContradicted, .indicators_not_met = 1};
  std::vector<Finding> found;
  for (const Finding& f : Only(Validate(report_), "assessment")) {
    if (f.record == "goal:kontroll") found.push_back(f);
  }
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kError);
  EXPECT_EQ(found[0].shown, "Uppfylls");
  EXPECT_EQ(found[0].consistent, "Uppfylls delvis");
  EXPECT_NE(found[0].message.find("den enda indikatorn med värde och målvärde når inte målvärdet"),
            std::string::npos)
      << found[0].message;
  EXPECT_NE(found[0].message.find("(målstyrningens kontroll)"), std::string::npos);
}

TEST_F(ValidateTest, NotMetWhileEveryIndicatorIsMetIsFound) {
  RowOf("goals", "goal:effektiv").assessment = Assessment::kNotMet;
  bool found = false;
  for (const Finding& f : Only(Validate(report_), "assessment"))
    found = found || f.record == "goal:effektiv";
  EXPECT_TRUE(found);
}

TEST_F(ValidateTest, WarnsOnImplausibleJumps) {
  auto y = Only(Validate(report_), "year_over_year");
  bool leanlink = false, ksgem = false;
  for (const Finding& f : y) {
    EXPECT_EQ(f.severity, Severity::kWarning);
    leanlink = leanlink || (f.file == "operating" && f.record == "unit:LL");
    ksgem = ksgem || (f.file == "forecast" && f.record == "unit:KSGEM");
  }
  EXPECT_TRUE(leanlink);  // 25 677 deficit last year, -23 749 now
  EXPECT_TRUE(ksgem);     // 28 497 against 153 510
}

TEST_F(ValidateTest, ClaimsAreCheckedAgainstTheCells) {
  std::vector<Claim> claims = {
      {.section = "economy",
       .text = "överskott 12,8 mnkr",
       .reference = "forecast.sum.deviation|mnkr",
       .shown = "12,8"},
      {.section = "goals",
       .text = "8,5 %",
       .reference = "indicators_5.indicator:budgetavvikelse.2021-08",
       .shown = "8,5"},
  };
  auto f = ValidateClaims(report_, claims);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].shown, "8,5");
  EXPECT_EQ(f[0].consistent, "8,1");
}

TEST_F(ValidateTest, ClaimsAreComparedAsNumbersWhateverMinusOrSpaceThePrintUsed) {
  // The forecast table shows -2 851 tkr for KSGEM, -2,9 mnkr; the sum's deviation 12 842 tkr.
  std::vector<Claim> claims;
  for (std::string_view shown : {"\u20132,9", "\u2013 2,9", "\u2212 2,9", "-2,9", "-2.9"}) {
    claims.push_back({.section = "economy",
                      .text = StrCat("en negativ avvikelse med ", shown, " mnkr"),
                      .reference = "forecast.unit:KSGEM.deviation|mnkr",
                      .shown = std::string(shown)});
  }
  for (std::string_view shown : {"12\u2009842", "12\u00A0842", "12\u202F842"}) {
    claims.push_back({.section = "economy",
                      .text = "överskott",
                      .reference = "forecast.sum.deviation",
                      .shown = std::string(shown)});
  }
  for (const Finding& f : ValidateClaims(report_, claims))
    ADD_FAILURE() << f.shown << ": " << f.message;

  // A real difference is still an error, however its minus is printed.
  auto f = ValidateClaims(report_, {{.section = "economy",
                                     .text = "en negativ avvikelse med \u2013 2,8 mnkr",
                                     .reference = "forecast.unit:KSGEM.deviation|mnkr",
                                     .shown = "\u2013 2,8"},
                                    {.section = "economy",
                                     .text = "ett överskott med 2,9 mnkr",
                                     .reference = "forecast.unit:KSGEM.deviation|mnkr",
                                     .shown = "2,9"}});
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].severity, Severity::kError);
  EXPECT_EQ(f[0].rule, "claim");
  EXPECT_EQ(f[0].shown, "\u2013 2,8");
  EXPECT_EQ(f[0].consistent, "-2,9");
  EXPECT_EQ(f[1].shown, "2,9");
  EXPECT_EQ(f[1].consistent, "-2,9");
}

// Rule forecast_source and the cross-table rule on actuals: the sample with its forecast
// described as the projection would, then made stale in one way or another.
class ForecastSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    in_ = testing::SampleInput();
    in_.forecast_source = testing::CurrentForecastSource(in_);
  }
  Report Built() {
    auto built = Build(in_);
    EXPECT_TRUE(built.ok()) << built.status();
    return built.ok() ? *built : Report{};
  }
  ForecastSource& source() { return *in_.forecast_source; }
  BuildInput in_;
};

TEST_F(ForecastSourceTest, ACurrentForecastHasNoSourceFindingAndItsActualsAgree) {
  Report r = Built();
  EXPECT_TRUE(Only(r.findings, "forecast_source").empty());
  EXPECT_TRUE(Only(r.findings, "cross_table").empty());
  EXPECT_TRUE(r.FindTable("forecast")->alerts.empty());
}

TEST_F(ForecastSourceTest, AForecastOlderThanTheReportsLedgerIsAnErrorShownByTheForecastTable) {
  source().older_than_ledger = true;
  source().newer_ledger_event_id = "2b7c1d9e-late-voucher";
  Report r = Built();
  auto found = Only(r.findings, "forecast_source");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kError);
  EXPECT_EQ(found[0].file, "forecast");
  EXPECT_EQ(found[0].record, "sum");
  EXPECT_EQ(found[0].consistent, "huvudbok t.o.m. händelse 2b7c1d9e");
  EXPECT_NE(found[0].message.find("äldre huvudbok"), std::string::npos) << found[0].message;
  const Table* forecast = r.FindTable("forecast");
  ASSERT_EQ(forecast->alerts.size(), 1u);
  EXPECT_EQ(forecast->alerts[0], found[0].message);
}

TEST_F(ForecastSourceTest, AForecastAsOfAnEarlierMonthIsAnErrorAndItsActualsAreNotCompared) {
  source().as_of = {2021, 7};
  // July's actuals are not August's: no cross-table finding for them, only the as-of.
  for (auto& [unit, net] : source().actual_net_ore) net -= 1'000 * kTkr;
  Report r = Built();
  auto found = Only(r.findings, "forecast_source");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kError);
  EXPECT_EQ(found[0].shown, "prognos per juli 2021");
  EXPECT_EQ(found[0].consistent, "prognos per augusti 2021");
  EXPECT_TRUE(Only(r.findings, "cross_table").empty());
  EXPECT_EQ(r.FindTable("forecast")->alerts.size(), 1u);
}

TEST_F(ForecastSourceTest, NoPublishedForecastIsAnError) {
  in_.forecasts.clear();
  in_.forecast_source = ForecastSource{.report_ledger_event_id = "1edger-event"};
  Report r = Built();
  auto found = Only(r.findings, "forecast_source");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kError);
  EXPECT_NE(found[0].message.find("ingen prognos"), std::string::npos) << found[0].message;
}

TEST_F(ForecastSourceTest, AForecastThatDoesNotSayItsLedgerIsAWarningAndChecksNoActuals) {
  source().ledger_known = false;
  source().actual_net_ore.clear();
  Report r = Built();
  auto found = Only(r.findings, "forecast_source");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kWarning);
  EXPECT_TRUE(r.FindTable("forecast")->alerts.empty());
}

TEST_F(ForecastSourceTest, OperatingActualMustBeTheForecastsActualToDatePerUnit) {
  // The forecast was built before a 5 mnkr voucher on Ekonomistaben: its actual to date is
  // 5 mnkr lower for EKS and for the roll-up above it.
  for (std::string unit : {"EKS", "KLF"}) source().actual_net_ore[unit] -= 5'000 * kTkr;
  Report r = Built();
  auto found = Only(r.findings, "cross_table");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].file, "operating");
  EXPECT_EQ(found[0].record, "unit:EKS");
  EXPECT_EQ(found[0].field, "actual");
  EXPECT_EQ(found[1].record, "sum");
  const Row* eks = r.FindTable("operating")->FindRow("unit:EKS");
  EXPECT_EQ(found[0].shown, FormatMoney(eks->cells[0].ore(), "tkr"));
  EXPECT_EQ(found[0].consistent, FormatMoney(eks->cells[0].ore() - 5'000 * kTkr, "tkr"));
}

TEST_F(ForecastSourceTest, TypedFiguresHaveNoSourceAndGetNoSourceFinding) {
  in_.forecast_source.reset();
  Report r = Built();
  EXPECT_TRUE(Only(r.findings, "forecast_source").empty());
}

}  // namespace
}  // namespace tertial::reporting
