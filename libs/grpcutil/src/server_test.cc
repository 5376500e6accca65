#include "tertial/grpcutil/server.h"

#include <grpc/grpc.h>
#include <grpc/support/log.h>
#include <grpcpp/client_context.h>
#include <grpcpp/server_context.h>
#include <gtest/gtest.h>

#include <fstream>
#include <mutex>

#include "absl/strings/str_join.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc_log.h"
#include "tertial/base/hash.h"
#include "tertial/base/strings.h"
#include "tertial/grpcutil/auth.h"
#include "tertial/grpcutil/channel.h"
#include "tertial/grpcutil/status.h"
#include "tertial/json/json.h"
#include "tertial/log/log.h"
#include "tertial/testing/temp_dir.h"
#include "tertial/testing/v1/echo.grpc.pb.h"
#include "test_certificates.h"

namespace tertial::grpcutil {
namespace {

using tertial::testing::v1::EchoRequest;
using tertial::testing::v1::EchoResponse;
using tertial::testing::v1::EchoService;

// Reads need a reader of the organisation, writes a controller: what every tertial
// handler does with the Authorizer.
class EchoImpl final : public EchoService::Service {
 public:
  explicit EchoImpl(std::shared_ptr<const Authorizer> authorizer)
      : authorizer_(std::move(authorizer)) {}
  grpc::Status Read(grpc::ServerContext* context, const EchoRequest* request,
                    EchoResponse* response) override {
    if (absl::Status s = authorizer_->Check(context, request->organisation(), Role::kReader);
        !s.ok()) {
      return ToGrpc(s);
    }
    response->set_text(request->text());
    return grpc::Status::OK;
  }
  grpc::Status List(grpc::ServerContext* context, const EchoRequest* request,
                    EchoResponse* response) override {
    absl::StatusOr<std::string> scope =
        authorizer_->ListScope(context, request->organisation(), Role::kReader);
    if (!scope.ok()) return ToGrpc(scope.status());
    response->set_text(*scope);
    return grpc::Status::OK;
  }
  grpc::Status Write(grpc::ServerContext* context, const EchoRequest* request,
                     EchoResponse* response) override {
    if (absl::Status s = authorizer_->Check(context, request->organisation(), Role::kController);
        !s.ok()) {
      return ToGrpc(s);
    }
    response->set_text(request->text());
    return grpc::Status::OK;
  }

 private:
  std::shared_ptr<const Authorizer> authorizer_;
};

// One EchoService implementation as a component.
template <typename Impl>
class EchoServing final : public Component {
 public:
  explicit EchoServing(std::shared_ptr<const Authorizer> authorizer)
      : impl_(std::move(authorizer)) {}
  std::string_view name() const override { return "echo"; }
  std::vector<std::string_view> service_names() const override {
    return {"tertial.testing.v1.EchoService"};
  }
  std::vector<grpc::Service*> services() override { return {&impl_}; }
  absl::Status Start() override { return absl::OkStatus(); }
  void Stop() override {}

