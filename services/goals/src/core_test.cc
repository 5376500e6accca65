// GoalsCore over an embedded log: imports are whole or nothing, re-imports append
// nothing, ledger events derive the finance indicators, and the projection rebuilds to
// the same bytes.

#include "core.h"

#include <gtest/gtest.h>

#include "domain/evaluation.h"
#include "queries.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/period/proto.h"
#include "tertial/testing/temp_dir.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::goals {
namespace {

namespace lpb = ::tertial::ledger::v1;

constexpr char kPlan[] = R"(organisation: "0580"
board: KS
year: 2021
period: 2021-08
reporting_unit: KLF
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
            indicators:
              - id: avvikelse
                name: Procentuell avvikelse budget och utfall, KLF (%)
                derived: {kind: budget_deviation, unit: KLF, from_year: 2021}
                target: mindre än 2
              - id: invest
                name: Procentuell avvikelse investeringsbudget och utfall, KLF (%)
                derived: {kind: investment_deviation, unit: KLF, from_year: 2021}
                target: ingen negativ avvikelse
              - id: solel
                name: Andel solel
                better: higher
                target: "1,75"
                values: {2020: "2,40", 2021-08: I.U.}
activities:
  - {id: a1, name: Ett, goals: [kontroll], status: genomförd}
  - {id: a2, name: Två, goals: [kontroll], status: pågår, postponed_to: 2021}
  - {id: a3, name: Tre, goals: [kontroll], status: kvarstår, postponed_to: 2022}
  - {id: a4, name: Fyra, goals: [kontroll]}
)";

class CoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto log = eventlog::EmbeddedLog::Open(dir_.Sub("log"), {.sync_commits = false});
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = std::move(*log);
    auto core = GoalsCore::Open(log_.get(), dir_.Sub("goals"));
    ASSERT_TRUE(core.ok()) << core.status();
    core_ = std::move(*core);
  }

  pb::ImportResult Import(pb::ImportFormat format, const std::string& content,
                          const std::string& file = "plan.yaml", bool allow_removals = false) {
    auto result = core_->Import({.format = format,
                                 .file_name = file,
                                 .content = content,
                                 .actor = "anna",
                                 .allow_removals = allow_removals});
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : pb::ImportResult();
  }

  int64_t GoalsEnd() { return *log_->EndOffset(eventlog::kGoalsTopic, 0); }

  void AppendLedger(const std::vector<lpb::LedgerEvent>& events) {
    std::vector<eventlog::Envelope> envelopes;
    for (const auto& e : events) {
      envelopes.push_back(*eventlog::Wrap(e, "ledger", {.organisation = "0580", .actor = "test"}));
    }
    ASSERT_TRUE(log_->Append(eventlog::kLedgerTopic, "0580", envelopes).ok());
  }

  State Load() {
    auto state = core_->Load("0580");
    EXPECT_TRUE(state.ok()) << state.status();
    return state.ok() ? *state : State();
  }

  testing::TempDir dir_;
  std::unique_ptr<eventlog::EmbeddedLog> log_;
  std::unique_ptr<GoalsCore> core_;
};

lpb::LedgerEvent Unit(const std::string& id, const std::string& parent) {
  lpb::LedgerEvent e;
  e.mutable_unit_defined()->set_unit_id(id);
  e.mutable_unit_defined()->set_name(id);
  e.mutable_unit_defined()->set_parent_id(parent);
  return e;
}

lpb::LedgerEvent Voucher(int number, int month, const std::string& account, const std::string& unit,
                         const std::string& project, int64_t amount_ore) {
  lpb::LedgerEvent e;
  lpb::VoucherPosted* v = e.mutable_voucher_posted();
  v->set_fiscal_year(2021);
  v->set_series("A");
  v->set_number(std::to_string(number));
  period::ToProto(period::Date{2021, month, 15}, v->mutable_date());
  lpb::Transaction* t = v->add_transactions();
  t->set_account(account);
  t->set_amount_ore(amount_ore);
  auto* o = t->add_objects();
  o->set_dimension(1);
  o->set_object_id(unit);
  if (!project.empty()) {
    auto* p = t->add_objects();
    p->set_dimension(6);
    p->set_object_id(project);
  }
  lpb::Transaction* counter = v->add_transactions();
  counter->set_account("2440");
  counter->set_amount_ore(-amount_ore);
  return e;
}

lpb::LedgerEvent Budget(const std::string& unit, const std::string& account,
                        const std::string& project, int month, int64_t amount_ore) {
  lpb::LedgerEvent e;
  lpb::BudgetLinesSet* b = e.mutable_budget_lines_set();
  b->set_fiscal_year(2021);
  lpb::BudgetLine* line = b->add_lines();
  line->set_unit_id(unit);
  line->set_account(account);
  line->set_project_id(project);
  period::ToProto(period::Period{2021, month}, line->mutable_period());
  line->set_amount_ore(amount_ore);
  return e;
}

