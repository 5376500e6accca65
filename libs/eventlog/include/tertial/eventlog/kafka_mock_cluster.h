#ifndef TERTIAL_EVENTLOG_KAFKA_MOCK_CLUSTER_H_
#define TERTIAL_EVENTLOG_KAFKA_MOCK_CLUSTER_H_

// librdkafka's mock cluster: real Kafka wire protocol on loopback, in this process. For
// tests, benchmarks and tertial-devbroker. Know its limits: a partition keeps about 5 MiB
// (or 100k message sets) and drops older data; no TLS, SASL or admin API (topics are
// created here); its fetch does not hide aborted transactions (KafkaLog needs none).

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

typedef struct rd_kafka_s rd_kafka_t;
typedef struct rd_kafka_mock_cluster_s rd_kafka_mock_cluster_t;

namespace tertial::eventlog {

class KafkaMockCluster {
 public:
  // Brokers have ids 1..brokers and listen on 127.0.0.1 at free ports.
  static absl::StatusOr<std::unique_ptr<KafkaMockCluster>> Start(int brokers = 3);
  ~KafkaMockCluster();
  KafkaMockCluster(const KafkaMockCluster&) = delete;
  KafkaMockCluster& operator=(const KafkaMockCluster&) = delete;

  // "127.0.0.1:port,..."
  std::string bootstrap() const;
  int brokers() const { return brokers_; }

  // Creates a topic; partition p is led by broker LeaderOf(p), so tests know whom to stop.
  absl::Status CreateTopic(std::string_view topic, int partitions, int replication = 3);
  int LeaderOf(int partition) const { return 1 + partition % brokers_; }

  // Faults. The next `count` produce requests fail with a retriable error.
  void FailProduceRequests(int count);
  absl::Status SetBrokerDown(int broker);
  absl::Status SetBrokerUp(int broker);

  rd_kafka_mock_cluster_t* mock() { return mock_; }

 private:
  KafkaMockCluster(rd_kafka_t* handle, rd_kafka_mock_cluster_t* mock, int brokers)
      : handle_(handle), mock_(mock), brokers_(brokers) {}
  rd_kafka_t* handle_;
  rd_kafka_mock_cluster_t* mock_;
  int brokers_;
};

}  // namespace tertial::eventlog

#endif  // TERTIAL_EVENTLOG_KAFKA_MOCK_CLUSTER_H_
