// The demo municipality's plan (data/linkoping-ks/plan.yaml) against the seed report's
// tables (../shared/seed/tables.md). The expected figures below are typed from tables.md.

#include <grpcpp/client_context.h>

#include "goals_fixture.h"
#include "tertial/money/decimal_proto.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::goals::e2e {
namespace {

constexpr char kPlan[] = "data/linkoping-ks/plan.yaml";

class LinkopingPlan : public GoalsFixture {
 protected:
  void SetUp() override {
    StartGoals();
    pb::ImportResult result = Import(pb::IMPORT_FORMAT_PLAN_YAML, kPlan);
    ASSERT_TRUE(result.committed());
  }
};

// A number cell: its exact units and printed scale.
void ExpectNumber(const pb::IndicatorValue* v, int64_t units, int scale,
                  const std::string& printed) {
  ASSERT_NE(v, nullptr);
  ASSERT_TRUE(v->has_number()) << v->DebugString();
  EXPECT_EQ(v->number().units(), units);
  EXPECT_EQ(v->number().scale(), scale);
  EXPECT_EQ(v->printed(), printed);
}

TEST_F(LinkopingPlan, EighteenBoardGoalsEightMetTenPartly) {
  pb::GoalReport report = Report("2021-08");
  int focus = 0, municipal = 0, board = 0;
  for (const pb::GoalNode& node : report.goals()) {
    focus += node.goal().level() == pb::GOAL_LEVEL_FOCUS_AREA;
    municipal += node.goal().level() == pb::GOAL_LEVEL_MUNICIPAL_GOAL;
    board += node.goal().level() == pb::GOAL_LEVEL_BOARD_GOAL;
  }
  EXPECT_EQ(focus, 4);  // Samhälle, Ekonomi, Verksamhet, Medarbetare
  EXPECT_EQ(municipal, 9);
  EXPECT_EQ(board, 18);
  EXPECT_EQ(report.goals_met(), 8);
  EXPECT_EQ(report.goals_partly_met(), 10);
  EXPECT_EQ(report.goals_not_met(), 0);
  EXPECT_EQ(report.goals_not_assessed(), 0);
  // The order of the Målredovisning: the first and the last nämndmål.
  std::vector<std::string> names;
  for (const pb::GoalNode& node : report.goals()) {
    if (node.goal().level() == pb::GOAL_LEVEL_BOARD_GOAL) names.push_back(node.goal().name());
  }
  EXPECT_EQ(names.front(), "God social sammanhållning och delaktighet");
  EXPECT_EQ(names.back(), "Nya vägar för kompetensförsörjning");
}

TEST_F(LinkopingPlan, ActivitiesCountAsPublished) {
  pb::GetActivityCountsRequest request;
  *request.mutable_period() = MakePeriod(2021, 8);
  pb::ActivityCountsResponse response;
  grpc::ClientContext context;
  ASSERT_TRUE(stub_->GetActivityCounts(&context, request, &response).ok());
  const pb::ActivityCounts& c = response.counts();
  EXPECT_EQ(c.total(), 119);
  EXPECT_EQ(c.done(), 22);
  EXPECT_EQ(c.ongoing(), 76);
  EXPECT_EQ(c.paused(), 3);
  EXPECT_EQ(c.remaining(), 15);
  EXPECT_EQ(c.cancelled(), 2);
  EXPECT_EQ(c.not_followed_up(), 1);
  EXPECT_EQ(c.unreported(), 0);
  EXPECT_EQ(c.postponed_within_year(), 20);
  EXPECT_EQ(c.postponed_to_later_year(), 11);
}

TEST_F(LinkopingPlan, IndicatorValuesAsPrinted) {
  pb::IndicatorTable t = Indicators("2021-08");
  ASSERT_EQ(t.columns_size(), 3);
  // Solel 2020 keeps its two decimals.
  ExpectNumber(Cell(RowOf(t, "solel"), "2020"), 240, 2, "2,40");
  ExpectNumber(Cell(RowOf(t, "lagenheter-oversiktsplan"), "2021-08"), 40000, 0, "40 000");
  // "1 940 (per 1 april)".
  const pb::IndicatorValue* cups = Cell(RowOf(t, "plastbagare"), "2021-08");
  ExpectNumber(cups, 1940, 0, "1 940 (per 1 april)");
  EXPECT_EQ(cups->note(), "per 1 april");
  // "2018: 74 %" in the 2019 column.
  const pb::IndicatorValue* emissions = Cell(RowOf(t, "nettoutslapp"), "2019");
  ExpectNumber(emissions, 74, 0, "2018: 74 %");
  EXPECT_EQ(emissions->measured_year(), 2018);
  // "98–100".
  const pb::IndicatorValue* internet = Cell(RowOf(t, "fast-internet"), "2021-08");
  ASSERT_NE(internet, nullptr);
  ASSERT_TRUE(internet->has_range());
  EXPECT_EQ(FormatValue(*internet), "98–100");
  EXPECT_EQ(Cell(RowOf(t, "fast-internet"), "2019"), nullptr);  // "–"
  // "data först vid årsskiftet" and "indikatorn har utgått" are no data, never zero.
  const pb::IndicatorValue* pending = Cell(RowOf(t, "branschbredd"), "2021-08");
  ASSERT_NE(pending, nullptr);
  EXPECT_EQ(pending->no_data().reason(), pb::NO_DATA_REASON_PENDING);
  EXPECT_EQ(pending->printed(), "data först vid årsskiftet");
  const pb::IndicatorValue* gone = Cell(RowOf(t, "nki-foretagsservice"), "2021-08");
  ASSERT_NE(gone, nullptr);
  EXPECT_EQ(gone->no_data().reason(), pb::NO_DATA_REASON_DISCONTINUED);
  EXPECT_EQ(RowOf(t, "branschbredd").evaluation().status(), pb::INDICATOR_STATUS_NO_DATA);
  // I.U. with a note.
  const pb::IndicatorValue* survey = Cell(RowOf(t, "attraktiv-bo"), "2021-08");
  ASSERT_NE(survey, nullptr);
  EXPECT_TRUE(survey->has_no_data());
  EXPECT_EQ(survey->note(), "genomförs hösten 2021");
  // Gender rows, in the printed order (män before kvinnor), with their own targets.
  ExpectNumber(Cell(RowOf(t, "sjukfranvaro-klf", "men"), "2021-08"), 12, 1, "1,2");
  ExpectNumber(Cell(RowOf(t, "sjukfranvaro-klf", "women"), "2021-08"), 21, 1, "2,1");
  EXPECT_EQ(RowOf(t, "sjukfranvaro-klf", "men").label(), "män");
  EXPECT_EQ(RowOf(t, "sjukfranvaro-klf", "women").target().printed(), "3,4");
  ExpectNumber(Cell(RowOf(t, "heltid-klf", "women"), "2020"), 96, 0, "96");
  ExpectNumber(Cell(RowOf(t, "energianvandning", "omsorg"), "2021-08"), 682, 1, "68,2");
  ExpectNumber(Cell(RowOf(t, "sjukfranvaro"), "2019"), 66, 1, "6,6");
  // Footnotes on a value and a target.
  const pb::IndicatorValue* loans = Cell(RowOf(t, "grona-lan"), "2021-08");
  ASSERT_NE(loans, nullptr);
  ASSERT_EQ(loans->footnotes_size(), 1);
  EXPECT_EQ(loans->footnotes(0), 4);
  EXPECT_EQ(RowOf(t, "energianvandning").target().footnotes(0), 7);
}

TEST_F(LinkopingPlan, TargetsAsPrinted) {
  pb::IndicatorTable t = Indicators("2021-08");
  const pb::Target& printed_with_point = RowOf(t, "nyforetagsamma").target();
  EXPECT_EQ(printed_with_point.printed(), "9.7");
  EXPECT_EQ(money::FormatDecimal(money::DecimalFromProto(printed_with_point.comparison().value())),
            "9,7");
  EXPECT_EQ(printed_with_point.comparison().comparator(), pb::COMPARATOR_GREATER_OR_EQUAL);
  EXPECT_EQ(RowOf(t, "nyforetagsamma").evaluation().status(),
            pb::INDICATOR_STATUS_NOT_MET);                                       // 8,92
  EXPECT_EQ(RowOf(t, "branschbredd").target().comparison().value().scale(), 2);  // "62,10"
  EXPECT_EQ(RowOf(t, "chefsindex").target().none().kind(), pb::NO_TARGET_KIND_NOT_AVAILABLE);
  EXPECT_EQ(RowOf(t, "chefsindex").evaluation().status(), pb::INDICATOR_STATUS_NO_TARGET);
  EXPECT_EQ(RowOf(t, "personalkostnader").target().comparison().comparator(), pb::COMPARATOR_LESS);
  EXPECT_EQ(RowOf(t, "lagenheter-oversiktsplan").evaluation().status(), pb::INDICATOR_STATUS_MET);
  EXPECT_EQ(RowOf(t, "miljomarkta-kemikalier").evaluation().status(),
            pb::INDICATOR_STATUS_MET);  // 69 > 25
  EXPECT_EQ(RowOf(t, "fossilfria-fordon").evaluation().status(),
            pb::INDICATOR_STATUS_NOT_MET);  // 57,7 < 59,8
  EXPECT_EQ(RowOf(t, "sjukfranvaro-klf").evaluation().status(),
            pb::INDICATOR_STATUS_MET);  // 1,8 <= 3,2
  // The finance-derived indicators are declared derived: 2019 typed history, no typed 2020.
  for (const char* id : {"budgetavvikelse", "investeringsavvikelse", "personalkostnader"}) {
    const pb::IndicatorRow& derived = RowOf(t, id);
    EXPECT_TRUE(derived.derived()) << id;
    EXPECT_NE(Cell(derived, "2019"), nullptr) << id;
    EXPECT_EQ(Cell(derived, "2020"), nullptr) << id;  // no ledger in this test
  }
  ExpectNumber(Cell(RowOf(t, "budgetavvikelse"), "2019"), 42, 1, "4,2");
}

TEST_F(LinkopingPlan, AssignmentsAndPersonnelAsPublished) {
  pb::ListAssignmentsRequest request;
  *request.mutable_period() = MakePeriod(2021, 8);
  pb::ListAssignmentsResponse assignments;
  grpc::ClientContext context;
  ASSERT_TRUE(stub_->ListAssignments(&context, request, &assignments).ok());
  ASSERT_EQ(assignments.assignments_size(), 7);
  int done = 0, ongoing = 0, remaining = 0;
  for (const pb::AssignmentRow& a : assignments.assignments()) {
    done += a.status().status() == pb::ASSIGNMENT_STATUS_DONE;
    ongoing += a.status().status() == pb::ASSIGNMENT_STATUS_ONGOING;
    remaining += a.status().status() == pb::ASSIGNMENT_STATUS_REMAINING;
  }
  EXPECT_EQ(done, 1);
  EXPECT_EQ(ongoing, 3);
  EXPECT_EQ(remaining, 3);
  EXPECT_TRUE(assignments.assignments(0).status().deviation());

  pb::GetPersonnelRequest personnel_request;
  *personnel_request.mutable_period() = MakePeriod(2021, 8);
  pb::PersonnelTable personnel;
  grpc::ClientContext context2;
  ASSERT_TRUE(stub_->GetPersonnel(&context2, personnel_request, &personnel).ok());
  EXPECT_EQ(personnel.unit_id(), "KLF");
  ASSERT_EQ(personnel.rows_size(), 3);
  EXPECT_EQ(personnel.rows(0).value().number().units(), 139);
  EXPECT_EQ(personnel.rows(0).previous_year().number().units(), 144);
  EXPECT_TRUE(personnel.rows(0).target().has_none());
  EXPECT_EQ(personnel.rows(1).target().printed(), "3,2");
  EXPECT_EQ(FormatValue(personnel.rows(1).value()), "1,8");
  EXPECT_EQ(FormatValue(personnel.rows(1).previous_year()), "2,1");
  EXPECT_EQ(personnel.rows(2).target().printed(), "5,0");
  EXPECT_EQ(FormatValue(personnel.rows(2).value()), "7,2");
  EXPECT_EQ(FormatValue(personnel.rows(2).previous_year()), "4,9");
}

TEST_F(LinkopingPlan, TheCheckFindsTheSeedsContradictions) {
  pb::GoalReport report = Report("2021-08");
  std::vector<std::string> contradicted;
  for (const pb::GoalNode& node : report.goals()) {
    if (node.evaluation().verdict() == pb::CHECK_VERDICT_CONTRADICTED)
      contradicted.push_back(node.goal().goal_id());
  }
  // Assessed "uppfylls" while the only indicator with data misses its target.
  EXPECT_EQ(contradicted,
            (std::vector<std::string>{"varumarke", "entreprenorskap", "digitaliseringsgrad"}));
  EXPECT_EQ(report.contradictions(), 3);
}

}  // namespace
}  // namespace tertial::goals::e2e