TEST_F(CoreTest, ImportIsIdempotentAndARejectedFileAppendsNothing) {
  pb::ImportResult first = Import(pb::IMPORT_FORMAT_PLAN_YAML, kPlan);
  ASSERT_TRUE(first.committed()) << (first.errors_size() ? first.errors(0).message() : "");
  int64_t end = GoalsEnd();
  EXPECT_GT(end, 0);
  pb::ImportResult again = Import(pb::IMPORT_FORMAT_PLAN_YAML, kPlan);
  EXPECT_FALSE(again.committed());
  EXPECT_TRUE(again.unchanged());
  EXPECT_TRUE(again.already_imported());
  EXPECT_EQ(GoalsEnd(), end);
  // The same plan with one bad cell: nothing at all is appended, the good lines neither.
  std::string bad = kPlan;
  bad.replace(bad.find("2,40"), 4, "2,4,0");
  pb::ImportResult rejected = Import(pb::IMPORT_FORMAT_PLAN_YAML, bad);
  EXPECT_FALSE(rejected.committed());
  ASSERT_EQ(rejected.errors_size(), 1);
  EXPECT_EQ(rejected.errors(0).file(), "plan.yaml");
  EXPECT_EQ(rejected.errors(0).line(), 29);
  EXPECT_EQ(rejected.errors(0).field(), "indicator[solel].values.2020");
  EXPECT_EQ(GoalsEnd(), end);
  // A CSV naming an unknown indicator is rejected whole too.
  pb::ImportResult csv =
      Import(pb::IMPORT_FORMAT_VALUES_CSV,
             "indicator_id,period,value\nsolel,2021-08,\"1,9\"\nnope,2021-08,5\n", "v.csv");
  EXPECT_FALSE(csv.committed());
  ASSERT_EQ(csv.errors_size(), 1);
  EXPECT_EQ(csv.errors(0).line(), 3);
  EXPECT_EQ(csv.errors(0).message(), "board KS has no indicator 'nope'");
  EXPECT_EQ(GoalsEnd(), end);
}

TEST_F(CoreTest, RevisedValuesKeepTheirHistory) {
  ASSERT_TRUE(Import(pb::IMPORT_FORMAT_PLAN_YAML, kPlan).committed());
  ASSERT_TRUE(Import(pb::IMPORT_FORMAT_VALUES_CSV, "indicator_id;period;value\nsolel;2021-08;1,9\n",
                     "v.csv")
                  .committed());
  ASSERT_TRUE(Import(pb::IMPORT_FORMAT_VALUES_CSV, "indicator_id;period;value\nsolel;2021-08;1,7\n",
                     "w.csv")
                  .committed());
  State state = Load();
  pb::ValueHistory history = BuildValueHistory(state, "KS", "solel", "", MakePeriod(2021, 8));
  ASSERT_EQ(history.revisions_size(), 3);
  EXPECT_EQ(FormatValue(history.revisions(0).recorded().value()), "I.U.");
  EXPECT_EQ(FormatValue(history.revisions(2).recorded().value()), "1,7");
  EXPECT_EQ(history.revisions(2).actor(), "anna");
  const Plan& plan = *state.FindPlan("KS", 2021);
  pb::EvaluationPublished e = EvaluatePlan(state, plan, MakePeriod(2021, 8));
  EXPECT_EQ(e.indicators(2).status(), pb::INDICATOR_STATUS_NOT_MET);  // 1,7 < 1,75
}

