// tertial-healthcheck: asks a server's grpc.health.v1.Health whether it is SERVING; exit 0
// if so, 1 if not, 2 on bad flags. For Kubernetes exec probes where the gRPC port speaks
// TLS (the kubelet's own gRPC probe speaks plaintext only).
//
//   tertial-healthcheck [--addr 127.0.0.1:50051] [--tls-ca ca.crt [--tls-server-name ledger]]
//                       [--tls-cert client.crt --tls-key client.key] [--service NAME]

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

#include "grpc/health/v1/health.grpc.pb.h"
#include "tertial/config/flags.h"
#include "tertial/log/log.h"
#include "tertial/log/log_flags.h"

namespace {

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path);
  if (!in) return false;
  std::stringstream text;
  text << in.rdbuf();
  *out = text.str();
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::string addr = "127.0.0.1:50051";
  std::string tls_ca, tls_cert, tls_key, server_name, service;
  int64_t timeout_ms = 2000;
  tertial::config::FlagSet flags("tertial-healthcheck");
  flags.String("addr", &addr, "server to ask", {.env = "TERTIAL_HEALTHCHECK_ADDR"});
  flags.String("tls-ca", &tls_ca, "PEM CA to trust; empty: plaintext",
               {.env = "TERTIAL_HEALTHCHECK_TLS_CA", .path = true});
  flags.String("tls-server-name", &server_name, "name the server certificate is issued to",
               {.env = "TERTIAL_HEALTHCHECK_TLS_SERVER_NAME"});
  flags.String("tls-cert", &tls_cert, "client certificate (mTLS)",
               {.env = "TERTIAL_HEALTHCHECK_TLS_CERT", .path = true});
  flags.String("tls-key", &tls_key, "client key (mTLS)",
               {.env = "TERTIAL_HEALTHCHECK_TLS_KEY", .path = true});
  flags.String("service", &service, "service name to ask about; empty: the whole server");
  flags.Int("timeout-ms", &timeout_ms, "give up after this long");
  // A probe's output is read by people (kubectl describe pod): text by default.
  tertial::log::LogFlags log_flags{.level = "info", .format = "text"};
  tertial::log::AddLogFlags(flags, &log_flags);
  auto args = flags.Parse(argc, argv);
  if (!args.ok()) return tertial::config::ExitAfterParseError(args.status());
  if (absl::Status s = tertial::log::ConfigureFromFlags(log_flags, "tertial-healthcheck");
      !s.ok()) {
    return tertial::config::ExitAfterParseError(s);
  }
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  grpc::ChannelArguments channel_args;
  if (!tls_ca.empty()) {
    grpc::SslCredentialsOptions ssl;
    for (auto [path, target] :
         {std::pair{&tls_ca, &ssl.pem_root_certs}, std::pair{&tls_cert, &ssl.pem_cert_chain},
          std::pair{&tls_key, &ssl.pem_private_key}}) {
      if (!path->empty() && !ReadFile(*path, target)) {
        tertial::log::Error("cannot read a TLS file", {{"file", *path}});
        return 2;
      }
    }
    credentials = grpc::SslCredentials(ssl);
    if (!server_name.empty()) channel_args.SetSslTargetNameOverride(server_name);
  }
  auto channel = grpc::CreateCustomChannel(addr, credentials, channel_args);
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(timeout_ms));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok()) {
    tertial::log::Error("health check failed",
                        {{"addr", addr}, {"service", service}, {"error", status.error_message()}});
    return 1;
  }
  if (response.status() != grpc::health::v1::HealthCheckResponse::SERVING) {
    tertial::log::Error(
        "not serving",
        {{"addr", addr},
         {"service", service},
         {"status", grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status())}});
    return 1;
  }
  return 0;
}
