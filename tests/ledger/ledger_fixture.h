#ifndef TERTIAL_TESTS_LEDGER_LEDGER_FIXTURE_H_
#define TERTIAL_TESTS_LEDGER_LEDGER_FIXTURE_H_

// The ledger service as its clients see it: the component over an embedded log, served
// in-process, called through a LedgerService stub.

#include <grpcpp/client_context.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "tertial/eventlog/embedded_log.h"
#include "tertial/grpcutil/auth.h"
#include "tertial/grpcutil/server.h"
#include "tertial/ledger/component.h"
#include "tertial/ledger/v1/service.grpc.pb.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::ledger::testing {

namespace v1 = ::tertial::ledger::v1;

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

class LedgerFixture : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }
  void TearDown() override { Close(); }

  void Open(std::shared_ptr<const grpcutil::Authorizer> authorizer = nullptr) {
    auto log = eventlog::EmbeddedLog::Open(dir_.Sub("log"), {.sync_commits = false});
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = std::move(*log);
    auto component =
        MakeComponent({.log = log_.get(),
                       .data_dir = dir_.Sub("ledger"),
                       .authorizer = authorizer ? authorizer : grpcutil::Authorizer::Open()});
    ASSERT_TRUE(component.ok()) << component.status();
    component_ = std::move(*component);
    ASSERT_TRUE(component_->Start().ok());
    auto server = grpcutil::Server::Start({}, {component_.get()});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    stub_ = v1::LedgerService::NewStub(server_->InProcessChannel());
  }

  // A fresh, empty ledger (the log and the projection removed).
  void Reset() {
    Close();
    std::filesystem::remove_all(dir_.Sub("log"));
    std::filesystem::remove_all(dir_.Sub("ledger"));
    Open();
  }

  void Close() {
    stub_.reset();
    if (server_) server_->Shutdown();
    server_.reset();
    if (component_) component_->Stop();
    component_.reset();
    log_.reset();
  }

  // Imports `content` as a file named `name`; `token` for the bearer metadata.
  grpc::Status Import(const std::string& content, v1::ImportMetadata metadata,
                      v1::ImportResult* result, const std::string& token = "") {
    grpc::ClientContext context;
    if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
    auto writer = stub_->Import(&context, result);
    v1::ImportChunk chunk;
    *chunk.mutable_metadata() = metadata;
    writer->Write(chunk);
    constexpr size_t kChunk = 4096;  // small, so that chunking is exercised
    for (size_t at = 0; at < content.size(); at += kChunk) {
      chunk.set_data(content.substr(at, kChunk));
      writer->Write(chunk);
    }
    writer->WritesDone();
    return writer->Finish();
  }

  v1::ImportResult MustImport(const std::string& content, const std::string& name,
                              const std::string& org = "0580", int year = 0) {
    v1::ImportMetadata metadata;
    metadata.set_organisation(org);
    metadata.set_file_name(name);
    metadata.set_fiscal_year(year);
    metadata.set_actor("anna.ekonom");
    v1::ImportResult result;
    grpc::Status status = Import(content, metadata, &result);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return result;
  }

  std::vector<v1::BalanceRow> Balances(std::vector<v1::GroupBy> by, const std::string& org = "0580",
                                       const std::string& subtree = "") {
    grpc::ClientContext context;
    v1::GetBalancesRequest request;
    request.set_organisation(org);
    request.set_unit_subtree(subtree);
    for (auto g : by) request.add_group_by(g);
    v1::GetBalancesResponse response;
    grpc::Status status = stub_->GetBalances(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.rows().begin(), response.rows().end()};
  }

  int64_t LogEnd() {
    auto end = log_->EndOffset(eventlog::kLedgerTopic, 0);
    EXPECT_TRUE(end.ok());
    return end.ok() ? *end : -1;
  }

  static std::string Issues(const v1::ImportResult& result) {
    std::string out;
    for (const auto& e : result.errors()) {
      out +=
          e.file() + ":" + std::to_string(e.line()) + ": " + e.field() + ": " + e.message() + "\n";
    }
    return out;
  }

  static bool HasError(const v1::ImportResult& result, int line, const std::string& field,
                       const std::string& text) {
    for (const auto& e : result.errors()) {
      if (e.line() == line && e.field() == field && e.message().find(text) != std::string::npos) {
        return true;
      }
    }
    return false;
  }

  tertial::testing::TempDir dir_;
  std::unique_ptr<eventlog::EmbeddedLog> log_;
  std::unique_ptr<grpcutil::Component> component_;
  std::unique_ptr<grpcutil::Server> server_;
  std::unique_ptr<v1::LedgerService::Stub> stub_;
};

}  // namespace tertial::ledger::testing

#endif  // TERTIAL_TESTS_LEDGER_LEDGER_FIXTURE_H_
