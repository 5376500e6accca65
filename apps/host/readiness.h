#ifndef TERTIAL_APPS_HOST_READINESS_H_
#define TERTIAL_APPS_HOST_READINESS_H_

// Readiness of the services a server hosts, in grpc.health.v1: a service's own name (e.g.
// "tertial.ledger.v1.LedgerService") is NOT_SERVING while one of its projections cannot
// reach the log or is stopped at a record that cannot be applied, and SERVING again once
// it can; the server-wide name "" stays SERVING while the process serves (liveness), so
// that Kubernetes takes the pod out of its Service without restarting it. Judged every
// 250 ms from what the runners last learnt (Runner::log_error, last_error): never a call
// on the log.

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "admin_service.h"
#include "tertial/grpcutil/component.h"
#include "tertial/grpcutil/server.h"

namespace tertial::host {

// Why `service` is not ready (its projections' state), or OK.
absl::Status ServiceReadiness(const HostedService& service);

class Readiness {
 public:
  // `server` and the components outlive this. `components` in the order of `hosted`
  // (Host::components() then Host::hosted()).
  Readiness(grpcutil::Server* server, const std::vector<grpcutil::Component*>& components,
            const std::vector<HostedService>& hosted);
  ~Readiness();
  Readiness(const Readiness&) = delete;
  Readiness& operator=(const Readiness&) = delete;

 private:
  struct Watched {
    HostedService service;
    std::vector<std::string> health_names;
    bool serving = true;
  };
  void Loop();

  grpcutil::Server* server_;
  std::vector<Watched> watched_;
  std::mutex mutex_;
  std::condition_variable stop_cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace tertial::host

#endif  // TERTIAL_APPS_HOST_READINESS_H_
