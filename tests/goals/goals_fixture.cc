#include "goals_fixture.h"

#include <grpcpp/client_context.h>

#include <fstream>
#include <sstream>

#include "tertial/eventlog/envelope.h"
#include "tertial/goals/component.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::goals::e2e {

void GoalsFixture::StartGoals(std::shared_ptr<const grpcutil::Authorizer> authorizer) {
  auto log = eventlog::EmbeddedLog::Open(dir_.Sub("log"), {.sync_commits = false});
  ASSERT_TRUE(log.ok()) << log.status();
  log_ = std::move(*log);
  auto component = MakeComponent(
      {.log = log_.get(), .data_dir = dir_.Sub("goals"), .authorizer = std::move(authorizer)});
  ASSERT_TRUE(component.ok()) << component.status();
  component_ = std::move(*component);
  ASSERT_TRUE(component_->Start().ok());
  auto server = grpcutil::Server::Start({}, {component_.get()});
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = std::move(*server);
  stub_ = pb::GoalService::NewStub(server_->InProcessChannel());
}

void GoalsFixture::TearDown() {
  stub_.reset();
  if (server_) server_->Shutdown();
  server_.reset();
  if (component_) component_->Stop();
}

void GoalsFixture::AppendLedger(const std::vector<lpb::LedgerEvent>& events,
                                const std::string& org) {
  auto batch = log_->BeginBatch(eventlog::kLedgerTopic, org);
  ASSERT_TRUE(batch.ok());
  for (const lpb::LedgerEvent& e : events) {
    auto envelope = eventlog::Wrap(e, "ledger", {.organisation = org, .actor = "test:ledger"});
    ASSERT_TRUE(envelope.ok());
    ASSERT_TRUE((*batch)->Add(*envelope).ok());
  }
  ASSERT_TRUE((*batch)->Commit().ok());
}

std::string GoalsFixture::Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

pb::ImportResult GoalsFixture::Import(pb::ImportFormat format, const std::string& path_or_content,
                                      bool is_path) {
  pb::ImportRequest request;
  request.set_format(format);
  request.set_file_name(is_path ? path_or_content : "input");
  request.set_content(is_path ? Read(path_or_content) : path_or_content);
  request.set_actor("test");
  pb::ImportResult result;
  grpc::ClientContext context;
  grpc::Status status = stub_->Import(&context, request, &result);
  EXPECT_TRUE(status.ok()) << status.error_message();
  for (const pb::ImportIssue& e : result.errors()) {
    ADD_FAILURE() << e.file() << ":" << e.line() << " " << e.field() << ": " << e.message();
  }
  return result;
}

pb::GoalReport GoalsFixture::Report(const std::string& period) {
  pb::GetGoalReportRequest request;
  *request.mutable_period() = *ParsePeriod(period);
  pb::GoalReport report;
  grpc::ClientContext context;
  grpc::Status status = stub_->GetGoalReport(&context, request, &report);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return report;
}

pb::IndicatorTable GoalsFixture::Indicators(const std::string& period) {
  pb::GetIndicatorTableRequest request;
  *request.mutable_period() = *ParsePeriod(period);
  pb::IndicatorTable table;
  grpc::ClientContext context;
  grpc::Status status = stub_->GetIndicatorTable(&context, request, &table);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return table;
}

const pb::IndicatorRow& RowOf(const pb::IndicatorTable& table, const std::string& indicator,
                              const std::string& breakdown) {
  for (const pb::IndicatorRow& row : table.rows()) {
    if (row.indicator_id() == indicator && row.breakdown() == breakdown) return row;
  }
  ADD_FAILURE() << "no row " << indicator << "/" << breakdown;
  static const pb::IndicatorRow kNone;
  return kNone;
}

const pb::IndicatorValue* Cell(const pb::IndicatorRow& row, const std::string& column) {
  for (const pb::ColumnValue& v : row.values()) {
    if (FormatPeriod(v.period()) == column) return v.has_value() ? &v.value() : nullptr;
  }
  ADD_FAILURE() << "no column " << column;
  return nullptr;
}

}  // namespace tertial::goals::e2e
