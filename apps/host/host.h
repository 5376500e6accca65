#ifndef TERTIAL_APPS_HOST_HOST_H_
#define TERTIAL_APPS_HOST_HOST_H_

// Wires services into a process: opens the event log (embedded in DATA_DIR/log, or Kafka)
// and the components asked for, each with its projections under DATA_DIR/<service>.
// tertiald, the tertial-<svc> binaries (both through main.h) and the CLI's in-process mode
// all use this, so the service code is the same whatever the deployment.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "admin_service.h"
#include "log_factory.h"
#include "peer_channels.h"
#include "tertial/eventlog/event_log.h"
#include "tertial/grpcutil/auth.h"
#include "tertial/grpcutil/component.h"

namespace grpc {
class Channel;
}

namespace tertial::host {

// A service a process can host: its name ("ledger", also its directory under DATA_DIR) and
// how to make its component.
struct ServiceSpec {
  std::string name;
  absl::StatusOr<std::unique_ptr<grpcutil::Component>> (*factory)(
      const grpcutil::ComponentOptions&) = nullptr;
};

struct HostOptions {
  std::string data_dir;
  // Kafka (bootstrap servers and client settings); no bootstrap: the embedded log in
  // data_dir/log.
  KafkaSettings kafka;
  // The services to host, in dependency order (all_services.h has every one).
  std::vector<ServiceSpec> services;
  // Who may do what; null: open (embedded single-user mode).
  std::shared_ptr<const grpcutil::Authorizer> authorizer;
  // How to reach services not hosted here ($<SERVICE>_ADDR).
  PeerOptions peers;
  // host:port for the reporting service's pages over HTTP (ComponentOptions::http_listen);
  // empty: none.
  std::string reporting_http;
  // Its threads and timeouts (ComponentOptions::http).
  grpcutil::HttpSettings reporting_http_settings;
  // The largest file a ledger import accepts (ComponentOptions::max_import_bytes); 0: the
  // ledger's default.
  int64_t max_import_bytes = 0;
};

class Host {
 public:
  static absl::StatusOr<std::unique_ptr<Host>> Open(const HostOptions& options);
  ~Host();

  eventlog::EventLog& log() { return *log_; }
  // The channel to the server hosting these components, once it runs; services hosted
  // here reach each other through it (with tokens on, it must carry the peer token:
  // grpcutil::Server::InProcessChannel(token)).
  void SetLocalChannel(std::shared_ptr<grpc::Channel> channel);
  // A channel to `service`: the local server if hosted here, else $<SERVICE>_ADDR
  // (HostOptions::peers). FAILED_PRECONDITION when neither (naming the variable),
  // UNAVAILABLE while the local server is not started yet, or the error making the channel.
  absl::StatusOr<std::shared_ptr<grpc::Channel>> PeerChannel(std::string_view service);
  // The hosted services' components, and last the operator's (admin_service.h).
  std::vector<grpcutil::Component*> components();
  // The hosted services (not the operator's), with their data directories.
  const std::vector<HostedService>& hosted() const { return hosted_; }
  // Starts every component (catch-up, then background followers), in order.
  absl::Status Start();
  void Stop();

 private:
  Host() = default;
  std::mutex mutex_;
  std::shared_ptr<grpc::Channel> local_channel_;
  std::unique_ptr<PeerChannels> remote_peers_;
  std::unique_ptr<eventlog::EventLog> log_;
  std::vector<std::unique_ptr<grpcutil::Component>> components_;
  std::vector<HostedService> hosted_;
};

}  // namespace tertial::host

#endif  // TERTIAL_APPS_HOST_HOST_H_
