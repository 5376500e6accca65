#include "tertial/grpcutil/server.h"

#include <grpc/grpc.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include <fstream>
#include <sstream>

#include "audit_interceptor.h"
#include "grpc_log.h"
#include "metrics_interceptor.h"
#include "tertial/base/strings.h"
#include "tertial/grpcutil/channel.h"
#include "unparsed_request_interceptor.h"

namespace tertial::grpcutil {
namespace {

absl::StatusOr<std::string> ReadPem(const std::string& path, std::string_view what) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(StrCat("cannot read ", what, " ", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentials(
    const ServerOptions& options) {
  if (options.tls_cert_file.empty() && options.tls_key_file.empty()) {
    if (!options.tls_client_ca_file.empty()) {
      return absl::InvalidArgumentError("a client CA (mTLS) needs a TLS certificate and key");
    }
    return grpc::InsecureServerCredentials();
  }
  if (options.tls_cert_file.empty() || options.tls_key_file.empty()) {
    return absl::InvalidArgumentError("TLS needs both a certificate and a key file");
  }
  absl::StatusOr<std::string> cert = ReadPem(options.tls_cert_file, "TLS certificate");
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key = ReadPem(options.tls_key_file, "TLS key");
  if (!key.ok()) return key.status();
  grpc::SslServerCredentialsOptions ssl;
  ssl.pem_key_cert_pairs.push_back({*key, *cert});
  if (!options.tls_client_ca_file.empty()) {
    absl::StatusOr<std::string> ca = ReadPem(options.tls_client_ca_file, "client CA");
    if (!ca.ok()) return ca.status();
    ssl.pem_root_certs = *ca;
    ssl.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(ssl);
}

}  // namespace

Server::Server(std::unique_ptr<grpc::Server> server, int port, std::vector<std::string> names)
    : server_(std::move(server)), port_(port), service_names_(std::move(names)) {}

Server::~Server() { Shutdown(); }

absl::StatusOr<std::unique_ptr<Server>> Server::Start(const ServerOptions& options,
                                                      const std::vector<Component*>& components) {
  RouteGrpcLog();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.SetMaxReceiveMessageSize(options.max_request_bytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  int port = 0;
  if (!options.listen.empty()) {
    absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
        ServerCredentials(options);
    if (!credentials.ok()) return credentials.status();
    builder.AddListeningPort(options.listen, *credentials, &port);
    // gRPC sets SO_REUSEPORT by default: a second daemon started on a port in use would
    // bind too and take part of the calls. A port in use must be an error instead.
    builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  }
  // Every call is counted and timed by method and status code
  // (tertial_grpc_server_handled_total, tertial_grpc_server_handling_seconds), and commands
  // and refused calls are written to the audit log.
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(MetricsInterceptorFactory());
  interceptors.push_back(AuditInterceptorFactory());
  interceptors.push_back(UnparsedRequestInterceptorFactory());
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  std::vector<std::string> names;
  for (Component* component : components) {
    for (grpc::Service* service : component->services()) builder.RegisterService(service);
    for (std::string_view name : component->service_names()) names.emplace_back(name);
  }
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || (!options.listen.empty() && port == 0)) {
    return absl::UnavailableError(tertial::StrCat("cannot listen on ", options.listen));
  }
  grpc::HealthCheckServiceInterface* health = server->GetHealthCheckService();
  if (health != nullptr) {
    health->SetServingStatus("", true);
    for (const std::string& name : names) health->SetServingStatus(name, true);
  }
  return std::unique_ptr<Server>(new Server(std::move(server), port, std::move(names)));
}

std::shared_ptr<grpc::Channel> Server::InProcessChannel(const std::string& bearer_token) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(-1);
  args.SetMaxSendMessageSize(-1);
  if (bearer_token.empty()) return server_->InProcessChannel(args);
  return server_->experimental().InProcessChannelWithInterceptors(
      args, BearerTokenInterceptors(bearer_token));
}

std::shared_ptr<grpc::Channel> Server::InProcessChannel(
    std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
        interceptors) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(-1);
  args.SetMaxSendMessageSize(-1);
  return server_->experimental().InProcessChannelWithInterceptors(args, std::move(interceptors));
}

void Server::SetServing(const std::string& service_name, bool serving) {
  if (server_ == nullptr) return;
  if (grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService()) {
    health->SetServingStatus(service_name, serving);
  }
}

void Server::Shutdown(std::chrono::system_clock::time_point deadline) {
  if (server_ == nullptr) return;
  if (grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService()) {
    health->Shutdown();
  }
  server_->Shutdown(deadline);
}

void Server::Wait() {
  if (server_ != nullptr) server_->Wait();
}

}  // namespace tertial::grpcutil
