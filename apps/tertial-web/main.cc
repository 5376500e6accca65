// tertial-web: the web app for people (controllers, goal owners, the board). A gRPC client
// of the services like the CLI with --server, serving pages and /api/v1 over HTTP(S).
//
//   tertial-web --server 127.0.0.1:50551 --tokens tokens.txt [--listen 127.0.0.1:8080]
//
// docs/web.md has the routes, the sign-in and what is not done yet.

#include <map>
#include <memory>
#include <string>

#include "absl/strings/ascii.h"
#include "service_table.h"
#include "shutdown_signals.h"
#include "tertial/base/strings.h"
#include "tertial/config/flags.h"
#include "tertial/grpcutil/channel.h"
#include "tertial/log/log.h"
#include "tertial/log/log_flags.h"
#include "web_server.h"

namespace tertial::web {
namespace {

int Run(int argc, char** argv) {
  std::string listen = "127.0.0.1:8080";
  std::string server;
  std::map<std::string, std::string, std::less<>> service_servers;
  std::string tokens;
  std::string tls_ca;
  bool secure_cookies = false;
  int64_t session_minutes = 8 * 60;
  grpcutil::HttpSettings http;
  log::LogFlags log_flags;
  config::FlagSet flags("tertial-web");
  flags.String("listen", &listen, "host:port for the pages and /api/v1 (0: any free port)",
               {.env = "TERTIAL_WEB_LISTEN"});
  flags.String("server", &server, "address of every service (a tertiald)",
               {.env = "TERTIAL_SERVER"});
  for (const host::ServiceRow& row : host::kServiceTable) {
    std::string name(row.name);
    flags.String(
        StrCat(name, "-server"), &service_servers[name],
        StrCat("address of the ", name, " service when deployed apart (overrides --server)"),
        {.env = StrCat("TERTIAL_WEB_", absl::AsciiStrToUpper(name), "_SERVER")});
  }
  flags.String("tokens", &tokens,
               "the services' bearer tokens file (sha256 subject role organisation per line): "
               "who may sign in",
               {.env = "TERTIAL_TOKENS", .required = true, .path = true});
  flags.String("tls-ca", &tls_ca, "PEM CA to trust: talk TLS to the services",
               {.env = "TERTIAL_TLS_CA", .path = true});
  flags.Bool("secure-cookies", &secure_cookies,
             "mark cookies Secure: browsers reach this through HTTPS (a TLS-terminating proxy "
             "or ingress); without it they are sent over plain HTTP too",
             {.env = "TERTIAL_WEB_SECURE_COOKIES"});
  flags.Int("session-minutes", &session_minutes, "how long a sign-in lasts (5-1440)",
            {.env = "TERTIAL_WEB_SESSION_MINUTES"});
  flags.Int("http-threads", &http.threads, "connections served at once (1-1024)",
            {.env = "TERTIAL_WEB_HTTP_THREADS"});
  flags.Int("http-timeout-ms", &http.request_timeout_ms,
            "longest a client may take to send a request or take an answer, in ms",
            {.env = "TERTIAL_WEB_HTTP_TIMEOUT_MS"});
  log::AddLogFlags(flags, &log_flags);
  auto args = flags.Parse(argc, argv);
  if (!args.ok()) return config::ExitAfterParseError(args.status());
  if (!args->empty()) {
    return config::ExitAfterParseError(
        absl::InvalidArgumentError(StrCat("tertial-web: unexpected argument ", (*args)[0])));
  }
  if (absl::Status s = log::ConfigureFromFlags(log_flags, "tertial-web"); !s.ok()) {
    return config::ExitAfterParseError(s);
  }
  if (session_minutes < 5 || session_minutes > 1440) {
    return config::ExitAfterParseError(absl::InvalidArgumentError(
        StrCat("--session-minutes: ", session_minutes, " is not between 5 and 1440")));
  }
  log::LogStarting(flags);
  host::ShutdownSignals signals;

  auto authorizer = grpcutil::Authorizer::FromFile(tokens);
  if (!authorizer.ok()) {
    log::Error("cannot read the tokens file", {{"error", authorizer.status()}});
    return 2;
  }
  std::map<std::string, std::shared_ptr<grpc::Channel>, std::less<>> channels;
  for (const host::ServiceRow& row : host::kServiceTable) {
    std::string address = service_servers[std::string(row.name)];
    if (address.empty()) address = server;
    if (address.empty()) {
      log::Error(StrCat("no address for the ", row.name, " service: give --server ADDR or --",
                        row.name, "-server ADDR"));
      return 2;
    }
    auto channel = grpcutil::MakeChannel(address, {.tls_ca_file = tls_ca});
    if (!channel.ok()) {
      log::Error("cannot make a channel", {{"service", row.name}, {"error", channel.status()}});
      return 2;
    }
    channels[std::string(row.name)] = *channel;
  }
  Backend backend(std::move(channels));
  WebApp app(&backend, *authorizer,
             {.secure_cookies = secure_cookies,
              .sessions = {.lifetime = std::chrono::minutes(session_minutes)}});
  auto web = WebServer::Start({.listen = listen, .http = http}, &app);
  if (!web.ok()) {
    log::Error("cannot serve", {{"error", web.status()}});
    return 1;
  }
  signals.Started();
  log::Info("serving", {{"port", (*web)->port()}, {"secure_cookies", secure_cookies}});
  int received = signals.Wait();
  log::Info("shutting down", {{"signal", received}});
  web->reset();
  log::Info("stopped");
  return 0;
}

}  // namespace
}  // namespace tertial::web

int main(int argc, char** argv) { return tertial::web::Run(argc, argv); }
