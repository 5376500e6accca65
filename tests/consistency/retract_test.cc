// Retracting an import (`tertial import retract`, LedgerService.RetractImport) returns every
// service to the state without it. Two runs of all four services in one process on an
// embedded log: one imports a base ledger, closes March and April, and is the reference;
// the other imports the same base plus an extra file (vouchers in April and May), closes
// the same months, retracts the extra import (refused while April is closed, allowed once
// a controller reopened it), and closes April again. Their ledger balances, forecasts, goal
// figures and report tables must then be equal: nothing here is a figure typed by hand.
// Then the extra file imports again and counts again everywhere, retracting twice appends
// nothing, and who, when and why are in the events.

#include <grpcpp/client_context.h>
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <thread>

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

constexpr char kOrg[] = "0998";
constexpr char kController[] = "controller-anna";

std::string SieHeader() { return provkommun::SieHeader(kOrg, "retract test", "20210601"); }

std::string Voucher(const std::string& series, const std::string& number, const std::string& date,
                    const std::string& lines) {
  return StrCat("#VER ", series, " ", number, " ", date, " \"v\"\n{\n", lines, "}\n");
}

std::string BaseLedger() {
  return SieHeader() +
         Voucher("A", "1", "20210115", "#TRANS 5010 {1 \"A\"} 1000.00\n#TRANS 1930 {} -1000.00\n") +
         Voucher("A", "2", "20210210",
                 "#TRANS 4010 {1 \"B\"} 300.00\n#TRANS 3010 {1 \"B\"} -50.00\n"
                 "#TRANS 1930 {} -250.00\n") +
         Voucher("A", "3", "20210120",
                 "#TRANS 1110 {1 \"F\" 6 \"P1\"} 5000.00\n"
                 "#TRANS 2440 {} -5000.00\n") +
         Voucher("A", "4", "20210405", "#TRANS 5010 {1 \"A\"} 400.00\n#TRANS 1930 {} -400.00\n");
}

// The file taken back: a plain number, one that is not plain, an investment and a grant,
// an #RTRANS and a #BTRANS, in April and May.
std::string ExtraLedger() {
  return SieHeader() +
         Voucher("A", "5", "20210412",
                 "#TRANS 5010 {1 \"B\"} 700.00\n#RTRANS 4010 {1 \"A\"} 120.00\n"
                 "#TRANS 4010 {1 \"A\"} 120.00\n#BTRANS 4010 {1 \"A\"} 80.00\n"
                 "#TRANS 1930 {} -820.00\n") +
         Voucher("K", "K-17", "20210420",
                 "#TRANS 1110 {1 \"F\" 6 \"P1\"} 900.00\n"
                 "#TRANS 2440 {} -900.00\n") +
         Voucher("A", "6", "20210503",
                 "#TRANS 1930 {} 300.00\n#TRANS 2388 {6 \"P1\"} -300.00\n"
                 "#TRANS 3010 {1 \"B\"} -40.00\n#TRANS 1930 {} 40.00\n");
}

std::string Budget2021() {
  std::string csv = "unit_id,account,project_id,period,amount_ore\n";
  for (int month = 1; month <= 12; ++month) {
    std::string period = StrCat("2021-", month < 10 ? "0" : "", month);
    StrAppend(&csv, "A,5,,", period, ",60000\nB,4,,", period, ",25000\n");
    StrAppend(&csv, "F,11,P1,", period, ",100000\n");
  }
  return csv;
}

// What every service shows, by name: the figures compared between runs.
using Figures = std::map<std::string, std::string>;

std::string Diff(const Figures& got, const Figures& want) {
  std::string out;
  for (const auto& [name, text] : want) {
    auto it = got.find(name);
    if (it == got.end()) {
      StrAppend(&out, "missing: ", name, "\n");
    } else if (it->second != text) {
      StrAppend(&out, "differs: ", name, "\n  got:  ", it->second, "\n  want: ", text, "\n");
    }
  }
  for (const auto& [name, text] : got) {
    if (!want.contains(name)) StrAppend(&out, "extra: ", name, "\n");
  }
  return out;
}

// One data directory with all four services in this process.
class Services {
 public:
  explicit Services(const std::string& dir) {
    auto started = host::InProcess::Start({.data_dir = dir, .services = host::AllServiceSpecs()});
    EXPECT_TRUE(started.ok()) << started.status();
    if (!started.ok()) return;
    in_process_ = std::move(*started);
    ledger_ = lv1::LedgerService::NewStub(in_process_->channel());
    forecast_ = fv1::ForecastService::NewStub(in_process_->channel());
    goals_ = gv1::GoalService::NewStub(in_process_->channel());
    reporting_ = rv1::ReportService::NewStub(in_process_->channel());
  }
  ~Services() {
    ledger_.reset();
    forecast_.reset();
    goals_.reset();
    reporting_.reset();
    in_process_.reset();
  }
  bool ok() const { return in_process_ != nullptr; }