TEST_F(CoreTest, LedgerEventsDeriveTheFinanceIndicators) {
  ASSERT_TRUE(Import(pb::IMPORT_FORMAT_PLAN_YAML, kPlan).committed());
  lpb::LedgerEvent project;
  project.mutable_project_defined()->set_project_id("SIM");
  project.mutable_project_defined()->set_unit_id("EKS");
  std::vector<lpb::LedgerEvent> events = {Unit("KS", ""), Unit("KLF", "KS"), Unit("EKS", "KLF"),
                                          Unit("VSS", "KS"), project};
  for (int m = 1; m <= 8; ++m) {
    events.push_back(Budget("EKS", "5", "", m, 100'000'00));
    events.push_back(Budget("EKS", "3", "", m, -10'000'00));  // revenue budget
    events.push_back(Voucher(m, m, "5010", "EKS", "", 85'000'00));
    events.push_back(Voucher(100 + m, m, "3010", "EKS", "", -2'000'00));
    events.push_back(Voucher(200 + m, m, "5010", "VSS", "", 999'000'00));  // outside KLF
    events.push_back(Budget("EKS", "11", "SIM", m, 50'000'00));
    events.push_back(Voucher(300 + m, m, "1110", "EKS", "SIM", 40'500'00));
  }
  AppendLedger(events);
  ASSERT_TRUE(core_->Refresh().ok());
  State state = Load();
  // Net budget 8 x 90 000 = 720 000; net actual 8 x 83 000 = 664 000: 56 / 720 = 7,78 % -> 7,8.
  const ValueRevision* budget = state.LatestValue("KS", "avvikelse", "", {2021, 8});
  ASSERT_NE(budget, nullptr);
  EXPECT_EQ(budget->recorded.source(), pb::VALUE_SOURCE_LEDGER);
  EXPECT_EQ(FormatValue(budget->recorded.value()), "7,8");
  EXPECT_EQ(budget->recorded.derived().budget_ore(), 720'000'00);
  EXPECT_TRUE(budget->recorded.derived().provisional());
  // Investment: 9,5 / 50 = 19,0 %.
  const ValueRevision* invest = state.LatestValue("KS", "invest", "", {2021, 8});
  ASSERT_NE(invest, nullptr);
  EXPECT_EQ(FormatValue(invest->recorded.value()), "19,0");
  // Jan-March too, every month to the last voucher.
  EXPECT_NE(state.LatestValue("KS", "avvikelse", "", {2021, 3}), nullptr);
  // The evaluation at 2021-08 was published with the derived values: 7,8 is not < 2,
  // so "uppfylls" is contradicted only if invest misses too; it meets ">= 0".
  const Plan& plan = *state.FindPlan("KS", 2021);
  auto published = plan.evaluations.find({2021, 8});
  ASSERT_NE(published, plan.evaluations.end());
  EXPECT_EQ(published->second.indicators(0).status(), pb::INDICATOR_STATUS_NOT_MET);
  EXPECT_EQ(published->second.indicators(1).status(), pb::INDICATOR_STATUS_MET);
  EXPECT_EQ(published->second.goals(0).verdict(), pb::CHECK_VERDICT_CONSISTENT);
  // Typing a value for a derived period is refused.
  pb::GoalsEvent typed;
  auto* v = typed.mutable_indicator_value_recorded();
  v->set_board_unit_id("KS");
  v->set_indicator_id("avvikelse");
  *v->mutable_period() = MakePeriod(2021, 8);
  *v->mutable_value() = *ParseValue("1,0");
  v->set_source(pb::VALUE_SOURCE_COMMAND);
  auto refused = core_->Execute("0580", "anna", {{typed, {}}});
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  // Nothing new from the ledger: a refresh publishes nothing.
  int64_t end = GoalsEnd();
  ASSERT_TRUE(core_->Refresh().ok());
  EXPECT_EQ(GoalsEnd(), end);
  // The budget is revised (replaced) for August: the derived value follows.
  AppendLedger({Budget("EKS", "5", "", 8, 200'000'00)});
  ASSERT_TRUE(core_->Refresh().ok());
  state = Load();
  EXPECT_EQ(state.LatestValue("KS", "avvikelse", "", {2021, 8})->recorded.derived().budget_ore(),
            820'000'00);
  EXPECT_EQ(state.Revisions("KS", "avvikelse", "", {2021, 8}), 2);
}

