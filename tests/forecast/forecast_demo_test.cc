// End to end: the demo municipality's ledger through the forecast service, over gRPC and
// through the CLI. The figures checked are the seed report's own (Prognos för helår 2021
// and Investeringar per 2021-08-31): budget_remaining plus the controllers' adjustments.

#include <grpcpp/client_context.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "demo_ledger.h"
#include "figures.h"
#include "plan.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/forecast/component.h"
#include "tertial/forecast/v1/service.grpc.pb.h"
#include "tertial/grpcutil/server.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::forecast {
namespace {

using tertial::demo::kOrePerTkr;

int64_t Ore(int64_t tkr) { return tkr * kOrePerTkr; }

class DemoForecastTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_ = *eventlog::EmbeddedLog::Open(dir_.Sub("log"), {.sync_commits = false});
    ASSERT_TRUE(demo::WriteDemoLedger(*log_, /*close_august=*/true).ok());
    auto component = MakeComponent({.log = log_.get(), .data_dir = dir_.Sub("forecast")});
    ASSERT_TRUE(component.ok()) << component.status();
    component_ = std::move(*component);
    ASSERT_TRUE(component_->Start().ok());
    server_ = *grpcutil::Server::Start({}, {component_.get()});
    stub_ = v1::ForecastService::NewStub(server_->InProcessChannel());
  }
  void TearDown() override {
    server_->Shutdown();
    component_->Stop();
  }

  tertial::testing::TempDir dir_;
  std::unique_ptr<eventlog::EmbeddedLog> log_;
  std::unique_ptr<grpcutil::Component> component_;
  std::unique_ptr<grpcutil::Server> server_;
  std::unique_ptr<v1::ForecastService::Stub> stub_;
};

