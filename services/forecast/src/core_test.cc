#include "core.h"

#include <gtest/gtest.h>

#include "ledger_test_util.h"
#include "projection.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/period/proto.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::forecast {
namespace {

using testing::LedgerWriter;

// The core without a server: its commands and queries called directly, as the gRPC
// adapter calls them once it has authorized the caller.
class CoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_ = *eventlog::EmbeddedLog::Open(dir_.Sub("log"), {.sync_commits = false});
    LedgerWriter ledger(log_.get(), "0580");
    ledger.Append({LedgerWriter::Unit("KS", "", "Kommunstyrelsen"),
                   LedgerWriter::Unit("KLS", "KS", "Kommunledningsstaben", 1)});
    std::vector<testing::lv1::LedgerEvent> vouchers;
    for (int m = 1; m <= 8; ++m) {
      vouchers.push_back(LedgerWriter::Voucher(2021, 2021, m, {{"5010", "KLS", "", 100'000}}));
    }
    ledger.Append(vouchers);
    ledger.Append({LedgerWriter::Close(2021, 8)});
    db_ = *projection::ProjectionDb::Open(dir_.Sub("forecast"));
    runner_ = std::make_unique<projection::Runner>(log_.get(), db_.get(), &projection_);
    reactor_ = std::make_unique<Reactor>(log_.get(), db_.get(), runner_.get(), &cache_);
    core_ = std::make_unique<ForecastCore>(CoreDeps{.log = log_.get(),
                                                    .db = db_.get(),
                                                    .runner = runner_.get(),
                                                    .cache = &cache_,
                                                    .reactor = reactor_.get()});
  }

  int64_t ForecastRecords() {
    absl::StatusOr<int64_t> end = log_->EndOffset(eventlog::kForecastTopic, 0);
    EXPECT_TRUE(end.ok());
    return end.ok() ? *end : -1;
  }

  v1::AdjustRequest OneAdjustment(const std::string& unit) {
    v1::AdjustRequest request;
    request.set_organisation("0580");
    request.set_fiscal_year(2021);
    v1::AdjustmentInput* in = request.add_adjustments();
    in->set_adjustment_id("9b2f1c1e-0000-4000-8000-000000000001");
    in->set_unit_id(unit);
    in->set_side(v1::SIDE_COSTS);
    in->set_amount_ore(-400'000);
    in->set_reason("Räddningstjänstens avgift regleras vid årets slut");
    period::ToProto({2021, 12}, in->mutable_expires_after());
    return request;
  }

  tertial::testing::TempDir dir_;
  std::unique_ptr<eventlog::EmbeddedLog> log_;
  std::unique_ptr<projection::ProjectionDb> db_;
  ForecastProjection projection_;
  std::unique_ptr<projection::Runner> runner_;
  ModelCache cache_;
  std::unique_ptr<Reactor> reactor_;
  std::unique_ptr<ForecastCore> core_;
};

TEST_F(CoreTest, ACommandAppendsOnceAndItsRetryAppendsNothing) {
  v1::AdjustResponse made;
  ASSERT_TRUE(core_->Adjust(OneAdjustment("KLS"), "anna", &made).ok());
  EXPECT_EQ(made.made(), 1);
  int64_t after_first = ForecastRecords();
  v1::AdjustResponse again;
  ASSERT_TRUE(core_->Adjust(OneAdjustment("KLS"), "anna", &again).ok());
  EXPECT_EQ(again.made(), 0);
  EXPECT_EQ(again.already_made(), 1);
  EXPECT_EQ(ForecastRecords(), after_first);

  v1::ListAdjustmentsRequest list;
  list.set_organisation("0580");
  v1::ListAdjustmentsResponse listed;
  ASSERT_TRUE(core_->ListAdjustments(list, &listed).ok());
  ASSERT_EQ(listed.adjustments_size(), 1);
  EXPECT_EQ(listed.adjustments(0).made().actor(), "anna");
  EXPECT_EQ(listed.adjustments(0).made().expires_after().month(), 12);

  v1::WithdrawAdjustmentRequest withdraw;
  withdraw.set_organisation("0580");
  withdraw.set_adjustment_id(made.adjustment_ids(0));
  withdraw.set_reason("Avgiften betalades i augusti");
  v1::WithdrawAdjustmentResponse withdrawn;
  ASSERT_TRUE(core_->WithdrawAdjustment(withdraw, "anna", &withdrawn).ok());
  EXPECT_FALSE(withdrawn.already_withdrawn());
  int64_t after_withdrawal = ForecastRecords();
  EXPECT_GT(after_withdrawal, after_first);
  ASSERT_TRUE(core_->WithdrawAdjustment(withdraw, "anna", &withdrawn).ok());
  EXPECT_TRUE(withdrawn.already_withdrawn());
  EXPECT_EQ(ForecastRecords(), after_withdrawal);
}

TEST_F(CoreTest, ARefusedCommandAppendsNothing) {
  int64_t before = ForecastRecords();
  v1::AdjustResponse made;
  absl::Status refused = core_->Adjust(OneAdjustment("NOPE"), "anna", &made);
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument) << refused;
  EXPECT_EQ(ForecastRecords(), before);

  v1::ChooseMethodRequest choose;
  choose.set_organisation("0580");
  choose.set_fiscal_year(2021);
  choose.set_method("linear");
  v1::ChooseMethodResponse chosen;
  EXPECT_EQ(core_->ChooseMethod(choose, "anna", &chosen).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ForecastRecords(), before);
  choose.set_method("runrate");
  ASSERT_TRUE(core_->ChooseMethod(choose, "anna", &chosen).ok());
  EXPECT_FALSE(chosen.unchanged());
  ASSERT_TRUE(core_->ChooseMethod(choose, "anna", &chosen).ok());
  EXPECT_TRUE(chosen.unchanged());
}

TEST_F(CoreTest, AQueryNamesAPeriodThatIsNoMonth) {
  v1::GetForecastRequest request;
  request.set_organisation("0580");
  request.mutable_as_of()->set_year(2021);
  request.mutable_as_of()->set_month(13);
  v1::GetForecastResponse response;
  absl::Status bad = core_->GetForecast(request, &response);
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.message(), "as_of: 2021-13 is not a period YYYY-MM");
  request.mutable_as_of()->set_month(8);
  ASSERT_TRUE(core_->GetForecast(request, &response).ok());
  EXPECT_EQ(response.fiscal_year(), 2021);
  EXPECT_EQ(response.as_of().month(), 8);
}

}  // namespace
}  // namespace tertial::forecast
