#ifndef TERTIAL_APPS_HOST_MAIN_H_
#define TERTIAL_APPS_HOST_MAIN_H_

// The one start-up path of every server binary: tertiald (all services in one process) and
// tertial-<svc> (one service deployed alone). Each binary's main() is one call to Main.
//
//   tertiald      --data-dir DIR [--listen 127.0.0.1:50551] [--kafka BOOTSTRAP] ...
//   tertial-<svc> --data-dir DIR [--listen 0.0.0.0:50051]   [--kafka BOOTSTRAP] ...
//
// Without --kafka the log is embedded in DIR/log; each service keeps its projections in
// DIR/<service>. In order: flags; SIGINT/SIGTERM blocked before any thread starts; the
// exposure check (no open port on the network without tokens); tokens; peers; the host
// (log and components); metrics; the catch-up (interrupted by a signal); the gRPC port,
// opened only once caught up; then serving until a signal.

#include <string>
#include <vector>

#include "host.h"

namespace tertial::host {

struct Binary {
  std::string program;         // "tertiald", "tertial-ledger": names its messages
  std::string default_listen;  // --listen when not given
  std::vector<ServiceSpec> services;
};

// A tertial-<svc> binary: `service` alone, listening on 0.0.0.0:50051 unless told.
Binary ServiceBinary(std::string service, absl::StatusOr<std::unique_ptr<grpcutil::Component>> (
                                              *factory)(const grpcutil::ComponentOptions&));

// Runs the server; returns the process's exit code: 0 after a signal (also one during the
// catch-up) or --help, 2 for a flag or setting that cannot work, 1 when start-up fails.
int Main(int argc, char** argv, const Binary& binary);

}  // namespace tertial::host

#endif  // TERTIAL_APPS_HOST_MAIN_H_
