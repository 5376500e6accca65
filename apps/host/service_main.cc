#include "service_main.h"

#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <filesystem>

#include "admin_service.h"
#include "log_factory.h"
#include "shutdown_signals.h"
#include "tertial/base/strings.h"
#include "tertial/base/text.h"
#include "tertial/config/flags.h"
#include "tertial/grpcutil/auth.h"
#include "tertial/grpcutil/channel.h"
#include "tertial/grpcutil/server.h"
#include "tertial/metrics/http_server.h"

namespace tertial::host {

void AddServerFlags(config::FlagSet& flags, ServerFlags* server) {
  flags.String("tls-cert", &server->tls_cert, "PEM certificate chain for TLS on the gRPC port",
               {.env = "TERTIAL_TLS_CERT", .path = true});
  flags.String("tls-key", &server->tls_key, "PEM private key for TLS",
               {.env = "TERTIAL_TLS_KEY", .path = true});
  flags.String("tls-client-ca", &server->tls_client_ca,
               "PEM CA that client certificates must chain to (mTLS)",
               {.env = "TERTIAL_TLS_CLIENT_CA", .path = true});
  flags.String("tokens", &server->tokens,
               "bearer tokens file (sha256 subject role organisation per line); empty: open",
               {.env = "TERTIAL_TOKENS", .path = true});
  flags.String("peer-tls-ca", &server->peer_tls_ca,
               "PEM CA to trust when calling peer services ($<SERVICE>_ADDR) over TLS; empty: "
               "plaintext",
               {.env = "TERTIAL_PEER_TLS_CA", .path = true});
  flags.String("peer-tls-cert", &server->peer_tls_cert,
               "client certificate for peers that require mTLS",
               {.env = "TERTIAL_PEER_TLS_CERT", .path = true});
  flags.String("peer-tls-key", &server->peer_tls_key, "its private key",
               {.env = "TERTIAL_PEER_TLS_KEY", .path = true});
  flags.String("peer-token-file", &server->peer_token_file,
               "file holding this service's bearer token for calls to peers (needed when they "
               "check tokens)",
               {.env = "TERTIAL_PEER_TOKEN_FILE", .path = true});
  flags.Int("max-request-bytes", &server->max_request_bytes,
            "largest gRPC request accepted (a goals file, an adjustments CSV, a narrative; "
            "ledger imports are streamed in chunks); default 16 MiB",
            {.env = "TERTIAL_MAX_REQUEST_BYTES"});
  for (auto [kind, target] : {std::pair{text::Kind::kLine, &server->max_line_chars},
                              std::pair{text::Kind::kParagraph, &server->max_paragraph_chars},
                              std::pair{text::Kind::kDocument, &server->max_document_chars}}) {
    flags.Int(std::string(text::Limits::FlagFor(kind)), target,
              StrCat("longest ", text::KindName(kind), " of text a command takes, in characters; "
                     "default ", text::Limits().For(kind)),
              {.env = std::string(text::Limits::EnvFor(kind))});
  }
  flags.Bool("insecure", &server->insecure,
             "serve a non-loopback --listen without --tokens: anyone who reaches the port may "
             "read and change every organisation's data",
             {.env = "TERTIAL_INSECURE"});
}

absl::StatusOr<int> ApplyLimits(const ServerFlags& server) {
  text::Limits limits;
  for (auto [kind, value] : {std::pair{text::Kind::kLine, server.max_line_chars},
                             std::pair{text::Kind::kParagraph, server.max_paragraph_chars},
                             std::pair{text::Kind::kDocument, server.max_document_chars}}) {
    if (value < 0) {
      return absl::InvalidArgumentError(
          StrCat("--", text::Limits::FlagFor(kind), ": expected a positive number of characters"));
    }
    if (value == 0) continue;
    (kind == text::Kind::kLine        ? limits.line_chars
     : kind == text::Kind::kParagraph ? limits.paragraph_chars
                                      : limits.document_chars) = value;
  }
  text::SetLimits(limits);
  constexpr int64_t kDefaultRequestBytes = 16 << 20;
  if (server.max_request_bytes < 0 || server.max_request_bytes > INT32_MAX) {
    return absl::InvalidArgumentError(
        StrCat("--max-request-bytes: expected a number of bytes up to ", INT32_MAX));
  }
  return static_cast<int>(server.max_request_bytes == 0 ? kDefaultRequestBytes
                                                        : server.max_request_bytes);
}

bool IsReachableFromOtherMachines(std::string_view listen) {
  if (listen.substr(0, 5) == "unix:") return false;
  std::string_view host = listen;
  if (!host.empty() && host.front() == '[') {
    size_t close = host.find(']');
    host = host.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1);
    return host != "::1";
  }
  if (size_t colon = host.rfind(':'); colon != std::string_view::npos) host = host.substr(0, colon);
  if (host == "localhost") return false;
  // 127.0.0.0/8: four dotted numbers starting with 127.
  if (host.substr(0, 4) == "127.") {
    int dots = 0;
    for (char c : host) {
      if (c == '.') {
        ++dots;
      } else if (c < '0' || c > '9') {
        return true;
      }
    }
    return dots != 3;
  }
  return true;
}

