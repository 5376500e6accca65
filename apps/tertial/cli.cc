#include "cli.h"

#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <pwd.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "../host/all_services.h"
#include "../host/in_process.h"
#include "../host/service_table.h"
#include "absl/strings/numbers.h"
#include "tertial/base/strings.h"
#include "tertial/base/text.h"
#include "tertial/base/utf8.h"
#include "tertial/grpcutil/channel.h"
#include "tertial/grpcutil/read_call.h"
#include "tertial/grpcutil/server.h"

namespace tertial::cli {
namespace {

// $TERTIAL_LEDGER_SERVER for "ledger".
std::string EnvName(std::string_view service) {
  std::string name = "TERTIAL_";
  for (char c : service)
    name.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return name + "_SERVER";
}

// With --print-position: prints a command's position token (trailer x-tertial-position) on
// stderr, for a later query's --after.
grpcutil::TrailerWatch PositionPrinter(const GlobalOptions& options) {
  if (!options.print_position) return nullptr;
  return [](const std::multimap<grpc::string_ref, grpc::string_ref>& trailers) {
    auto it = trailers.find(std::string(grpcutil::kPositionTrailer));
    if (it == trailers.end()) return;
    std::fprintf(stderr, "tertial: position: %s\n",
                 std::string(it->second.data(), it->second.size()).c_str());
  };
}

// Channels to the services' addresses, one per distinct address, made when first asked.
class RemoteConnection final : public Connection {
 public:
  explicit RemoteConnection(const GlobalOptions& options) : Connection(options) {}

  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel(std::string_view service) override {
    std::string address = where(service);
    if (address.empty()) {
      return absl::InvalidArgumentError(StrCat("no address for the ", service, " service: give --",
                                               service, "-server ADDR (or $", EnvName(service),
                                               "), or --server ADDR for all services"));
    }
    auto it = channels_.find(address);
    if (it != channels_.end()) return it->second;
    auto made = grpcutil::MakeChannel(address, {.tls_ca_file = options().tls_ca,
                                                .tls_cert_file = options().tls_cert,
                                                .tls_key_file = options().tls_key,
                                                .on_trailers = PositionPrinter(options())});
    if (!made.ok()) return made.status();
    channels_[address] = *made;
    return *made;
  }

  std::string where(std::string_view service) const override {
    auto it = options().service_servers.find(service);
    if (it != options().service_servers.end() && !it->second.empty()) return it->second;
    return options().server;
  }

 private:
  std::map<std::string, std::shared_ptr<grpc::Channel>> channels_;
};

// Hosts every service in this process, on --data-dir.
class InProcessConnection final : public Connection {
 public:
  static absl::StatusOr<std::unique_ptr<Connection>> Open(const GlobalOptions& options) {
    // The same limits as a server's, from the same flags and variables.
    absl::StatusOr<int> max_request_bytes = host::ApplyLimits(options.limits);
    if (!max_request_bytes.ok()) return max_request_bytes.status();
    grpcutil::ServerOptions server_options;
    server_options.max_request_bytes = *max_request_bytes;
    auto in_process = host::InProcess::Start(
        {.data_dir = options.data_dir, .services = host::AllServiceSpecs()}, server_options);
    if (!in_process.ok()) {
      if (absl::IsFailedPrecondition(in_process.status()) &&
          in_process.status().message().find("the data directory") == 0) {
        return absl::FailedPreconditionError(StrCat(
            in_process.status().message(), " (is tertiald running on it? use --server ADDR)"));
      }
      return in_process.status();
    }
    auto connection = std::unique_ptr<InProcessConnection>(new InProcessConnection(options));
    connection->in_process_ = std::move(*in_process);
    if (grpcutil::TrailerWatch watch = PositionPrinter(options)) {
      connection->channel_ =
          connection->in_process_->ChannelWith(grpcutil::TrailerInterceptors(std::move(watch)));
    } else {
      connection->channel_ = connection->in_process_->channel();
    }
    return std::unique_ptr<Connection>(std::move(connection));
  }
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel(std::string_view) override {
    return channel_;
  }
  std::string where(std::string_view) const override { return StrCat("in-process on ", data_dir_); }

 private:
  explicit InProcessConnection(const GlobalOptions& options)
      : Connection(options), data_dir_(options.data_dir) {}
  std::string data_dir_;
  std::unique_ptr<host::InProcess> in_process_;
  std::shared_ptr<grpc::Channel> channel_;  // destroyed before the services it reaches
};

// Who acts when --actor is not given: $USER, $LOGNAME (cron and some containers set only
// it), the name of the effective user, and failing all, its number ("uid 1000"): an event's
// actor says who it was as well as the machine can, never "unknown".
std::string DefaultActor() {
  for (const char* value : {std::getenv("USER"), std::getenv("LOGNAME")}) {
    if (value != nullptr && *value != '\0' && IsValidUtf8(value)) return value;
  }
  const uid_t uid = geteuid();
  passwd entry;
  passwd* found = nullptr;
  std::vector<char> buffer(16384);
  if (getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) == 0 && found != nullptr &&
      found->pw_name != nullptr && *found->pw_name != '\0' && IsValidUtf8(found->pw_name)) {
    return found->pw_name;
  }
  return StrCat("uid ", uid);
}

}  // namespace

