#include "log_factory.h"

#include <fcntl.h>
#include <unistd.h>

#include "absl/strings/str_split.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/eventlog/kafka_log.h"
#include "tertial/metrics/metered_log.h"

namespace tertial::host {
namespace {

// The process holding RocksDB's lock on `lock_file` (a POSIX record lock), 0 when none does
// or it cannot be told.
pid_t LockHolder(const std::string& lock_file) {
  int fd = open(lock_file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  struct flock lock {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  pid_t holder = 0;
  if (fcntl(fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK) holder = lock.l_pid;
  close(fd);
  return holder;
}

}  // namespace

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

void AddKafkaFlags(config::FlagSet& flags, KafkaSettings* kafka) {
  flags.String("kafka", &kafka->bootstrap,
               "Kafka bootstrap servers; empty: the embedded log in DATA_DIR/log",
               {.env = "TERTIAL_KAFKA"});
  flags.EnvString("TERTIAL_KAFKA_CONFIG", &kafka->config,
                  "extra librdkafka properties for --kafka, name=value,... (TLS: "
                  "security.protocol=ssl,ssl.ca.location=FILE,...)");
  flags.EnvString("TERTIAL_KAFKA_CLIENT_ID", &kafka->client_id,
                  "client.id shown to the brokers (broker logs, quotas)");
  flags.EnvInt("TERTIAL_KAFKA_MAX_BATCH_BYTES", &kafka->max_batch_bytes,
               "largest batch an append may write to Kafka, in bytes; 0: no limit. Set it "
               "below what a partition keeps where that is bounded (tertial-devbroker: "
               "4194304)");
}

absl::StatusOr<std::unique_ptr<eventlog::EventLog>> OpenLog(const std::string& data_dir,
                                                            const KafkaSettings& kafka) {
  absl::StatusOr<std::unique_ptr<eventlog::EventLog>> log = OpenUnmeteredLog(data_dir, kafka);
  if (!log.ok()) return log.status();
  metrics::CollectProjectionLag();
  return metrics::Metered(*std::move(log));
}

absl::StatusOr<std::unique_ptr<eventlog::EventLog>> OpenUnmeteredLog(const std::string& data_dir,
                                                                     const KafkaSettings& kafka) {
  if (!kafka.bootstrap.empty()) {
    eventlog::KafkaLogOptions options;
    options.bootstrap_servers = kafka.bootstrap;
    absl::StatusOr<std::map<std::string, std::string>> config = ParseKafkaConfig(kafka.config);
    if (!config.ok()) return config.status();
    options.config = *std::move(config);
    if (!kafka.client_id.empty()) options.client_id = kafka.client_id;
    if (kafka.max_batch_bytes < 0) {
      return absl::InvalidArgumentError(StrCat(
          "TERTIAL_KAFKA_MAX_BATCH_BYTES: ", kafka.max_batch_bytes, " is not a number of bytes"));
    }
    options.max_batch_bytes = static_cast<size_t>(kafka.max_batch_bytes);
    auto log = eventlog::KafkaLog::Open(std::move(options));
    if (!log.ok()) return log.status();
    return std::unique_ptr<eventlog::EventLog>(std::move(*log));
  }
  // Another process (a tertiald) using the directory holds the log's lock; say so plainly
  // instead of RocksDB's "While lock file: ... Resource temporarily unavailable".
  if (pid_t holder = LockHolder(data_dir + "/log/LOCK"); holder > 0) {
    return absl::FailedPreconditionError(
        StrCat("the data directory ", data_dir, " is in use by process ", holder));
  }
  auto log = eventlog::EmbeddedLog::Open(data_dir + "/log");
  if (!log.ok()) {
    if (log.status().message().find("lock file") != std::string_view::npos) {
      return absl::FailedPreconditionError(
          StrCat("the data directory ", data_dir, " is in use (", log.status().message(), ")"));
    }
    return log.status();
  }
  return std::unique_ptr<eventlog::EventLog>(std::move(*log));
}

}  // namespace tertial::host
