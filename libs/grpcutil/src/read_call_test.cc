// ReadCall: a command's trailer x-tertial-position names where its effect landed, and a
// query's header x-tertial-after (parsed strictly) says what its reads wait for.

#include "tertial/grpcutil/read_call.h"

#include <grpcpp/client_context.h>
#include <grpcpp/server_context.h>
#include <gtest/gtest.h>

#include <string>

#include "tertial/base/strings.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/grpcutil/server.h"
#include "tertial/grpcutil/status.h"
#include "tertial/projection/runner.h"
#include "tertial/testing/temp_dir.h"
#include "tertial/testing/v1/echo.grpc.pb.h"

namespace tertial::grpcutil {
namespace {

using tertial::testing::v1::EchoRequest;
using tertial::testing::v1::EchoResponse;
using tertial::testing::v1::EchoService;

constexpr std::string_view kTopic = "tertial.echo.v1";

TEST(ReadCallParseAfter, TakesLatestSnapshotOrAToken) {
  projection::ReadWait wait;
  ASSERT_TRUE(ReadCall::ParseAfter("snapshot", &wait).ok());
  EXPECT_EQ(wait.mode, projection::ReadMode::kSnapshot);
  ASSERT_TRUE(ReadCall::ParseAfter("latest", &wait).ok());
  EXPECT_EQ(wait.mode, projection::ReadMode::kLatest);
  ASSERT_TRUE(ReadCall::ParseAfter("tertial.ledger.v1/2:1843,tertial.goals.v1/0:5", &wait).ok());
  EXPECT_EQ(wait.mode, projection::ReadMode::kAfter);
  EXPECT_EQ(wait.after.ToToken(), "tertial.goals.v1/0:5,tertial.ledger.v1/2:1843");
}

TEST(ReadCallParseAfter, RefusesAnythingElseNamingTheHeaderAndWhatItExpects) {
  for (std::string_view bad : {"", "Snapshot", "latest ", "fresh", "tertial.ledger.v1/2@1843",
                               "tertial.ledger.v1/2:18x"}) {
    projection::ReadWait wait;
    absl::Status s = ReadCall::ParseAfter(bad, &wait);
    ASSERT_FALSE(s.ok()) << "accepted '" << bad << "'";
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(s.message().find("x-tertial-after: expected latest, snapshot or a command's token"),
              std::string_view::npos)
        << s;
    EXPECT_EQ(wait.mode, projection::ReadMode::kLatest) << "a refused header changed the wait";
  }
}

// Counts the records per key.
class CountProjection final : public projection::Projection {
 public:
  std::vector<std::string> Topics() const override { return {std::string(kTopic)}; }
  absl::Status Apply(std::string_view, const eventlog::Record& record, const eventlog::Envelope&,
                     projection::Store& store) override {
    std::string key = StrCat("count/", record.key);
    int64_t count = 0;
    if (auto v = store.Get(key); v.ok() && v->has_value()) count = std::stoll(**v);
    store.Put(key, StrCat(count + 1));
    return absl::OkStatus();
  }
};

// Write appends one record under the organisation (none when the text is "again"); Read
// answers with the organisation's count. Both through ReadCall, as every tertial handler.
class CountingEcho final : public EchoService::Service {
 public:
  CountingEcho(eventlog::EventLog* log, projection::ProjectionDb* db, projection::Runner* runner)
      : log_(log), db_(db), runner_(runner) {}
  grpc::Status Read(grpc::ServerContext* context, const EchoRequest* request,
                    EchoResponse* response) override {
    ReadCall call(context);
    if (absl::Status s = runner_->AwaitRead().status(); !s.ok()) return ToGrpc(s);
    absl::StatusOr<std::optional<std::string>> count =
        db_->Snapshot()->Get(StrCat("count/", request->organisation()));
    response->set_text(count.ok() && count->has_value() ? **count : "0");
    return grpc::Status::OK;
  }
  grpc::Status Write(grpc::ServerContext* context, const EchoRequest* request,
                     EchoResponse*) override {
    ReadCall call(context, ReadCall::kCommand);
    if (absl::Status s = runner_->AwaitRead().status(); !s.ok()) return ToGrpc(s);
    if (request->text() == "again") return grpc::Status::OK;
    eventlog::Envelope event;
    event.set_event_id(StrCat(request->organisation(), "/", ++written_));
    event.set_organisation(request->organisation());
    return ToGrpc(log_->Append(kTopic, request->organisation(), {event}).status());
  }
  grpc::Status List(grpc::ServerContext*, const EchoRequest*, EchoResponse*) override {
    return grpc::Status::OK;
  }

 private:
  eventlog::EventLog* log_;
  projection::ProjectionDb* db_;
  projection::Runner* runner_;
  std::atomic<int> written_{0};
};

class Serving final : public Component {
 public:
  explicit Serving(CountingEcho* impl) : impl_(impl) {}
  std::string_view name() const override { return "echo"; }
  std::vector<std::string_view> service_names() const override {
    return {"tertial.testing.v1.EchoService"};
  }
  std::vector<grpc::Service*> services() override { return {impl_}; }
  absl::Status Start() override { return absl::OkStatus(); }
  void Stop() override {}