void AddGlobalFlags(config::FlagSet& flags, GlobalOptions* options) {
  flags.String("server", &options->server,
               "address of every service (a tertiald); without any address, services run "
               "in-process",
               {.env = "TERTIAL_SERVER"});
  for (const host::ServiceRow& row : host::kServiceTable) {
    const std::string_view service = row.name;
    flags.String(
        StrCat(service, "-server"), &options->service_servers[std::string(service)],
        StrCat("address of the ", service, " service when deployed apart (overrides --server)"),
        {.env = EnvName(service)});
  }
  flags.String("data-dir", &options->data_dir, "data directory for in-process mode",
               {.env = "TERTIAL_DATA_DIR", .path = true});
  flags.String("format", &options->format, "output: table, csv or json");
  flags.String("token", &options->token, "bearer token sent to the servers",
               {.env = "TERTIAL_TOKEN", .secret = true});
  flags.String("tls-ca", &options->tls_ca, "PEM CA to trust: talk TLS to the servers",
               {.env = "TERTIAL_TLS_CA", .path = true});
  flags.String("tls-cert", &options->tls_cert, "client certificate for mTLS",
               {.env = "TERTIAL_TLS_CLIENT_CERT", .path = true});
  flags.String("tls-key", &options->tls_key, "client key for mTLS",
               {.env = "TERTIAL_TLS_CLIENT_KEY", .path = true});
  options->actor = DefaultActor();
  flags.String("actor", &options->actor, "who is acting (recorded on every event)",
               {.env = "TERTIAL_ACTOR", .default_text = "$USER, $LOGNAME or the user's name"});
  log::AddLogFlags(flags, &options->log);
  storage::AddStorageFlags(flags, &options->storage);
  host::AddLimitFlags(flags, &options->limits);
  flags.Bool("fresh", &options->fresh,
             "refuse answers from projections that could not catch up with the log in time "
             "(UNAVAILABLE) instead of printing them with a warning",
             {.env = "TERTIAL_FRESH"});
  flags.String("after", &options->after,
               "what queries wait for: 'latest' (every record committed before the query; the "
               "default), 'snapshot' (nothing: what the services hold, x-tertial-behind says "
               "how far behind), or a command's position token (--print-position) to see that "
               "command's effect without waiting for other imports",
               {.env = "TERTIAL_AFTER", .default_text = "latest"});
  flags.Bool("print-position", &options->print_position,
             "print each command's position token on stderr ('tertial: position: TOKEN'), to "
             "pass to a later query's --after",
             {.env = "TERTIAL_PRINT_POSITION"});
}

bool IsRemote(const GlobalOptions& options) {
  if (!options.server.empty()) return true;
  for (const auto& [service, address] : options.service_servers) {
    if (!address.empty()) return true;
  }
  return false;
}

absl::StatusOr<std::unique_ptr<Connection>> Connection::Open(const GlobalOptions& options) {
  if (options.format != "table" && options.format != "csv" && options.format != "json") {
    return absl::InvalidArgumentError(
        tertial::StrCat("--format ", options.format, ": expected table, csv or json"));
  }
  if (absl::Status s = log::ConfigureFromFlags(options.log, "tertial"); !s.ok()) return s;
  if (absl::Status s = storage::ApplyStorageFlags(options.storage); !s.ok()) return s;
  if (!options.after.empty()) {
    projection::ReadWait wait;
    if (absl::Status s = grpcutil::ReadCall::ParseAfter(options.after, &wait); !s.ok()) {
      return absl::InvalidArgumentError(StrCat("--after (or $TERTIAL_AFTER): ", s.message()));
    }
  }
  if (IsRemote(options)) {
    if (options.tls_cert.empty() != options.tls_key.empty()) {
      return absl::InvalidArgumentError("--tls-cert and --tls-key go together (mTLS)");
    }
    return std::unique_ptr<Connection>(new RemoteConnection(options));
  }
  if (options.data_dir.empty()) {
    return absl::InvalidArgumentError(
        "give --server ADDR (or --<service>-server ADDR per service) to talk to running "
        "services, or --data-dir DIR to run them in-process");
  }
  return InProcessConnection::Open(options);
}

void Connection::Decorate(grpc::ClientContext& context, bool send_actor) const {
  // The in-process services are this process's own: no token to show them.
  if (IsRemote(options_) && !options_.token.empty()) {
    context.AddMetadata("authorization", "Bearer " + options_.token);
  }
  if (options_.fresh) context.AddMetadata(std::string(grpcutil::kFreshHeader), "1");
  if (!options_.after.empty()) {
    context.AddMetadata(std::string(grpcutil::kAfterHeader), options_.after);
  }
  if (send_actor) context.AddMetadata("x-tertial-actor", options_.actor);
}

int Fail(const absl::Status& status) {
  if (status.code() == absl::StatusCode::kCancelled) {  // --help
    std::fprintf(stdout, "%s", std::string(status.message()).c_str());
    return 0;
  }
  std::string message(status.message());
  // gRPC's own words for a request over the server's limit: say which limit it is.
  if (status.code() == absl::StatusCode::kResourceExhausted &&
      message.find("Received message larger than max") != std::string::npos) {
    StrAppend(&message,
              " bytes: the request is larger than the server accepts (its --max-request-bytes, "
              "TERTIAL_MAX_REQUEST_BYTES; docs/deploy.md, Limits)");
  }
  std::fprintf(stderr, "tertial: %s\n", message.c_str());
  return status.code() == absl::StatusCode::kInvalidArgument ? 2 : 1;
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(StrCat("cannot read ", path));
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace tertial::cli
