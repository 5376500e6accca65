#include "figures.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "tertial/base/strings.h"

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

// A small mnkr table whose row unit:A has `value` as its forecast (budget 0, deviation as
// given), and an indicator table whose 2021-08 value is `indicator`.
std::string OneFigure(std::string_view value, std::string_view indicator = "1") {
  return StrCat(R"J({"format": "tertial.report-figures.v1", "board": "KS", "period": "2021-08",
  "tables": [
    {"id": "f", "kind": "forecast", "unit": "mnkr", "title": "F",
     "columns": [{"id": "forecast"}, {"id": "budget"}, {"id": "deviation"}],
     "rows": [{"id": "unit:A", "kind": "unit", "label": "A", "values": [")J",
                value, R"J(", "0", "8,2"]}]},
    {"id": "ind", "kind": "indicators", "title": "I", "columns": [{"id": "2021-08"}],
     "rows": [{"id": "indicator:x", "goal": "goal:g", "label": "X", "values": [")J",
                indicator, R"J("], "target": "–"}]},
    {"id": "goals", "kind": "goals", "title": "Mål",
     "rows": [{"id": "goal:g", "label": "G", "area": "Ekonomi", "municipal_goal": "M",
               "assessment": "kan_ej_bedomas"}]}]})J");
}

TEST(FiguresTest, ReadsEveryMinusSwedishPrintWrites) {
  // En dash with and without a space (what Swedish typesetting prints), U+2212, hyphen.
  for (std::string_view minus : {"\u2013 8,2", "\u20138,2", "\u2212 8,2", "\u22128,2", "- 8,2",
                                 "-8,2", "\u2013\u00A08,2", "\u2013\u20098,2"}) {
    auto f = ParseTypedFigures(OneFigure(minus, minus), "other.json");
    ASSERT_TRUE(f.ok()) << minus << ": " << f.status();
    const Cell& amount = f->report.FindTable("f")->FindRow("unit:A")->cells[0];
    EXPECT_EQ(amount.ore(), -820'000'000) << minus;
    EXPECT_EQ(amount.precision_ore(), 10'000'000) << minus;
    const Cell& value = f->report.FindTable("ind")->FindRow("indicator:x")->cells[1];
    ASSERT_TRUE(value.is_number()) << minus;
    EXPECT_EQ(value.number(), (Decimal{-82, 1})) << minus;
  }
  // Thousands grouped by no-break, thin and narrow no-break spaces, after any minus.
  for (std::string_view grouped : {"\u2013 1\u00A0234,5", "\u22121\u2009234,5", "-1\u202F234,5"}) {
    auto f = ParseTypedFigures(OneFigure(grouped, grouped), "other.json");
    ASSERT_TRUE(f.ok()) << grouped << ": " << f.status();
    EXPECT_EQ(f->report.FindTable("f")->FindRow("unit:A")->cells[0].ore(),
              int64_t{-12'345} * 10'000'000)
        << grouped;
  }
  // A dash alone is an empty cell; a dash between numbers is a range, kept as text.
  auto f = ParseTypedFigures(OneFigure("\u2013", "98\u2013100"), "other.json");
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->report.FindTable("f")->FindRow("unit:A")->cells[0].state(), Cell::State::kEmpty);
  EXPECT_EQ(f->report.FindTable("ind")->FindRow("indicator:x")->cells[1].text(), "98\u2013100");
  // Targets take the same minus.
  EXPECT_EQ(ParseTarget("\u2013 5", Decimal{0, 0})->value, (Decimal{-5, 0}));
  EXPECT_EQ(ParseTarget("minst \u22125", {})->value, (Decimal{-5, 0}));
}

TEST(FiguresTest, RefusesWhatIsNotAFigureSayingWhereAndWhatWasExpected) {
  for (std::string_view bad :
       {"\u2013 8,2x", "\u2013 \u2013 8", "\u2013 abc", "8,2 \u2013", "--8"}) {
    auto f = ParseTypedFigures(OneFigure(bad), "other.json");
    ASSERT_FALSE(f.ok()) << bad;
    std::string message(f.status().message());
    EXPECT_EQ(message.rfind("other.json:5:", 0), 0u) << message;
    EXPECT_NE(message.find("expected an amount in mnkr in row 'unit:A', column 'forecast' as "
                           "printed (\"12 842\", \"\u2013 2 851\", \"8,2\", \"I.U.\""),
              std::string::npos)
        << message;
    // The text is quoted whole, as it was typed.
    EXPECT_NE(message.find(StrCat("'", bad, "' is not a number")), std::string::npos) << message;
  }
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