 private:
  CountingEcho* impl_;
};

std::string Trailer(const grpc::ClientContext& context, std::string_view name) {
  const auto& trailers = context.GetServerTrailingMetadata();
  auto it = trailers.find(std::string(name));
  return it == trailers.end() ? "" : std::string(it->second.data(), it->second.size());
}

class ReadCallTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto log = eventlog::EmbeddedLog::Open(dir_.Sub("log"));
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = std::move(*log);
    auto db = projection::ProjectionDb::Open(dir_.Sub("proj"));
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    runner_ = std::make_unique<projection::Runner>(log_.get(), db_.get(), &projection_);
    impl_ = std::make_unique<CountingEcho>(log_.get(), db_.get(), runner_.get());
    component_ = std::make_unique<Serving>(impl_.get());
    auto server = Server::Start({}, {component_.get()});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    stub_ = EchoService::NewStub(server_->InProcessChannel());
  }
  void TearDown() override {
    if (server_) server_->Shutdown();
  }

  grpc::Status Call(bool write, std::string_view text, grpc::ClientContext* context,
                    std::string* answer = nullptr) {
    EchoRequest request;
    request.set_organisation("0580");
    request.set_text(std::string(text));
    EchoResponse response;
    grpc::Status status = write ? stub_->Write(context, request, &response)
                                : stub_->Read(context, request, &response);
    if (answer != nullptr) *answer = response.text();
    return status;
  }

  tertial::testing::TempDir dir_;
  std::unique_ptr<eventlog::EventLog> log_;
  std::unique_ptr<projection::ProjectionDb> db_;
  CountProjection projection_;
  std::unique_ptr<projection::Runner> runner_;
  std::unique_ptr<CountingEcho> impl_;
  std::unique_ptr<Serving> component_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<EchoService::Stub> stub_;
};

TEST_F(ReadCallTest, ACommandReturnsWhereItsEffectLandedAndAQueryWaitsForIt) {
  grpc::ClientContext write;
  ASSERT_TRUE(Call(true, "one", &write).ok());
  std::string token = Trailer(write, kPositionTrailer);
  absl::StatusOr<eventlog::LogPositions> position = eventlog::LogPositions::ParseToken(token);
  ASSERT_TRUE(position.ok()) << "'" << token << "': " << position.status();
  EXPECT_EQ(position->positions().begin()->first.first, kTopic);
  EXPECT_EQ(position->positions().begin()->second, 1);  // after the first record

  grpc::ClientContext read;
  read.AddMetadata(std::string(kAfterHeader), token);
  std::string count;
  ASSERT_TRUE(Call(false, "", &read, &count).ok());
  EXPECT_EQ(count, "1");
  EXPECT_EQ(Trailer(read, kStaleTrailer), "");

  // A command that appends nothing names the position its reads confirmed: the same.
  grpc::ClientContext again;
  ASSERT_TRUE(Call(true, "again", &again).ok());
  EXPECT_EQ(Trailer(again, kPositionTrailer), token);
  // A query names none.
  EXPECT_EQ(Trailer(read, kPositionTrailer), "");
}

TEST_F(ReadCallTest, AMalformedAfterHeaderIsInvalidArgumentForQueriesAndCommands) {
  for (bool write : {false, true}) {
    grpc::ClientContext context;
    context.AddMetadata(std::string(kAfterHeader), "tertial.echo.v1/0@1");
    grpc::Status status = Call(write, "one", &context);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << write;
    EXPECT_NE(status.error_message().find("x-tertial-after: expected latest, snapshot or"),
              std::string::npos)
        << status.error_message();
  }
  grpc::ClientContext twice;
  twice.AddMetadata(std::string(kAfterHeader), "latest");
  twice.AddMetadata(std::string(kAfterHeader), "snapshot");
  EXPECT_EQ(Call(false, "", &twice).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  // Nothing was appended by the refused command.
  grpc::ClientContext read;
  std::string count;
  ASSERT_TRUE(Call(false, "", &read, &count).ok());
  EXPECT_EQ(count, "0");
}

TEST_F(ReadCallTest, ASnapshotReadSaysHowFarBehindItIs) {
  eventlog::Envelope event;
  event.set_event_id("e1");
  event.set_organisation("0580");
  ASSERT_TRUE(log_->Append(kTopic, "0580", {event, event}).ok());  // nobody applies it
  grpc::ClientContext snapshot;
  snapshot.AddMetadata(std::string(kAfterHeader), "snapshot");
  std::string count;
  ASSERT_TRUE(Call(false, "", &snapshot, &count).ok());
  EXPECT_EQ(count, "0");
  EXPECT_EQ(Trailer(snapshot, kBehindTrailer), "2");

  grpc::ClientContext latest;  // the default: every record committed before the call
  ASSERT_TRUE(Call(false, "", &latest, &count).ok());
  EXPECT_EQ(count, "2");
  EXPECT_EQ(Trailer(latest, kBehindTrailer), "0");
}

}  // namespace
}  // namespace tertial::grpcutil
