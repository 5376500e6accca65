#include "log_factory.h"

#include "tertial/eventlog/embedded_log.h"

namespace tertial::host {

absl::StatusOr<std::unique_ptr<eventlog::EventLog>> OpenLog(const std::string& data_dir,
                                                            const std::string& kafka_bootstrap) {
  if (!kafka_bootstrap.empty()) {
    return absl::UnimplementedError("the Kafka event log is not wired into the host yet");
  }
  auto log = eventlog::EmbeddedLog::Open(data_dir + "/log");
  if (!log.ok()) return log.status();
  return std::unique_ptr<eventlog::EventLog>(std::move(*log));
}

}  // namespace tertial::host
