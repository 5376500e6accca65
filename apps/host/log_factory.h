#ifndef TERTIAL_APPS_HOST_LOG_FACTORY_H_
#define TERTIAL_APPS_HOST_LOG_FACTORY_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "tertial/eventlog/event_log.h"

namespace tertial::host {

// The embedded log in data_dir/log, or the Kafka log when kafka_bootstrap is given.
absl::StatusOr<std::unique_ptr<eventlog::EventLog>> OpenLog(const std::string& data_dir,
                                                            const std::string& kafka_bootstrap);

}  // namespace tertial::host

#endif  // TERTIAL_APPS_HOST_LOG_FACTORY_H_
