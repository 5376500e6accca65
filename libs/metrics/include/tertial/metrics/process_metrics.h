#ifndef TERTIAL_METRICS_PROCESS_METRICS_H_
#define TERTIAL_METRICS_PROCESS_METRICS_H_

// The process as Prometheus' client libraries name it (so that stock dashboards work),
// read from /proc at each scrape, and tertial_build_info:
//   process_cpu_seconds_total        user + system CPU of every thread
//   process_resident_memory_bytes    RSS
//   process_virtual_memory_bytes
//   process_open_fds, process_max_fds
//   process_start_time_seconds       since the Unix epoch
//   process_threads
//   tertial_build_info{version,git_commit} 1

#include <optional>

#include "tertial/metrics/registry.h"

namespace tertial::metrics {

// Defines the families and adds their collector, once per registry (Default() has them).
void CollectProcess(Registry* registry);

struct ProcessSample {
  double cpu_seconds = 0;
  double resident_bytes = 0;
  double virtual_bytes = 0;
  double open_fds = 0;
  double max_fds = 0;
  double start_time_seconds = 0;
  double threads = 0;
};
// This process now; nullopt where /proc cannot be read.
std::optional<ProcessSample> SampleProcess();

}  // namespace tertial::metrics

#endif  // TERTIAL_METRICS_PROCESS_METRICS_H_
