// The four services read one ledger topic: the ledger's balances, the forecast's actuals to
// date, the goals service's finance-derived sums and the report's operating statement and
// investment table must give the same figures for the same events, whatever the events'
// awkward cases. Here all four run in one process on one embedded log (as tertiald and the
// CLI run them), the ledger's files go through the ledger service's import, and one voucher
// is appended to the log a second time, as a retried Kafka commit whose first attempt did
// land would leave it.
//
// The ledger (organisation 0999, fiscal year 2021 = the calendar year):
//   A 1  2021-01-15  5010 A 1 000      its line dated 2021-02-10 (an accrual): January
//   A 2  2021-02-10  4010 B 300, 3010 B -50   a line dated 2020-12-31: February 2021
//   A 3  2021-03-31  5010 B 400 + 300  lines dated 2021-04-02 and 2022-01-05: March
//   A 4  2021-01-20  1110 P1 5 000     investment invoice
//   A 5  2021-02-15  1110 P1 -1 000    the supplier's credit note: less spending, no grant
//   A 6  2021-03-10  2388 P1 -2 000    a grant (investeringsbidrag) for P1
//   A 7  2021-03-05  5010 A 400        appended to the log twice
// then March is closed; a late voucher for February is refused (closing March closed it),
// closing February appends nothing (it is closed), a late voucher for April is accepted
// (2021-04 is open), and April is closed.

#include <grpcpp/client_context.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "all_services.h"
#include "in_process.h"
#include "provkommun.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/forecast/v1/events.pb.h"
#include "tertial/forecast/v1/service.grpc.pb.h"
#include "tertial/goals/v1/service.grpc.pb.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/ledger/v1/service.grpc.pb.h"
#include "tertial/reporting/v1/service.grpc.pb.h"
#include "tertial/testing/temp_dir.h"

namespace tertial {
namespace {

namespace lv1 = ::tertial::ledger::v1;
namespace fv1 = ::tertial::forecast::v1;
namespace gv1 = ::tertial::goals::v1;
namespace rv1 = ::tertial::reporting::v1;

constexpr char kOrg[] = "0999";
constexpr int64_t kKr = 100;

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string SieHeader() { return provkommun::SieHeader(kOrg, "consistency test", "20210501"); }

std::string Ledger2021() {
  return SieHeader() +
         "#VER A 1 20210115 \"Januari, periodiserad till februari\"\n{\n"
         "#TRANS 5010 {1 \"A\"} 1000.00 20210210\n#TRANS 1930 {} -1000.00\n}\n"
         "#VER A 2 20210210 \"Februari, en rad daterad i fjol\"\n{\n"
         "#TRANS 4010 {1 \"B\"} 300.00 20201231\n#TRANS 3010 {1 \"B\"} -50.00\n"
         "#TRANS 1930 {} -250.00\n}\n"
         "#VER A 3 20210331 \"Mars, rader daterade i april och i januari nasta ar\"\n{\n"
         "#TRANS 5010 {1 \"B\"} 400.00 20210402\n#TRANS 5010 {1 \"B\"} 300.00 20220105\n"
         "#TRANS 1930 {} -700.00\n}\n"
         "#VER A 4 20210120 \"Faktura, ny skola\"\n{\n"
         "#TRANS 1110 {1 \"F\" 6 \"P1\"} 5000.00\n#TRANS 2440 {} -5000.00\n}\n"
         "#VER A 5 20210215 \"Kreditfaktura, ny skola\"\n{\n"
         "#TRANS 2440 {} 1000.00\n#TRANS 1110 {1 \"F\" 6 \"P1\"} -1000.00\n}\n"
         "#VER A 6 20210310 \"Investeringsbidrag, ny skola\"\n{\n"
         "#TRANS 1930 {} 2000.00\n#TRANS 2388 {6 \"P1\"} -2000.00\n}\n"
         "#VER A 7 20210305 \"Mars, A\"\n{\n"
         "#TRANS 5010 {1 \"A\"} 400.00\n#TRANS 1930 {} -400.00\n}\n";
}

std::string LateVoucher(int number, const std::string& date, const std::string& amount) {
  return SieHeader() + StrCat("#VER A ", number, " ", date, " \"Sent inkommen\"\n{\n",
                              "#TRANS 5010 {1 \"A\"} ", amount, "\n#TRANS 1930 {} -", amount,
                              "\n}\n");
}

std::string Budget2021() {
  std::string csv = "unit_id,account,project_id,period,amount_ore\n";
  for (int month = 1; month <= 12; ++month) {
    std::string period = StrCat("2021-", month < 10 ? "0" : "", month);
    StrAppend(&csv, "A,5,,", period, ",", 600 * kKr, "\n");
    StrAppend(&csv, "B,4,,", period, ",", 250 * kKr, "\n");
    StrAppend(&csv, "B,3,,", period, ",", -20 * kKr, "\n");
    StrAppend(&csv, "F,11,P1,", period, ",", 1000 * kKr, "\n");
  }
  return csv;
}

// Net amounts (costs + revenues) and investment sides, as one service shows them.
struct Figures {
  std::map<std::string, int64_t> net_by_unit;  // leaf units A and B
  int64_t net_subtree = 0;                     // F and below
  int64_t budget_subtree = 0;
  int64_t spending = 0;  // project P1, through the period
  int64_t income = 0;
  int64_t investment_budget = 0;
};

std::string Describe(const Figures& f) {
  std::string out =
      StrCat("A=", f.net_by_unit.count("A") ? f.net_by_unit.at("A") : 0,
             " B=", f.net_by_unit.count("B") ? f.net_by_unit.at("B") : 0, " F=", f.net_subtree,
             " budget F=", f.budget_subtree, " P1 spending=", f.spending, " income=", f.income,
             " budget=", f.investment_budget);
  return out;
}

class LedgerAgreement : public ::testing::Test {
 protected:
  void SetUp() override {
    auto in_process =
        host::InProcess::Start({.data_dir = dir_.Sub("data"), .services = host::AllServiceSpecs()});
    ASSERT_TRUE(in_process.ok()) << in_process.status();
    in_process_ = std::move(*in_process);
    const std::shared_ptr<grpc::Channel>& channel = in_process_->channel();
    ledger_ = lv1::LedgerService::NewStub(channel);
    forecast_ = fv1::ForecastService::NewStub(channel);
    goals_ = gv1::GoalService::NewStub(channel);
    reporting_ = rv1::ReportService::NewStub(channel);
  }

