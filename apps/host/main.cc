#include "main.h"

#include <chrono>
#include <string>
#include <vector>

#include "log_factory.h"
#include "readiness.h"
#include "server_flags.h"
#include "service_table.h"
#include "shutdown_signals.h"
#include "tertial/base/strings.h"
#include "tertial/config/flags.h"
#include "tertial/grpcutil/server.h"
#include "tertial/log/log.h"
#include "tertial/log/log_flags.h"
#include "tertial/metrics/http_server.h"
#include "tertial/projection/read_wait.h"
#include "tertial/storage/storage_flags.h"

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
  auto fail = [](int code, std::string_view what, const absl::Status& status) {
    log::Error(what, {{"error", status}});
    return code;
  };
  bool hosts_reporting = false;
  bool hosts_ledger = false;
  std::vector<std::string> peers;  // the services not hosted here
  for (const ServiceRow& row : kServiceTable) {
    const std::string_view name = row.name;
    bool hosted = false;
    for (const ServiceSpec& spec : binary.services) hosted = hosted || spec.name == name;
    if (!hosted) peers.emplace_back(name);
    if (hosted && name == "reporting") hosts_reporting = true;
    if (hosted && name == "ledger") hosts_ledger = true;
  }
  std::string data_dir;
  std::string listen = binary.default_listen;
  std::string metrics_listen;
  std::string reporting_http;
  grpcutil::HttpSettings reporting_http_settings;
  int64_t max_import_bytes = 0;
  int64_t read_wait_ms = projection::DefaultReadWait().count();
  KafkaSettings kafka;
  ServerFlags server_flags;
  log::LogFlags log_flags;
  storage::StorageFlags storage_flags;
  config::FlagSet flags(binary.program);
  flags.String("data-dir", &data_dir,
               "where the event log (without --kafka) and each service's projections live",
               {.env = "TERTIAL_DATA_DIR", .required = true, .path = true});
  flags.String("listen", &listen, "gRPC address to listen on", {.env = "TERTIAL_LISTEN"});
  AddKafkaFlags(flags, &kafka);
  flags.String("metrics-listen", &metrics_listen,
               "host:port for Prometheus metrics on GET /metrics; empty: none",
               {.env = "TERTIAL_METRICS_LISTEN"});
  flags.Int("read-wait-ms", &read_wait_ms,
            "how long a query waits for its projection to catch up before it answers from what "
            "it holds, marked stale (x-tertial-behind); callers that send x-tertial-fresh: 1 get "
            "UNAVAILABLE instead",
            {.env = "TERTIAL_READ_WAIT_MS"});
  if (hosts_ledger) {
    flags.Int("max-import-bytes", &max_import_bytes,
              "largest file a ledger import accepts, in bytes; 0: 16 GiB",
              {.env = "TERTIAL_MAX_IMPORT_BYTES"});
  }
  if (hosts_reporting) {
    flags.String("reporting-http", &reporting_http,
                 "host:port for the report pages for people over HTTP; empty: none",
                 {.env = "TERTIAL_REPORTING_HTTP"});
    flags.Int("reporting-http-threads", &reporting_http_settings.threads,
              "connections the report pages serve at once (1-1024); an idle one holds its "
              "thread until --reporting-http-timeout-ms",
              {.env = "TERTIAL_REPORTING_HTTP_THREADS"});
    flags.Int("reporting-http-timeout-ms", &reporting_http_settings.request_timeout_ms,
              "longest a client of the report pages may take to send a request or take an "
              "answer, and may sit idle, in ms (100-3600000); then it is disconnected",
              {.env = "TERTIAL_REPORTING_HTTP_TIMEOUT_MS"});
    flags.EnvNote("TMPDIR", "directory for temporary files (the XLSX workbook)", "/tmp");
  }
  AddServerFlags(flags, &server_flags, peers);
  log::AddLogFlags(flags, &log_flags);
  storage::AddStorageFlags(flags, &storage_flags);
  auto args = flags.Parse(argc, argv);
  if (!args.ok()) return config::ExitAfterParseError(args.status());
  if (!args->empty()) {
    return config::ExitAfterParseError(absl::InvalidArgumentError(
        StrCat(binary.program, ": unexpected argument ", (*args)[0], " (flags only)")));
  }
  if (absl::Status s = log::ConfigureFromFlags(log_flags, binary.program); !s.ok()) {
    return config::ExitAfterParseError(s);
  }
  if (absl::Status s = storage::ApplyStorageFlags(storage_flags); !s.ok()) {
    return config::ExitAfterParseError(s);
  }
  if (absl::Status s = reporting_http_settings.Check(); !s.ok()) {
    return config::ExitAfterParseError(s);
  }
  if (read_wait_ms < 0 || read_wait_ms > 600'000) {
    return config::ExitAfterParseError(absl::InvalidArgumentError(
        StrCat("--read-wait-ms: ", read_wait_ms, " is not between 0 and 600000")));
  }
  projection::SetDefaultReadWait(std::chrono::milliseconds(read_wait_ms));
  log::LogStarting(flags);

  // Before any thread starts: they all inherit the blocked signals; a signal during the
  // start-up catch-up interrupts it.
  ShutdownSignals signals;

  std::string exposure_warning;
  if (absl::Status s = CheckExposure(listen, server_flags, &exposure_warning); !s.ok()) {
    return fail(2, "refusing to serve", s);
  }
  if (!exposure_warning.empty()) log::Warning(exposure_warning);
  absl::StatusOr<int> max_request_bytes = ApplyLimits(server_flags.limits);
  if (!max_request_bytes.ok()) return fail(2, "bad limits", max_request_bytes.status());
  auto authorizer = MakeAuthorizer(server_flags);
  if (!authorizer.ok()) return fail(2, "cannot read the tokens", authorizer.status());
  std::string peer_warning;
  auto peer_options = MakePeerOptions(server_flags, **authorizer, &peer_warning);
  if (!peer_options.ok()) return fail(2, "cannot set up calls to peers", peer_options.status());
  if (!peer_warning.empty()) log::Warning(peer_warning);

  auto host = Host::Open({.data_dir = data_dir,
                          .kafka = kafka,
                          .services = binary.services,
                          .authorizer = *authorizer,
                          .peers = *peer_options,
                          .reporting_http = reporting_http,
                          .reporting_http_settings = reporting_http_settings,
                          .max_import_bytes = max_import_bytes});
  if (!host.ok()) return fail(1, "cannot open the data", host.status());
  // Metrics first, so that a long catch-up (a replay after a lost volume) shows its lag;
  // the gRPC port opens only once every projection has caught up, so that health (and
  // every probe) says SERVING only for services that answer from current data.
  std::unique_ptr<metrics::HttpServer> metrics_server;
  if (!metrics_listen.empty()) {
    auto started = metrics::HttpServer::Start(metrics_listen, &metrics::Default());
    if (!started.ok()) return fail(1, "cannot serve metrics", started.status());
    metrics_server = std::move(*started);
    log::Info("metrics on GET /metrics", {{"port", metrics_server->port()}});
  }
  auto catch_up_started = std::chrono::steady_clock::now();
  log::Info("catching up with the log");
  absl::Status started = (*host)->Start();
  if (int received = signals.Started(); received != 0) {
    log::Info("signal while catching up, stopping", {{"signal", received}, {"catch_up", started}});
    (*host)->Stop();
    return 0;
  }
  if (!started.ok()) return fail(1, "cannot catch up with the log", started);
  log::Info("caught up", {{"duration_ms", MillisSince(catch_up_started)}});
  auto server = grpcutil::Server::Start({.listen = listen,
                                         .max_request_bytes = *max_request_bytes,
                                         .tls_cert_file = server_flags.tls_cert,
                                         .tls_key_file = server_flags.tls_key,
                                         .tls_client_ca_file = server_flags.tls_client_ca},
                                        (*host)->components());
  if (!server.ok()) return fail(1, "cannot serve gRPC", server.status());
  // Services hosted together call each other in-process, with the peer token when tokens
  // are on.
  (*host)->SetLocalChannel((*server)->InProcessChannel(peer_options->token));
  auto readiness =
      std::make_unique<Readiness>(server->get(), (*host)->components(), (*host)->hosted());
  log::Info("serving", {{"port", (*server)->port()}, {"data_dir", data_dir}});
  int received = signals.Wait();
  log::Info("shutting down", {{"signal", received}});
  readiness.reset();
  // Calls still running get half a second, then are cancelled. ShutdownSignals ends the
  // process if stopping takes too long all the same (a client waiting on absent brokers).
  (*server)->Shutdown(std::chrono::system_clock::now() + std::chrono::milliseconds(500));
  (*host)->Stop();
  log::Info("stopped");
  return 0;
}

}  // namespace tertial::host
