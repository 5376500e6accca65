// The CLI's one call path (client.h) against a small server in this process: what every
// call sends (deadline, token, x-tertial-fresh, the actor when asked), how a failure comes
// back, and the warning after an answer that may be out of date, for unary and streaming
// calls alike.

#include "client.h"

#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "grpc/health/v1/health.grpc.pb.h"
#include "tertial/base/strings.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::cli {
namespace {

namespace health = ::grpc::health::v1;
using HealthClient = Client<health::Health>;

// Answers Check and Watch, recording what each call carried; trailers and a failure as
// the test sets them.
class RecordingService final : public health::Health::Service {
 public:
  struct Seen {
    std::multimap<std::string, std::string> metadata;
    std::chrono::system_clock::time_point deadline;
  };

  grpc::Status Check(grpc::ServerContext* context, const health::HealthCheckRequest*,
                     health::HealthCheckResponse* response) override {
    Record(*context);
    response->set_status(health::HealthCheckResponse::SERVING);
    return Answer(*context);
  }

  grpc::Status Watch(grpc::ServerContext* context, const health::HealthCheckRequest*,
                     grpc::ServerWriter<health::HealthCheckResponse>* writer) override {
    Record(*context);
    health::HealthCheckResponse response;
    response.set_status(health::HealthCheckResponse::SERVING);
    writer->Write(response);
    writer->Write(response);
    return Answer(*context);
  }

  void AnswerStale(std::string why, std::string behind) {
    std::lock_guard<std::mutex> guard(mutex_);
    stale_ = {std::move(why), std::move(behind)};
  }
  void Refuse(grpc::Status status) {
    std::lock_guard<std::mutex> guard(mutex_);
    refuse_ = std::move(status);
  }
  Seen last() {
    std::lock_guard<std::mutex> guard(mutex_);
    return last_;
  }

 private:
  void Record(const grpc::ServerContext& context) {
    std::lock_guard<std::mutex> guard(mutex_);
    last_ = Seen{.deadline = context.deadline()};
    for (const auto& [key, value] : context.client_metadata()) {
      last_.metadata.emplace(std::string(key.data(), key.size()),
                             std::string(value.data(), value.size()));
    }
  }
  grpc::Status Answer(grpc::ServerContext& context) {
    std::lock_guard<std::mutex> guard(mutex_);
    if (stale_) {
      context.AddTrailingMetadata("x-tertial-stale", stale_->first);
      context.AddTrailingMetadata("x-tertial-behind", stale_->second);
    }
    return refuse_;
  }

  std::mutex mutex_;
  Seen last_;
  std::optional<std::pair<std::string, std::string>> stale_;
  grpc::Status refuse_ = grpc::Status::OK;
};

class ClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Only this test's Health service (the in-process services turn gRPC's own on).
    grpc::EnableDefaultHealthCheckService(false);
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_GT(port, 0);
    address_ = StrCat("127.0.0.1:", port);
  }
  void TearDown() override { server_->Shutdown(); }

  // A client of the test server with `flags` as the command line's global flags.
  HealthClient Open(std::vector<std::string> flags) {
    GlobalOptions global;
    config::FlagSet set("tertial test");
    AddGlobalFlags(set, &global);
    flags.insert(flags.begin(), {"--server", address_});
    auto rest = set.Parse(flags);
    EXPECT_TRUE(rest.ok()) << rest.status();
    absl::StatusOr<HealthClient> client = HealthClient::Open(global, "ledger");
    EXPECT_TRUE(client.ok()) << client.status();
    return *std::move(client);
  }

  absl::Status Check(HealthClient& client, const CallOptions& options = {}) {
    health::HealthCheckResponse response;
    return client.Call(&HealthClient::Stub::Check, health::HealthCheckRequest(), &response,
                       options);
  }

  RecordingService service_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
};

std::string Header(const RecordingService::Seen& seen, const std::string& key) {
  auto it = seen.metadata.find(key);
  return it == seen.metadata.end() ? "(none)" : it->second;
}