 private:
  Impl impl_;
};
using EchoComponent = EchoServing<EchoImpl>;

std::string TokenLine(std::string_view token, std::string_view rest) {
  return StrCat("sha256:", Sha256Hex(token), " ", rest, "\n");
}

grpc::StatusCode Call(EchoService::Stub& stub, bool write, std::string_view organisation,
                      std::string_view token) {
  grpc::ClientContext context;
  if (!token.empty()) context.AddMetadata("authorization", StrCat("Bearer ", token));
  EchoRequest request;
  request.set_organisation(std::string(organisation));
  request.set_text("hej");
  EchoResponse response;
  grpc::Status status =
      write ? stub.Write(&context, request, &response) : stub.Read(&context, request, &response);
  return status.error_code();
}

TEST(Authorizer, RejectsMalformedTokenFilesNamingTheLine) {
  EXPECT_FALSE(Authorizer::FromText("sha256:abc anna reader 0580\n", "t").ok());
  auto bad_role = Authorizer::FromText(TokenLine("x", "anna owner 0580"), "tokens.txt");
  ASSERT_FALSE(bad_role.ok());
  EXPECT_NE(bad_role.status().message().find("tokens.txt:1: role"), std::string::npos);
  EXPECT_FALSE(Authorizer::FromText(TokenLine("x", "anna reader"), "t").ok());
  EXPECT_TRUE(Authorizer::FromText("# comment only\n\n", "t").ok());
}

TEST(Server, TokensGiveRolesAndKeepTenantsApart) {
  auto authorizer = Authorizer::FromText(
      TokenLine("read-0580", "rita reader 0580") + TokenLine("ctl-0580", "anna controller 0580") +
          TokenLine("ctl-0180", "olle controller 0180") + TokenLine("admin", "it admin *"),
      "tokens");
  ASSERT_TRUE(authorizer.ok()) << authorizer.status();
  EchoComponent component(*authorizer);
  auto server = Server::Start({.listen = "127.0.0.1:0"}, {&component});
  ASSERT_TRUE(server.ok()) << server.status();
  auto channel = MakeChannel(StrCat("127.0.0.1:", (*server)->port()), {});
  ASSERT_TRUE(channel.ok());
  auto stub = EchoService::NewStub(*channel);
  EXPECT_EQ(Call(*stub, false, "0580", ""), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Call(*stub, false, "0580", "wrong"), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Call(*stub, false, "0580", "read-0580"), grpc::StatusCode::OK);
  EXPECT_EQ(Call(*stub, true, "0580", "read-0580"), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(*stub, true, "0580", "ctl-0580"), grpc::StatusCode::OK);
  EXPECT_EQ(Call(*stub, false, "0180", "ctl-0580"), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(*stub, true, "0180", "ctl-0180"), grpc::StatusCode::OK);
  EXPECT_EQ(Call(*stub, true, "0180", "admin"), grpc::StatusCode::OK);
  EXPECT_EQ(Call(*stub, false, "", "ctl-0580"), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(*stub, false, "", "admin"), grpc::StatusCode::OK);
}

// A list asked without an organisation shows what the token may see: its own organisation
// for a token of one, every one ("") for a token of all; never another's.
TEST(Authorizer, ListScopeIsTheTokensOwnOrganisationWhenNoneIsAsked) {
  auto authorizer = Authorizer::FromText(
      TokenLine("read-0580", "rita reader 0580") + TokenLine("admin", "it admin *"), "tokens");
  ASSERT_TRUE(authorizer.ok()) << authorizer.status();
  EchoComponent component(*authorizer);
  auto server = Server::Start({}, {&component});
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = EchoService::NewStub((*server)->InProcessChannel());
  auto list = [&](std::string_view organisation, std::string_view token, std::string* scope) {
    grpc::ClientContext context;
    if (!token.empty()) context.AddMetadata("authorization", StrCat("Bearer ", token));
    EchoRequest request;
    request.set_organisation(std::string(organisation));
    EchoResponse response;
    grpc::Status status = stub->List(&context, request, &response);
    *scope = response.text();
    return status.error_code();
  };
  std::string scope;
  EXPECT_EQ(list("", "read-0580", &scope), grpc::StatusCode::OK);
  EXPECT_EQ(scope, "0580");
  EXPECT_EQ(list("0580", "read-0580", &scope), grpc::StatusCode::OK);
  EXPECT_EQ(scope, "0580");
  EXPECT_EQ(list("0180", "read-0580", &scope), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(list("", "admin", &scope), grpc::StatusCode::OK);
  EXPECT_EQ(scope, "");
  EXPECT_EQ(list("", "", &scope), grpc::StatusCode::UNAUTHENTICATED);
}

TEST(BearerToken, OnlyTheBearerScheme) {
  EXPECT_EQ(BearerToken("Bearer abc"), "abc");
  EXPECT_EQ(BearerToken("Bearer "), "");
  EXPECT_EQ(BearerToken("Basic abc"), std::nullopt);
  EXPECT_EQ(BearerToken("bearer abc"), std::nullopt);
  EXPECT_EQ(BearerToken("Bearer"), std::nullopt);
  EXPECT_EQ(BearerToken(""), std::nullopt);
}

// Answers Read with the actor of the call (the request's text is what the client claims).
class ActorEcho final : public EchoService::Service {
 public:
  explicit ActorEcho(std::shared_ptr<const Authorizer> authorizer)
      : authorizer_(std::move(authorizer)) {}
  grpc::Status Read(grpc::ServerContext* context, const EchoRequest* request,
                    EchoResponse* response) override {
    response->set_text(ActorOf(authorizer_.get(), context, request->text()));
    return grpc::Status::OK;
  }

 private:
  std::shared_ptr<const Authorizer> authorizer_;
};

std::string ActorSeen(std::shared_ptr<const Authorizer> authorizer, std::string_view claimed,
                      std::string_view authorization) {
  EchoServing<ActorEcho> component(std::move(authorizer));
  auto server = Server::Start({}, {&component});
  if (!server.ok()) return StrCat("server: ", server.status().ToString());
  auto stub = EchoService::NewStub((*server)->InProcessChannel());
  grpc::ClientContext context;
  if (!authorization.empty()) context.AddMetadata("authorization", std::string(authorization));
  EchoRequest request;
  request.set_text(std::string(claimed));
  EchoResponse response;
  grpc::Status status = stub->Read(&context, request, &response);
  if (!status.ok()) return StrCat("status: ", status.error_message());
  return response.text();
}

// With tokens on, the actor of a command is the token's subject whatever the request
// claims; open (or without an authorizer) it is the claim, "unknown" when there is none.
TEST(Authorizer, ActorIsTheTokensSubjectWhenTokensAreOn) {
  auto tokens = Authorizer::FromText(TokenLine("ctl-0580", "anna controller 0580"), "tokens");
  ASSERT_TRUE(tokens.ok()) << tokens.status();
  EXPECT_EQ(ActorSeen(*tokens, "mallory", "Bearer ctl-0580"), "anna");
  EXPECT_EQ(ActorSeen(*tokens, "mallory", "Bearer wrong"), "mallory");
  EXPECT_EQ(ActorSeen(*tokens, "", "Basic ctl-0580"), "unknown");
  EXPECT_EQ(ActorSeen(Authorizer::Open(), "bertil", "Bearer ctl-0580"), "bertil");
  EXPECT_EQ(ActorSeen(Authorizer::Open(), "", ""), "unknown");
  EXPECT_EQ(ActorSeen(nullptr, "bertil", ""), "bertil");
}

void WriteFile(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

bool Healthy(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  return stub->Check(&context, request, &response).ok() &&
         response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
}

TEST(Server, ServesTlsAndRequiresClientCertificatesWithMtls) {
  tertial::testing::TempDir dir;
  testing::TestPki pki = testing::MakeTestPki();
  WriteFile(dir.Sub("ca.pem"), pki.ca.certificate);
  WriteFile(dir.Sub("server.pem"), pki.server.certificate);
  WriteFile(dir.Sub("server.key"), pki.server.key);
  WriteFile(dir.Sub("client.pem"), pki.client.certificate);
  WriteFile(dir.Sub("client.key"), pki.client.key);
  EchoComponent component(Authorizer::Open());
  {
    auto server = Server::Start({.listen = "127.0.0.1:0",
                                 .tls_cert_file = dir.Sub("server.pem"),
                                 .tls_key_file = dir.Sub("server.key")},
                                {&component});
    ASSERT_TRUE(server.ok()) << server.status();
    std::string address = StrCat("localhost:", (*server)->port());
    EXPECT_TRUE(Healthy(*MakeChannel(address, {.tls_ca_file = dir.Sub("ca.pem")})));
    EXPECT_FALSE(Healthy(*MakeChannel(address, {})));  // plaintext to a TLS port
  }
  auto server = Server::Start({.listen = "127.0.0.1:0",
                               .tls_cert_file = dir.Sub("server.pem"),
                               .tls_key_file = dir.Sub("server.key"),
                               .tls_client_ca_file = dir.Sub("ca.pem")},
                              {&component});
  ASSERT_TRUE(server.ok()) << server.status();
  std::string address = StrCat("localhost:", (*server)->port());
  EXPECT_FALSE(Healthy(*MakeChannel(address, {.tls_ca_file = dir.Sub("ca.pem")})));
  EXPECT_TRUE(Healthy(*MakeChannel(address, {.tls_ca_file = dir.Sub("ca.pem"),
                                             .tls_cert_file = dir.Sub("client.pem"),
                                             .tls_key_file = dir.Sub("client.key")})));
}

TEST(Server, RefusesAPortAnotherServerListensOn) {
  // gRPC sets SO_REUSEPORT by default, which would let a second daemon share the port and
  // receive half of the calls meant for the first.
  EchoComponent component(Authorizer::Open());
  auto first = Server::Start({.listen = "127.0.0.1:0"}, {&component});
  ASSERT_TRUE(first.ok()) << first.status();
  EchoComponent other(Authorizer::Open());
  auto second = Server::Start({.listen = StrCat("127.0.0.1:", (*first)->port())}, {&other});
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find(StrCat("cannot listen on 127.0.0.1:", (*first)->port())),
            std::string::npos)
      << second.status();
}

// A service calling a peer that checks tokens: the channel's own token goes with every
// call (over TLS, plaintext and in-process alike), and a call's own token wins over it.
TEST(Channel, SendsItsBearerTokenOnEveryCall) {
  tertial::testing::TempDir dir;
  testing::TestPki pki = testing::MakeTestPki();
  WriteFile(dir.Sub("ca.pem"), pki.ca.certificate);
  WriteFile(dir.Sub("server.pem"), pki.server.certificate);
  WriteFile(dir.Sub("server.key"), pki.server.key);
  auto authorizer = Authorizer::FromText(TokenLine("svc-forecast", "svc.forecast controller *") +
                                             TokenLine("read-0580", "rita reader 0580"),
                                         "tokens");
  ASSERT_TRUE(authorizer.ok()) << authorizer.status();
  EchoComponent component(*authorizer);
  auto tls = Server::Start({.listen = "127.0.0.1:0",
                            .tls_cert_file = dir.Sub("server.pem"),
                            .tls_key_file = dir.Sub("server.key")},
                           {&component});
  ASSERT_TRUE(tls.ok()) << tls.status();
  auto plain = Server::Start({.listen = "127.0.0.1:0"}, {&component});
  ASSERT_TRUE(plain.ok()) << plain.status();

  const std::string tls_address = StrCat("localhost:", (*tls)->port());
  auto without = MakeChannel(tls_address, {.tls_ca_file = dir.Sub("ca.pem")});
  ASSERT_TRUE(without.ok());
  EXPECT_EQ(Call(*EchoService::NewStub(*without), true, "0580", ""),
            grpc::StatusCode::UNAUTHENTICATED);

  std::vector<std::shared_ptr<grpc::Channel>> with_token = {
      *MakeChannel(tls_address, {.tls_ca_file = dir.Sub("ca.pem"), .bearer_token = "svc-forecast"}),
      *MakeChannel(StrCat("127.0.0.1:", (*plain)->port()), {.bearer_token = "svc-forecast"}),
      (*plain)->InProcessChannel("svc-forecast")};
  for (size_t i = 0; i < with_token.size(); ++i) {
    auto stub = EchoService::NewStub(with_token[i]);
    EXPECT_EQ(Call(*stub, true, "0580", ""), grpc::StatusCode::OK) << i;
    EXPECT_EQ(Call(*stub, true, "0180", ""), grpc::StatusCode::OK) << i;
    // A caller's own token is sent instead: a reader may not write.
    EXPECT_EQ(Call(*stub, true, "0580", "read-0580"), grpc::StatusCode::PERMISSION_DENIED) << i;
  }
  EXPECT_EQ(Call(*EchoService::NewStub((*plain)->InProcessChannel()), false, "0580", ""),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST(Channel, ReadsTheTokenFileFirstLine) {
  tertial::testing::TempDir dir;
  WriteFile(dir.Sub("token"), "  s3cret-token \n# not this\n");
  WriteFile(dir.Sub("empty"), "\n");
  auto token = ReadTokenFile(dir.Sub("token"));
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_EQ(*token, "s3cret-token");
  auto empty = ReadTokenFile(dir.Sub("empty"));
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(empty.status().message().find(dir.Sub("empty")), std::string::npos);
  EXPECT_EQ(ReadTokenFile(dir.Sub("missing")).status().code(), absl::StatusCode::kNotFound);
}

// The access/audit log: one line per command and per refused call, naming who, the
// organisation, the method, the result and the duration, and never the token.
TEST(Server, WritesAnAuditLineForEveryCommandAndRefusedCall) {
  std::vector<std::string> lines;
  std::mutex mutex;
  log::Configure(
      {.service = "audit-test", .level = log::Level::kInfo, .sink = [&](std::string_view line) {
         std::lock_guard<std::mutex> guard(mutex);
         lines.emplace_back(line);
       }});
  auto authorizer = Authorizer::FromText(TokenLine("read-0580-secret", "rita reader 0580") +
                                             TokenLine("ctl-0580-secret", "anna controller 0580"),
                                         "tokens");
  ASSERT_TRUE(authorizer.ok()) << authorizer.status();
  EchoComponent component(*authorizer);
  auto server = Server::Start({.listen = "127.0.0.1:0"}, {&component});
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = EchoService::NewStub(*MakeChannel(StrCat("127.0.0.1:", (*server)->port()), {}));
  EXPECT_EQ(Call(*stub, false, "0580", "read-0580-secret"), grpc::StatusCode::OK);  // a read
  EXPECT_EQ(Call(*stub, true, "0580", "ctl-0580-secret"), grpc::StatusCode::OK);
  EXPECT_EQ(Call(*stub, true, "0580", "read-0580-secret"), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(*stub, false, "0180", "wrong-secret"), grpc::StatusCode::UNAUTHENTICATED);
  (*server)->Shutdown();
  log::Configure({});

  std::vector<json::Value> audit;
  for (const std::string& line : lines) {
    EXPECT_EQ(line.find("secret"), std::string::npos) << line;
    absl::StatusOr<json::Value> value = json::Parse(line, "log");
    ASSERT_TRUE(value.ok()) << value.status() << line;
    if (value->Find("fields") != nullptr && value->Find("fields")->Find("method") != nullptr) {
      audit.push_back(*value);
    }
  }
  // The successful read is not audited at info level; the other three are, in order.
  ASSERT_EQ(audit.size(), 3u) << absl::StrJoin(lines, "");
  auto field = [](const json::Value& v, std::string_view key) {
    const json::Value* f = v.Find("fields")->Find(key);
    return f != nullptr ? f->text : std::string("(missing)");
  };
  EXPECT_EQ(audit[0].Find("message")->text, "command");
  EXPECT_EQ(audit[0].Find("level")->text, "info");
  EXPECT_EQ(field(audit[0], "who"), "anna");
  EXPECT_EQ(field(audit[0], "organisation"), "0580");
  EXPECT_EQ(field(audit[0], "method"), "/tertial.testing.v1.EchoService/Write");
  EXPECT_EQ(field(audit[0], "code"), "OK");
  EXPECT_EQ(field(audit[0], "role"), "controller");
  EXPECT_EQ(audit[0].Find("fields")->Find("duration_ms")->type, json::Type::kNumber);
  EXPECT_EQ(audit[1].Find("message")->text, "refused");
  EXPECT_EQ(audit[1].Find("level")->text, "warning");
  EXPECT_EQ(field(audit[1], "who"), "rita");
  EXPECT_EQ(field(audit[1], "code"), "PERMISSION_DENIED");
  EXPECT_NE(field(audit[1], "error").find("rita is reader"), std::string::npos)
      << field(audit[1], "error");
  EXPECT_EQ(audit[2].Find("message")->text, "refused");
  EXPECT_EQ(field(audit[2], "who"), "");
  EXPECT_EQ(field(audit[2], "auth"), "none");
  EXPECT_EQ(field(audit[2], "organisation"), "0180");
  EXPECT_EQ(field(audit[2], "method"), "/tertial.testing.v1.EchoService/Read");
  EXPECT_EQ(field(audit[2], "code"), "UNAUTHENTICATED");
}

TEST(Server, AuditsEveryCallAtDebugLevel) {
  std::vector<std::string> lines;
  std::mutex mutex;
  log::Configure(
      {.service = "audit-test", .level = log::Level::kDebug, .sink = [&](std::string_view line) {
         std::lock_guard<std::mutex> guard(mutex);
         lines.emplace_back(line);
       }});
  EchoComponent component(Authorizer::Open());
  auto server = Server::Start({.listen = "127.0.0.1:0"}, {&component});
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = EchoService::NewStub(*MakeChannel(StrCat("127.0.0.1:", (*server)->port()), {}));
  EXPECT_EQ(Call(*stub, false, "0580", ""), grpc::StatusCode::OK);
  (*server)->Shutdown();
  log::Configure({});
  bool found = false;
  for (const std::string& line : lines) {
    if (line.find("EchoService/Read") == std::string::npos) continue;
    found = true;
    EXPECT_NE(line.find("\"message\":\"call\""), std::string::npos) << line;
    EXPECT_NE(line.find("\"auth\":\"open\""), std::string::npos) << line;
    EXPECT_NE(line.find("\"level\":\"debug\""), std::string::npos) << line;
  }
  EXPECT_TRUE(found) << absl::StrJoin(lines, "");
}

// gRPC's own messages (gpr_log) go through the process's log.
TEST(GrpcLog, GrpcMessagesGoThroughTheLogger) {
  std::vector<std::string> lines;
  log::Configure(
      {.service = "grpc-test", .sink = [&](std::string_view line) { lines.emplace_back(line); }});
  RouteGrpcLog();
  // As in a process that serves or calls: gRPC is initialised (its verbosity is read
  // then; before it gpr_log prints nothing, which made this test depend on the order).
  grpc_init();
  gpr_log(GPR_ERROR, "a message from gRPC %d", 42);
  grpc_shutdown();
  log::Configure({});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("\"message\":\"a message from gRPC 42\""), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("\"source\":\"grpc\""), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("\"level\":\"error\""), std::string::npos) << lines[0];
}

TEST(Server, RefusesHalfConfiguredTls) {
  EchoComponent component(Authorizer::Open());
  EXPECT_FALSE(
      Server::Start({.listen = "127.0.0.1:0", .tls_cert_file = "/nonexistent.pem"}, {&component})
          .ok());
  EXPECT_FALSE(
      Server::Start({.listen = "127.0.0.1:0", .tls_client_ca_file = "/x.pem"}, {&component}).ok());
}

}  // namespace
}  // namespace tertial::grpcutil
