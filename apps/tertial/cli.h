#ifndef TERTIAL_APPS_TERTIAL_CLI_H_
#define TERTIAL_APPS_TERTIAL_CLI_H_

// The tertial command-line tool. Like sqlite3 beside psql: without --server it hosts the
// services in-process on --data-dir; with --server it talks gRPC to a running daemon or
// cluster. Either way every command goes through the same gRPC API.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/channel.h>

#include "absl/status/statusor.h"
#include "tertial/config/flags.h"

namespace tertial::cli {

struct GlobalOptions {
  std::string server;    // host:port of a running tertiald/cluster; empty: in-process
  std::string data_dir;  // for in-process mode
  std::string format = "table";  // table | csv | json
  std::string token;     // bearer token for --server
  std::string tls_ca;    // PEM CA to trust for --server over TLS
  std::string tls_cert;  // client certificate (mTLS)
  std::string tls_key;
  std::string actor;     // who is acting; defaults to $USER
};

// Adds --server, --data-dir, --format, --token, --actor to `flags`.
void AddGlobalFlags(config::FlagSet& flags, GlobalOptions* options);

// A connection to the services: a channel to --server, or an in-process host.
class Connection {
 public:
  static absl::StatusOr<std::unique_ptr<Connection>> Open(const GlobalOptions& options);
  virtual ~Connection() = default;
  virtual std::shared_ptr<grpc::Channel> channel() = 0;
  // Metadata to add to every call (the bearer token).
  virtual void Decorate(class grpc::ClientContext& context) const = 0;
};

struct Command {
  std::string name;     // "import", "balances", "forecast adjust", ...
  std::string summary;  // one line for `tertial help`
  std::function<int(const std::vector<std::string>& args)> run;
};

// Every command; each area registers its own (commands_*.cc).
std::vector<Command> StatusCommands();
std::vector<Command> LedgerCommands();
std::vector<Command> ForecastCommands();
std::vector<Command> GoalsCommands();
std::vector<Command> ReportingCommands();

// Prints "tertial: <message>" to stderr and returns the exit code for `status`.
int Fail(const absl::Status& status);

}  // namespace tertial::cli

#endif  // TERTIAL_APPS_TERTIAL_CLI_H_
