#ifndef TERTIAL_APPS_TERTIAL_CLI_H_
#define TERTIAL_APPS_TERTIAL_CLI_H_

// The tertial command-line tool. Like sqlite3 beside psql: without a server address it
// hosts the services in-process on --data-dir; with one it talks gRPC to a running daemon
// or cluster. Either way every command goes through the same gRPC API.
//
// Routing: every command calls one service (ledger, forecast, goals, reporting) and asks
// the Connection for that service's channel. --server is the address of all four (tertiald);
// --ledger-server, --forecast-server, --goals-server and --reporting-server (or
// $TERTIAL_<SERVICE>_SERVER) give one service its own address when they are deployed apart.

#include <grpcpp/channel.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server_flags.h"
#include "tertial/config/flags.h"
#include "tertial/log/log_flags.h"
#include "tertial/storage/storage_flags.h"

namespace tertial::cli {

struct GlobalOptions {
  std::string server;  // host:port of every service (tertiald); empty: in-process
  // host:port of one service, overriding `server`: "ledger" -> "ledger.tertial:50051".
  // Holds the four names; an empty address falls back to `server`.
  std::map<std::string, std::string, std::less<>> service_servers;
  std::string data_dir;          // for in-process mode
  std::string format = "table";  // table | csv | json
  std::string token;             // bearer token for --server
  std::string tls_ca;            // PEM CA to trust for --server over TLS
  std::string tls_cert;          // client certificate (mTLS)
  std::string tls_key;
  std::string actor;  // who is acting; defaults to $USER
  // The in-process services' log: warnings and errors only, as text, unless asked; the
  // CLI's own output is for people and stays plain text whatever this says.
  log::LogFlags log{.level = "warning", .format = "text"};
  storage::StorageFlags storage;  // RocksDB memory of the in-process services
  host::LimitFlags limits;        // request and text limits of the in-process services
  // Ask for data confirmed current (x-tertial-fresh): UNAVAILABLE rather than an answer
  // from a projection that could not catch up in time.
  bool fresh = false;
  // What queries wait for (x-tertial-after, grpcutil/read_call.h): "" or "latest" (every
  // record committed before the query), "snapshot" (nothing), or a command's position token
  // (only that command's batches).
  std::string after;
  // Print the position token of every command that returns one, on stderr.
  bool print_position = false;
};

// Adds --server, --<service>-server, --data-dir, --format, --token, the TLS flags,
// --actor, --log-level, --log-format, --rocksdb-memory-mb, the limits of the in-process
// services (--max-request-bytes, --max-*-chars), --fresh, --after and --print-position to
// `flags`.
void AddGlobalFlags(config::FlagSet& flags, GlobalOptions* options);

// Whether `options` name any server address (remote mode) rather than in-process.
bool IsRemote(const GlobalOptions& options);

// A connection to the services: channels to their addresses, or an in-process host.
class Connection {
 public:
  // Remote when any address is given (every service then needs one, from its own flag or
  // --server, by the time a command asks for it); in-process on --data-dir otherwise.
  static absl::StatusOr<std::unique_ptr<Connection>> Open(const GlobalOptions& options);
  virtual ~Connection() = default;
  // The channel to `service` ("ledger", "forecast", "goals", "reporting"). INVALID_ARGUMENT
  // naming the flags when no address is known for it; services sharing an address share a
  // channel.
  virtual absl::StatusOr<std::shared_ptr<grpc::Channel>> channel(std::string_view service) = 0;
  // Where `service` answers, for people: "127.0.0.1:50051", "in-process on DIR".
  virtual std::string where(std::string_view service) const = 0;
  // The metadata every call sends (cli.cc, the one place it is made): the bearer token to
  // servers, x-tertial-fresh with --fresh, x-tertial-after with --after; and x-tertial-actor when
  // `send_actor` (a request without an actor field). Called for every call by Invoke (client.h).
  void Decorate(class grpc::ClientContext& context, bool send_actor) const;

 protected:
  explicit Connection(const GlobalOptions& options) : options_(options) {}
  const GlobalOptions& options() const { return options_; }

 private:
  GlobalOptions options_;
};

struct Command {
  std::string name;     // "import", "balances", "forecast adjust", ...
  std::string summary;  // one line for `tertial help`
  std::function<int(const std::vector<std::string>& args)> run;
};

// Every command; each area registers its own (commands_*.cc).
std::vector<Command> StatusCommands();
std::vector<Command> LogCommands();
std::vector<Command> LedgerCommands();
std::vector<Command> ForecastCommands();
std::vector<Command> GoalsCommands();
std::vector<Command> ReportingCommands();

// Prints "tertial: <message>" to stderr and returns the exit code for `status`.
int Fail(const absl::Status& status);

// The bytes of the file at `path` (an input a command sends); NOT_FOUND naming it.
absl::StatusOr<std::string> ReadFile(const std::string& path);

}  // namespace tertial::cli

#endif  // TERTIAL_APPS_TERTIAL_CLI_H_
