#ifndef TERTIAL_APPS_HOST_LOG_FACTORY_H_
#define TERTIAL_APPS_HOST_LOG_FACTORY_H_

#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "tertial/config/flags.h"
#include "tertial/eventlog/event_log.h"

namespace tertial::host {

// Which log a process uses: Kafka when `bootstrap` is given, else the embedded one.
struct KafkaSettings {
  std::string bootstrap;  // --kafka ($TERTIAL_KAFKA)
  // Set once per deployment, so from the environment only:
  //   $TERTIAL_KAFKA_CONFIG     librdkafka properties, "name=value,name=value" (TLS, SASL:
  //                             security.protocol=ssl,ssl.ca.location=/etc/tertial/kafka/ca.crt)
  //   $TERTIAL_KAFKA_CLIENT_ID  client.id shown in broker logs and quotas
  //   $TERTIAL_KAFKA_MAX_BATCH_BYTES  largest batch an append may write (KafkaLogOptions::
  //                             max_batch_bytes); set it below what a partition keeps where
  //                             that is bounded (tertial-devbroker: 4194304)
  std::string config;
  std::string client_id = "tertial";
  int64_t max_batch_bytes = 0;
};
// Declares --kafka and the environment-only settings above.
void AddKafkaFlags(config::FlagSet& flags, KafkaSettings* kafka);

// The embedded log in data_dir/log, or the Kafka log when kafka.bootstrap is given, counted
// in metrics::Default() (appended and read events per topic, projection lag).
// FAILED_PRECONDITION "the data directory DIR is in use ..." when another process holds the
// embedded log.
absl::StatusOr<std::unique_ptr<eventlog::EventLog>> OpenLog(const std::string& data_dir,
                                                            const KafkaSettings& kafka);
// The same without metrics.
absl::StatusOr<std::unique_ptr<eventlog::EventLog>> OpenUnmeteredLog(const std::string& data_dir,
                                                                     const KafkaSettings& kafka);

// "a=b,c=d" -> {a: b, c: d}; an item without '=' is an error naming it.
absl::StatusOr<std::map<std::string, std::string>> ParseKafkaConfig(std::string_view text);

}  // namespace tertial::host

#endif  // TERTIAL_APPS_HOST_LOG_FACTORY_H_
