// `tertial validate` on the seed report's own figures (data/linkoping-ks/seed-tables.json,
// typed exactly as printed) must find what the seed gets wrong, and nothing that is right.
// Every expectation below is computed by the validator's rules from the typed figures.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/figures.h"

namespace tertial::reporting {
namespace {

std::string ReadSeed() {
  std::ifstream in("data/linkoping-ks/seed-tables.json");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class SeedValidateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto parsed = ParseTypedFigures(ReadSeed(), "seed-tables.json");
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    figures_ = std::move(*parsed);
    findings_ = ValidateTypedFigures(figures_);
  }
  const Finding* Find(std::string_view rule, std::string_view table, std::string_view row,
                      std::string_view column) const {
    for (const Finding& f : findings_) {
      if (f.rule == rule && f.file == table && f.record == row && f.field == column) return &f;
    }
    return nullptr;
  }
  int Count(std::string_view rule) const {
    int n = 0;
    for (const Finding& f : findings_) n += f.rule == rule;
    return n;
  }
  TypedFigures figures_;
  std::vector<Finding> findings_;
};

TEST_F(SeedValidateTest, PrintsTheFindings) {
  for (const Finding& f : findings_) {
    std::printf("%-7s %-14s %s | shown %s | consistent %s | %s\n",
                std::string(SeverityName(f.severity)).c_str(), f.rule.c_str(), f.where.c_str(),
                f.shown.c_str(), f.consistent.c_str(), f.message.c_str());
  }
  EXPECT_FALSE(findings_.empty());
}

TEST_F(SeedValidateTest, VssOfWhichDeviationsAreNotBudgetMinusForecast) {
  const Finding* costs = Find("deviation", "forecast", "unit:VSS/costs", "deviation");
  ASSERT_NE(costs, nullptr);
  EXPECT_EQ(costs->severity, Severity::kError);
  EXPECT_EQ(costs->shown, "354 881");
  EXPECT_EQ(costs->consistent, "1 777");  // 356 658 − 354 881
  const Finding* revenues = Find("deviation", "forecast", "unit:VSS/revenues", "deviation");
  ASSERT_NE(revenues, nullptr);
  EXPECT_EQ(revenues->shown, "-363 126");
  EXPECT_EQ(revenues->consistent, "6 468");  // -356 658 − -363 126
}

TEST_F(SeedValidateTest, KlfBokslutCostsAndRevenuesAreSwapped) {
  const Finding* f = Find("of_which", "forecast", "sum", "prior_year");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("förväxlade"), std::string::npos);
  EXPECT_EQ(f->shown, "kostnader 156 362, intäkter 605 741");
  EXPECT_EQ(f->consistent, "kostnader 605 741, intäkter 156 362");
  // The other KLF of-which columns add up.
  EXPECT_EQ(Find("of_which", "forecast", "sum", "forecast"), nullptr);
  EXPECT_EQ(Find("of_which", "forecast", "sum", "budget"), nullptr);
  EXPECT_EQ(Count("of_which"), 1);
}

TEST_F(SeedValidateTest, OtherForvaltningarUseTheOppositeDeviationSign) {
  for (auto [table, row] : {std::pair{"operating", "unit:VSS"},
                            {"operating", "unit:LL"},
                            {"forecast", "unit:VSS"},
                            {"forecast", "unit:LL"},
                            {"forecast", "unit:LL/costs"},
                            {"forecast", "unit:LL/revenues"}}) {
    const Finding* f = Find("deviation_sign", table, row, "deviation");
    ASSERT_NE(f, nullptr) << table << " " << row;
    EXPECT_EQ(f->severity, Severity::kWarning);
  }
  const Finding* vss = Find("deviation_sign", "operating", "unit:VSS", "deviation");
  EXPECT_EQ(vss->shown, "-9 601");
  EXPECT_EQ(vss->consistent, "9 601");
}

TEST_F(SeedValidateTest, SumsAndStabDeviationsAddUp) {
  EXPECT_EQ(Count("row_sum"), 0);
  EXPECT_EQ(Count("net"), 0);
  for (const Finding& f : findings_) {
    if (f.rule == "deviation" || f.rule == "deviation_sign") {
      EXPECT_TRUE(f.record.rfind("unit:VSS", 0) == 0 || f.record.rfind("unit:LL", 0) == 0)
          << f.where;
    }
  }
}

TEST_F(SeedValidateTest, SummaryAndEconomyAgreeWithTheTables) {
  // The economy summary's investments (449 786) cover KLF's projects only, and the
  // summary's results per förvaltning (8,2 mnkr for VSS) are budget − forecast.
  EXPECT_EQ(Count("cross_table"), 0);
}

TEST_F(SeedValidateTest, AssessmentsContradictedByIndicators) {
  for (std::string_view goal : {"goal:ekonomisk-kontroll", "goal:digitaliseringsgrad",
                                "goal:varumarke", "goal:entreprenorskap"}) {
    const Finding* f = Find("assessment", "goals", goal, "assessment");
    ASSERT_NE(f, nullptr) << goal;
    EXPECT_EQ(f->shown, "Uppfylls");
  }
  // God finansiell ställning meets "ingen negativ avvikelse" with 19,0.
  EXPECT_EQ(Find("assessment", "goals", "goal:finansiell-stallning", "assessment"), nullptr);
  EXPECT_EQ(Count("assessment"), 4);
}

TEST_F(SeedValidateTest, TextContradictsItsOwnIndicatorTables) {
  const Finding* personal = Find("claim", "indicators_4", "indicator:personalkostnader", "2021-08");
  ASSERT_NE(personal, nullptr);
  EXPECT_EQ(personal->shown, "29");
  EXPECT_EQ(personal->consistent, "25");
  const Finding* budget = Find("claim", "indicators_5", "indicator:budgetavvikelse", "2021-08");
  ASSERT_NE(budget, nullptr);
  EXPECT_EQ(budget->consistent, "8,1");
  const Finding* invest =
      Find("claim", "indicators_5", "indicator:investeringsavvikelse", "2021-08");
  ASSERT_NE(invest, nullptr);
  EXPECT_EQ(invest->shown, "-13,6");
  ASSERT_NE(Find("claim", "indicators_4", "indicator:e-handelstrohet", "2021-08"), nullptr);
  // Every money figure in the prose matches its table.
  EXPECT_EQ(Count("claim"), 4);
  EXPECT_GT(figures_.claims.size(), 30u);
}

TEST_F(SeedValidateTest, WarnsOnImplausibleJumps) {
  // Kommunledningsstaben's Bokslut 2020 (18 936) is Kommunstyrelsen's jan–aug 2020 figure.
  EXPECT_NE(Find("year_over_year", "forecast", "unit:KLS", "forecast"), nullptr);
  EXPECT_NE(Find("year_over_year", "operating", "unit:ADM", "actual"), nullptr);
  EXPECT_NE(Find("year_over_year", "indicators_7", "indicator:energianvandning", "2021-08"),
            nullptr);
  EXPECT_EQ(Find("year_over_year", "operating", "unit:HRS", "actual"), nullptr);
}

}  // namespace
}  // namespace tertial::reporting