TEST_F(CoreTest, FinanceIndicatorsReadTheLedgerAsTheLedgerDoes) {
  ASSERT_TRUE(Import(pb::IMPORT_FORMAT_PLAN_YAML, kPlan).committed());
  lpb::LedgerEvent project;
  project.mutable_project_defined()->set_project_id("SIM");
  project.mutable_project_defined()->set_unit_id("EKS");
  std::vector<lpb::LedgerEvent> events = {Unit("KS", ""),
                                          Unit("KLF", "KS"),
                                          Unit("EKS", "KLF"),
                                          project,
                                          Budget("EKS", "5", "", 1, 1'000'00),
                                          Budget("EKS", "11", "SIM", 1, 1'000'00)};
  // A January voucher whose line is dated the previous December counts in January.
  lpb::LedgerEvent dated = Voucher(1, 1, "5010", "EKS", "", 600'00);
  period::ToProto(period::Date{2020, 12, 31},
                  dated.mutable_voucher_posted()->mutable_transactions(0)->mutable_date());
  events.push_back(dated);
  events.push_back(dated);  // the log holds the voucher twice: it counts once
  // Investment: an invoice of 900, a credit note of 100, a grant of 300 (2388): net 500.
  events.push_back(Voucher(2, 1, "1110", "EKS", "SIM", 900'00));
  events.push_back(Voucher(3, 1, "1110", "EKS", "SIM", -100'00));
  events.push_back(Voucher(4, 1, "2388", "EKS", "SIM", -300'00));
  AppendLedger(events);
  ASSERT_TRUE(core_->Refresh().ok());
  State state = Load();
  const ValueRevision* budget = state.LatestValue("KS", "avvikelse", "", {2021, 1});
  ASSERT_NE(budget, nullptr);
  EXPECT_EQ(budget->recorded.derived().actual_ore(), 600'00);
  const ValueRevision* invest = state.LatestValue("KS", "invest", "", {2021, 1});
  ASSERT_NE(invest, nullptr);
  EXPECT_EQ(invest->recorded.derived().actual_ore(), 500'00);
}

TEST_F(CoreTest, ActivityCountsSurviveARebuildByteForByte) {
  ASSERT_TRUE(Import(pb::IMPORT_FORMAT_PLAN_YAML, kPlan).committed());
  ASSERT_TRUE(
      Import(
          pb::IMPORT_FORMAT_ACTIVITIES_CSV,
          "activity_id,period,status,postponed_to\na2,2021-10,genomförd,2021\na4,2021-10,pausad,\n",
          "a.csv")
          .committed());
  AppendLedger({Unit("KLF", ""), Voucher(1, 1, "5010", "KLF", "", 100)});
  ASSERT_TRUE(core_->Refresh().ok());
  State before = Load();
  const Plan& plan = *before.FindPlan("KS", 2021);
  pb::ActivityCounts august = CountActivities(plan, MakePeriod(2021, 8));
  EXPECT_EQ(august.done(), 1);
  EXPECT_EQ(august.ongoing(), 1);
  EXPECT_EQ(august.remaining(), 1);
  EXPECT_EQ(august.unreported(), 1);
  EXPECT_EQ(august.postponed_within_year(), 1);
  EXPECT_EQ(august.postponed_to_later_year(), 1);
  pb::ActivityCounts october = CountActivities(plan, MakePeriod(2021, 10));
  EXPECT_EQ(october.done(), 2);
  EXPECT_EQ(october.paused(), 1);
  EXPECT_EQ(october.postponed_within_year(), 1);

  auto dump = core_->db().Dump();
  ASSERT_TRUE(dump.ok());
  ASSERT_TRUE(core_->runner().Rebuild().ok());
  auto rebuilt = core_->db().Dump();
  ASSERT_TRUE(rebuilt.ok());
  EXPECT_EQ(*dump, *rebuilt);
  State after = Load();
  pb::ActivityCounts again = CountActivities(*after.FindPlan("KS", 2021), MakePeriod(2021, 8));
  EXPECT_EQ(again.SerializeAsString(), august.SerializeAsString());
}

TEST_F(CoreTest, ATruncatedPlanIsRefusedNamingWhatItWouldRemove) {
  ASSERT_TRUE(Import(pb::IMPORT_FORMAT_PLAN_YAML, kPlan).committed());
  const int64_t end = GoalsEnd();
  // Cut after the first indicator: valid YAML, and 2 indicators and 4 activities short.
  std::string truncated = kPlan;
  truncated.erase(truncated.find("              - id: invest"));
  for (bool dry_run : {true, false}) {
    auto result = core_->Import({.format = pb::IMPORT_FORMAT_PLAN_YAML,
                                 .file_name = "plan.yaml",
                                 .content = truncated,
                                 .dry_run = dry_run,
                                 .actor = "anna"});
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_FALSE(result->committed());
    ASSERT_EQ(result->errors_size(), 1) << result->DebugString();
    const std::string& message = result->errors(0).message();
    EXPECT_NE(message.find("lacks 6 items"), std::string::npos) << message;
    EXPECT_NE(message.find("indicator invest, indicator solel, activity a1, activity a2, "
                           "activity a3 and 1 more"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("--allow-removals"), std::string::npos) << message;
  }
  EXPECT_EQ(GoalsEnd(), end);
  State state = Load();
  EXPECT_EQ(state.FindPlan("KS", 2021)->activities.size(), 4u);
  EXPECT_EQ(state.FindPlan("KS", 2021)->indicators.size(), 3u);
}

TEST_F(CoreTest, AWholePlanImportRemovesWhatItNoLongerHasWhenAllowed) {
  ASSERT_TRUE(Import(pb::IMPORT_FORMAT_PLAN_YAML, kPlan).committed());
  std::string smaller = kPlan;
  smaller.erase(smaller.find("  - {id: a4"));
  EXPECT_FALSE(Import(pb::IMPORT_FORMAT_PLAN_YAML, smaller).committed());
  pb::ImportResult result =
      Import(pb::IMPORT_FORMAT_PLAN_YAML, smaller, "plan.yaml", /*allow_removals=*/true);
  ASSERT_TRUE(result.committed());
  EXPECT_EQ(result.summary().removed(), 1);
  State state = Load();
  EXPECT_EQ(state.FindPlan("KS", 2021)->activities.size(), 3u);
}

}  // namespace
}  // namespace tertial::goals