  void TearDown() override {
    ledger_.reset();
    forecast_.reset();
    goals_.reset();
    reporting_.reset();
    in_process_.reset();
  }

  lv1::ImportResult Import(const std::string& name, const std::string& content) {
    std::string path = dir_.Sub(name);
    WriteFile(path, content);
    grpc::ClientContext context;
    lv1::ImportResult result;
    auto writer = ledger_->Import(&context, &result);
    lv1::ImportChunk chunk;
    chunk.mutable_metadata()->set_organisation(kOrg);
    chunk.mutable_metadata()->set_file_name(name);
    chunk.mutable_metadata()->set_actor("test");
    EXPECT_TRUE(writer->Write(chunk));
    chunk.set_data(content);
    EXPECT_TRUE(writer->Write(chunk));
    writer->WritesDone();
    grpc::Status status = writer->Finish();
    EXPECT_TRUE(status.ok()) << name << ": " << status.error_message();
    return result;
  }

  void ImportOk(const std::string& name, const std::string& content) {
    lv1::ImportResult result = Import(name, content);
    std::string issues;
    for (const lv1::ImportIssue& e : result.errors()) {
      StrAppend(&issues, e.file(), ":", e.line(), ": ", e.field(), ": ", e.message(), "\n");
    }
    ASSERT_TRUE(result.committed()) << name << " was not imported:\n" << issues;
  }

