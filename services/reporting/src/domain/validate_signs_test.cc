// Rule deviation_sign on typed tables that declare their signs, or do not (validate.h), and
// the cross-table rules that read the signs.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "figures.h"
#include "tertial/base/strings.h"

namespace tertial::reporting {
namespace {

// Another municipality's operating statement as printed: costs negative, deviation =
// actual − budget (positive = better), except unit:C, whose deviation has the wrong sign
// (the print's real error). `table_signs` and `c_signs` are "signs" fields or "".
std::string OtherMunicipality(std::string_view table_signs, std::string_view c_signs = "",
                              std::string_view c_deviation = "-4 387") {
  return StrCat(R"J({"format": "tertial.report-figures.v1", "board": "KS", "period": "2021-08",
  "tables": [
    {"id": "operating", "kind": "operating", "unit": "tkr", "title": "Driftredovisning",
     )J",
                table_signs, R"J(
     "columns": [{"id": "actual"}, {"id": "budget"}, {"id": "deviation"}],
     "rows": [
       {"id": "unit:A", "kind": "unit", "label": "A", "values": ["-15 555", "-17 097", "1 542"]},
       {"id": "unit:B", "kind": "unit", "label": "B", "values": ["– 120 851", "– 122 028", "1 177"]},
       {"id": "unit:C", "kind": "unit", "label": "C", )J",
                c_signs, R"J( "values": ["-30 078", "-34 465", ")J", c_deviation, R"J("]},
       {"id": "unit:D", "kind": "unit", "label": "D", "values": ["-11 234", "-12 825", "1 591"]},
       {"id": "sum", "kind": "sum", "label": "Summa", "values": ["-177 718", "-186 415", "8 697"]}
     ]}]})J");
}

std::vector<Finding> Findings(const std::string& json, std::string_view rule) {
  auto figures = ParseTypedFigures(json, "other.json");
  EXPECT_TRUE(figures.ok()) << figures.status();
  std::vector<Finding> out;
  if (!figures.ok()) return out;
  for (Finding& f : ValidateTypedFigures(*figures)) {
    if (f.rule == rule) out.push_back(std::move(f));
  }
  return out;
}

TEST(ValidateSignsTest, WithoutADeclarationTheRuleOfMostRowsFindsTheOneWrongRow) {
  auto signs = Findings(OtherMunicipality(""), "deviation_sign");
  ASSERT_EQ(signs.size(), 1u);
  EXPECT_EQ(signs[0].record, "unit:C");
  EXPECT_EQ(signs[0].severity, Severity::kWarning);
  EXPECT_EQ(signs[0].shown, "-4 387");
  EXPECT_EQ(signs[0].consistent, "4 387");
  EXPECT_NE(signs[0].message.find("redovisat − budget"), std::string::npos) << signs[0].message;
  EXPECT_NE(signs[0].message.find("4 av tabellens 5 rader"), std::string::npos) << signs[0].message;
  EXPECT_TRUE(Findings(OtherMunicipality(""), "deviation").empty());
}

TEST(ValidateSignsTest, ADeclaredConventionChecksEveryRowAndTheWrongOneIsAnError) {
  for (std::string_view declared :
       {R"("signs": {"costs": "negative"},)", R"("signs": {"deviation": "actual - budget"},)",
        R"("signs": {"costs": "negative", "deviation": "actual − budget"},)"}) {
    auto signs = Findings(OtherMunicipality(declared), "deviation_sign");
    ASSERT_EQ(signs.size(), 1u) << declared;
    EXPECT_EQ(signs[0].record, "unit:C");
    EXPECT_EQ(signs[0].severity, Severity::kError);
    EXPECT_EQ(signs[0].consistent, "4 387");
    EXPECT_NE(signs[0].message.find("den regel tabellen anger"), std::string::npos)
        << signs[0].message;
  }
  // Declared the other way round, every row but the wrong one contradicts it.
  auto signs = Findings(OtherMunicipality(R"("signs": {"deviation": "budget - actual"},)"),
                        "deviation_sign");
  ASSERT_EQ(signs.size(), 4u);
  for (const Finding& f : signs) EXPECT_NE(f.record, "unit:C");
}

TEST(ValidateSignsTest, ARowMayDeclareItsOwnSigns) {
  std::string json = OtherMunicipality(R"("signs": {"costs": "negative"},)",
                                       R"("signs": {"deviation": "budget - actual"},)");
  EXPECT_TRUE(Findings(json, "deviation_sign").empty());
  EXPECT_TRUE(Findings(json, "deviation").empty());
  // The sum row's deviation is actual − budget of the whole: the row counts negated in it.
  EXPECT_TRUE(Findings(json, "row_sum").empty());
}

TEST(ValidateSignsTest, AWrongDeviationIsStillAnErrorUnderTheDeclaredRule) {
  auto d =
      Findings(OtherMunicipality(R"("signs": {"costs": "negative"},)", "", "4 000"), "deviation");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].record, "unit:C");
  EXPECT_EQ(d[0].severity, Severity::kError);
  EXPECT_EQ(d[0].message, "redovisat − budget = -30 078 − -34 465 = 4 387, inte 4 000");
}

TEST(ValidateSignsTest, RefusesADeclarationItCannotReadSayingWhatWasExpected) {
  auto f = ParseTypedFigures(OtherMunicipality(R"("signs": {"deviation": "budget - prognos"},)"),
                             "other.json");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().message(),
            "other.json:4:29: expected \"deviation\": \"budget - actual\" or \"actual - budget\" "
            "(column ids) for table 'operating'");
  f = ParseTypedFigures(OtherMunicipality(R"("signs": {"costs": "minus"},)"), "other.json");
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.status().message().find("\"costs\": \"positive\" (SIE) or \"negative\""),
            std::string::npos)
      << f.status();
  f = ParseTypedFigures(OtherMunicipality(R"("signs": {"cost": "negative"},)"), "other.json");
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.status().message().find("'cost' is unknown"), std::string::npos) << f.status();
}

TEST(ValidateSignsTest, TheResultPerForvaltningReadsTheForecastTablesSigns) {
  // Costs negative: a surplus of 12,8 mnkr is forecast − budget.
  std::string json = R"J({"format": "tertial.report-figures.v1", "board": "KS", "period": "2021-08",
  "tables": [
    {"id": "forecast_result", "kind": "forecast_result", "unit": "mnkr", "title": "Resultat",
     "columns": [{"id": "result"}], "rows": [{"id": "unit:KLF", "label": "KLF", "values": ["12,8"]}]},
    {"id": "forecast", "kind": "forecast", "unit": "tkr", "title": "Prognos", "scope": "KLF",
     "signs": {"costs": "negative"},
     "columns": [{"id": "forecast"}, {"id": "budget"}, {"id": "deviation"}],
     "rows": [
       {"id": "unit:A", "kind": "unit", "label": "A", "values": ["–532 265", "–545 107", "12 842"]},
       {"id": "sum", "kind": "sum", "label": "Summa", "values": ["–532 265", "–545 107", "12 842"]}]}]})J";
  EXPECT_TRUE(Findings(json, "cross_table").empty());
  EXPECT_TRUE(Findings(json, "deviation_sign").empty());
  std::string wrong = json;
  wrong.replace(wrong.find("\"12,8\""), 6, "\"-12,8\"");
  auto c = Findings(wrong, "cross_table");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].consistent, "12,8");
}

}  // namespace
}  // namespace tertial::reporting
