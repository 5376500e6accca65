// tertiald: all four services in one process, on the embedded event log or on Kafka.
//
//   tertiald --data-dir DIR [--listen 127.0.0.1:50551] [--kafka BOOTSTRAP]
//            [--metrics-listen 0.0.0.0:9464]

#include <csignal>
#include <cstdio>

#include "../host/host.h"
#include "../host/service_main.h"
#include "../host/shutdown_signals.h"
#include "tertial/config/flags.h"
#include "tertial/grpcutil/server.h"
#include "tertial/metrics/http_server.h"

int main(int argc, char** argv) {
  std::string data_dir;
  std::string listen = "127.0.0.1:50551";
  std::string kafka;
  tertial::config::FlagSet flags("tertiald");
  flags.String("data-dir", &data_dir, "where the event log and projections live",
               {.env = "TERTIAL_DATA_DIR", .required = true, .path = true});
  flags.String("listen", &listen, "gRPC address to listen on", {.env = "TERTIAL_LISTEN"});
  flags.String("kafka", &kafka, "Kafka bootstrap servers; empty: embedded log",
               {.env = "TERTIAL_KAFKA"});
  std::string metrics_listen;
  flags.String("metrics-listen", &metrics_listen,
               "host:port for Prometheus metrics on GET /metrics; empty: none",
               {.env = "TERTIAL_METRICS_LISTEN"});
  tertial::host::ServerFlags server_flags;
  tertial::host::AddServerFlags(flags, &server_flags);
  auto args = flags.Parse(argc, argv);
  if (!args.ok()) {
    std::fprintf(stderr, "%s\n", std::string(args.status().message()).c_str());
    return args.status().code() == absl::StatusCode::kCancelled ? 0 : 2;
  }
  std::string exposure_warning;
  if (absl::Status s = tertial::host::CheckExposure(listen, server_flags, &exposure_warning);
      !s.ok()) {
    std::fprintf(stderr, "tertiald: %s\n", std::string(s.message()).c_str());
    return 2;
  }
  if (!exposure_warning.empty()) {
    std::fprintf(stderr, "tertiald: warning: %s\n", exposure_warning.c_str());
  }
  absl::StatusOr<int> max_request_bytes = tertial::host::ApplyLimits(server_flags);
  if (!max_request_bytes.ok()) {
    std::fprintf(stderr, "tertiald: %s\n",
                 std::string(max_request_bytes.status().message()).c_str());
    return 2;
  }
  auto authorizer = tertial::host::MakeAuthorizer(server_flags);
  if (!authorizer.ok()) {
    std::fprintf(stderr, "tertiald: %s\n", authorizer.status().ToString().c_str());
    return 2;
  }
  std::fprintf(stderr, "tertiald starting: %s\n", flags.Describe().c_str());
  std::string peer_warning;
  auto peers = tertial::host::MakePeerOptions(server_flags, **authorizer, &peer_warning);
  if (!peers.ok()) {
    std::fprintf(stderr, "tertiald: %s\n", peers.status().ToString().c_str());
    return 2;
  }
  if (!peer_warning.empty()) std::fprintf(stderr, "tertiald: warning: %s\n", peer_warning.c_str());

  // Before any thread starts: they all inherit the blocked signals; SIGTERM during the
  // start-up catch-up interrupts it.
  tertial::host::ShutdownSignals signals;

  auto host = tertial::host::Host::Open(
      {.data_dir = data_dir, .kafka_bootstrap = kafka, .authorizer = *authorizer, .peers = *peers});
  if (!host.ok()) {
    std::fprintf(stderr, "tertiald: %s\n", host.status().ToString().c_str());
    return 1;
  }
  // Metrics first, so that a long catch-up (a replay after a lost volume) shows its lag;
  // the gRPC port opens only once every projection has caught up.
  std::unique_ptr<tertial::metrics::HttpServer> metrics_server;
  if (!metrics_listen.empty()) {
    auto started =
        tertial::metrics::HttpServer::Start(metrics_listen, &tertial::metrics::Default());
    if (!started.ok()) {
      std::fprintf(stderr, "tertiald: %s\n", started.status().ToString().c_str());
      return 1;
    }
    metrics_server = std::move(*started);
    std::fprintf(stderr, "tertiald metrics on port %d\n", metrics_server->port());
  }
  absl::Status started = (*host)->Start();
  if (int received = signals.Started(); received != 0) {
    std::fprintf(stderr, "tertiald: signal %d while catching up, stopping (%s)\n", received,
                 started.ok() ? "caught up" : std::string(started.message()).c_str());
    (*host)->Stop();
    return 0;
  }
  if (!started.ok()) {
    std::fprintf(stderr, "tertiald: %s\n", started.ToString().c_str());
    return 1;
  }
  auto server = tertial::grpcutil::Server::Start({.listen = listen,
                                                  .max_request_bytes = *max_request_bytes,
                                                  .tls_cert_file = server_flags.tls_cert,
                                                  .tls_key_file = server_flags.tls_key,
                                                  .tls_client_ca_file = server_flags.tls_client_ca},
                                                 (*host)->components());
  if (!server.ok()) {
    std::fprintf(stderr, "tertiald: %s\n", server.status().ToString().c_str());
    return 1;
  }
  // The services call each other in-process, with the peer token when tokens are on.
  (*host)->SetLocalChannel((*server)->InProcessChannel(peers->token));
  std::fprintf(stderr, "tertiald serving on port %d (data in %s)\n", (*server)->port(),
               data_dir.c_str());
  int received = signals.Wait();
  std::fprintf(stderr, "tertiald: signal %d, shutting down\n", received);
  (*server)->Shutdown();
  (*host)->Stop();
  return 0;
}