TEST_F(DemoForecastTest, BudgetRemainingWithTheAdjustmentsGivesThePublishedForecast) {
  grpc::ClientContext choose_context;
  v1::ChooseMethodRequest choose;
  choose.set_organisation("0580");
  choose.set_fiscal_year(2021);
  choose.set_method("budget_remaining");
  v1::ChooseMethodResponse chosen;
  ASSERT_TRUE(stub_->ChooseMethod(&choose_context, choose, &chosen).ok());
  grpc::ClientContext adjust_context;
  v1::AdjustRequest adjust;
  adjust.set_organisation("0580");
  adjust.set_fiscal_year(2021);
  adjust.set_csv(demo::DemoAdjustmentsCsv());
  v1::AdjustResponse made;
  grpc::Status s = stub_->Adjust(&adjust_context, adjust, &made);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_GT(made.made(), 10);

  grpc::ClientContext context;
  v1::GetForecastRequest request;
  request.set_organisation("0580");
  request.set_fiscal_year(2021);
  request.mutable_as_of()->set_year(2021);
  request.mutable_as_of()->set_month(8);
  v1::GetForecastResponse response;
  s = stub_->GetForecast(&context, request, &response);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(response.method_requested(), "budget_remaining");
  std::map<std::string, const v1::UnitForecastRow*> rows;
  for (const v1::UnitForecastRow& row : response.units()) rows[row.forecast().unit_id()] = &row;
  for (const tertial::demo::UnitFigures& u : tertial::demo::Units()) {
    if (!u.has_ledger) continue;
    const v1::UnitForecastRow* row = rows[std::string(u.id)];
    ASSERT_NE(row, nullptr) << u.id;
    EXPECT_EQ(row->forecast().forecast_net_ore(), Ore(u.forecast_2021)) << u.id;
    EXPECT_EQ(row->forecast().budget_net_ore(), Ore(u.budget_2021)) << u.id;
    EXPECT_EQ(row->deviation_net_ore(), Ore(u.budget_2021 - u.forecast_2021)) << u.id;
    EXPECT_EQ(row->forecast().forecast_costs_ore() + row->forecast().forecast_revenues_ore() -
                  row->forecast().adjustments_costs_ore() -
                  row->forecast().adjustments_revenues_ore(),
              Ore(u.actual_2021_8 + u.budget_2021 - u.budget_2021_8))
        << u.id << ": the method's own result";
    EXPECT_EQ(row->forecast().method(), "budget_remaining") << u.id;
    EXPECT_EQ(row->prior_year_net_ore(), Ore(u.actual_2020)) << u.id;
  }
  // Kommunledningsförvaltningen: 532 265 forecast, 545 107 budget, 12 842 surplus, and the
  // split into costs and revenues as published.
  const v1::UnitForecastRow& klf = *rows["KLF"];
  EXPECT_TRUE(klf.forecast().rollup());
  EXPECT_EQ(klf.forecast().forecast_net_ore(), Ore(532'265));
  EXPECT_EQ(klf.forecast().budget_net_ore(), Ore(545'107));
  EXPECT_EQ(klf.deviation_net_ore(), Ore(12'842));
  EXPECT_EQ(klf.forecast().forecast_costs_ore(), Ore(tertial::demo::KlfSplit().forecast_costs));
  EXPECT_EQ(klf.forecast().forecast_revenues_ore(),
            Ore(tertial::demo::KlfSplit().forecast_revenues));
  EXPECT_EQ(klf.forecast().budget_costs_ore(), Ore(tertial::demo::KlfSplit().budget_costs));
  EXPECT_EQ(rows["VSS"]->forecast().forecast_costs_ore(),
            Ore(tertial::demo::VssSplit().forecast_costs));
  EXPECT_EQ(rows["LL"]->forecast().forecast_revenues_ore(),
            Ore(tertial::demo::LeanlinkSplit().forecast_revenues));
  EXPECT_EQ(rows["KS"]->forecast().forecast_net_ore(), Ore(532'265 - 8'245 - 22'100));

  // Investments: 491 484 forecast against frames of 458 897.
  int64_t forecast = 0, frame = 0;
  std::map<std::string, const v1::ProjectForecastRow*> projects;
  for (const v1::ProjectForecastRow& p : response.projects())
    projects[p.forecast().project_id()] = &p;
  for (const tertial::demo::ProjectFigures& p : tertial::demo::Projects()) {
    const v1::ProjectForecastRow* row = projects[std::string(p.id)];
    ASSERT_NE(row, nullptr) << p.id;
    EXPECT_EQ(row->forecast().spending_to_date_ore(), Ore(p.spending_2021_8)) << p.id;
    EXPECT_EQ(row->forecast().forecast_spending_ore(), Ore(p.forecast_2021)) << p.id;
    EXPECT_EQ(row->forecast().frame_ore(), Ore(p.frame_2021)) << p.id;
    EXPECT_EQ(row->forecast().method(), "budget_remaining") << p.id;
    forecast += row->forecast_net_ore();
    frame += row->forecast().frame_ore();
  }
  EXPECT_EQ(forecast, Ore(491'484));
  EXPECT_EQ(frame, Ore(458'897));

  // The last ForecastPublished for 2021-08 carries the same figures for goals and reporting.
  absl::StatusOr<std::vector<eventlog::Record>> records =
      log_->Read(eventlog::kForecastTopic, 0, 0, 100000);
  ASSERT_TRUE(records.ok());
  v1::ForecastPublished last;
  int publications = 0;
  for (const eventlog::Record& r : *records) {
    v1::ForecastEvent event;
    ASSERT_TRUE(eventlog::Unwrap(*r.ParseEnvelope(), &event).ok());
    if (event.has_forecast_published()) {
      last = event.forecast_published();
      ++publications;
    }
  }
  EXPECT_EQ(publications, 3);  // the closed period, the method choice, the adjustments
  EXPECT_EQ(last.trigger(), "adjustment_made");
  ASSERT_EQ(last.units_size(), response.units_size());
  for (int i = 0; i < last.units_size(); ++i) {
    EXPECT_EQ(last.units(i).SerializeAsString(), response.units(i).forecast().SerializeAsString());
  }
  EXPECT_EQ(last.projects_size(), static_cast<int>(tertial::demo::Projects().size()));
}

TEST_F(DemoForecastTest, BacktestsTwentyTwentyForTwentyTwentyOne) {
  grpc::ClientContext context;
  v1::BacktestRequest request;
  request.set_organisation("0580");
  request.set_target_fiscal_year(2021);
  v1::BacktestResponse response;
  grpc::Status s = stub_->Backtest(&context, request, &response);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(response.fiscal_years_size(), 1);
  EXPECT_EQ(response.fiscal_years(0), 2020);
  int chosen = 0;
  for (const v1::BacktestUnitScore& u : response.units()) {
    chosen += u.chosen_by_auto();
    if (!u.rollup()) {
      EXPECT_EQ(u.score().observations(), 11) << u.unit_id() << " " << u.method();
    }
  }
  EXPECT_EQ(chosen, 11);  // one method per unit with a ledger
}

// The CLI, in-process on a data directory, as a controller would run it.
class DemoCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_.Sub("data"));
    auto log = eventlog::EmbeddedLog::Open(dir_.Sub("data/log"), {.sync_commits = false});
    ASSERT_TRUE(log.ok());
    ASSERT_TRUE(demo::WriteDemoLedger(**log, /*close_august=*/true).ok());
    std::ofstream(dir_.Sub("adjustments.csv")) << demo::DemoAdjustmentsCsv();
  }

  // Runs `tertial ARGS --data-dir DIR`; returns stdout, and the exit code in *code.
  std::string Tertial(const std::string& args, int* code) {
    std::string command = StrCat(TERTIAL_BINARY_DIR, "/apps/tertial ", args, " --data-dir ",
                                 dir_.Sub("data"), " 2>", dir_.Sub("stderr"));
    FILE* pipe = popen(command.c_str(), "r");
    std::string out;
    char buffer[4096];
    for (size_t n; (n = fread(buffer, 1, sizeof(buffer), pipe)) > 0;) out.append(buffer, n);
    int status = pclose(pipe);
    *code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
  }

  std::string Stderr() {
    std::ifstream in(dir_.Sub("stderr"));
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  tertial::testing::TempDir dir_;
};

std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    for (char c : line) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.push_back(field);
        field.clear();
      } else {
        field += c;
      }
    }
    fields.push_back(field);
    rows.push_back(fields);
  }
  return rows;
}

TEST_F(DemoCliTest, ForecastPrintsForecastBudgetAndDeviationPerUnit) {
  int code = 0;
  std::string out = Tertial("forecast method --org 0580 --year 2021 budget_remaining", &code);
  ASSERT_EQ(code, 0) << Stderr();
  const size_t adjustments = tertial::demo::MakePlan().adjustments_2021.size();
  out = Tertial(
      StrCat("forecast adjust --org 0580 --year 2021 --file ", dir_.Sub("adjustments.csv")), &code);
  ASSERT_EQ(code, 0) << Stderr();
  EXPECT_NE(out.find(StrCat("made ", adjustments, " adjustments")), std::string::npos) << out;
  out = Tertial(
      StrCat("forecast adjust --org 0580 --year 2021 --file ", dir_.Sub("adjustments.csv")), &code);
  ASSERT_EQ(code, 0) << Stderr();
  EXPECT_NE(out.find(StrCat("nothing new: ", adjustments, " adjustments were already made")),
            std::string::npos)
      << out;

  out = Tertial("forecast --org 0580 --year 2021 --as-of 2021-08 --format csv", &code);
  ASSERT_EQ(code, 0) << Stderr();
  std::vector<std::vector<std::string>> rows = ParseCsv(out);
  ASSERT_GT(rows.size(), 1u);
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < rows[0].size(); ++i) column[rows[0][i]] = i;
  for (const char* name : {"unit", "method", "forecast_ore", "budget_ore", "deviation_ore",
                           "forecast_costs_ore", "forecast_revenues_ore", "adjustments_ore"}) {
    EXPECT_TRUE(column.count(name)) << name;
  }
  std::map<std::string, std::vector<std::string>> by_unit;
  for (size_t r = 1; r < rows.size(); ++r) by_unit[rows[r][column["unit"]]] = rows[r];
  EXPECT_EQ(by_unit.size(), tertial::demo::Units().size());
  EXPECT_EQ(by_unit["KLF"][column["forecast_ore"]], std::to_string(Ore(532'265)));
  EXPECT_EQ(by_unit["KLF"][column["budget_ore"]], std::to_string(Ore(545'107)));
  EXPECT_EQ(by_unit["KLF"][column["deviation_ore"]], std::to_string(Ore(12'842)));
  EXPECT_EQ(by_unit["KSGEM"][column["deviation_ore"]], std::to_string(Ore(-2'851)));
  EXPECT_EQ(by_unit["KSGEM"][column["method"]], "budget_remaining");
  EXPECT_EQ(by_unit["VSS"][column["forecast_ore"]], std::to_string(Ore(-8'245)));

  out = Tertial("forecast --org 0580 --year 2021 --as-of 2021-08", &code);
  ASSERT_EQ(code, 0) << Stderr();
  EXPECT_NE(out.find("Kommunledningsförvaltningen"), std::string::npos) << out;
  EXPECT_NE(out.find("532 265"), std::string::npos) << out;
  EXPECT_NE(out.find("Räddningstjänsten"), std::string::npos) << out;  // an adjustment's reason

  out = Tertial("forecast investments --org 0580 --year 2021 --as-of 2021-08 --format json", &code);
  ASSERT_EQ(code, 0) << Stderr();
  EXPECT_NE(out.find(StrCat("\"forecast_ore\": ", Ore(352'789))), std::string::npos) << out;

  out = Tertial("forecast adjustments --org 0580 --year 2021 --format csv", &code);
  ASSERT_EQ(code, 0) << Stderr();
  EXPECT_EQ(ParseCsv(out).size(), 1 + adjustments);

  out = Tertial("backtest --org 0580 --year 2021 --by month --format csv", &code);
  ASSERT_EQ(code, 0) << Stderr();
  EXPECT_EQ(ParseCsv(out).size(), 1u + 4 * 11);

  // The demo has no 2019 ledger: prior_year_profile never ran over 2020, and the backtest
  // says whose forecasts were scored in its name.
  out = Tertial("backtest --org 0580 --year 2021 --unit PLS", &code);
  ASSERT_EQ(code, 0) << Stderr();
  EXPECT_NE(out.find("prior_year_profile (föll tillbaka på budget_profile i 11 av 11)"),
            std::string::npos)
      << out;
  out = Tertial("backtest --org 0580 --year 2021 --format csv", &code);
  ASSERT_EQ(code, 0) << Stderr();
  rows = ParseCsv(out);
  ASSERT_GT(rows.size(), 1u);
  column.clear();
  for (size_t i = 0; i < rows[0].size(); ++i) column[rows[0][i]] = i;
  ASSERT_TRUE(column.count("fallback_observations") && column.count("fallbacks")) << out;
  int prior_rows = 0;
  for (size_t r = 1; r < rows.size(); ++r) {
    if (rows[r][column["method"]] != "prior_year_profile") continue;
    ++prior_rows;
    EXPECT_EQ(rows[r][column["fallback_observations"]], rows[r][column["observations"]])
        << rows[r][column["unit"]];
    EXPECT_NE(rows[r][column["fallbacks"]], "") << rows[r][column["unit"]];
    EXPECT_EQ(rows[r][column["chosen_by_auto"]], "false") << rows[r][column["unit"]];
  }
  EXPECT_EQ(prior_rows, static_cast<int>(tertial::demo::Units().size()));

  // Nothing before 2020 to score a 2020 forecast against: no error figure, not "0,0 %"
  // (which reads as a perfect method).
  out = Tertial("backtest --org 0580 --year 2020 --format csv", &code);
  ASSERT_EQ(code, 0) << Stderr();
  rows = ParseCsv(out);
  ASSERT_GT(rows.size(), 1u) << out;
  column.clear();
  for (size_t i = 0; i < rows[0].size(); ++i) column[rows[0][i]] = i;
  for (size_t r = 1; r < rows.size(); ++r) {
    ASSERT_EQ(rows[r][column["observations"]], "0") << out;
    for (const char* score : {"mape_pct", "bias_pct", "wape_pct", "mean_error_ore"}) {
      EXPECT_EQ(rows[r][column[score]], "") << score << " of " << rows[r][column["unit"]];
    }
  }

  out = Tertial("forecast --org 0580 --year 2021 --method linear", &code);
  EXPECT_EQ(code, 2);
  EXPECT_NE(Stderr().find("unknown forecast method 'linear'"), std::string::npos) << Stderr();
}

}  // namespace
}  // namespace tertial::forecast
