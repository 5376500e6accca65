#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/decide.h"
#include "import/importers.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::goals {
namespace {

constexpr char kPlan[] = R"(organisation: "0580"
board: KS
year: 2021
period: 2021-08
focus_areas:
  - id: fa
    name: Ekonomi
    municipal_goals:
      - id: mg
        name: Hållbar ekonomi
        board_goals:
          - id: kontroll
            name: God ekonomisk kontroll
            assessment: uppfylls
            rationale: På väg.
            indicators:
              - id: avvikelse
                name: Procentuell avvikelse budget och utfall, KLF (%)
                derived: {kind: budget_deviation, unit: KLF, from_year: 2020}
                target: mindre än 2
                values:
                  2019: "4,2"
              - id: sjuk
                name: Total sjukfrånvaro, KLF
                better: lower
                target: "3,2"
                values: {2020: "2,1", 2021-08: "1,8"}
                rows:
                  - id: men
                    target: "3,0"
                    values: {2021-08: "1,2"}
                  - id: kvinnor
                    values: {2021-08: {no_data: pending, printed: data först vid årsskiftet}}
activities:
  - {id: a1, name: Revidera ekonomihandboken, goals: [kontroll], status: pågår, postponed_to: 2022}
assignments:
  - id: u1
    title: Ta fram en strategi
    statuses: {2021-08: {status: pågår, deviation: true, comment: Försenat.}}
personnel:
  unit: KLF
  measures:
    sick_leave: {target: "3,2", values: {2021-08: "1,8"}}
)";

TEST(ParsePlanYaml, ReadsAWholePlan) {
  ImportDocument doc = ParsePlanYaml("plan.yaml", kPlan);
  ASSERT_TRUE(doc.errors.empty()) << doc.errors[0].line << " " << doc.errors[0].message;
  EXPECT_EQ(doc.organisation, "0580");
  EXPECT_EQ(doc.board, "KS");
  EXPECT_EQ(doc.year, 2021);
  EXPECT_TRUE(doc.whole_plan);
  int values = 0, targets = 0;
  const pb::IndicatorValueRecorded* women = nullptr;
  const pb::TargetSet* sick = nullptr;
  for (const Proposal& p : doc.proposals) {
    if (p.event.has_indicator_value_recorded()) {
      ++values;
      if (p.event.indicator_value_recorded().breakdown() == "women")
        women = &p.event.indicator_value_recorded();
    }
    if (p.event.has_target_set()) {
      ++targets;
      if (p.event.target_set().indicator_id() == "sjuk" &&
          p.event.target_set().breakdown().empty()) {
        sick = &p.event.target_set();
      }
    }
  }
  EXPECT_EQ(values, 5);
  EXPECT_EQ(targets, 3);
  ASSERT_NE(women, nullptr);
  EXPECT_EQ(women->value().no_data().reason(), pb::NO_DATA_REASON_PENDING);
  EXPECT_EQ(women->value().printed(), "data först vid årsskiftet");
  ASSERT_NE(sick, nullptr);
  EXPECT_EQ(sick->target().comparison().comparator(), pb::COMPARATOR_LESS_OR_EQUAL);
  EXPECT_EQ(sick->target().printed(), "3,2");
  // The whole plan passes Decide on an empty state.
  Decision d = DecideFacts(State(), doc.proposals);
  EXPECT_TRUE(d.errors.empty()) << d.errors[0].message;
  EXPECT_EQ(d.facts.size(), doc.proposals.size());
}

void ExpectError(const std::string& yaml, int line, const std::string& field,
                 const std::string& message_part) {
  ImportDocument doc = ParsePlanYaml("p.yaml", yaml);
  ASSERT_FALSE(doc.errors.empty()) << yaml;
  const Issue& e = doc.errors[0];
  EXPECT_EQ(e.file, "p.yaml");
  EXPECT_EQ(e.line, line) << e.message;
  EXPECT_EQ(e.field, field) << e.message;
  EXPECT_NE(e.message.find(message_part), std::string::npos) << e.message;
}