  // `committed`: whether the file is expected to be imported.
  lv1::ImportResult Import(const std::string& name, const std::string& content,
                           bool committed = true) {
    grpc::ClientContext context;
    lv1::ImportResult result;
    auto writer = ledger_->Import(&context, &result);
    lv1::ImportChunk chunk;
    chunk.mutable_metadata()->set_organisation(kOrg);
    chunk.mutable_metadata()->set_file_name(name);
    chunk.mutable_metadata()->set_actor("importer");
    EXPECT_TRUE(writer->Write(chunk));
    chunk.set_data(content);
    EXPECT_TRUE(writer->Write(chunk));
    writer->WritesDone();
    grpc::Status status = writer->Finish();
    EXPECT_TRUE(status.ok()) << name << ": " << status.error_message();
    EXPECT_EQ(result.committed() || result.already_imported(), committed)
        << name << ": " << (result.errors().empty() ? "" : result.errors(0).message());
    return result;
  }

  void ImportPlan() {
    grpc::ClientContext context;
    gv1::ImportRequest request;
    request.set_organisation(kOrg);
    request.set_format(gv1::IMPORT_FORMAT_PLAN_YAML);
    request.set_file_name("plan.yaml");
    request.set_content(provkommun::Plan(kOrg, "2021-04"));
    gv1::ImportResult result;
    grpc::Status status = goals_->Import(&context, request, &result);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_TRUE(result.committed()) << (result.errors().empty() ? "" : result.errors(0).message());
  }

  void ImportBase() {
    Import("units.csv", provkommun::kUnits);
    Import("projects.csv", provkommun::kProjects);
    Import("budget-2021.csv", Budget2021());
    Import("ledger-2021.se", BaseLedger());
    ImportPlan();
  }

  grpc::Status Close(int month) {
    grpc::ClientContext context;
    lv1::ClosePeriodRequest request;
    request.set_organisation(kOrg);
    request.mutable_period()->set_year(2021);
    request.mutable_period()->set_month(month);
    request.set_actor(kController);
    lv1::ClosePeriodResponse response;
    return ledger_->ClosePeriod(&context, request, &response);
  }

  grpc::Status Reopen(int month, const std::string& reason, lv1::ReopenPeriodResponse* response) {
    grpc::ClientContext context;
    lv1::ReopenPeriodRequest request;
    request.set_organisation(kOrg);
    request.mutable_period()->set_year(2021);
    request.mutable_period()->set_month(month);
    request.set_reason(reason);
    request.set_actor(kController);
    return ledger_->ReopenPeriod(&context, request, response);
  }

  grpc::Status Retract(const std::string& import_id, const std::string& reason,
                       lv1::RetractImportResponse* response) {
    grpc::ClientContext context;
    lv1::RetractImportRequest request;
    request.set_organisation(kOrg);
    request.set_import_id(import_id);
    request.set_reason(reason);
    request.set_actor(kController);
    return ledger_->RetractImport(&context, request, response);
  }

  // The ledger's balances per unit, account, project and month, every account.
  std::string Balances() {
    grpc::ClientContext context;
    lv1::GetBalancesRequest request;
    request.set_organisation(kOrg);
    for (lv1::GroupBy g :
         {lv1::GROUP_BY_UNIT, lv1::GROUP_BY_ACCOUNT, lv1::GROUP_BY_PROJECT, lv1::GROUP_BY_MONTH}) {
      request.add_group_by(g);
    }
    lv1::GetBalancesResponse response;
    grpc::Status status = ledger_->GetBalances(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::string out;
    for (const lv1::BalanceRow& row : response.rows()) StrAppend(&out, row.ShortDebugString(), ";");
    return out;
  }

  // Every service's figures as of 2021-`month`.
  Figures Collect(int month) {
    Figures f;
    f["ledger balances"] = Balances();
    {
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
      for (const auto& row : response.units()) {
        f[StrCat("forecast unit ", row.forecast().unit_id())] = row.ShortDebugString();
      }
      for (const auto& row : response.projects()) {
        f[StrCat("forecast project ", row.forecast().project_id())] = row.ShortDebugString();
      }
    }
    {
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
          f[StrCat("goals ", row.indicator_id())] = value.derived().ShortDebugString();
        }
      }
    }
    {
      grpc::ClientContext context;
      rv1::RenderRequest request;
      request.set_organisation(kOrg);
      request.set_board("N");
      request.mutable_period()->set_year(2021);
      request.mutable_period()->set_month(month);
      request.set_format("csv");
      auto reader = reporting_->Render(&context, request);
      std::string current;
      rv1::RenderChunk chunk;
      while (reader->Read(&chunk)) {
        if (!chunk.file_name().empty()) current = chunk.file_name();
        if (current.ends_with("operating.csv") || current.ends_with("investments.csv") ||
            current.ends_with("forecast.csv")) {
          f[StrCat("report ", current)] += chunk.data();
        }
      }
      grpc::Status status = reader->Finish();
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
    return f;
  }

