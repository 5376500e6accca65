#include "cli.h"

#include <cstdio>
#include <cstdlib>

#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include "../host/host.h"
#include "tertial/base/strings.h"
#include "tertial/grpcutil/channel.h"
#include "tertial/grpcutil/server.h"

namespace tertial::cli {
namespace {

class RemoteConnection final : public Connection {
 public:
  RemoteConnection(std::shared_ptr<grpc::Channel> channel, std::string token)
      : channel_(std::move(channel)), token_(std::move(token)) {}
  std::shared_ptr<grpc::Channel> channel() override { return channel_; }
  void Decorate(grpc::ClientContext& context) const override {
    if (!token_.empty()) context.AddMetadata("authorization", "Bearer " + token_);
  }

 private:
  std::shared_ptr<grpc::Channel> channel_;
  std::string token_;
};

// Hosts every service in this process, on --data-dir.
class InProcessConnection final : public Connection {
 public:
  static absl::StatusOr<std::unique_ptr<Connection>> Open(const std::string& data_dir) {
    auto connection = std::unique_ptr<InProcessConnection>(new InProcessConnection());
    auto host = host::Host::Open({.data_dir = data_dir});
    if (!host.ok()) return host.status();
    connection->host_ = std::move(*host);
    if (absl::Status s = connection->host_->Start(); !s.ok()) return s;
    auto server = grpcutil::Server::Start({}, connection->host_->components());
    if (!server.ok()) return server.status();
    connection->server_ = std::move(*server);
    connection->channel_ = connection->server_->InProcessChannel();
    connection->host_->SetLocalChannel(connection->channel_);
    return std::unique_ptr<Connection>(std::move(connection));
  }
  ~InProcessConnection() override {
    channel_.reset();
    if (server_) server_->Shutdown();
    server_.reset();
    if (host_) host_->Stop();
  }
  std::shared_ptr<grpc::Channel> channel() override { return channel_; }
  void Decorate(grpc::ClientContext&) const override {}

 private:
  InProcessConnection() = default;
  std::unique_ptr<host::Host> host_;
  std::unique_ptr<grpcutil::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace

void AddGlobalFlags(config::FlagSet& flags, GlobalOptions* options) {
  flags.String("server", &options->server,
               "address of a running tertiald or cluster; without it, services run in-process",
               {.env = "TERTIAL_SERVER"});
  flags.String("data-dir", &options->data_dir, "data directory for in-process mode",
               {.env = "TERTIAL_DATA_DIR"});
  flags.String("format", &options->format, "output: table, csv or json");
  flags.String("token", &options->token, "bearer token for --server",
               {.env = "TERTIAL_TOKEN", .secret = true});
  flags.String("tls-ca", &options->tls_ca, "PEM CA to trust: talk TLS to --server",
               {.env = "TERTIAL_TLS_CA"});
  flags.String("tls-cert", &options->tls_cert, "client certificate for mTLS",
               {.env = "TERTIAL_TLS_CLIENT_CERT"});
  flags.String("tls-key", &options->tls_key, "client key for mTLS",
               {.env = "TERTIAL_TLS_CLIENT_KEY"});
  const char* user = std::getenv("USER");
  options->actor = user != nullptr && *user ? user : "unknown";
  flags.String("actor", &options->actor, "who is acting (recorded on every event)",
               {.env = "TERTIAL_ACTOR"});
}

absl::StatusOr<std::unique_ptr<Connection>> Connection::Open(const GlobalOptions& options) {
  if (options.format != "table" && options.format != "csv" && options.format != "json") {
    return absl::InvalidArgumentError(
        tertial::StrCat("--format ", options.format, ": expected table, csv or json"));
  }
  if (!options.server.empty()) {
    auto channel = grpcutil::MakeChannel(options.server, {.tls_ca_file = options.tls_ca,
                                                          .tls_cert_file = options.tls_cert,
                                                          .tls_key_file = options.tls_key});
    if (!channel.ok()) return channel.status();
    return std::unique_ptr<Connection>(new RemoteConnection(*channel, options.token));
  }
  if (options.data_dir.empty()) {
    return absl::InvalidArgumentError(
        "give --server ADDR to talk to a running tertiald, or --data-dir DIR to run in-process");
  }
  return InProcessConnection::Open(options.data_dir);
}

int Fail(const absl::Status& status) {
  if (status.code() == absl::StatusCode::kCancelled) {  // --help
    std::fprintf(stdout, "%s", std::string(status.message()).c_str());
    return 0;
  }
  std::fprintf(stderr, "tertial: %s\n", std::string(status.message()).c_str());
  return status.code() == absl::StatusCode::kInvalidArgument ? 2 : 1;
}

}  // namespace tertial::cli
