#include "projection.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "domain/forecast.h"
#include "ledger_test_util.h"
#include "loader.h"
#include "reactor.h"
#include "tertial/base/hash.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/forecast/v1/events.pb.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::forecast {
namespace {

using testing::LedgerWriter;
using testing::Line;
namespace lv1 = ::tertial::ledger::v1;

// The forecast's projection, runner, model cache and reactor over one directory.
struct Stack {
  explicit Stack(eventlog::EventLog* log, const std::string& dir, size_t records_per_step = 1000)
      : db(*projection::ProjectionDb::Open(dir)),
        runner(log, db.get(), &projection, {.records_per_step = records_per_step}),
        reactor(log, db.get(), &runner, &cache) {}

  std::shared_ptr<const OrgModel> Model(std::string_view org = "0580") {
    EXPECT_TRUE(runner.CatchUp().ok());
    std::unique_ptr<projection::Reader> reader = db->Snapshot();
    absl::StatusOr<std::shared_ptr<const OrgModel>> model = cache.Get(*reader, org);
    EXPECT_TRUE(model.ok()) << model.status();
    return model.ok() ? *model : nullptr;
  }

  std::unique_ptr<projection::ProjectionDb> db;
  ForecastProjection projection;
  projection::Runner runner;
  ModelCache cache;
  Reactor reactor;
};

std::vector<v1::ForecastEvent> Published(eventlog::EventLog& log,
                                         std::vector<eventlog::Envelope>* envelopes = nullptr) {
  std::vector<v1::ForecastEvent> out;
  absl::StatusOr<std::vector<eventlog::Record>> records =
      log.Read(eventlog::kForecastTopic, 0, 0, 100000);
  EXPECT_TRUE(records.ok());
  for (const eventlog::Record& r : *records) {
    eventlog::Envelope e = *r.ParseEnvelope();
    v1::ForecastEvent event;
    EXPECT_TRUE(eventlog::Unwrap(e, &event).ok());
    if (event.has_forecast_published()) {
      out.push_back(event);
      if (envelopes != nullptr) envelopes->push_back(e);
    }
  }
  return out;
}

std::string Adjust(eventlog::EventLog& log, std::string id, int year, std::string unit,
                   int64_t amount) {
  v1::ForecastEvent event;
  v1::AdjustmentMade* made = event.mutable_adjustment_made();
  made->set_adjustment_id(id);
  made->set_fiscal_year(year);
  made->set_unit_id(std::move(unit));
  made->set_side(v1::SIDE_COSTS);
  made->set_amount_ore(amount);
  made->set_reason("test");
  eventlog::Envelope envelope =
      *eventlog::Wrap(event, "adjustment/" + id, {.organisation = "0580", .actor = "anna"});
  EXPECT_TRUE(log.Append(eventlog::kForecastTopic, "0580", {envelope}).ok());
  return envelope.event_id();
}

void Withdraw(eventlog::EventLog& log, std::string id) {
  v1::ForecastEvent event;
  event.mutable_adjustment_withdrawn()->set_adjustment_id(id);
  event.mutable_adjustment_withdrawn()->set_reason("no longer");
  eventlog::Envelope envelope =
      *eventlog::Wrap(event, "adjustment/" + id, {.organisation = "0580", .actor = "anna"});
  EXPECT_TRUE(log.Append(eventlog::kForecastTopic, "0580", {envelope}).ok());
}

class ProjectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log = *eventlog::EmbeddedLog::Open(dir.Sub("log"), {.sync_commits = false});
    ledger = std::make_unique<LedgerWriter>(log.get(), "0580");
    ledger->Append({LedgerWriter::Unit("KS", "", "Kommunstyrelsen"),
                    LedgerWriter::Unit("KLS", "KS", "Kommunledningsstaben", 1),
                    LedgerWriter::Unit("EKS", "KS", "Ekonomistaben", 2),
                    LedgerWriter::Project("SIMHALL", "KS", {{2021, 12'000}}, "KS, ny simhall")});
  }

  tertial::testing::TempDir dir;
  std::unique_ptr<eventlog::EmbeddedLog> log;
  std::unique_ptr<LedgerWriter> ledger;
};

TEST_F(ProjectionTest, VouchersAndBudgetsBecomeMonthlyFiguresPerUnit) {
  ledger->Append(
      {LedgerWriter::Voucher(2021, 2021, 3,
                             {{"5010", "KLS", "", 1000},
                              {"3510", "KLS", "", -400},
                              {"6110", "KLS", "", 77, testing::lv1::TRANSACTION_KIND_REMOVED},
                              {"8310", "KLS", "", 999},  // financial: not operating
                              {"1110", "KS", "SIMHALL", 500},
                              {"1110", "KS", "SIMHALL", -20},  // a credit note: less spending
                              {"2388", "", "SIMHALL", -300},   // a grant: income
                              {"4610", "", "", 30}})});        // no unit
  ledger->Append({LedgerWriter::Budget(2021, {{"KLS", "5", "", 2021, 3, 1100},
                                              {"KLS", "3", "", 2021, 3, -300},
                                              {"KS", "11", "SIMHALL", 2021, 4, 1000},
                                              {"KLS", "45", "", 2021, 4, 50}})});
  // A second budget file replaces the (KLS, 5, 2021-03) key and adds nothing twice.
  ledger->Append({LedgerWriter::Budget(2021, {{"KLS", "5", "", 2021, 3, 900}})});
  // Another budget version is not what the forecast measures against.
  ledger->Append({LedgerWriter::Budget(2021, {{"KLS", "5", "", 2021, 5, 123456}}, "internbudget")});
  Stack stack(log.get(), dir.Sub("forecast"));
  auto model = stack.Model();
  ASSERT_NE(model, nullptr);
  const YearFigures* year = model->Year(2021);
  ASSERT_NE(year, nullptr);
  const UnitYear* kls = year->Of(*model->UnitIndex("KLS"));
  ASSERT_NE(kls, nullptr);
  EXPECT_EQ(kls->actual[kCostsSide].Through(3), 1000);
  EXPECT_EQ(kls->actual[kRevenuesSide].Through(3), -400);
  EXPECT_EQ(kls->budget[kCostsSide].Through(3), 900);
  EXPECT_EQ(kls->budget[kCostsSide].Through(12), 950);
  EXPECT_EQ(kls->budget[kRevenuesSide].Through(12), -300);
  EXPECT_EQ(year->unassigned.actual[kCostsSide].Through(12), 30);
  const ProjectYear& simhall = year->projects.at("SIMHALL");
  EXPECT_EQ(simhall.spending.Through(12), 480);
  EXPECT_EQ(simhall.income.Through(12), -300);
  EXPECT_EQ(simhall.budget_spending.Through(12), 1000);
  EXPECT_EQ(model->FindProject("SIMHALL")->frames_ore.at(2021), 12'000);
}

// A step gathers its cells, versions and fiscal years in memory and writes them once
// (EndStep): one record per step and every record in one step must leave the same bytes,
// also where a budget replaces a key between two vouchers of the same cell.
TEST_F(ProjectionTest, TheStepSizeDoesNotChangeTheBytes) {
  ledger->Append({LedgerWriter::Voucher(2021, 2021, 3,
                                        {{"5010", "KLS", "", 1000},
                                         {"3510", "KLS", "", -400},
                                         {"1110", "KS", "SIMHALL", 500},
                                         {"2388", "", "SIMHALL", -300}})});
  ledger->Append({LedgerWriter::Budget(
      2021, {{"KLS", "5", "", 2021, 3, 1100}, {"KS", "11", "SIMHALL", 2021, 4, 1000}})});
  ledger->Append({LedgerWriter::Voucher(2021, 2021, 3, {{"5010", "KLS", "", 250}}),
                  LedgerWriter::Voucher(2021, 2021, 4, {{"3510", "KLS", "", -50}})});
  ledger->Append({LedgerWriter::Budget(2021, {{"KLS", "5", "", 2021, 3, 900}})});
  ledger->Append({LedgerWriter::Voucher(2021, 2021, 3, {{"5010", "KLS", "", 7}})});
  auto dump = [&](const std::string& name, size_t records_per_step) {
    Stack stack(log.get(), dir.Sub(name), records_per_step);
    EXPECT_TRUE(stack.runner.CatchUp().ok());
    auto state = stack.db->Dump();
    EXPECT_TRUE(state.ok()) << state.status();
    return state.ok() ? *state : std::vector<std::pair<std::string, std::string>>{};
  };
  auto one_by_one = dump("one", 1);
  ASSERT_GT(one_by_one.size(), 10u);
  EXPECT_EQ(dump("all", 100000), one_by_one);
}

TEST_F(ProjectionTest, ALineCountsInItsVouchersMonthWhateverItsOwnDate) {
  lv1::LedgerEvent v = LedgerWriter::Voucher(2021, 2021, 3, {{"5010", "KLS", "", 700}});
  lv1::Transaction* line = v.mutable_voucher_posted()->mutable_transactions(0);
  line->mutable_date()->set_year(2021);  // an accrual dated in April
  line->mutable_date()->set_month(4);
  line->mutable_date()->set_day(2);
  ledger->Append({v});
  Stack stack(log.get(), dir.Sub("forecast"));
  auto model = stack.Model();
  const UnitYear* kls = model->Year(2021)->Of(*model->UnitIndex("KLS"));
  ASSERT_NE(kls, nullptr);
  EXPECT_EQ(kls->actual[kCostsSide].Through(3), 700);
}

TEST_F(ProjectionTest, AVoucherKeyTheLogHoldsTwiceCountsOnce) {
  lv1::LedgerEvent v = LedgerWriter::Voucher(
      2021, 2021, 3, {{"5010", "KLS", "", 400}, {"1110", "KS", "SIMHALL", 9}}, "7");
  ledger->Append({v});
  ledger->Append({v});  // a retried commit whose first attempt landed
  Stack stack(log.get(), dir.Sub("forecast"));
  auto model = stack.Model();
  const YearFigures* year = model->Year(2021);
  EXPECT_EQ(year->Of(*model->UnitIndex("KLS"))->actual[kCostsSide].Through(12), 400);
  EXPECT_EQ(year->projects.at("SIMHALL").spending.Through(12), 9);
}

TEST_F(ProjectionTest, MonthsCountFromTheStartOfAnOffsetFiscalYear) {
  ledger->Append({LedgerWriter::FiscalYear(2020, 7, 2021, 6, 30),
                  LedgerWriter::Voucher(2020, 2020, 9, {{"5010", "KLS", "", 100}}),
                  LedgerWriter::Voucher(2020, 2021, 2, {{"5010", "KLS", "", 10}}),
                  LedgerWriter::Close(2021, 2)});
  Stack stack(log.get(), dir.Sub("forecast"));
  auto model = stack.Model();
  const UnitYear* kls = model->Year(2020)->Of(*model->UnitIndex("KLS"));
  ASSERT_NE(kls, nullptr);
  EXPECT_EQ(kls->actual[kCostsSide].Through(2), 0);
  EXPECT_EQ(kls->actual[kCostsSide].Through(3), 100);  // September is month 3
  EXPECT_EQ(kls->actual[kCostsSide].Through(8), 110);  // February is month 8
  EXPECT_EQ(model->LatestClosed(2020), (period::Period{2021, 2}));
  EXPECT_EQ(model->YearOfPeriod({2021, 2}), 2020);
}

TEST_F(ProjectionTest, ProjectFramesAreKeptPerYear) {
  ledger->Append({LedgerWriter::Project("SIMHALL", "KSGEM", {{2022, 5'000}}, "Ny simhall")});
  Stack stack(log.get(), dir.Sub("forecast"));
  auto model = stack.Model();
  const ProjectInfo* p = model->FindProject("SIMHALL");
  EXPECT_EQ(p->unit_id, "KSGEM");
  EXPECT_EQ(p->name, "Ny simhall");
  EXPECT_EQ(p->frames_ore, (std::map<int, int64_t>{{2021, 12'000}, {2022, 5'000}}));
}

TEST_F(ProjectionTest, AdjustmentsAddWithdrawAndSurviveARebuildByteForByte) {
  ledger->Append({LedgerWriter::Voucher(2021, 2021, 1, {{"5010", "KLS", "", 1000}}),
                  LedgerWriter::Close(2021, 1)});
  Adjust(*log, "a1", 2021, "KLS", 500);
  Adjust(*log, "a2", 2021, "EKS", -70);
  Withdraw(*log, "a2");
  Stack stack(log.get(), dir.Sub("forecast"), /*records_per_step=*/2);
  ASSERT_TRUE(stack.reactor.PublishPending().ok());
  auto model = stack.Model();
  ASSERT_EQ(model->adjustments().size(), 2u);
  EXPECT_FALSE(model->FindAdjustment("a1")->withdrawn);
  EXPECT_TRUE(model->FindAdjustment("a2")->withdrawn);
  EXPECT_EQ(model->FindAdjustment("a1")->actor, "anna");
  absl::StatusOr<ForecastResult> r =
      ComputeForecast(*model, {.fiscal_year = 2021, .method = Method::kRunrate});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->units[0].forecast.costs_ore, 12'000 + 500);

  auto before = stack.db->Dump();
  ASSERT_TRUE(before.ok());
  ASSERT_TRUE(stack.runner.Rebuild().ok());
  auto after = stack.db->Dump();
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(*before, *after);
  // However the runner interleaves the two topics, the same events give the same bytes.
  for (size_t step : {1, 3, 1000}) {
    Stack other(log.get(), dir.Sub(StrCat("step", step)), step);
    ASSERT_TRUE(other.runner.CatchUp().ok());
    EXPECT_EQ(*other.db->Dump(), *before) << "records per step " << step;
  }
  // A rebuild learns what was published from the log and publishes nothing again.
  size_t published = Published(*log).size();
  EXPECT_EQ(*stack.reactor.PublishPending(), 0);
  EXPECT_EQ(Published(*log).size(), published);
}

TEST_F(ProjectionTest, ReactorPublishesExactlyOncePerTriggerAcrossRestarts) {
  ledger->Append({LedgerWriter::Voucher(2021, 2021, 8, {{"5010", "KLS", "", 1000}})});
  std::string early;
  {
    Stack stack(log.get(), dir.Sub("forecast"));
    // An adjustment before any closed period of its year waits for one.
    early = Adjust(*log, "early", 2021, "KLS", 1);
    EXPECT_EQ(*stack.reactor.PublishPending(), 0);
    ledger->Append({LedgerWriter::Close(2021, 8)});
    EXPECT_EQ(*stack.reactor.PublishPending(), 1);
    EXPECT_EQ(*stack.reactor.PublishPending(), 0);
  }
  std::vector<eventlog::Envelope> envelopes;
  std::vector<v1::ForecastEvent> published = Published(*log, &envelopes);
  ASSERT_EQ(published.size(), 1u);
  const v1::ForecastPublished& p = published[0].forecast_published();
  EXPECT_EQ(p.fiscal_year(), 2021);
  EXPECT_EQ(p.as_of().month(), 8);
  EXPECT_EQ(p.trigger(), "period_closed");
  std::vector<std::string> triggers(p.trigger_event_ids().begin(), p.trigger_event_ids().end());
  std::vector<std::string> sorted = triggers;
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::string> expected = {early, ledger->last_event_id()};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(sorted, expected);
  EXPECT_EQ(envelopes[0].causation_id(), triggers.back());
  EXPECT_EQ(envelopes[0].event_id(),
            DeterministicUuid("tertial.forecast.v1.ForecastPublished|0580|" + triggers[0] + "|" +
                              triggers[1]));
  EXPECT_EQ(p.units_size(), 3);  // KS (roll-up), KLS, EKS
  EXPECT_EQ(p.projects_size(), 1);
  EXPECT_EQ(p.adjustment_ids_size(), 1);

  // Restart on the same directory: nothing new.
  {
    Stack stack(log.get(), dir.Sub("forecast"));
    EXPECT_EQ(*stack.reactor.PublishPending(), 0);
    // Two adjustments that arrive together are covered by one publication as of 2021-08.
    std::string first = Adjust(*log, "b1", 2021, "KLS", 10);
    std::string second = Adjust(*log, "b2", 2021, "EKS", 20);
    EXPECT_EQ(*stack.reactor.PublishPending(), 1);
    published = Published(*log);
    ASSERT_EQ(published.size(), 2u);
    const v1::ForecastPublished& q = published[1].forecast_published();
    EXPECT_EQ(q.trigger(), "adjustment_made");
    EXPECT_EQ(q.as_of().month(), 8);
    EXPECT_EQ(std::vector<std::string>(q.trigger_event_ids().begin(), q.trigger_event_ids().end()),
              (std::vector<std::string>{first, second}));
    EXPECT_EQ(q.adjustment_ids_size(), 3);
  }
  // A projection rebuilt from nothing on another directory: nothing new either.
  {
    Stack fresh(log.get(), dir.Sub("fresh"));
    EXPECT_EQ(*fresh.reactor.PublishPending(), 0);
  }
  EXPECT_EQ(Published(*log).size(), 2u);
}

TEST_F(ProjectionTest, ACrashBetweenPublishingAndRecordingItPublishesNothingTwice) {
  ledger->Append({LedgerWriter::Voucher(2021, 2021, 8, {{"5010", "KLS", "", 1000}})});
  ledger->Append({LedgerWriter::Close(2021, 8)});
  // `crashed` applied the ledger (the trigger is pending in it) and then stopped: the state a
  // process is in when it dies after appending the ForecastPublished and before applying it.
  Stack crashed(log.get(), dir.Sub("crashed"));
  ASSERT_TRUE(crashed.runner.CatchUp().ok());
  {
    Stack live(log.get(), dir.Sub("live"));
    EXPECT_EQ(*live.reactor.PublishPending(), 1);
  }
  // On restart the pending trigger is found covered in the log before anything is published.
  EXPECT_EQ(*crashed.reactor.PublishPending(), 0);
  EXPECT_EQ(Published(*log).size(), 1u);
}

TEST_F(ProjectionTest, WithdrawingAndChoosingAMethodRepublish) {
  ledger->Append({LedgerWriter::Voucher(2021, 2021, 8, {{"5010", "KLS", "", 1000}}),
                  LedgerWriter::Close(2021, 8)});
  Stack stack(log.get(), dir.Sub("forecast"));
  EXPECT_EQ(*stack.reactor.PublishPending(), 1);
  Adjust(*log, "a1", 2021, "KLS", 500);
  EXPECT_EQ(*stack.reactor.PublishPending(), 1);
  Withdraw(*log, "a1");
  EXPECT_EQ(*stack.reactor.PublishPending(), 1);
  v1::ForecastEvent choose;
  choose.mutable_method_chosen()->set_fiscal_year(2021);
  choose.mutable_method_chosen()->set_method("runrate");
  ASSERT_TRUE(log->Append(eventlog::kForecastTopic, "0580",
                          {*eventlog::Wrap(choose, "method/2021", {.organisation = "0580"})})
                  .ok());
  EXPECT_EQ(*stack.reactor.PublishPending(), 1);
  std::vector<v1::ForecastEvent> published = Published(*log);
  ASSERT_EQ(published.size(), 4u);
  EXPECT_EQ(published[1].forecast_published().adjustment_ids_size(), 1);
  EXPECT_EQ(published[2].forecast_published().trigger(), "adjustment_withdrawn");
  EXPECT_EQ(published[2].forecast_published().adjustment_ids_size(), 0);
  EXPECT_EQ(published[3].forecast_published().trigger(), "method_chosen");
  EXPECT_EQ(published[3].forecast_published().method_requested(), "runrate");
  // KLS has no budget and its first posting in August, so runrate counts it from August:
  // 1 000 / 1 * 5.
  EXPECT_EQ(published[3].forecast_published().units(1).forecast_costs_ore(), 5000);
}

// The latest ForecastPublished for (2021, as-of month), or null.
const v1::ForecastPublished* Latest(const std::vector<v1::ForecastEvent>& published, int month,
                                    int year = 2021) {
  const v1::ForecastPublished* latest = nullptr;
  for (const v1::ForecastEvent& e : published) {
    const v1::ForecastPublished& p = e.forecast_published();
    if (p.fiscal_year() == year && p.as_of().month() == month) latest = &p;
  }
  return latest;
}

const v1::UnitForecast& UnitOf(const v1::ForecastPublished& p, std::string_view unit) {
  for (const v1::UnitForecast& u : p.units()) {
    if (u.unit_id() == unit) return u;
  }
  ADD_FAILURE() << "no unit " << unit;
  return v1::UnitForecast::default_instance();
}

// Ledger changes after a forecast was published republish it.
class LedgerChangeTest : public ProjectionTest {
 protected:
  void SetUp() override {
    ProjectionTest::SetUp();
    std::vector<testing::lv1::LedgerEvent> events;
    std::vector<LedgerWriter::BudgetRow> budget;
    for (int m = 1; m <= 12; ++m) {
      if (m <= 8)
        events.push_back(LedgerWriter::Voucher(2021, 2021, m, {{"5010", "KLS", "", 1000}}));
      budget.push_back({"KLS", "5", "", 2021, m, 1000});
    }
    events.push_back(LedgerWriter::Budget(2021, budget));
    events.push_back(LedgerWriter::Close(2021, 3));
    ledger->Append(events);
    ledger->Append({LedgerWriter::Close(2021, 8)});
  }

  int64_t LedgerEnd() { return *log->EndOffset(eventlog::kLedgerTopic, 0); }
};

TEST_F(LedgerChangeTest, ABudgetChangeAfterClosingRepublishesEveryClosedAsOfWithTheNewBudget) {
  Stack stack(log.get(), dir.Sub("forecast"));
  EXPECT_EQ(*stack.reactor.PublishPending(), 2);  // as of 2021-03 and 2021-08
  EXPECT_EQ(*stack.reactor.PublishPending(), 0);
  std::vector<v1::ForecastEvent> first = Published(*log);
  const v1::ForecastPublished* before = Latest(first, 8);
  ASSERT_NE(before, nullptr);
  EXPECT_EQ(before->ledger_offset(), LedgerEnd());
  EXPECT_EQ(UnitOf(*before, "KLS").budget_costs_ore(), 12'000);
  EXPECT_EQ(UnitOf(*before, "KLS").method(), "budget_remaining");  // auto, without history

  // October's budget raised after August was closed.
  ledger->Append({LedgerWriter::Budget(2021, {{"KLS", "5", "", 2021, 10, 5000}})});
  EXPECT_EQ(*stack.reactor.PublishPending(), 2);
  EXPECT_EQ(*stack.reactor.PublishPending(), 0);
  std::vector<eventlog::Envelope> envelopes;
  std::vector<v1::ForecastEvent> published = Published(*log, &envelopes);
  ASSERT_EQ(published.size(), 4u);
  for (int month : {3, 8}) {
    const v1::ForecastPublished* p = Latest(published, month);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->trigger(), "ledger_changed");
    EXPECT_EQ(
        std::vector<std::string>(p->trigger_event_ids().begin(), p->trigger_event_ids().end()),
        std::vector<std::string>{ledger->last_event_id()});
    EXPECT_EQ(p->ledger_offset(), LedgerEnd());
    EXPECT_EQ(p->ledger_event_id(), ledger->last_event_id());
    EXPECT_EQ(UnitOf(*p, "KLS").budget_costs_ore(), 16'000);
  }
  // budget_remaining as of August: 8 000 of actuals + 4 000 of budget left, 4 000 more now.
  EXPECT_EQ(UnitOf(*Latest(published, 8), "KLS").forecast_costs_ore(), 16'000);
  EXPECT_EQ(UnitOf(*Latest(published, 8), "KLS").actual_costs_ore(), 8000);
  EXPECT_EQ(UnitOf(*Latest(published, 8), "KLS").actual_net_ore(), 8000);
  EXPECT_EQ(UnitOf(*Latest(published, 3), "KLS").actual_net_ore(), 3000);
  // Deterministic ids: one per (year, as-of) the ledger event republished.
  EXPECT_NE(envelopes[2].event_id(), envelopes[3].event_id());
  EXPECT_EQ(envelopes[3].causation_id(), ledger->last_event_id());
}

TEST_F(LedgerChangeTest, ALateVoucherIntoAnOpenEarlierMonthRepublishesWithTheNewActuals) {
  Stack stack(log.get(), dir.Sub("forecast"));
  EXPECT_EQ(*stack.reactor.PublishPending(), 2);
  // July is open though August is closed (closing a month does not close the ones before).
  ledger->Append({LedgerWriter::Voucher(2021, 2021, 7, {{"5010", "KLS", "", 5000}}, "late")});
  EXPECT_EQ(*stack.reactor.PublishPending(), 2);
  std::vector<v1::ForecastEvent> published = Published(*log);
  const v1::ForecastPublished* august = Latest(published, 8);
  EXPECT_EQ(august->trigger(), "ledger_changed");
  EXPECT_EQ(UnitOf(*august, "KLS").actual_costs_ore(), 13'000);
  EXPECT_EQ(UnitOf(*august, "KLS").forecast_costs_ore(), 13'000 + 4000);
  EXPECT_EQ(UnitOf(*august, "KS").actual_net_ore(), 13'000);  // the roll-up too
  // As of March the figures are the same, but the publication says it reflects the ledger.
  const v1::ForecastPublished* march = Latest(published, 3);
  EXPECT_EQ(UnitOf(*march, "KLS").actual_costs_ore(), 3000);
  EXPECT_EQ(march->ledger_offset(), LedgerEnd());
}

TEST_F(LedgerChangeTest, AnImportOfThousandsOfVouchersRepublishesOncePerAsOf) {
  Stack stack(log.get(), dir.Sub("forecast"), /*records_per_step=*/100);
  EXPECT_EQ(*stack.reactor.PublishPending(), 2);
  std::vector<testing::lv1::LedgerEvent> vouchers;
  for (int i = 0; i < 3000; ++i) {
    vouchers.push_back(
        LedgerWriter::Voucher(2021, 2021, 1 + i % 12, {{"5010", "EKS", "", 10}}, StrCat(i)));
  }
  ledger->Append(vouchers);
  EXPECT_EQ(*stack.reactor.PublishPending(), 2);
  EXPECT_EQ(*stack.reactor.PublishPending(), 0);
  std::vector<v1::ForecastEvent> published = Published(*log);
  ASSERT_EQ(published.size(), 4u);
  EXPECT_EQ(published[3].forecast_published().trigger_event_ids_size(), 1);
  EXPECT_EQ(UnitOf(*Latest(published, 8), "EKS").actual_costs_ore(), 2000 * 10);
}

TEST_F(LedgerChangeTest, AnEarlierYearRepublishesLaterYearsButNotTheOtherWayRound) {
  Stack stack(log.get(), dir.Sub("forecast"));
  EXPECT_EQ(*stack.reactor.PublishPending(), 2);
  // 2022 is not what a 2021 forecast rests on.
  ledger->Append({LedgerWriter::Voucher(2022, 2022, 1, {{"5010", "KLS", "", 1}})});
  EXPECT_EQ(*stack.reactor.PublishPending(), 0);
  // 2020 is its prior year and backtest history (a late bokslut voucher).
  ledger->Append({LedgerWriter::Voucher(2020, 2020, 12, {{"5010", "KLS", "", 1}})});
  EXPECT_EQ(*stack.reactor.PublishPending(), 2);
  // The unit tree is every year's.
  ledger->Append({LedgerWriter::Unit("EKS", "KS", "Ekonomistaben (ny)", 2)});
  EXPECT_EQ(*stack.reactor.PublishPending(), 2);
  EXPECT_EQ(Published(*log).size(), 6u);
}

TEST_F(LedgerChangeTest, WhatChangesNoInputRepublishesNothing) {
  Stack stack(log.get(), dir.Sub("forecast"));
  EXPECT_EQ(*stack.reactor.PublishPending(), 2);
  // Definitions repeated as they were, another budget version, a close of the next year.
  ledger->Append({LedgerWriter::Unit("KLS", "KS", "Kommunledningsstaben", 1),
                  LedgerWriter::Project("SIMHALL", "KS", {{2021, 12'000}}, "KS, ny simhall"),
                  LedgerWriter::Budget(2021, {{"KLS", "5", "", 2021, 10, 99}}, "internbudget")});
  EXPECT_EQ(*stack.reactor.PublishPending(), 0);
  EXPECT_EQ(Published(*log).size(), 2u);
  // The same project with a new frame does change it.
  ledger->Append({LedgerWriter::Project("SIMHALL", "KS", {{2021, 15'000}}, "KS, ny simhall")});
  EXPECT_EQ(*stack.reactor.PublishPending(), 2);
  std::vector<v1::ForecastEvent> published = Published(*log);
  EXPECT_EQ(Latest(published, 8)->projects(0).frame_ore(), 15'000);
}

TEST_F(LedgerChangeTest, RepublishesExactlyOnceAcrossRestartsCrashesAndRebuilds) {
  {
    Stack stack(log.get(), dir.Sub("forecast"));
    EXPECT_EQ(*stack.reactor.PublishPending(), 2);
  }
  ledger->Append({LedgerWriter::Voucher(2021, 2021, 7, {{"5010", "KLS", "", 5000}}, "late")});
  // `crashed` applied the voucher and stopped before publishing; `live` published.
  Stack crashed(log.get(), dir.Sub("crashed"));
  ASSERT_TRUE(crashed.runner.CatchUp().ok());
  {
    Stack live(log.get(), dir.Sub("forecast"));
    EXPECT_EQ(*live.reactor.PublishPending(), 2);
  }
  EXPECT_EQ(*crashed.reactor.PublishPending(), 0);
  {
    Stack restarted(log.get(), dir.Sub("forecast"));
    EXPECT_EQ(*restarted.reactor.PublishPending(), 0);
    auto before = restarted.db->Dump();
    ASSERT_TRUE(before.ok());
    ASSERT_TRUE(restarted.runner.Rebuild().ok());
    EXPECT_EQ(*restarted.db->Dump(), *before);
    for (size_t step : {1, 7, 1000}) {
      Stack other(log.get(), dir.Sub(StrCat("step", step)), step);
      ASSERT_TRUE(other.runner.CatchUp().ok());
      EXPECT_EQ(*other.db->Dump(), *before) << "records per step " << step;
      EXPECT_EQ(*other.reactor.PublishPending(), 0);
    }
  }
  EXPECT_EQ(Published(*log).size(), 4u);
}

TEST_F(LedgerChangeTest, APublicationThatDoesNotSayWhatLedgerItReflectsIsRepublishedOnce) {
  Stack stack(log.get(), dir.Sub("forecast"));
  EXPECT_EQ(*stack.reactor.PublishPending(), 2);
  // One published before ledger_offset existed, covering nothing pending.
  v1::ForecastEvent old;
  v1::ForecastPublished* p = old.mutable_forecast_published();
  p->set_fiscal_year(2021);
  p->mutable_as_of()->set_year(2021);
  p->mutable_as_of()->set_month(5);
  p->set_trigger("period_closed");
  p->add_trigger_event_ids("an-old-trigger");
  ASSERT_TRUE(log->Append(eventlog::kForecastTopic, "0580",
                          {*eventlog::Wrap(old, "forecast/2021/2021-05", {.organisation = "0580"})})
                  .ok());
  EXPECT_EQ(*stack.reactor.PublishPending(), 1);
  EXPECT_EQ(*stack.reactor.PublishPending(), 0);
  std::vector<v1::ForecastEvent> published = Published(*log);
  const v1::ForecastPublished* may = Latest(published, 5);
  EXPECT_EQ(may->trigger(), "ledger_changed");
  EXPECT_EQ(may->ledger_offset(), LedgerEnd());
}

}  // namespace
}  // namespace tertial::forecast