absl::Status CheckExposure(std::string_view listen, const ServerFlags& server,
                           std::string* warning) {
  if (!IsReachableFromOtherMachines(listen)) return absl::OkStatus();
  if (server.tokens.empty()) {
    if (!server.insecure) {
      return absl::InvalidArgumentError(
          StrCat("--listen ", listen,
                 " is reachable from other machines and no --tokens file is given, so anyone who "
                 "reaches the port could read and change every organisation's data. Give --tokens "
                 "FILE ($TERTIAL_TOKENS, with --tls-cert/--tls-key), listen on 127.0.0.1, or pass "
                 "--insecure ($TERTIAL_INSECURE=true) to serve it open anyway"));
    }
    *warning = StrCat("--insecure: serving ", listen,
                      " WITHOUT tokens; anyone who reaches the port may read and change every "
                      "organisation's data");
  } else if (server.tls_cert.empty()) {
    *warning = StrCat("tokens checked on ", listen,
                      " without TLS: they cross the network in clear text (give --tls-cert and "
                      "--tls-key)");
  }
  return absl::OkStatus();
}

absl::StatusOr<PeerOptions> MakePeerOptions(const ServerFlags& server,
                                            const grpcutil::Authorizer& authorizer,
                                            std::string* warning) {
  PeerOptions peers{.tls_ca = server.peer_tls_ca,
                    .tls_cert = server.peer_tls_cert,
                    .tls_key = server.peer_tls_key};
  if (peers.tls_cert.empty() != peers.tls_key.empty()) {
    return absl::InvalidArgumentError("--peer-tls-cert and --peer-tls-key go together");
  }
  if (!server.peer_token_file.empty()) {
    absl::StatusOr<std::string> token = grpcutil::ReadTokenFile(server.peer_token_file);
    if (!token.ok()) return token.status();
    peers.token = *std::move(token);
    if (!authorizer.open()) {
      absl::StatusOr<grpcutil::Principal> principal = authorizer.Authenticate(peers.token);
      if (!principal.ok()) {
        *warning = StrCat("the peer token in ", server.peer_token_file,
                          " is not in this server's tokens file; peers sharing that file will "
                          "refuse it");
      }
    }
  }
  return peers;
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
               {.env = "TERTIAL_DATA_DIR", .required = true, .path = true});
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

  // Before any thread starts: they all inherit the blocked signals.
  ShutdownSignals signals;

  std::string exposure_warning;
  if (absl::Status s = CheckExposure(listen, server_flags, &exposure_warning); !s.ok()) {
    std::fprintf(stderr, "%s: %s\n", program.c_str(), std::string(s.message()).c_str());
    return 2;
  }
  absl::StatusOr<int> max_request_bytes = ApplyLimits(server_flags);
  if (!max_request_bytes.ok()) {
    std::fprintf(stderr, "%s: %s\n", program.c_str(),
                 std::string(max_request_bytes.status().message()).c_str());
    return 2;
  }
  if (!exposure_warning.empty()) {
    std::fprintf(stderr, "%s: warning: %s\n", program.c_str(), exposure_warning.c_str());
  }
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
  std::string peer_warning;
  absl::StatusOr<PeerOptions> peer_options =
      MakePeerOptions(server_flags, **authorizer, &peer_warning);
  if (!peer_options.ok()) {
    std::fprintf(stderr, "%s: %s\n", program.c_str(), peer_options.status().ToString().c_str());
    return 2;
  }
  if (!peer_warning.empty())
    std::fprintf(stderr, "%s: warning: %s\n", program.c_str(), peer_warning.c_str());
  auto peers = std::make_shared<PeerChannels>(*std::move(peer_options));
  grpcutil::ComponentOptions options{
      .log = log->get(),
      .data_dir = StrCat(data_dir, "/", service),
      .peer = [peers, program](std::string_view peer) -> std::shared_ptr<grpc::Channel> {
        absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = peers->Get(peer);
        if (!channel.ok()) {
          std::fprintf(stderr, "%s: %s\n", program.c_str(), channel.status().ToString().c_str());
          return nullptr;
        }
        return *channel;
      },
      .authorizer = *authorizer};
  // Metrics first: a catch-up after a lost volume may take long, and its lag should show.
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
  auto component = factory(options);
  if (!component.ok()) {
    std::fprintf(stderr, "%s: %s\n", program.c_str(), component.status().ToString().c_str());
    return 1;
  }
  // The gRPC port opens only once the projections have caught up with the log, so that
  // health (and every probe) says SERVING only for a service that answers from current data.
  auto catch_up_started = std::chrono::steady_clock::now();
  std::fprintf(stderr, "%s catching up with the log\n", program.c_str());
  absl::Status started = (*component)->Start();
  if (int received = signals.Started(); received != 0) {
    std::fprintf(stderr, "%s: signal %d while catching up, stopping (%s)\n", program.c_str(),
                 received, started.ok() ? "caught up" : std::string(started.message()).c_str());
    (*component)->Stop();
    return 0;
  }
  if (!started.ok()) {
    std::fprintf(stderr, "%s: %s\n", program.c_str(), started.ToString().c_str());
    return 1;
  }
  std::fprintf(stderr, "%s caught up in %lld ms\n", program.c_str(),
               static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::steady_clock::now() - catch_up_started)
                                          .count()));
  std::unique_ptr<grpcutil::Component> admin =
      MakeAdminComponent(log->get(), {{std::string(service), options.data_dir}}, *authorizer);
  auto server = grpcutil::Server::Start({.listen = listen,
                                         .max_request_bytes = *max_request_bytes,
                                         .tls_cert_file = server_flags.tls_cert,
                                         .tls_key_file = server_flags.tls_key,
                                         .tls_client_ca_file = server_flags.tls_client_ca},
                                        {component->get(), admin.get()});
  if (!server.ok()) {
    std::fprintf(stderr, "%s: %s\n", program.c_str(), server.status().ToString().c_str());
    return 1;
  }
  std::fprintf(stderr, "%s serving on port %d\n", program.c_str(), (*server)->port());
  signals.Wait();
  (*server)->Shutdown();
  (*component)->Stop();
  return 0;
}

}  // namespace tertial::host