TEST(ParsePlanYaml, ErrorsNameLineFieldAndWhatWasExpected) {
  const std::string head = "board: KS\nyear: 2021\nperiod: 2021-08\n";
  ExpectError(head + "focus_area: []\n", 4, "focus_area", "unknown key; expected one of");
  ExpectError("year: 2021\n", 1, "board", "is required");
  ExpectError(head +
                  "focus_areas:\n  - id: fa\n    name: X\n    municipal_goals:\n      - id: m\n"
                  "        name: Y\n        board_goals:\n          - id: g\n            name: Z\n"
                  "            indicators:\n              - id: i\n                name: I\n"
                  "                values: {2021-08: \"5,x\"}\n",
              16, "indicator[i].values.2021-08", "value '5,x'");
  ExpectError(head +
                  "focus_areas:\n  - id: fa\n    name: X\n    municipal_goals:\n      - id: m\n"
                  "        name: Y\n        board_goals:\n          - id: g\n            name: Z\n"
                  "            indicators:\n              - id: i\n                name: I\n"
                  "                target: \"84\"\n",
              16, "indicator[i].target", "'>= 84'");
  ExpectError(head +
                  "focus_areas:\n  - id: fa\n    name: X\n    municipal_goals:\n      - id: m\n"
                  "        name: Y\n        board_goals:\n          - id: g\n            name: Z\n"
                  "            indicators:\n              - id: i\n                name: I\n"
                  "                derived: {kind: budget_deviation, unit: KLF, from_year: 2020}\n"
                  "                values: {2020: \"10,9\"}\n",
              17, "indicator[i].values.2020", "derived from the ledger from 2020");
  ExpectError(head + "activities:\n  - {id: a, name: A, status: klar}\n", 5, "activity[a].status",
              "expected genomförd, pågår");
  ExpectError(head + "activities:\n  - {id: a, name: A}\n  - {id: a, name: B}\n", 6,
              "activities.id", "activity 'a' is defined twice");
  ExpectError("board: KS\nyear: 2021\nactivities:\n  - {id: a, name: A, status: pågår}\n", 4,
              "activity[a].status", "needs the plan's `period`");
  ExpectError("board: [KS\n", 2, "", "not YAML");  // noticed at the end of the input
}

// Boards, units, organisations and the plan's own ids follow one grammar
// (tertial/base/ids.h): a board id becomes part of a report's file name.
TEST(ParsePlanYaml, RefusesIdsThatAreNotPlainNames) {
  ExpectError("board: ../../..\nyear: 2021\n", 1, "board",
              "'../../..' is not an id: it starts with '.'");
  ExpectError("organisation: 05/80\nboard: KS\nyear: 2021\n", 1, "organisation",
              "'/' at character 3 is not allowed in an id");
  ExpectError("board: KS\nyear: 2021\nreporting_unit: A B\n", 3, "reporting_unit",
              "' ' at character 2");
  ExpectError("board: KS\nyear: 2021\nactivities:\n  - {id: a/b, name: A}\n", 4, "activities.id",
              "'a/b' is not an id");
  ExpectError("board: KS\nyear: 2021\nactivities:\n  - {id: a, name: A, unit: ../x}\n", 4,
              "activity[a].unit", "'../x' is not an id");
}

TEST(ParsePlanYaml, TheDemoPlanParses) {
  std::ifstream in("data/linkoping-ks/plan.yaml");
  ASSERT_TRUE(in) << "run from the repository root";
  std::stringstream content;
  content << in.rdbuf();
  ImportDocument doc = ParsePlanYaml("plan.yaml", content.str());
  for (const Issue& e : doc.errors) ADD_FAILURE() << e.line << " " << e.field << ": " << e.message;
  Decision d = DecideFacts(State(), doc.proposals);
  for (const Issue& e : d.errors) ADD_FAILURE() << e.line << " " << e.field << ": " << e.message;
}

