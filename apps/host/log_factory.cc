#include "log_factory.h"

#include <cstdlib>

#include "absl/strings/str_split.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/eventlog/kafka_log.h"
#include "tertial/metrics/metered_log.h"

namespace tertial::host {

absl::StatusOr<std::map<std::string, std::string>> ParseKafkaConfig(std::string_view text) {
  std::map<std::string, std::string> config;
  for (absl::string_view item : absl::StrSplit(ToAbsl(text), ',', absl::SkipWhitespace())) {
    size_t eq = item.find('=');
    if (eq == absl::string_view::npos || eq == 0) {
      return absl::InvalidArgumentError(
          StrCat("TERTIAL_KAFKA_CONFIG: '", std::string(item),
                 "' is not name=value (for example security.protocol=ssl)"));
    }
    config[std::string(item.substr(0, eq))] = std::string(item.substr(eq + 1));
  }
  return config;
}

absl::StatusOr<std::unique_ptr<eventlog::EventLog>> OpenLog(const std::string& data_dir,
                                                            const std::string& kafka_bootstrap) {
  absl::StatusOr<std::unique_ptr<eventlog::EventLog>> log = OpenUnmeteredLog(data_dir, kafka_bootstrap);
  if (!log.ok()) return log.status();
  metrics::CollectProjectionLag();
  return metrics::Metered(*std::move(log));
}

absl::StatusOr<std::unique_ptr<eventlog::EventLog>> OpenUnmeteredLog(
    const std::string& data_dir, const std::string& kafka_bootstrap) {
  if (!kafka_bootstrap.empty()) {
    eventlog::KafkaLogOptions options;
    options.bootstrap_servers = kafka_bootstrap;
    if (const char* text = std::getenv("TERTIAL_KAFKA_CONFIG"); text != nullptr) {
      absl::StatusOr<std::map<std::string, std::string>> config = ParseKafkaConfig(text);
      if (!config.ok()) return config.status();
      options.config = *std::move(config);
    }
    if (const char* id = std::getenv("TERTIAL_KAFKA_CLIENT_ID"); id != nullptr && *id != '\0') {
      options.client_id = id;
    }
    auto log = eventlog::KafkaLog::Open(std::move(options));
    if (!log.ok()) return log.status();
    return std::unique_ptr<eventlog::EventLog>(std::move(*log));
  }
  auto log = eventlog::EmbeddedLog::Open(data_dir + "/log");
  if (!log.ok()) return log.status();
  return std::unique_ptr<eventlog::EventLog>(std::move(*log));
}

}  // namespace tertial::host
