#include "tertial/eventlog/kafka_mock_cluster.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include "kafka_log_internal.h"
#include "tertial/base/strings.h"

namespace tertial::eventlog {

absl::StatusOr<std::unique_ptr<KafkaMockCluster>> KafkaMockCluster::Start(int brokers) {
  if (brokers < 1) return absl::InvalidArgumentError("a mock cluster needs a broker");
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char error[512];
  // The handle only keeps the cluster's books; it talks to nobody.
  rd_kafka_conf_set(conf, "log_level", "3", error, sizeof(error));
  internal::RouteLog(conf);
  rd_kafka_t* handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof(error));
  if (handle == nullptr) {
    rd_kafka_conf_destroy(conf);
    return absl::InternalError(StrCat("mock cluster handle: ", error));
  }
  rd_kafka_mock_cluster_t* mock = rd_kafka_mock_cluster_new(handle, brokers);
  if (mock == nullptr) {
    rd_kafka_destroy(handle);
    return absl::InternalError("cannot start the Kafka mock cluster");
  }
  return std::unique_ptr<KafkaMockCluster>(new KafkaMockCluster(handle, mock, brokers));
}

KafkaMockCluster::~KafkaMockCluster() {
  rd_kafka_mock_cluster_destroy(mock_);
  rd_kafka_destroy(handle_);
}

std::string KafkaMockCluster::bootstrap() const {
  return rd_kafka_mock_cluster_bootstraps(mock_);
}

absl::Status KafkaMockCluster::CreateTopic(std::string_view topic, int partitions,
                                           int replication) {
  std::string name(topic);
  rd_kafka_resp_err_t err =
      rd_kafka_mock_topic_create(mock_, name.c_str(), partitions, std::min(replication, brokers_));
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::InternalError(StrCat("creating mock topic ", topic, ": ", rd_kafka_err2str(err)));
  }
  for (int p = 0; p < partitions; ++p) {
    rd_kafka_mock_partition_set_leader(mock_, name.c_str(), p, LeaderOf(p));
  }
  return absl::OkStatus();
}

void KafkaMockCluster::FailProduceRequests(int count) {
  // Produce is ApiKey 0. Errors the idempotent producer retries without duplicating.
  for (int i = 0; i < count; ++i) {
    rd_kafka_resp_err_t err = i % 3 == 0   ? RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS
                              : i % 3 == 1 ? RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT
                                           : RD_KAFKA_RESP_ERR__TRANSPORT;
    rd_kafka_mock_push_request_errors(mock_, 0, 1, err);
  }
}

absl::Status KafkaMockCluster::SetBrokerDown(int broker) {
  rd_kafka_resp_err_t err = rd_kafka_mock_broker_set_down(mock_, broker);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return absl::InternalError(rd_kafka_err2str(err));
  return absl::OkStatus();
}

absl::Status KafkaMockCluster::SetBrokerUp(int broker) {
  rd_kafka_resp_err_t err = rd_kafka_mock_broker_set_up(mock_, broker);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return absl::InternalError(rd_kafka_err2str(err));
  return absl::OkStatus();
}

}  // namespace tertial::eventlog