  // Returns already_closed.
  bool Close(int month) {
    grpc::ClientContext context;
    lv1::ClosePeriodRequest request;
    request.set_organisation(kOrg);
    request.mutable_period()->set_year(2021);
    request.mutable_period()->set_month(month);
    request.set_actor("test");
    lv1::ClosePeriodResponse response;
    grpc::Status status = ledger_->ClosePeriod(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.already_closed();
  }

  // Waits until the forecast service has published its forecast as of 2021-`month`, and
  // the reporting projection has it.
  void AwaitForecast(int month) {
    for (int attempt = 0; attempt < 300; ++attempt) {
      if (PublishedAsOf(month)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "no forecast was published as of 2021-" << month;
  }

  bool PublishedAsOf(int month) {
    eventlog::EventLog& log = in_process_->host().log();
    auto partition = log.PartitionFor(eventlog::kForecastTopic, kOrg);
    if (!partition.ok()) return false;
    auto records = log.Read(eventlog::kForecastTopic, *partition, 0, 100000);
    if (!records.ok()) return false;
    for (const eventlog::Record& record : *records) {
      auto envelope = record.ParseEnvelope();
      fv1::ForecastEvent event;
      if (!envelope.ok() || !eventlog::Unwrap(*envelope, &event).ok()) continue;
      if (event.has_forecast_published() && event.forecast_published().as_of().year() == 2021 &&
          event.forecast_published().as_of().month() == month) {
        return true;
      }
    }
    return false;
  }

  // Appends the envelope of voucher `number` once more to the ledger topic.
  void AppendVoucherAgain(const std::string& number) {
    eventlog::EventLog& log = in_process_->host().log();
    auto partition = log.PartitionFor(eventlog::kLedgerTopic, kOrg);
    ASSERT_TRUE(partition.ok());
    auto records = log.Read(eventlog::kLedgerTopic, *partition, 0, 100000);
    ASSERT_TRUE(records.ok());
    for (const eventlog::Record& record : *records) {
      auto envelope = record.ParseEnvelope();
      ASSERT_TRUE(envelope.ok());
      lv1::LedgerEvent event;
      ASSERT_TRUE(eventlog::Unwrap(*envelope, &event).ok());
      if (event.has_voucher_posted() && event.voucher_posted().number() == number) {
        ASSERT_TRUE(log.Append(eventlog::kLedgerTopic, kOrg, {*envelope}).ok());
        return;
      }
    }
    FAIL() << "voucher " << number << " is not in the log";
  }

  Figures FromLedger(int month) {
    Figures f;
    auto query = [&](std::vector<std::string> prefixes, bool by_project) {
      grpc::ClientContext context;
      lv1::GetBalancesRequest request;
      request.set_organisation(kOrg);
      request.mutable_range()->mutable_first()->set_year(2021);
      request.mutable_range()->mutable_first()->set_month(1);
      request.mutable_range()->mutable_last()->set_year(2021);
      request.mutable_range()->mutable_last()->set_month(month);
      request.add_group_by(by_project ? lv1::GROUP_BY_PROJECT : lv1::GROUP_BY_UNIT);
      for (const std::string& p : prefixes) request.add_account_prefixes(p);
      lv1::GetBalancesResponse response;
      grpc::Status status = ledger_->GetBalances(&context, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      return response;
    };
    const lv1::GetBalancesResponse operating = query({"3", "4", "5", "6", "7"}, false);
    for (const lv1::BalanceRow& row : operating.rows()) {
      if (row.unit_id() == "A" || row.unit_id() == "B")
        f.net_by_unit[row.unit_id()] += row.actual_ore();
      if (row.unit_id() == "A" || row.unit_id() == "B" || row.unit_id() == "F") {
        f.net_subtree += row.actual_ore();
        f.budget_subtree += row.budget_ore();
      }
    }
    const lv1::GetBalancesResponse fixed_assets = query({"11", "12"}, true);
    for (const lv1::BalanceRow& row : fixed_assets.rows()) {
      if (row.project_id() != "P1") continue;
      f.spending += row.actual_ore();
      f.investment_budget += row.budget_ore();
    }
    const lv1::GetBalancesResponse grants = query({"2388"}, true);
    for (const lv1::BalanceRow& row : grants.rows()) {
      if (row.project_id() == "P1") f.income += row.actual_ore();
    }
    return f;
  }

  Figures FromForecast(int month) {
    Figures f;
    grpc::ClientContext context;
    fv1::GetForecastRequest request;
    request.set_organisation(kOrg);
    request.set_fiscal_year(2021);
    request.mutable_as_of()->set_year(2021);
    request.mutable_as_of()->set_month(month);
    request.set_method("budget_remaining");
    fv1::GetForecastResponse response;
    grpc::Status status = forecast_->GetForecast(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    for (const fv1::UnitForecastRow& row : response.units()) {
      const fv1::UnitForecast& u = row.forecast();
      int64_t actual = u.actual_costs_ore() + u.actual_revenues_ore();
      if (u.unit_id() == "A" || u.unit_id() == "B") f.net_by_unit[u.unit_id()] = actual;
      if (u.unit_id() == "F") {
        f.net_subtree = actual;
        f.budget_subtree = -1;  // the forecast's budget is the year's, not the period's
      }
    }
    for (const fv1::ProjectForecastRow& row : response.projects()) {
      if (row.forecast().project_id() != "P1") continue;
      f.spending = row.forecast().spending_to_date_ore();
      f.income = row.forecast().income_to_date_ore();
    }
    return f;
  }

  // The derived values' sums (DerivedDetail) for 2021-`month`.
  Figures FromGoals(int month) {
    Figures f;
    grpc::ClientContext context;
    gv1::GetIndicatorTableRequest request;
    request.set_organisation(kOrg);
    request.set_board_unit_id("N");
    request.mutable_period()->set_year(2021);
    request.mutable_period()->set_month(month);
    gv1::ValuePeriod* column = request.add_columns();
    column->set_year(2021);
    column->set_month(month);
    gv1::IndicatorTable table;
    grpc::Status status = goals_->GetIndicatorTable(&context, request, &table);
    EXPECT_TRUE(status.ok()) << status.error_message();
    for (const gv1::IndicatorRow& row : table.rows()) {
      for (const gv1::ColumnValue& value : row.values()) {
        if (value.period().month() != month) continue;
        if (row.indicator_id() == "budgetavvikelse") {
          f.net_subtree = value.derived().actual_ore();
          f.budget_subtree = value.derived().budget_ore();
        } else if (row.indicator_id() == "investeringsavvikelse") {
          // Goals compares the net (spending + income) with the budget.
          f.spending = value.derived().actual_ore();
          f.investment_budget = value.derived().budget_ore();
        }
      }
    }
    return f;
  }

  // The report's operating statement and investment table, from its CSV files.
  Figures FromReport(int month) {
    Figures f;
    grpc::ClientContext context;
    rv1::RenderRequest request;
    request.set_organisation(kOrg);
    request.set_board("N");
    request.mutable_period()->set_year(2021);
    request.mutable_period()->set_month(month);
    request.set_format("csv");
    auto reader = reporting_->Render(&context, request);
    std::map<std::string, std::string> files;
    std::string current;
    rv1::RenderChunk chunk;
    while (reader->Read(&chunk)) {
      if (!chunk.file_name().empty()) current = chunk.file_name();
      files[current] += chunk.data();
    }
    grpc::Status status = reader->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
    // Rows: id,kind,label,parent,unit_id,<money columns in öre>...
    auto rows = [&](const std::string& name) {
      std::vector<std::vector<std::string>> out;
      for (const auto& [file, text] : files) {
        if (file.size() < name.size() ||
            file.compare(file.size() - name.size(), name.size(), name) != 0)
          continue;
        std::istringstream lines(text);
        std::string line;
        std::getline(lines, line);  // header
        while (std::getline(lines, line)) {
          std::vector<std::string> fields;
          std::stringstream cells(line);
          std::string cell;
          while (std::getline(cells, cell, ',')) fields.push_back(cell);
          out.push_back(fields);
        }
      }
      return out;
    };
    for (const auto& row : rows("operating.csv")) {
      if (row.size() < 7) continue;
      if (row[0] == "unit:A" || row[0] == "unit:B")
        f.net_by_unit[row[0].substr(5)] = std::stoll(row[5]);
      if (row[0] == "sum") {
        f.net_subtree = std::stoll(row[5]);
        f.budget_subtree = std::stoll(row[6]);
      }
    }
    for (const auto& row : rows("investments.csv")) {
      if (row.size() < 7 || row[0] != "project:P1") continue;
      f.spending = std::stoll(row[5]);
      f.income = std::stoll(row[6]);
    }
    return f;
  }

  testing::TempDir dir_;
  std::unique_ptr<host::InProcess> in_process_;
  std::unique_ptr<lv1::LedgerService::Stub> ledger_;
  std::unique_ptr<fv1::ForecastService::Stub> forecast_;
  std::unique_ptr<gv1::GoalService::Stub> goals_;
  std::unique_ptr<rv1::ReportService::Stub> reporting_;
};

TEST_F(LedgerAgreement, EveryServiceGivesTheLedgersFigures) {
  ImportOk("units.csv", provkommun::kUnits);
  ImportOk("projects.csv", provkommun::kProjects);
  ImportOk("budget-2021.csv", Budget2021());
  ImportOk("ledger-2021.se", Ledger2021());
  {
    grpc::ClientContext context;
    gv1::ImportRequest request;
    request.set_organisation(kOrg);
    request.set_format(gv1::IMPORT_FORMAT_PLAN_YAML);
    request.set_file_name("plan.yaml");
    request.set_content(provkommun::Plan(kOrg, "2021-03"));
    gv1::ImportResult result;
    grpc::Status status = goals_->Import(&context, request, &result);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_TRUE(result.committed()) << (result.errors().empty() ? "" : result.errors(0).message());
  }
  AppendVoucherAgain("7");
  EXPECT_FALSE(Close(3));
  AwaitForecast(3);

  // Closing March closed February too: a late February voucher is refused, naming file,
  // line, voucher and the closing...
  lv1::ImportResult late_february =
      Import("late-february.se", LateVoucher(8, "20210220", "100.00"));
  EXPECT_FALSE(late_february.committed());
  ASSERT_EQ(late_february.errors_size(), 1);
  EXPECT_EQ(late_february.errors(0).file(), "late-february.se");
  EXPECT_GT(late_february.errors(0).line(), 0);
  EXPECT_EQ(late_february.errors(0).message(),
            "voucher A 8: period 2021-02 is closed (closing 2021-03 closed its fiscal year's "
            "months up to 2021-03); nothing may be posted in it");
  // ...and closing it again appends nothing.
  EXPECT_TRUE(Close(2));
  // A late April voucher lands in the open April.
  ImportOk("late-april.se", LateVoucher(9, "20210415", "250.00"));
  EXPECT_FALSE(Close(4));
  AwaitForecast(4);

  // What the ledger says, worked out by hand from the vouchers above: every line counts in
  // its voucher's month, A 7 once, the credit note lowers spending, the grant is income.
  const std::map<int, Figures> expected = {
      {3,
       {.net_by_unit = {{"A", 1400 * kKr}, {"B", 950 * kKr}},
        .net_subtree = 2350 * kKr,
        .budget_subtree = 3 * (600 + 250 - 20) * kKr,
        .spending = 4000 * kKr,
        .income = -2000 * kKr,
        .investment_budget = 3 * 1000 * kKr}},
      {4,
       {.net_by_unit = {{"A", 1650 * kKr}, {"B", 950 * kKr}},
        .net_subtree = 2600 * kKr,
        .budget_subtree = 4 * (600 + 250 - 20) * kKr,
        .spending = 4000 * kKr,
        .income = -2000 * kKr,
        .investment_budget = 4 * 1000 * kKr}},
  };
  for (int month : {3, 4}) {
    SCOPED_TRACE(StrCat("jan-", month == 3 ? "mar" : "apr", " 2021"));
    const Figures& want = expected.at(month);
    Figures ledger = FromLedger(month);
    EXPECT_EQ(Describe(ledger), Describe(want)) << "ledger balances";

    Figures forecast = FromForecast(month);
    EXPECT_EQ(forecast.net_by_unit, want.net_by_unit) << "forecast actuals: " << Describe(forecast);
    EXPECT_EQ(forecast.net_subtree, want.net_subtree) << "forecast actuals: " << Describe(forecast);
    EXPECT_EQ(forecast.spending, want.spending) << "forecast spending to date";
    EXPECT_EQ(forecast.income, want.income) << "forecast income to date";

    Figures goals = FromGoals(month);
    EXPECT_EQ(goals.net_subtree, want.net_subtree) << "goals budget deviation: " << Describe(goals);
    EXPECT_EQ(goals.budget_subtree, want.budget_subtree) << "goals budget deviation";
    EXPECT_EQ(goals.spending, want.spending + want.income) << "goals investment deviation (net)";
    EXPECT_EQ(goals.investment_budget, want.investment_budget) << "goals investment budget";

    Figures report = FromReport(month);
    EXPECT_EQ(report.net_by_unit, want.net_by_unit) << "report operating: " << Describe(report);
    EXPECT_EQ(report.net_subtree, want.net_subtree) << "report operating sum";
    EXPECT_EQ(report.budget_subtree, want.budget_subtree) << "report operating budget";
    EXPECT_EQ(report.spending, want.spending) << "report investment spending";
    EXPECT_EQ(report.income, want.income) << "report investment income";
  }
}

}  // namespace
}  // namespace tertial
