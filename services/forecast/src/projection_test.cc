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
                              {"4610", "", "", 30}})});  // no unit
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
  lv1::LedgerEvent v =
      LedgerWriter::Voucher(2021, 2021, 3, {{"5010", "KLS", "", 400}, {"1110", "KS", "SIMHALL", 9}}, "7");
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

}  // namespace
}  // namespace tertial::forecast
