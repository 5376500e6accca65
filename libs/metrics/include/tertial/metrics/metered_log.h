#ifndef TERTIAL_METRICS_METERED_LOG_H_
#define TERTIAL_METRICS_METERED_LOG_H_

// An EventLog that counts what passes through it (appended events and batches, events
// read, per topic) and, at each scrape, reports every live projection runner's lag.

#include <memory>

#include "tertial/eventlog/event_log.h"
#include "tertial/metrics/registry.h"

namespace tertial::metrics {

std::unique_ptr<eventlog::EventLog> Metered(std::unique_ptr<eventlog::EventLog> log,
                                            Registry* registry = &Default());

// Adds, once per registry, the collector of tertial_projection_lag and its offsets from
// every projection::Runner alive at scrape time.
void CollectProjectionLag(Registry* registry = &Default());

}  // namespace tertial::metrics

#endif  // TERTIAL_METRICS_METERED_LOG_H_
