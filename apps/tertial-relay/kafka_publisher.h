#ifndef TERTIAL_APPS_TERTIAL_RELAY_KAFKA_PUBLISHER_H_
#define TERTIAL_APPS_TERTIAL_RELAY_KAFKA_PUBLISHER_H_

// The relay's Publisher on Kafka: a transactional producer (librdkafka), so that a consumer
// with isolation.level=read_committed sees a transaction's records all or none, and a
// read_committed consumer that finds where each public partition resumes.
//
// Fencing: the producer's transactional.id names the relay. Opening it (InitProducerId)
// aborts whatever a previous incarnation left open and fences that one: a zombie relay's
// next produce or commit fails fatally, and it stops. Two relays with one id therefore
// never both publish; give each relay deployment its own id, and run one.
//
// On librdkafka's mock cluster (tertial-devbroker) transactions are accepted but not
// enforced: its fetch reports every record as stable and no aborted transactions, so a
// read_committed consumer also sees records of a transaction that was never committed.
// The relay's resume reads as consumers read, so what a consumer sees there still holds
// every event once, in order; only the all-or-none of a batch is not shown by the mock.

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "relay.h"

typedef struct rd_kafka_s rd_kafka_t;

namespace tertial::relay {

struct KafkaPublisherOptions {
  std::string bootstrap_servers;
  // Extra librdkafka properties (TLS, SASL), for producer and consumer alike.
  std::map<std::string, std::string> config;
  std::string client_id = "tertial-relay";
  std::string transactional_id = "tertial-relay";
  // Limit on metadata, offset, commit and resume requests.
  std::chrono::milliseconds request_timeout{15'000};
  // transaction.timeout.ms: how long the coordinator lets a transaction stay open before
  // it aborts it. A transaction holds at least one whole source batch, and an import is one
  // batch, so this must exceed the time to publish the largest import; a relay that died
  // mid-transaction blocks read_committed consumers of its partitions until then, unless
  // it starts again first (which aborts the transaction at once). Brokers refuse more than
  // their transaction.max.timeout.ms (15 min by default).
  int transaction_timeout_ms = 600'000;
  std::string compression = "zstd";
};

class KafkaPublisher final : public Publisher {
 public:
  // Connects and initialises the transactional producer (which fences an older relay with
  // the same transactional id). FAILED_PRECONDITION when the cluster refuses transactions.
  static absl::StatusOr<std::unique_ptr<KafkaPublisher>> Open(KafkaPublisherOptions options);
  ~KafkaPublisher() override;

  absl::Status EnsureTopic(const std::string& topic, int partitions) override;
  absl::StatusOr<std::optional<int64_t>> LastRelayed(const std::string& topic,
                                                     int partition) override;
  absl::Status Begin() override;
  absl::Status Produce(const PublicRecord& record) override;
  absl::Status Commit() override;
  void Abort() override;

 private:
  explicit KafkaPublisher(KafkaPublisherOptions options) : options_(std::move(options)) {}
  absl::StatusOr<int> TopicPartitions(const std::string& topic);
  absl::Status CreateTopic(const std::string& topic, int partitions);
  int timeout_ms() const { return static_cast<int>(options_.request_timeout.count()); }

  KafkaPublisherOptions options_;
  rd_kafka_t* producer_ = nullptr;
  rd_kafka_t* consumer_ = nullptr;  // read_committed, for LastRelayed
};

}  // namespace tertial::relay

#endif  // TERTIAL_APPS_TERTIAL_RELAY_KAFKA_PUBLISHER_H_