  // Collect(month) once it equals `want` (the forecast publishes, and the report follows,
  // shortly after the ledger changes), or after 60 s.
  Figures AwaitFigures(int month, const Figures& want) {
    Figures got;
    for (int attempt = 0; attempt < 300; ++attempt) {
      got = Collect(month);
      if (got == want) return got;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return got;
  }

  // True once a forecast as of 2021-`month` was published at least `count` times.
  void AwaitPublished(int month, int count = 1) {
    for (int attempt = 0; attempt < 300; ++attempt) {
      if (Published(month) >= count) {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "no forecast was published as of 2021-" << month;
  }

  int Published(int month) {
    int n = 0;
    ForEach(eventlog::kForecastTopic, [&](const eventlog::Envelope& envelope) {
      fv1::ForecastEvent event;
      if (eventlog::Unwrap(envelope, &event).ok() && event.has_forecast_published() &&
          event.forecast_published().as_of().month() == month) {
        ++n;
      }
    });
    return n;
  }

  void ForEach(std::string_view topic, const std::function<void(const eventlog::Envelope&)>& fn) {
    eventlog::EventLog& log = in_process_->host().log();
    auto partition = log.PartitionFor(topic, kOrg);
    ASSERT_TRUE(partition.ok());
    auto records = log.Read(topic, *partition, 0, 1000000);
    ASSERT_TRUE(records.ok());
    for (const eventlog::Record& record : *records) {
      auto envelope = record.ParseEnvelope();
      ASSERT_TRUE(envelope.ok());
      if (envelope->organisation() == kOrg) fn(*envelope);
    }
  }

 private:
  std::unique_ptr<host::InProcess> in_process_;
  std::unique_ptr<lv1::LedgerService::Stub> ledger_;
  std::unique_ptr<fv1::ForecastService::Stub> forecast_;
  std::unique_ptr<gv1::GoalService::Stub> goals_;
  std::unique_ptr<rv1::ReportService::Stub> reporting_;
};

TEST(RetractImport, EveryServiceReturnsToTheStateWithoutTheImport) {
  testing::TempDir dir;
  // The reference: the extra file never imported.
  Figures without;
  {
    Services reference(dir.Sub("without"));
    ASSERT_TRUE(reference.ok());
    reference.ImportBase();
    ASSERT_TRUE(reference.Close(3).ok());
    ASSERT_TRUE(reference.Close(4).ok());
    reference.AwaitPublished(4);
    without = reference.Collect(4);
  }
  ASSERT_FALSE(without["ledger balances"].empty());
  std::map<std::string, int> kinds;  // what is compared: every service's figures
  for (const auto& [name, text] : without) ++kinds[name.substr(0, name.find(' '))];
  EXPECT_EQ(kinds["goals"], 2);
  EXPECT_GE(kinds["forecast"], 4);
  EXPECT_EQ(kinds["report"], 3);

  Services run(dir.Sub("with"));
  ASSERT_TRUE(run.ok());
  run.ImportBase();
  ASSERT_TRUE(run.Close(3).ok());
  lv1::ImportResult extra = run.Import("extra.se", ExtraLedger());
  ASSERT_TRUE(extra.committed());
  const std::string import_id = extra.summary().import_id();
  ASSERT_TRUE(run.Close(4).ok());
  run.AwaitPublished(4);
  const std::string with_extra = run.Balances();
  // The extra file shows in every service's figures (else comparing proves nothing).
  const std::string shown = Diff(run.Collect(4), without);
  for (const char* name : {"ledger balances", "forecast unit A", "goals budgetavvikelse",
                           "goals investeringsavvikelse", "operating.csv", "investments.csv"}) {
    EXPECT_NE(shown.find(name), std::string::npos) << name << " does not show extra.se";
  }

  // April is closed: refused, naming the month and how to reopen it; nothing appended.
  lv1::RetractImportResponse response;
  grpc::Status refused = run.Retract(import_id, "fel fil", &response);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(refused.error_message().find("2021-04"), std::string::npos) << refused.error_message();
  EXPECT_NE(refused.error_message().find("reopen-period"), std::string::npos);
  EXPECT_EQ(run.Balances(), with_extra);
  // A reason is required for reopening too.
  lv1::ReopenPeriodResponse reopened;
  EXPECT_EQ(run.Reopen(4, "", &reopened).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  // Reopening April leaves March closed.
  grpc::Status reopen = run.Reopen(4, "extra.se var fel fil", &reopened);
  ASSERT_TRUE(reopen.ok()) << reopen.error_message();
  EXPECT_EQ(reopened.reopened().closed_through().month(), 3);
  lv1::ImportResult late_march = run.Import("late-march.se",
                                            SieHeader() + Voucher("A", "9", "20210331",
                                                                  "#TRANS 5010 {1 \"A\"} 1.00\n"
                                                                  "#TRANS 1930 {} -1.00\n"),
                                            /*committed=*/false);
  EXPECT_FALSE(late_march.committed()) << "March stays closed";

  grpc::Status retracted = run.Retract(import_id, "extra.se var fel fil", &response);
  ASSERT_TRUE(retracted.ok()) << retracted.error_message();
  EXPECT_FALSE(response.already_retracted());
  EXPECT_EQ(response.retraction().event().vouchers(), extra.summary().vouchers());
  EXPECT_EQ(response.retraction().actor(), kController);
  EXPECT_EQ(response.retraction().event().reason(), "extra.se var fel fil");
  EXPECT_GT(response.retraction().retracted_at_seconds(), 0);
  const int published_before = run.Published(4);
  ASSERT_TRUE(run.Close(4).ok());
  run.AwaitPublished(4, published_before + 1);

  Figures after = run.AwaitFigures(4, without);
  EXPECT_EQ(Diff(after, without), "") << "after the retraction";

  // Twice: nothing appended, the first retraction answered.
  lv1::RetractImportResponse again;
  ASSERT_TRUE(run.Retract(import_id, "igen", &again).ok());
  EXPECT_TRUE(again.already_retracted());
  EXPECT_EQ(again.retraction().event().reason(), "extra.se var fel fil");

  // Who, when and why are in the log: the retraction's events and the reopening.
  int compensations = 0, retractions = 0, reopenings = 0;
  run.ForEach(eventlog::kLedgerTopic, [&](const eventlog::Envelope& envelope) {
    lv1::LedgerEvent event;
    ASSERT_TRUE(eventlog::Unwrap(envelope, &event).ok());
    if (event.has_voucher_posted() && !event.voucher_posted().retraction_id().empty()) {
      ++compensations;
      EXPECT_EQ(envelope.actor(), kController);
      EXPECT_EQ(event.voucher_posted().import_id(), import_id);
    } else if (event.has_import_retracted()) {
      ++retractions;
      EXPECT_EQ(envelope.actor(), kController);
      EXPECT_GT(envelope.occurred_at().seconds(), 0);
      EXPECT_EQ(event.import_retracted().reason(), "extra.se var fel fil");
      EXPECT_EQ(event.import_retracted().import_id(), import_id);
    } else if (event.has_period_reopened()) {
      ++reopenings;
      EXPECT_EQ(envelope.actor(), kController);
      EXPECT_GT(envelope.occurred_at().seconds(), 0);
      EXPECT_EQ(event.period_reopened().reason(), "extra.se var fel fil");
    }
  });
  EXPECT_EQ(compensations, extra.summary().vouchers());
  EXPECT_EQ(retractions, 1);
  EXPECT_EQ(reopenings, 1);

  // The same file imports again, as a new import, and counts again everywhere.
  ASSERT_TRUE(run.Reopen(4, "extra.se ska in igen", &reopened).ok());
  lv1::ImportResult reimported = run.Import("extra.se", ExtraLedger());
  ASSERT_TRUE(reimported.committed()) << "the content hash was not forgotten";
  EXPECT_NE(reimported.summary().import_id(), import_id);
  EXPECT_EQ(reimported.summary().vouchers(), extra.summary().vouchers());
  EXPECT_EQ(run.Balances(), with_extra);
}

TEST(RetractImport, BudgetsAndDefinitionsAreNotRetracted) {
  testing::TempDir dir;
  Services run(dir.Sub("data"));
  ASSERT_TRUE(run.ok());
  lv1::ImportResult units = run.Import("units.csv", provkommun::kUnits);
  run.Import("projects.csv", provkommun::kProjects);
  lv1::ImportResult budget = run.Import("budget-2021.csv", Budget2021());
  lv1::RetractImportResponse response;
  grpc::Status refused = run.Retract(budget.summary().import_id(), "fel budget", &response);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(refused.error_message().find("budget"), std::string::npos) << refused.error_message();
  refused = run.Retract(units.summary().import_id(), "fel enheter", &response);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(refused.error_message().find("definitions"), std::string::npos)
      << refused.error_message();
  EXPECT_EQ(run.Retract("no-such-import", "x", &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(run.Retract(budget.summary().import_id(), "", &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace tertial
