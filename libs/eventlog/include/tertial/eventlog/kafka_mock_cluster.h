#ifndef TERTIAL_EVENTLOG_KAFKA_MOCK_CLUSTER_H_
#define TERTIAL_EVENTLOG_KAFKA_MOCK_CLUSTER_H_

// librdkafka's mock cluster: real Kafka wire protocol on loopback, in this process. For
// tests, benchmarks and tertial-devbroker. Know its limits: a partition keeps about 5 MiB
// (or 100k message sets) and drops older data; no TLS, SASL or admin API (topics are
// created here); its fetch does not hide aborted transactions (KafkaLog needs none).

#include <map>
#include <memory>
#include <mutex>
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

  // Partitions of a topic created here; 0 if none was.
  int PartitionsOf(std::string_view topic) const;

  // Faults, for tests and tertial-devbroker's control channel. Each checks its arguments
  // (a broker 1..brokers(), a topic created here and one of its partitions) and returns
  // INVALID_ARGUMENT otherwise, so that a typo never creates a topic (the mock creates any
  // topic it is told about). The mock applies them on its own thread; they are safe to call
  // from any thread.

  // The next `count` produce requests fail with a retriable error.
  void FailProduceRequests(int count);
  // Disconnects the broker's clients and refuses new connections (broker 0: every broker),
  // and lets them in again. Leadership stays where it is: the broker's partitions have no
  // reachable leader until it is up or SetLeader moves them.
  absl::Status SetBrokerDown(int broker);
  absl::Status SetBrokerUp(int broker);
  // Makes `broker` the leader of the partition (a leader election): clients learn it from
  // NOT_LEADER_FOR_PARTITION answers and a metadata refresh. The data stays.
  absl::Status SetLeader(std::string_view topic, int partition, int broker);
  // Requests of one kind from any client.
  enum class Api { kProduce = 0, kFetch = 1, kListOffsets = 2, kMetadata = 3 };
  // The next `count` (1..10000) requests of `api` fail with the Kafka error `error`, named
  // as librdkafka names it without its prefix ("NOT_LEADER_FOR_PARTITION",
  // "REQUEST_TIMED_OUT", "_TRANSPORT": the broker drops the connection); empty: retriable
  // errors in turn (NOT_ENOUGH_REPLICAS, REQUEST_TIMED_OUT, _TRANSPORT for produce;
  // NOT_LEADER_FOR_PARTITION, REQUEST_TIMED_OUT, _TRANSPORT otherwise).
  absl::Status FailRequests(Api api, int count, std::string_view error = {});
  // Forgets the errors FailRequests queued for `api` and not yet returned.
  void ClearRequestErrors(Api api);
  // Delays every answer of `broker` by `ms` (0..60000; 0: none), as a slow network does.
  absl::Status SetBrokerRtt(int broker, int ms);

  // The librdkafka error code named `name` (see FailRequests).
  static absl::StatusOr<int> ErrorCode(std::string_view name);

  rd_kafka_mock_cluster_t* mock() { return mock_; }

 private:
  KafkaMockCluster(rd_kafka_t* handle, rd_kafka_mock_cluster_t* mock, int brokers)
      : handle_(handle), mock_(mock), brokers_(brokers) {}
  absl::Status CheckBroker(int broker, bool zero_is_all) const;
  absl::Status CheckPartition(std::string_view topic, int partition) const;

  rd_kafka_t* handle_;
  rd_kafka_mock_cluster_t* mock_;
  int brokers_;
  mutable std::mutex mutex_;  // guards partitions_
  std::map<std::string, int, std::less<>> partitions_;
};

}  // namespace tertial::eventlog

#endif  // TERTIAL_EVENTLOG_KAFKA_MOCK_CLUSTER_H_
