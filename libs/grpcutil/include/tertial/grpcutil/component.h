#ifndef TERTIAL_GRPCUTIL_COMPONENT_H_
#define TERTIAL_GRPCUTIL_COMPONENT_H_

// How a service is wired into a process. Each service (ledger, forecast, goals, reporting)
// offers one Component: its gRPC services and the background work (projection followers)
// it runs. tertiald hosts all four in one process; tertial-<svc> hosts one; the CLI hosts
// all four in-process when it has no --server. The service code is the same in each.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace grpc {
class Channel;
class Service;
class Status;
}  // namespace grpc

namespace tertial::eventlog {
class EventLog;
}

namespace tertial::grpcutil {

class Authorizer;

// How a service's pages over HTTP (ComponentOptions::http_listen) stand up to slow and idle
// clients (docs/deploy.md "Limits"). civetweb gives each connection a thread from the
// start until it closes, so an idle connection holds a thread until the timeout.
struct HttpSettings {
  // Connections served at once (civetweb's num_threads); more wait in its queue.
  int64_t threads = 16;
  // The longest a client may take to send its request and to take the answer, and the
  // longest a connection may sit idle; then it is closed. Keep-alive is off.
  int64_t request_timeout_ms = 10'000;

  // INVALID_ARGUMENT naming the flag (--reporting-http-threads, ...-timeout-ms) and the
  // range for a value out of range.
  absl::Status Check() const;
};

// What every service's MakeComponent gets:
//   absl::StatusOr<std::unique_ptr<Component>> MakeComponent(const ComponentOptions&);
struct ComponentOptions {
  // The event log; outlives the component.
  eventlog::EventLog* log = nullptr;
  // This service's own directory (DATA_DIR/<service>) for its RocksDB projections.
  std::string data_dir;
  // A channel to another service by name ("forecast"), for the few calls one service makes
  // to another: the same process in tertiald, $<SERVICE>_ADDR when deployed apart; an error
  // saying why when there is none. May be empty when the deployment has no peers.
  std::function<absl::StatusOr<std::shared_ptr<grpc::Channel>>(std::string_view service)> peer;
  // Who may do what (auth.h); every handler checks it before touching an organisation's
  // data. Null means open (the embedded, single-user mode).
  std::shared_ptr<const Authorizer> authorizer;
  // Where a service with pages for people (reporting) serves them over HTTP, "host:port";
  // empty: none.
  std::string http_listen;
  HttpSettings http;
  // The largest file an import accepts, in bytes (the ledger's uploads); 0: the service's
  // default.
  int64_t max_import_bytes = 0;
};

class Component {
 public:
  virtual ~Component() = default;
  // "ledger", "forecast", "goals", "reporting".
  virtual std::string_view name() const = 0;
  // Fully qualified names of the gRPC services, for health checking.
  virtual std::vector<std::string_view> service_names() const = 0;
  // The gRPC services to register; owned by the component.
  virtual std::vector<grpc::Service*> services() = 0;
  // Catches the projections up and starts following the log in the background.
  virtual absl::Status Start() = 0;
  virtual void Stop() = 0;
};

}  // namespace tertial::grpcutil

#endif  // TERTIAL_GRPCUTIL_COMPONENT_H_
