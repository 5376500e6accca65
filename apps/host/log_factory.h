#ifndef TERTIAL_APPS_HOST_LOG_FACTORY_H_
#define TERTIAL_APPS_HOST_LOG_FACTORY_H_

#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "tertial/eventlog/event_log.h"

namespace tertial::host {

// The embedded log in data_dir/log, or the Kafka log when kafka_bootstrap is given, counted
// in metrics::Default() (appended and read events per topic, projection lag). Kafka
// client settings beyond the bootstrap come from the environment:
//   TERTIAL_KAFKA_CONFIG     librdkafka properties, "name=value,name=value" (TLS, SASL:
//                            security.protocol=ssl,ssl.ca.location=/etc/tertial/kafka/ca.crt)
//   TERTIAL_KAFKA_CLIENT_ID  client.id shown in broker logs and quotas (default "tertial")
//   TERTIAL_KAFKA_MAX_BATCH_BYTES  largest batch an append may write (KafkaLogOptions::
//                            max_batch_bytes); set it below what a partition keeps where
//                            that is bounded (tertial-devbroker: 4194304)
// FAILED_PRECONDITION "the data directory DIR is in use ..." when another process holds the
// embedded log.
absl::StatusOr<std::unique_ptr<eventlog::EventLog>> OpenLog(const std::string& data_dir,
                                                            const std::string& kafka_bootstrap);
// The same without metrics.
absl::StatusOr<std::unique_ptr<eventlog::EventLog>> OpenUnmeteredLog(
    const std::string& data_dir, const std::string& kafka_bootstrap);

// "a=b,c=d" -> {a: b, c: d}; an item without '=' is an error naming it.
absl::StatusOr<std::map<std::string, std::string>> ParseKafkaConfig(std::string_view text);

}  // namespace tertial::host

#endif  // TERTIAL_APPS_HOST_LOG_FACTORY_H_
