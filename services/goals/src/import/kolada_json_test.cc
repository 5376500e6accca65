#include <gtest/gtest.h>

#include "domain/test_events.h"
#include "import/importers.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::goals {
namespace {

using namespace test;  // NOLINT

State PlanWithKpi() {
  std::vector<pb::GoalsEvent> events = Tree({"g"});
  pb::GoalsEvent indicator = Indicator("sjuk", "g", {"men", "women"});
  indicator.mutable_indicator_defined()->set_kolada_kpi("N00090");
  events.push_back(indicator);
  pb::GoalsEvent total = Indicator("heltid", "g");
  total.mutable_indicator_defined()->set_kolada_kpi("N00206");
  events.push_back(total);
  return Build(events);
}

// The shape of api.kolada.se/v2/data/kpi/<kpi>/municipality/<id>/year/<years>.
constexpr char kResponse[] = R"({
  "count": 2,
  "values": [
    {"kpi": "N00090", "municipality": "0580", "period": 2020,
     "values": [{"count": 1, "gender": "K", "status": "", "value": 8.92},
                {"count": 1, "gender": "M", "status": "", "value": 5.8},
                {"count": 1, "gender": "T", "status": "", "value": 8.2}]},
    {"kpi": "N00206", "municipality": "0580", "period": 2019,
     "values": [{"count": 1, "gender": "T", "status": "Saknas", "value": null},
                {"count": 1, "gender": "K", "status": "", "value": 1.5e1}]}
  ]
})";

TEST(ParseKoladaJson, MapsKpisToIndicatorsWithExactValues) {
  ImportDocument doc =
      ParseKoladaJson("kolada.json", kResponse, PlanWithKpi(), "0580", {.board = "KS"});
  ASSERT_TRUE(doc.errors.empty()) << doc.errors[0].message;
  ASSERT_EQ(doc.proposals.size(), 4u);
  const auto& women = doc.proposals[0].event.indicator_value_recorded();
  EXPECT_EQ(women.indicator_id(), "sjuk");
  EXPECT_EQ(women.breakdown(), "women");
  EXPECT_EQ(FormatPeriod(women.period()), "2020");
  EXPECT_EQ(women.value().number().units(), 892);  // exactly 8,92: never a double
  EXPECT_EQ(women.value().number().scale(), 2);
  EXPECT_EQ(women.source(), pb::VALUE_SOURCE_KOLADA);
  EXPECT_EQ(women.source_ref(), "kolada N00090 0580 2020 K");
  EXPECT_EQ(doc.proposals[2].event.indicator_value_recorded().breakdown(), "");
  const auto& missing = doc.proposals[3].event.indicator_value_recorded();
  EXPECT_TRUE(missing.value().has_no_data());  // null is I.U., not zero
  EXPECT_EQ(missing.value().note(), "Saknas");
  // heltid has no gender rows: its K value is skipped with a warning.
  ASSERT_EQ(doc.warnings.size(), 1u);
  EXPECT_NE(doc.warnings[0].message.find("gender K skipped"), std::string::npos);
}

TEST(ParseKoladaJson, RejectsUnmappedKpisAndOtherMunicipalities) {
  ImportDocument doc = ParseKoladaJson(
      "k.json",
      "{\"values\": [{\"kpi\": \"N99999\", \"municipality\": \"0580\", \"period\": 2020, "
      "\"values\": []},\n"
      "{\"kpi\": \"N00090\", \"municipality\": \"0180\", \"period\": 2020, \"values\": []}]}",
      PlanWithKpi(), "0580", {.board = "KS"});
  ASSERT_EQ(doc.errors.size(), 2u);
  EXPECT_EQ(doc.errors[0].field, "kpi");
  EXPECT_NE(doc.errors[0].message.find("add `kolada: N99999`"), std::string::npos);
  EXPECT_EQ(doc.errors[1].line, 2);
  EXPECT_NE(doc.errors[1].message.find("'0180' is not this organisation"), std::string::npos);
  ImportDocument broken =
      ParseKoladaJson("k.json", "{\"values\": [", PlanWithKpi(), "0580", {.board = "KS"});
  ASSERT_EQ(broken.errors.size(), 1u);
  EXPECT_NE(broken.errors[0].message.find("not JSON"), std::string::npos);
}

// yaml-cpp read Kolada's files before and took YAML that is not JSON; errors were YAML's.
TEST(ParseKoladaJson, RefusesWhatIsNotJsonNamingLineAndColumn) {
  for (std::string_view yaml : {"values:\n  - kpi: N00090\n", "{values: []}", "{'values': []}",
                                "{\"values\": [],}", "# Kolada\n{\"values\": []}"}) {
    ImportDocument doc = ParseKoladaJson("k.json", yaml, PlanWithKpi(), "0580", {.board = "KS"});
    ASSERT_EQ(doc.errors.size(), 1u) << yaml;
    EXPECT_EQ(doc.errors[0].message.rfind("not JSON: column ", 0), 0u) << doc.errors[0].message;
    EXPECT_TRUE(doc.proposals.empty());
  }
  ImportDocument doc =
      ParseKoladaJson("k.json", "{\"values\": [\n  {\"kpi\": \"N00090\",\n   \"period\" 2020}]}",
                      PlanWithKpi(), "0580", {.board = "KS"});
  ASSERT_EQ(doc.errors.size(), 1u);
  EXPECT_EQ(doc.errors[0].line, 3);
  EXPECT_EQ(doc.errors[0].message, "not JSON: column 13: expected ':' after the field name");
}

TEST(ParseKoladaJson, NamesTheLineOfAValueThatIsNotANumber) {
  ImportDocument doc =
      ParseKoladaJson("k.json",
                      "[{\"kpi\": \"N00206\", \"municipality\": \"0580\", \"period\": 2020,\n"
                      "  \"values\": [{\"gender\": \"T\", \"value\": \"8,9\"}]}]",
                      PlanWithKpi(), "0580", {.board = "KS"});
  ASSERT_EQ(doc.errors.size(), 1u);
  EXPECT_EQ(doc.errors[0].line, 2);
  EXPECT_EQ(doc.errors[0].field, "value");
  EXPECT_EQ(doc.errors[0].message, "expected a number or null, not string");
}

}  // namespace
}  // namespace tertial::goals