TEST(ParseValuesCsv, ReadsRowsAndNamesBadCells) {
  ImportDocument ok = ParseValuesCsv("v.csv",
                                     "indicator_id;breakdown;period;value;comment\nsjuk;;2021-08;1,"
                                     "8;\nsjuk;kvinnor;2021-08;2,1;rättad\n",
                                     {.board = "KS"});
  ASSERT_TRUE(ok.errors.empty()) << ok.errors[0].message;
  ASSERT_EQ(ok.proposals.size(), 2u);
  EXPECT_EQ(ok.proposals[1].event.indicator_value_recorded().breakdown(), "women");
  EXPECT_EQ(ok.proposals[1].event.indicator_value_recorded().source_ref(), "v.csv:3");

  ImportDocument bad = ParseValuesCsv(
      "v.csv", "indicator_id,period,value,colour\nsjuk,2021-13,x,red\n", {.board = "KS"});
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_EQ(bad.errors[0].field, "colour");
  EXPECT_NE(bad.errors[0].message.find("unknown column"), std::string::npos);
  bad = ParseValuesCsv("v.csv", "indicator_id,period,value\nsjuk,2021-13,x\n", {.board = "KS"});
  ASSERT_EQ(bad.errors.size(), 2u);
  EXPECT_EQ(bad.errors[0].line, 2);
  EXPECT_EQ(bad.errors[0].field, "period");
  EXPECT_EQ(bad.errors[1].field, "value");
  bad = ParseValuesCsv("v.csv", "indicator_id,value\nsjuk,1\n", {.board = "KS"});
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_EQ(bad.errors[0].field, "period");
  EXPECT_EQ(bad.errors[0].message,
            "missing column; the columns are indicator_id, period, value, board (optional), "
            "breakdown (optional), no_data_reason (optional), comment (optional)");
}

TEST(ParseValuesCsv, RefusesABoardThatIsNotAnId) {
  ImportDocument bad =
      ParseValuesCsv("v.csv", "indicator_id,period,value,board\nsjuk,2021-08,1,../KS\n", {});
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_EQ(bad.errors[0].line, 2);
  EXPECT_EQ(bad.errors[0].field, "board");
  EXPECT_NE(bad.errors[0].message.find("'../KS' is not an id"), std::string::npos)
      << bad.errors[0].message;
  EXPECT_TRUE(bad.proposals.empty());
}

// The CSV dialect's errors (libs/csv) reach the goal owner with line and column.
TEST(ParseValuesCsv, NamesTheLineAndColumnOfUnreadableCsv) {
  ImportDocument bad =
      ParseValuesCsv("v.csv", "indicator_id,period,value\nsjuk,2021,\"open\n", {.board = "KS"});
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_EQ(bad.errors[0].line, 2);
  EXPECT_EQ(bad.errors[0].message,
            "column 11: a quoted field is not closed before the end of the file");
  bad = ParseValuesCsv("v.csv", "indicator_id,period,value\nsjuk,2021,1,2\n", {.board = "KS"});
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_EQ(bad.errors[0].line, 2);
  EXPECT_EQ(bad.errors[0].message, "4 fields, but the header has 3");
  bad = ParseValuesCsv("v.csv", "indicator_id;period;value;value\n", {.board = "KS"});
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_EQ(bad.errors[0].message, "column 27: the column appears twice (columns 3 and 4)");
  bad = ParseValuesCsv("v.csv", "\xEF\xBB\xBFindicator_id;period;value\r\n\r\nsjuk;2021;\"5\"\r\n",
                       {.board = "KS"});
  EXPECT_TRUE(bad.errors.empty()) << bad.errors[0].message;
  ASSERT_EQ(bad.proposals.size(), 1u);
  EXPECT_EQ(bad.proposals[0].origin.line, 3);
}

TEST(ParseActivitiesCsv, ReadsStatusesAndPostponements) {
  ImportDocument doc = ParseActivitiesCsv("a.csv",
                                          "activity_id,period,status,postponed_to,comment\na1,2021-"
                                          "08,pågår,2022,sent\na2,2021-08,done,,\n",
                                          {.board = "KS"});
  ASSERT_TRUE(doc.errors.empty()) << doc.errors[0].message;
  ASSERT_EQ(doc.proposals.size(), 2u);
  const auto& s = doc.proposals[0].event.activity_status_reported();
  EXPECT_EQ(s.year(), 2021);
  EXPECT_EQ(s.postponed_to_year(), 2022);
  EXPECT_EQ(doc.proposals[1].event.activity_status_reported().status(), pb::ACTIVITY_STATUS_DONE);
  ImportDocument bad =
      ParseActivitiesCsv("a.csv", "activity_id,period,status\na1,2021-08,klar\n", {.board = "KS"});
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_EQ(bad.errors[0].line, 2);
  EXPECT_EQ(bad.errors[0].field, "status");
}

}  // namespace
}  // namespace tertial::goals