TEST_F(ClientTest, EveryCallCarriesTheTokenFreshnessAndADeadline) {
  HealthClient client = Open({"--token", "s3cret", "--fresh", "--actor", "asa"});
  auto before = std::chrono::system_clock::now();
  ASSERT_TRUE(Check(client).ok());
  RecordingService::Seen seen = service_.last();
  EXPECT_EQ(Header(seen, "authorization"), "Bearer s3cret");
  EXPECT_EQ(Header(seen, "x-tertial-fresh"), "1");
  EXPECT_EQ(Header(seen, "x-tertial-actor"), "(none)") << "only a call that asks names its actor";
  EXPECT_GT(seen.deadline, before + kCallDeadline - std::chrono::seconds(10));
  // The server reckons the deadline from the timeout it received: a few ms of slack.
  constexpr auto kSlack = std::chrono::seconds(1);
  EXPECT_LE(seen.deadline, std::chrono::system_clock::now() + kCallDeadline + kSlack);

  ASSERT_TRUE(Check(client, {.deadline = std::chrono::seconds(5), .send_actor = true}).ok());
  seen = service_.last();
  EXPECT_EQ(Header(seen, "x-tertial-actor"), "asa");
  EXPECT_LE(seen.deadline, std::chrono::system_clock::now() + std::chrono::seconds(5) + kSlack);
}

TEST_F(ClientTest, WithoutFlagsSendsNeitherTokenNorFreshness) {
  HealthClient client = Open({});
  ASSERT_TRUE(Check(client).ok());
  RecordingService::Seen seen = service_.last();
  EXPECT_EQ(Header(seen, "authorization"), "(none)");
  EXPECT_EQ(Header(seen, "x-tertial-fresh"), "(none)");
}

TEST_F(ClientTest, AFailureComesBackAsAStatusWithItsCodeAndMessage) {
  service_.Refuse(grpc::Status(grpc::StatusCode::NOT_FOUND, "no such board"));
  HealthClient client = Open({});
  absl::Status status = Check(client);
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(status.message(), "no such board");
}

TEST_F(ClientTest, AStaleAnswerIsPrintedWithAWarningFromUnaryAndStreamingCalls) {
  HealthClient client = Open({});
  ::testing::internal::CaptureStderr();
  ASSERT_TRUE(Check(client).ok());
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "") << "a current answer says nothing";

  service_.AnswerStale("the log did not answer within 300 ms", "7");
  ::testing::internal::CaptureStderr();
  ASSERT_TRUE(Check(client).ok());
  std::string unary = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(unary.find("may be out of date (7 log positions known and not applied): the log did "
                       "not answer within 300 ms"),
            std::string::npos)
      << unary;

  int messages = 0;
  ::testing::internal::CaptureStderr();
  absl::Status streamed = client.Read(&HealthClient::Stub::Watch, health::HealthCheckRequest(),
                                      [&](const health::HealthCheckResponse&) { ++messages; });
  std::string stream = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(streamed.ok()) << streamed;
  EXPECT_EQ(messages, 2);
  EXPECT_NE(stream.find("may be out of date (7 log positions"), std::string::npos) << stream;

  // A refusal is the error alone: no answer was printed, so there is nothing to warn of.
  service_.Refuse(grpc::Status(grpc::StatusCode::UNAVAILABLE, "log away"));
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(Check(client).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

// The warning, the deadline and the metadata come from Invoke alone: a command that made
// its own grpc::ClientContext would skip them (as forecast, goals and report queries once
// skipped the warning).
TEST(OneCallPath, NoCommandMakesItsOwnClientContext) {
  const std::filesystem::path dir = std::filesystem::path(testing::SourceDir()) / "apps/tertial";
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".cc" || name.ends_with("_test.cc")) continue;
    ++files;
    if (name == "client.cc") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str().find("ClientContext context;"), std::string::npos)
        << name << " makes its own call context; call through Client (client.h)";
    EXPECT_EQ(text.str().find("NewStub("), std::string::npos)
        << name << " makes its own stub; call through Client (client.h)";
  }
  EXPECT_GT(files, 5) << dir;
}

}  // namespace
}  // namespace tertial::cli
