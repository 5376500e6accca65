#include "main.h"

#include <chrono>
#include <cstdio>

#include "server_flags.h"
#include "shutdown_signals.h"
#include "tertial/base/strings.h"
#include "tertial/config/flags.h"
#include "tertial/grpcutil/server.h"
#include "tertial/metrics/http_server.h"

namespace tertial::host {
namespace {

long long MillisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start)
      .count();
}

}  // namespace

Binary ServiceBinary(std::string service, absl::StatusOr<std::unique_ptr<grpcutil::Component>> (
                                              *factory)(const grpcutil::ComponentOptions&)) {
  return {.program = StrCat("tertial-", service),
          .default_listen = "0.0.0.0:50051",
          .services = {{std::move(service), factory}}};
}

int Main(int argc, char** argv, const Binary& binary) {
  const char* program = binary.program.c_str();
  auto fail = [program](int code, const absl::Status& status) {
    std::fprintf(stderr, "%s: %s\n", program, status.ToString().c_str());
    return code;
  };
  std::string data_dir;
  std::string listen = binary.default_listen;
  std::string kafka;
  std::string metrics_listen;
  ServerFlags server_flags;
  config::FlagSet flags(binary.program);
  flags.String("data-dir", &data_dir,
               "where the event log (without --kafka) and each service's projections live",
               {.env = "TERTIAL_DATA_DIR", .required = true});
  flags.String("listen", &listen, "gRPC address to listen on", {.env = "TERTIAL_LISTEN"});
  flags.String("kafka", &kafka, "Kafka bootstrap servers; empty: embedded log in DATA_DIR/log",
               {.env = "TERTIAL_KAFKA"});
  flags.String("metrics-listen", &metrics_listen,
               "host:port for Prometheus metrics on GET /metrics; empty: none",
               {.env = "TERTIAL_METRICS_LISTEN"});
  AddServerFlags(flags, &server_flags);
  auto args = flags.Parse(argc, argv);
  if (!args.ok()) {
    std::fprintf(stderr, "%s\n", std::string(args.status().message()).c_str());
    return args.status().code() == absl::StatusCode::kCancelled ? 0 : 2;
  }
  std::fprintf(stderr, "%s starting: %s\n", program, flags.Describe().c_str());

  // Before any thread starts: they all inherit the blocked signals; a signal during the
  // start-up catch-up interrupts it.
  ShutdownSignals signals;

  std::string exposure_warning;
  if (absl::Status s = CheckExposure(listen, server_flags, &exposure_warning); !s.ok()) {
    std::fprintf(stderr, "%s: %s\n", program, std::string(s.message()).c_str());
    return 2;
  }
  if (!exposure_warning.empty()) {
    std::fprintf(stderr, "%s: warning: %s\n", program, exposure_warning.c_str());
  }
  auto authorizer = MakeAuthorizer(server_flags);
  if (!authorizer.ok()) return fail(2, authorizer.status());
  std::string peer_warning;
  auto peers = MakePeerOptions(server_flags, **authorizer, &peer_warning);
  if (!peers.ok()) return fail(2, peers.status());
  if (!peer_warning.empty())
    std::fprintf(stderr, "%s: warning: %s\n", program, peer_warning.c_str());

  auto host = Host::Open({.data_dir = data_dir,
                          .kafka_bootstrap = kafka,
                          .services = binary.services,
                          .authorizer = *authorizer,
                          .peers = *peers});
  if (!host.ok()) return fail(1, host.status());
  // Metrics first, so that a long catch-up (a replay after a lost volume) shows its lag;
  // the gRPC port opens only once every projection has caught up, so that health (and
  // every probe) says SERVING only for services that answer from current data.
  std::unique_ptr<metrics::HttpServer> metrics_server;
  if (!metrics_listen.empty()) {
    auto started = metrics::HttpServer::Start(metrics_listen, &metrics::Default());
    if (!started.ok()) return fail(1, started.status());
    metrics_server = std::move(*started);
    std::fprintf(stderr, "%s metrics on port %d\n", program, metrics_server->port());
  }
  auto catch_up_started = std::chrono::steady_clock::now();
  std::fprintf(stderr, "%s catching up with the log\n", program);
  absl::Status started = (*host)->Start();
  if (int received = signals.Started(); received != 0) {
    std::fprintf(stderr, "%s: signal %d while catching up, stopping (%s)\n", program, received,
                 started.ok() ? "caught up" : std::string(started.message()).c_str());
    (*host)->Stop();
    return 0;
  }
  if (!started.ok()) return fail(1, started);
  std::fprintf(stderr, "%s caught up in %lld ms\n", program, MillisSince(catch_up_started));
  auto server = grpcutil::Server::Start({.listen = listen,
                                         .tls_cert_file = server_flags.tls_cert,
                                         .tls_key_file = server_flags.tls_key,
                                         .tls_client_ca_file = server_flags.tls_client_ca},
                                        (*host)->components());
  if (!server.ok()) return fail(1, server.status());
  // Services hosted together call each other in-process, with the peer token when tokens
  // are on.
  (*host)->SetLocalChannel((*server)->InProcessChannel(peers->token));
  std::fprintf(stderr, "%s serving on port %d (data in %s)\n", program, (*server)->port(),
               data_dir.c_str());
  int received = signals.Wait();
  std::fprintf(stderr, "%s: signal %d, shutting down\n", program, received);
  (*server)->Shutdown();
  (*host)->Stop();
  return 0;
}

}  // namespace tertial::host
