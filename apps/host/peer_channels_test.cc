// Services deployed apart call each other at $<SERVICE>_ADDR: over TLS and with their own
// token when the peer checks tokens (ComponentOptions::peer as host::Main
// wires it).

#include "peer_channels.h"

#include <grpcpp/client_context.h>
#include <grpcpp/server_context.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "server_flags.h"
#include "tertial/base/hash.h"
#include "tertial/base/strings.h"
#include "tertial/grpcutil/auth.h"
#include "tertial/grpcutil/server.h"
#include "tertial/grpcutil/status.h"
#include "tertial/testing/temp_dir.h"
#include "tertial/testing/v1/echo.grpc.pb.h"
#include "test_certificates.h"

namespace tertial::host {
namespace {

using tertial::testing::v1::EchoRequest;
using tertial::testing::v1::EchoResponse;
using tertial::testing::v1::EchoService;

// A peer whose every call needs a controller of the organisation, as a command would.
class Peer final : public EchoService::Service, public grpcutil::Component {
 public:
  explicit Peer(std::shared_ptr<const grpcutil::Authorizer> authorizer)
      : authorizer_(std::move(authorizer)) {}
  grpc::Status Write(grpc::ServerContext* context, const EchoRequest* request,
                     EchoResponse* response) override {
    absl::Status s =
        authorizer_->Check(context, request->organisation(), grpcutil::Role::kController);
    if (!s.ok()) return grpcutil::ToGrpc(s);
    response->set_text(request->text());
    return grpc::Status::OK;
  }
  std::string_view name() const override { return "ledger"; }
  std::vector<std::string_view> service_names() const override {
    return {"tertial.testing.v1.EchoService"};
  }
  std::vector<grpc::Service*> services() override { return {this}; }
  absl::Status Start() override { return absl::OkStatus(); }
  void Stop() override {}

 private:
  std::shared_ptr<const grpcutil::Authorizer> authorizer_;
};

void WriteFile(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

grpc::StatusCode Write(const std::shared_ptr<grpc::Channel>& channel) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  EchoRequest request;
  request.set_organisation("0580");
  request.set_text("hej");
  EchoResponse response;
  return EchoService::NewStub(channel)->Write(&context, request, &response).error_code();
}

class PeerChannelsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pki_ = grpcutil::testing::MakeTestPki();
    WriteFile(dir_.Sub("ca.pem"), pki_.ca.certificate);
    WriteFile(dir_.Sub("server.pem"), pki_.server.certificate);
    WriteFile(dir_.Sub("server.key"), pki_.server.key);
    WriteFile(dir_.Sub("client.pem"), pki_.client.certificate);
    WriteFile(dir_.Sub("client.key"), pki_.client.key);
    WriteFile(dir_.Sub("tokens"),
              StrCat("sha256:", Sha256Hex("svc-forecast-token"), " svc.forecast controller *\n"));
    WriteFile(dir_.Sub("forecast.token"), "svc-forecast-token\n");
    WriteFile(dir_.Sub("stranger.token"), "not-in-the-file\n");
    auto authorizer = grpcutil::Authorizer::FromFile(dir_.Sub("tokens"));
    ASSERT_TRUE(authorizer.ok()) << authorizer.status();
    authorizer_ = *authorizer;
    peer_ = std::make_unique<Peer>(authorizer_);
    // TLS with client certificates, tokens on: production's settings.
    auto server = grpcutil::Server::Start({.listen = "127.0.0.1:0",
                                           .tls_cert_file = dir_.Sub("server.pem"),
                                           .tls_key_file = dir_.Sub("server.key"),
                                           .tls_client_ca_file = dir_.Sub("ca.pem")},
                                          {peer_.get()});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
  }

  ServerFlags Flags(const std::string& token_file) {
    return {.tokens = dir_.Sub("tokens"),
            .peer_tls_ca = dir_.Sub("ca.pem"),
            .peer_tls_cert = dir_.Sub("client.pem"),
            .peer_tls_key = dir_.Sub("client.key"),
            .peer_token_file = token_file.empty() ? "" : dir_.Sub(token_file),
            // $LEDGER_ADDR set, $GOALS_ADDR not.
            .peer_addresses = {{"ledger", StrCat("localhost:", server_->port())}}};
  }

  tertial::testing::TempDir dir_;
  grpcutil::testing::TestPki pki_;
  std::shared_ptr<const grpcutil::Authorizer> authorizer_;
  std::unique_ptr<Peer> peer_;
  std::unique_ptr<grpcutil::Server> server_;
};

TEST_F(PeerChannelsTest, AServiceTokenOverMtlsIsAccepted) {
  std::string warning;
  auto options = MakePeerOptions(Flags("forecast.token"), *authorizer_, &warning);
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(warning, "");
  PeerChannels peers(*options);
  auto channel = peers.Get("ledger");
  ASSERT_TRUE(channel.ok()) << channel.status();
  ASSERT_NE(*channel, nullptr);
  EXPECT_EQ(Write(*channel), grpc::StatusCode::OK);
  EXPECT_EQ(*peers.Get("ledger"), *channel) << "one channel per peer";
}

TEST_F(PeerChannelsTest, APeerWithoutAnAddressIsAnErrorNamingItsVariable) {
  std::string warning;
  auto options = MakePeerOptions(Flags("forecast.token"), *authorizer_, &warning);
  ASSERT_TRUE(options.ok()) << options.status();
  PeerChannels peers(*options);
  absl::StatusOr<std::shared_ptr<grpc::Channel>> unset = peers.Get("goals");
  EXPECT_EQ(unset.status().code(), absl::StatusCode::kFailedPrecondition) << unset.status();
  EXPECT_NE(unset.status().message().find("$GOALS_ADDR is not set"), std::string::npos)
      << unset.status();
  // An address, but a CA file that is not there: the error names the variable too.
  options->tls_ca = dir_.Sub("no-such-ca.pem");
  absl::StatusOr<std::shared_ptr<grpc::Channel>> broken = PeerChannels(*options).Get("ledger");
  EXPECT_FALSE(broken.ok());
  EXPECT_NE(broken.status().message().find("$LEDGER_ADDR="), std::string::npos) << broken.status();
}

TEST_F(PeerChannelsTest, WithoutATokenThePeerRefusesTheCall) {
  std::string warning;
  auto options = MakePeerOptions(Flags(""), *authorizer_, &warning);
  ASSERT_TRUE(options.ok()) << options.status();
  auto channel = PeerChannels(*options).Get("ledger");
  ASSERT_TRUE(channel.ok() && *channel != nullptr);
  EXPECT_EQ(Write(*channel), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(PeerChannelsTest, WarnsOfATokenThePeersDoNotKnow) {
  std::string warning;
  auto options = MakePeerOptions(Flags("stranger.token"), *authorizer_, &warning);
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_NE(warning.find("stranger.token"), std::string::npos) << warning;
  auto channel = PeerChannels(*options).Get("ledger");
  ASSERT_TRUE(channel.ok() && *channel != nullptr);
  EXPECT_EQ(Write(*channel), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(PeerChannelsTest, RefusesHalfAClientCertificateAndAMissingTokenFile) {
  std::string warning;
  ServerFlags half = Flags("forecast.token");
  half.peer_tls_key.clear();
  EXPECT_EQ(MakePeerOptions(half, *authorizer_, &warning).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MakePeerOptions(Flags("missing.token"), *authorizer_, &warning).status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace tertial::host
