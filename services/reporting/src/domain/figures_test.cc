#include "figures.h"

#include <gtest/gtest.h>

namespace tertial::reporting {
namespace {

constexpr char kSmall[] = R"J({
  "format": "tertial.report-figures.v1",
  "board": "KS", "period": "2021-08", "primary_unit": "KLF",
  "tables": [
    {"id": "forecast", "kind": "forecast", "unit": "tkr", "title": "Prognos", "scope": "KLF",
     "columns": [{"id": "forecast"}, {"id": "budget"}, {"id": "deviation"}, {"id": "prior_year"}],
     "rows": [
       {"id": "unit:A", "kind": "unit", "label": "A", "values": ["100", "110", "10", "90"]},
       {"id": "unit:B", "kind": "unit", "label": "B", "values": ["2 851", "25 646", "22 795", "2 800"]},
       {"id": "sum", "kind": "sum", "label": "Summa", "values": ["2 951", "25 756", "22 805", "2 890"]},
       {"id": "sum/costs", "kind": "of_which", "parent": "sum", "part": "costs", "label": "varav kostnader",
        "values": ["5 000", "30 000", "25 000", "3 000"]},
       {"id": "sum/revenues", "kind": "of_which", "parent": "sum", "part": "revenues", "revenue_sign": "positive",
        "label": "varav intäkter", "values": ["2 049", "4 244", "-2 195", "110"]},
       {"id": "unit:C", "kind": "other_forvaltning", "label": "C", "values": ["-8 245", "0", "-", "–"]}
     ]},
    {"id": "ind", "kind": "indicators", "title": "Indikatorer",
     "columns": [{"id": "2020"}, {"id": "2021-08"}],
     "rows": [
       {"id": "indicator:x", "goal": "goal:g", "label": "X", "values": ["48 [4]", "I.U. (genomförs hösten 2021)"], "target": "Öka"},
       {"id": "indicator:y", "goal": "goal:g", "label": "Y", "values": ["2,1", "1,8"], "target": "mindre än 2"}
     ]},
    {"id": "goals", "kind": "goals", "title": "Mål",
     "rows": [{"id": "goal:g", "label": "G", "area": "Ekonomi", "municipal_goal": "M", "assessment": "ej"}]}
  ],
  "claims": [{"section": "x", "text": "t", "ref": "forecast.unit:B.deviation|mnkr", "shown": "22,8"}]
})J";

TEST(FiguresTest, ParsesFiguresAsPrinted) {
  auto f = ParseTypedFigures(kSmall, "small.json");
  ASSERT_TRUE(f.ok()) << f.status();
  const Table* t = f->report.FindTable("forecast");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->FindRow("unit:B")->cells[0].ore(), int64_t{2'851} * 100'000);
  EXPECT_EQ(t->FindRow("unit:B")->cells[0].precision_ore(), 100'000);
  EXPECT_EQ(t->FindRow("unit:C")->cells[3].state(), Cell::State::kEmpty);
  // Revenues typed positive are held with SIE sign; their deviation keeps its sign.
  EXPECT_EQ(t->FindRow("sum/revenues")->cells[0].ore(), int64_t{-2'049} * 100'000);
  EXPECT_EQ(t->FindRow("sum/revenues")->cells[2].ore(), int64_t{-2'195} * 100'000);
  const Table* ind = f->report.FindTable("ind");
  const Row* x = ind->FindRow("indicator:x");
  EXPECT_EQ(x->cells[1].footnote(), "4");
  EXPECT_EQ(x->cells[2].state(), Cell::State::kNoData);
  EXPECT_EQ(x->cells[2].text(), "genomförs hösten 2021");
  EXPECT_EQ(ind->FindRow("indicator:y")->status, IndicatorStatus::kMet);
  ASSERT_EQ(f->claims.size(), 1u);
}

TEST(FiguresTest, ValidatesTypedFigures) {
  auto f = ParseTypedFigures(kSmall, "small.json");
  ASSERT_TRUE(f.ok()) << f.status();
  auto findings = ValidateTypedFigures(*f);
  // The goal is assessed "ej" while its only indicator with a value is met.
  ASSERT_EQ(findings.size(), 1u) << findings[0].message;
  EXPECT_EQ(findings[0].rule, "assessment");
}

TEST(FiguresTest, ErrorsNameTheLineAndWhatWasExpected) {
  std::string bad = kSmall;
  const std::string four = R"("100", "110", "10", "90")";
  bad.replace(bad.find(four), four.size(), R"("100", "110", "10")");
  auto f = ParseTypedFigures(bad, "small.json");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().message(),
            "small.json:8:65: expected 4 values (one per column) in row 'unit:A', not 3");
  std::string typo = kSmall;
  typo.replace(typo.find("\"label\": \"A\""), 7, "\"lable\"");
  f = ParseTypedFigures(typo, "small.json");
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.status().message().find("'lable' is unknown"), std::string::npos);
  std::string amount = kSmall;
  amount.replace(amount.find("\"2 851\""), 7, "\"2 85x\"");
  EXPECT_NE(
      ParseTypedFigures(amount, "s").status().message().find("an amount in tkr in row 'unit:B'"),
      std::string::npos);
  // The shared JSON reader takes exponents (Kolada writes them); a typed figure never has one.
  std::string exponent = kSmall;
  exponent.replace(exponent.find("\"2 851\""), 7, "2.851e3");
  EXPECT_NE(ParseTypedFigures(exponent, "s")
                .status()
                .message()
                .find("expected a number without an exponent"),
            std::string::npos)
      << ParseTypedFigures(exponent, "s").status();
}

TEST(FiguresTest, ReadsTargetsAsPrinted) {
  EXPECT_EQ(ParseTarget("Öka", {})->kind, Target::Kind::kIncrease);
  EXPECT_EQ(ParseTarget("mindre än 23", {})->op, "<");
  EXPECT_EQ(ParseTarget("ingen negativ avvikelse", {})->op, ">=");
  EXPECT_EQ(ParseTarget("6,2", Decimal{82, 1})->op, "<=");
  EXPECT_EQ(ParseTarget("84", Decimal{74, 0})->op, ">=");
  EXPECT_EQ(ParseTarget("I.U.", {})->kind, Target::Kind::kNone);
  EXPECT_EQ(ParseTarget("–", {})->kind, Target::Kind::kNone);
  EXPECT_FALSE(ParseTarget("lagom", {}).ok());
}

}  // namespace
}  // namespace tertial::reporting
