#include "service_main.h"

#include <csignal>
#include <cstdio>
#include <filesystem>

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include "log_factory.h"
#include "tertial/base/strings.h"
#include "tertial/config/flags.h"
#include "tertial/grpcutil/channel.h"
#include "tertial/grpcutil/server.h"
#include "tertial/metrics/http_server.h"

namespace tertial::host {

void AddServerFlags(config::FlagSet& flags, ServerFlags* server) {
  flags.String("tls-cert", &server->tls_cert, "PEM certificate chain for TLS on the gRPC port",
               {.env = "TERTIAL_TLS_CERT"});
  flags.String("tls-key", &server->tls_key, "PEM private key for TLS", {.env = "TERTIAL_TLS_KEY"});
  flags.String("tls-client-ca", &server->tls_client_ca,
               "PEM CA that client certificates must chain to (mTLS)",
               {.env = "TERTIAL_TLS_CLIENT_CA"});
  flags.String("tokens", &server->tokens,
               "bearer tokens file (sha256 subject role organisation per line); empty: open",
               {.env = "TERTIAL_TOKENS"});
}

absl::StatusOr<std::shared_ptr<const grpcutil::Authorizer>> MakeAuthorizer(
    const ServerFlags& server) {
  if (server.tokens.empty()) return grpcutil::Authorizer::Open();
  return grpcutil::Authorizer::FromFile(server.tokens);
}

int ServiceMain(int argc, char** argv, std::string_view service, ComponentFactory factory) {
  std::string program = StrCat("tertial-", service);
  std::string data_dir;
  std::string listen = "0.0.0.0:50051";
  std::string kafka;
  config::FlagSet flags(program);
  flags.String("data-dir", &data_dir, "where this service's projections live",
               {.env = "TERTIAL_DATA_DIR", .required = true});
  flags.String("listen", &listen, "gRPC address to listen on", {.env = "TERTIAL_LISTEN"});
  flags.String("kafka", &kafka, "Kafka bootstrap servers; empty: embedded log in DATA_DIR/log",
               {.env = "TERTIAL_KAFKA"});
  std::string metrics_listen;
  flags.String("metrics-listen", &metrics_listen,
               "host:port for Prometheus metrics on GET /metrics; empty: none",
               {.env = "TERTIAL_METRICS_LISTEN"});
  ServerFlags server_flags;
  AddServerFlags(flags, &server_flags);
  auto args = flags.Parse(argc, argv);
  if (!args.ok()) {
    std::fprintf(stderr, "%s\n", std::string(args.status().message()).c_str());
    return args.status().code() == absl::StatusCode::kCancelled ? 0 : 2;
  }
  std::fprintf(stderr, "%s starting: %s\n", program.c_str(), flags.Describe().c_str());

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto authorizer = MakeAuthorizer(server_flags);
  if (!authorizer.ok()) {
    std::fprintf(stderr, "%s: %s\n", program.c_str(), authorizer.status().ToString().c_str());
    return 2;
  }
  std::error_code error;
  std::filesystem::create_directories(data_dir, error);
  auto log = OpenLog(data_dir, kafka);
  if (!log.ok()) {
    std::fprintf(stderr, "%s: %s\n", program.c_str(), log.status().ToString().c_str());
    return 1;
  }
  grpcutil::ComponentOptions options{
      .log = log->get(),
      .data_dir = StrCat(data_dir, "/", service),
      .peer = [](std::string_view peer) -> std::shared_ptr<grpc::Channel> {
        std::string variable;
        for (char c : peer) variable.push_back(static_cast<char>(std::toupper(c)));
        variable += "_ADDR";
        const char* address = std::getenv(variable.c_str());
        if (address == nullptr || *address == '\0') return nullptr;
        // Peers serve TLS when deployed with it: trust $TERTIAL_PEER_TLS_CA.
        const char* ca = std::getenv("TERTIAL_PEER_TLS_CA");
        if (ca != nullptr && *ca != '\0') {
          auto channel = grpcutil::MakeChannel(address, {.tls_ca_file = ca, .use_tls = true});
          if (!channel.ok()) {
            std::fprintf(stderr, "peer %s: %s\n", variable.c_str(),
                         channel.status().ToString().c_str());
            return nullptr;
          }
          return *channel;
        }
        return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
      },
      .authorizer = *authorizer};
  auto component = factory(options);
  if (!component.ok()) {
    std::fprintf(stderr, "%s: %s\n", program.c_str(), component.status().ToString().c_str());
    return 1;
  }
  if (absl::Status s = (*component)->Start(); !s.ok()) {
    std::fprintf(stderr, "%s: %s\n", program.c_str(), s.ToString().c_str());
    return 1;
  }
  auto server = grpcutil::Server::Start({.listen = listen,
                                         .tls_cert_file = server_flags.tls_cert,
                                         .tls_key_file = server_flags.tls_key,
                                         .tls_client_ca_file = server_flags.tls_client_ca},
                                        {component->get()});
  if (!server.ok()) {
    std::fprintf(stderr, "%s: %s\n", program.c_str(), server.status().ToString().c_str());
    return 1;
  }
  std::unique_ptr<metrics::HttpServer> metrics_server;
  if (!metrics_listen.empty()) {
    auto started = metrics::HttpServer::Start(metrics_listen, &metrics::Default());
    if (!started.ok()) {
      std::fprintf(stderr, "%s: %s\n", program.c_str(), started.status().ToString().c_str());
      return 1;
    }
    metrics_server = std::move(*started);
    std::fprintf(stderr, "%s metrics on port %d\n", program.c_str(), metrics_server->port());
  }
  std::fprintf(stderr, "%s serving on port %d\n", program.c_str(), (*server)->port());
  int received = 0;
  sigwait(&signals, &received);
  (*server)->Shutdown();
  (*component)->Stop();
  return 0;
}

}  // namespace tertial::host
