#include "grpc_service.h"

#include <grpcpp/client_context.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "ledger_test_util.h"
#include "tertial/base/hash.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/forecast/component.h"
#include "tertial/grpcutil/server.h"
#include "tertial/grpcutil/status.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::forecast {
namespace {

using testing::LedgerWriter;

std::string TokenLine(const std::string& token, const std::string& rest) {
  return StrCat("sha256:", Sha256Hex(token), "  ", rest, "\n");
}

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_ = *eventlog::EmbeddedLog::Open(dir_.Sub("log"), {.sync_commits = false});
    LedgerWriter ledger(log_.get(), "0580");
    ledger.Append({LedgerWriter::Unit("KS", "", "Kommunstyrelsen"),
                   LedgerWriter::Unit("KLS", "KS", "Kommunledningsstaben", 1),
                   LedgerWriter::Unit("EKS", "KS", "Ekonomistaben", 2),
                   LedgerWriter::Project("SAK", "KLS", {{2021, 1'200'000}}, "Säkerhet")});
    std::vector<testing::lv1::LedgerEvent> vouchers;
    std::vector<LedgerWriter::BudgetRow> budget;
    for (int m = 1; m <= 12; ++m) {
      vouchers.push_back(LedgerWriter::Voucher(
          2020, 2020, m, {{"5010", "KLS", "", 90'000}, {"3510", "EKS", "", -10'000}}));
      if (m <= 8) {
        vouchers.push_back(LedgerWriter::Voucher(2021, 2021, m,
                                                 {{"5010", "KLS", "", 100'000},
                                                  {"3510", "EKS", "", -12'000},
                                                  {"1220", "KLS", "SAK", 50'000}}));
      }
      budget.push_back({"KLS", "5", "", 2021, m, 110'000});
      budget.push_back({"EKS", "3", "", 2021, m, -10'000});
    }
    ledger.Append(vouchers);
    ledger.Append({LedgerWriter::Budget(2021, budget), LedgerWriter::Close(2021, 8)});

    auto authorizer =
        grpcutil::Authorizer::FromText(TokenLine("anna-token", "anna.ekonom controller 0580") +
                                           TokenLine("bo-token", "bo reader 0580") +
                                           TokenLine("cecilia-token", "cecilia controller 0581"),
                                       "tokens");
    ASSERT_TRUE(authorizer.ok()) << authorizer.status();
    auto component = MakeComponent(
        {.log = log_.get(), .data_dir = dir_.Sub("forecast"), .authorizer = *authorizer});
    ASSERT_TRUE(component.ok()) << component.status();
    component_ = std::move(*component);
    ASSERT_TRUE(component_->Start().ok());
    auto server = grpcutil::Server::Start({}, {component_.get()});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    stub_ = v1::ForecastService::NewStub(server_->InProcessChannel());
  }

  void TearDown() override {
    stub_.reset();
    if (server_) server_->Shutdown();
    if (component_) component_->Stop();
  }

  template <typename Request, typename Response, typename Method>
  grpc::Status Call(Method method, const std::string& token, const Request& request,
                    Response* response) {
    grpc::ClientContext context;
    if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
    return ((*stub_).*method)(&context, request, response);
  }

  v1::GetForecastResponse Forecast(const std::string& method = "") {
    v1::GetForecastRequest request;
    request.set_organisation("0580");
    request.set_fiscal_year(2021);
    request.set_method(method);
    v1::GetForecastResponse response;
    grpc::Status s = Call(&v1::ForecastService::Stub::GetForecast, "bo-token", request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response;
  }

  int PublishedCount() {
    int n = 0;
    absl::StatusOr<std::vector<eventlog::Record>> records =
        log_->Read(eventlog::kForecastTopic, 0, 0, 10000);
    EXPECT_TRUE(records.ok());
    for (const eventlog::Record& r : *records) {
      v1::ForecastEvent event;
      EXPECT_TRUE(eventlog::Unwrap(*r.ParseEnvelope(), &event).ok());
      n += event.has_forecast_published();
    }
    return n;
  }

  v1::AdjustRequest CsvRequest(const std::string& csv) {
    v1::AdjustRequest request;
    request.set_organisation("0580");
    request.set_fiscal_year(2021);
    request.set_csv(csv);
    request.set_file_name("adjustments.csv");
    request.set_actor("someone else");
    return request;
  }

  tertial::testing::TempDir dir_;
  std::unique_ptr<eventlog::EmbeddedLog> log_;
  std::unique_ptr<grpcutil::Component> component_;
  std::unique_ptr<grpcutil::Server> server_;
  std::unique_ptr<v1::ForecastService::Stub> stub_;
};

TEST_F(ServiceTest, AnswersTheForecastPerUnitWithTheMethodUsed) {
  v1::GetForecastResponse r = Forecast("budget_remaining");
  EXPECT_EQ(r.as_of().month(), 8);
  EXPECT_TRUE(r.as_of_closed());
  ASSERT_EQ(r.units_size(), 3);
  const v1::UnitForecastRow& ks = r.units(0);
  EXPECT_EQ(ks.forecast().unit_id(), "KS");
  EXPECT_TRUE(ks.forecast().rollup());
  const v1::UnitForecastRow& kls = r.units(1);
  EXPECT_EQ(kls.name(), "Kommunledningsstaben");
  EXPECT_EQ(kls.depth(), 1);
  EXPECT_EQ(kls.forecast().method(), "budget_remaining");
  EXPECT_EQ(kls.forecast().forecast_costs_ore(), 800'000 + 440'000);
  EXPECT_EQ(kls.forecast().budget_net_ore(), 1'320'000);
  EXPECT_EQ(kls.deviation_net_ore(), 80'000);
  EXPECT_EQ(kls.prior_year_net_ore(), 1'080'000);
  ASSERT_EQ(r.projects_size(), 1);
  EXPECT_EQ(r.projects(0).forecast().spending_to_date_ore(), 400'000);
  EXPECT_EQ(r.projects(0).forecast().method(), "frame_share");
  EXPECT_EQ(r.projects(0).forecast_net_ore(), 400'000 + 400'000);
  EXPECT_EQ(r.projects(0).deviation_ore(), 400'000);
  // Auto has 2020 to learn from.
  EXPECT_EQ(Forecast().method_requested(), "auto");
  // The reactor published the closed period at start.
  EXPECT_EQ(PublishedCount(), 1);
}

TEST_F(ServiceTest, ChecksTokensRolesAndTenants) {
  v1::GetForecastRequest query;
  query.set_organisation("0580");
  query.set_fiscal_year(2021);
  v1::GetForecastResponse forecast;
  EXPECT_EQ(Call(&v1::ForecastService::Stub::GetForecast, "", query, &forecast).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(
      Call(&v1::ForecastService::Stub::GetForecast, "cecilia-token", query, &forecast).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  v1::AdjustRequest adjust = CsvRequest("unit_id,side,amount,reason\nKLS,costs,100,x\n");
  v1::AdjustResponse made;
  EXPECT_EQ(Call(&v1::ForecastService::Stub::Adjust, "bo-token", adjust, &made).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::ChooseMethodRequest choose;
  choose.set_organisation("0580");
  choose.set_fiscal_year(2021);
  choose.set_method("runrate");
  v1::ChooseMethodResponse chosen;
  EXPECT_EQ(
      Call(&v1::ForecastService::Stub::ChooseMethod, "bo-token", choose, &chosen).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  v1::BacktestRequest backtest;
  backtest.set_organisation("0580");
  v1::BacktestResponse scores;
  EXPECT_EQ(
      Call(&v1::ForecastService::Stub::Backtest, "cecilia-token", backtest, &scores).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  query.set_organisation("");
  EXPECT_EQ(
      Call(&v1::ForecastService::Stub::GetForecast, "bo-token", query, &forecast).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ServiceTest, ImportsAdjustmentsAllOrNothingAndOnlyOnce) {
  const std::string csv =
      "unit_id,project_id,side,amount,reason,expires_after\n"
      "KLS,,costs,-2000,Inga juridiska utredningar i år,\n"
      ",SAK,investment_spending,3000,Civilt försvar under hösten,2021-12\n";
  v1::AdjustResponse made;
  grpc::Status s = Call(&v1::ForecastService::Stub::Adjust, "anna-token", CsvRequest(csv), &made);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(made.made(), 2);
  EXPECT_EQ(PublishedCount(), 2);
  v1::AdjustResponse again;
  ASSERT_TRUE(Call(&v1::ForecastService::Stub::Adjust, "anna-token", CsvRequest(csv), &again).ok());
  EXPECT_EQ(again.made(), 0);
  EXPECT_EQ(again.already_made(), 2);
  EXPECT_EQ(again.adjustment_ids(0), made.adjustment_ids(0));
  EXPECT_EQ(PublishedCount(), 2);
  v1::AdjustResponse refused;
  grpc::Status bad = Call(
      &v1::ForecastService::Stub::Adjust, "anna-token",
      CsvRequest("unit_id,side,amount,reason\nEKS,revenues,-5,ok\nNOPE,costs,1,x\n"), &refused);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(bad.error_message().find("adjustments.csv:3: unit_id: no unit 'NOPE'"),
            std::string::npos)
      << bad.error_message();

  v1::ListAdjustmentsRequest list;
  list.set_organisation("0580");
  list.set_fiscal_year(2021);
  v1::ListAdjustmentsResponse listed;
  ASSERT_TRUE(Call(&v1::ForecastService::Stub::ListAdjustments, "bo-token", list, &listed).ok());
  ASSERT_EQ(listed.adjustments_size(), 2);  // the refused file added nothing
  EXPECT_EQ(listed.adjustments(0).made().reason(), "Inga juridiska utredningar i år");
  EXPECT_EQ(listed.adjustments(0).made().actor(), "anna.ekonom");  // from the token
  EXPECT_EQ(listed.adjustments(0).made().source(), "adjustments.csv:2");
  EXPECT_EQ(listed.adjustments(1).made().unit_id(), "KLS");  // the project's unit

  v1::GetForecastResponse r = Forecast("budget_remaining");
  EXPECT_EQ(r.units(1).forecast().adjustments_costs_ore(), -200'000);
  EXPECT_EQ(r.units(1).forecast().forecast_costs_ore(), 1'240'000 - 200'000);
  EXPECT_EQ(r.projects(0).forecast().forecast_spending_ore(), 800'000 + 300'000);
  EXPECT_EQ(r.adjustments_size(), 2);

  v1::WithdrawAdjustmentRequest withdraw;
  withdraw.set_organisation("0580");
  withdraw.set_adjustment_id(made.adjustment_ids(0));
  withdraw.set_reason("Utredningen blev av ändå");
  v1::WithdrawAdjustmentResponse withdrawn;
  ASSERT_TRUE(
      Call(&v1::ForecastService::Stub::WithdrawAdjustment, "anna-token", withdraw, &withdrawn)
          .ok());
  EXPECT_FALSE(withdrawn.already_withdrawn());
  ASSERT_TRUE(
      Call(&v1::ForecastService::Stub::WithdrawAdjustment, "anna-token", withdraw, &withdrawn)
          .ok());
  EXPECT_TRUE(withdrawn.already_withdrawn());
  EXPECT_EQ(PublishedCount(), 3);
  EXPECT_EQ(Forecast("budget_remaining").units(1).forecast().adjustments_costs_ore(), 0);
  listed.Clear();
  ASSERT_TRUE(Call(&v1::ForecastService::Stub::ListAdjustments, "bo-token", list, &listed).ok());
  EXPECT_EQ(listed.adjustments_size(), 1);
  list.set_include_withdrawn(true);
  listed.Clear();
  ASSERT_TRUE(Call(&v1::ForecastService::Stub::ListAdjustments, "bo-token", list, &listed).ok());
  ASSERT_EQ(listed.adjustments_size(), 2);
  EXPECT_TRUE(listed.adjustments(0).withdrawn());
  EXPECT_EQ(listed.adjustments(0).withdrawal_reason(), "Utredningen blev av ändå");
  EXPECT_EQ(listed.adjustments(0).withdrawn_by(), "anna.ekonom");
}

TEST_F(ServiceTest, ChoosingAMethodChangesTheDefaultAndIsListed) {
  v1::ChooseMethodRequest choose;
  choose.set_organisation("0580");
  choose.set_fiscal_year(2021);
  choose.set_method("runrate");
  v1::ChooseMethodResponse chosen;
  ASSERT_TRUE(Call(&v1::ForecastService::Stub::ChooseMethod, "anna-token", choose, &chosen).ok());
  EXPECT_FALSE(chosen.unchanged());
  ASSERT_TRUE(Call(&v1::ForecastService::Stub::ChooseMethod, "anna-token", choose, &chosen).ok());
  EXPECT_TRUE(chosen.unchanged());
  EXPECT_EQ(PublishedCount(), 2);
  v1::GetForecastResponse r = Forecast();
  EXPECT_EQ(r.method_requested(), "runrate");
  EXPECT_EQ(r.units(1).forecast().method(), "runrate");
  EXPECT_EQ(r.units(1).forecast().forecast_costs_ore(), 1'200'000);
  v1::ListMethodChoicesRequest list;
  list.set_organisation("0580");
  v1::ListMethodChoicesResponse listed;
  ASSERT_TRUE(Call(&v1::ForecastService::Stub::ListMethodChoices, "bo-token", list, &listed).ok());
  ASSERT_EQ(listed.choices_size(), 1);
  EXPECT_EQ(listed.choices(0).actor(), "anna.ekonom");
  choose.set_method("linear");
  EXPECT_EQ(
      Call(&v1::ForecastService::Stub::ChooseMethod, "anna-token", choose, &chosen).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ServiceTest, BacktestsEarlierYears) {
  v1::BacktestRequest request;
  request.set_organisation("0580");
  request.set_target_fiscal_year(2021);
  v1::BacktestResponse response;
  grpc::Status s = Call(&v1::ForecastService::Stub::Backtest, "bo-token", request, &response);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(response.fiscal_years_size(), 1);
  EXPECT_EQ(response.fiscal_years(0), 2020);
  EXPECT_EQ(response.units_size(), 3 * 4);
  EXPECT_EQ(response.months_size(), 4 * 11);
  // Flat 2020: every method is exact, as each falls back to runrate without a 2020 budget,
  // and the answer says that only runrate ran.
  for (const v1::BacktestUnitScore& u : response.units()) {
    if (u.unit_id() != "KLS") continue;
    EXPECT_EQ(u.score().observations(), 11);
    EXPECT_DOUBLE_EQ(u.score().mape(), 0);
    if (u.method() == "runrate") {
      EXPECT_EQ(u.score().fallback_observations(), 0);
      EXPECT_EQ(u.score().fallbacks_size(), 0);
      EXPECT_TRUE(u.chosen_by_auto());
    } else {
      EXPECT_EQ(u.score().fallback_observations(), 11) << u.method();
      ASSERT_EQ(u.score().fallbacks_size(), 1) << u.method();
      EXPECT_EQ(u.score().fallbacks(0).method(), "runrate");
      EXPECT_EQ(u.score().fallbacks(0).observations(), 11);
      EXPECT_FALSE(u.chosen_by_auto()) << u.method();
    }
  }
  for (const v1::BacktestMethodScore& m : response.methods()) {
    EXPECT_EQ(m.score().fallback_observations(), m.method() == "runrate" ? 0 : 22) << m.method();
  }
}

TEST_F(ServiceTest, TheRunningServiceRepublishesWhenTheBudgetChangesAfterClosing) {
  ASSERT_EQ(PublishedCount(), 1);
  LedgerWriter ledger(log_.get(), "0580");
  ledger.Append({LedgerWriter::Budget(2021, {{"KLS", "5", "", 2021, 11, 500'000}})});
  // The component's follower wakes on the ledger append and publishes by itself.
  for (int i = 0; i < 200 && PublishedCount() < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_EQ(PublishedCount(), 2);
  absl::StatusOr<std::vector<eventlog::Record>> records =
      log_->Read(eventlog::kForecastTopic, 0, 0, 10000);
  ASSERT_TRUE(records.ok());
  v1::ForecastEvent event;
  ASSERT_TRUE(eventlog::Unwrap(*records->back().ParseEnvelope(), &event).ok());
  const v1::ForecastPublished& p = event.forecast_published();
  EXPECT_EQ(p.trigger(), "ledger_changed");
  EXPECT_EQ(p.ledger_offset(), *log_->EndOffset(eventlog::kLedgerTopic, 0));
  // What a query answers now is what was published.
  v1::GetForecastResponse now = Forecast();
  ASSERT_EQ(p.units_size(), now.units_size());
  for (int i = 0; i < p.units_size(); ++i) {
    EXPECT_EQ(p.units(i).SerializeAsString(), now.units(i).forecast().SerializeAsString());
  }
  EXPECT_EQ(p.units(1).unit_id(), "KLS");
  EXPECT_EQ(p.units(1).budget_costs_ore(), 12 * 110'000 - 110'000 + 500'000);
}

TEST_F(ServiceTest, RestartPublishesNothingAgain) {
  EXPECT_EQ(PublishedCount(), 1);
  server_->Shutdown();
  component_->Stop();
  component_.reset();
  auto again = MakeComponent({.log = log_.get(), .data_dir = dir_.Sub("forecast")});
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE((*again)->Start().ok());
  (*again)->Stop();
  EXPECT_EQ(PublishedCount(), 1);
  server_.reset();
}

}  // namespace
}  // namespace tertial::forecast
