#include "tertial/eventlog/kafka_mock_cluster.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <algorithm>
#include <cctype>

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

std::string KafkaMockCluster::bootstrap() const { return rd_kafka_mock_cluster_bootstraps(mock_); }

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
  std::lock_guard lock(mutex_);
  partitions_[name] = partitions;
  return absl::OkStatus();
}

int KafkaMockCluster::PartitionsOf(std::string_view topic) const {
  std::lock_guard lock(mutex_);
  auto it = partitions_.find(topic);
  return it == partitions_.end() ? 0 : it->second;
}

absl::Status KafkaMockCluster::CheckBroker(int broker, bool zero_is_all) const {
  if ((broker >= 1 && broker <= brokers_) || (zero_is_all && broker == 0)) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(
      StrCat("broker ", broker, ": expected 1..", brokers_, zero_is_all ? " (or all)" : ""));
}

absl::Status KafkaMockCluster::CheckPartition(std::string_view topic, int partition) const {
  int partitions = PartitionsOf(topic);
  if (partitions == 0) return absl::InvalidArgumentError(StrCat("no topic ", topic));
  if (partition < 0 || partition >= partitions) {
    return absl::InvalidArgumentError(
        StrCat("partition ", partition, " of ", topic, ": expected 0..", partitions - 1));
  }
  return absl::OkStatus();
}

void KafkaMockCluster::FailProduceRequests(int count) {
  // Errors the idempotent producer retries without duplicating.
  absl::Status ignored = FailRequests(Api::kProduce, count);
  (void)ignored;
}

absl::Status KafkaMockCluster::SetBrokerDown(int broker) {
  if (absl::Status s = CheckBroker(broker, true); !s.ok()) return s;
  rd_kafka_resp_err_t err = rd_kafka_mock_broker_set_down(mock_, broker == 0 ? -1 : broker);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return absl::InternalError(rd_kafka_err2str(err));
  return absl::OkStatus();
}

absl::Status KafkaMockCluster::SetBrokerUp(int broker) {
  if (absl::Status s = CheckBroker(broker, true); !s.ok()) return s;
  rd_kafka_resp_err_t err = rd_kafka_mock_broker_set_up(mock_, broker == 0 ? -1 : broker);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return absl::InternalError(rd_kafka_err2str(err));
  return absl::OkStatus();
}

absl::Status KafkaMockCluster::SetLeader(std::string_view topic, int partition, int broker) {
  if (absl::Status s = CheckPartition(topic, partition); !s.ok()) return s;
  if (absl::Status s = CheckBroker(broker, false); !s.ok()) return s;
  std::string name(topic);
  rd_kafka_resp_err_t err =
      rd_kafka_mock_partition_set_leader(mock_, name.c_str(), partition, broker);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return absl::InternalError(rd_kafka_err2str(err));
  return absl::OkStatus();
}

absl::Status KafkaMockCluster::FailRequests(Api api, int count, std::string_view error) {
  if (count < 1 || count > 10'000) {
    return absl::InvalidArgumentError(StrCat("count ", count, ": expected 1..10000"));
  }
  rd_kafka_resp_err_t given = RD_KAFKA_RESP_ERR_NO_ERROR;
  if (!error.empty()) {
    absl::StatusOr<int> code = ErrorCode(error);
    if (!code.ok()) return code.status();
    given = static_cast<rd_kafka_resp_err_t>(*code);
  }
  const rd_kafka_resp_err_t first = api == Api::kProduce
                                        ? RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS
                                        : RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION;
  for (int i = 0; i < count; ++i) {
    rd_kafka_resp_err_t err = !error.empty() ? given
                              : i % 3 == 0   ? first
                              : i % 3 == 1   ? RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT
                                             : RD_KAFKA_RESP_ERR__TRANSPORT;
    rd_kafka_mock_push_request_errors(mock_, static_cast<int16_t>(api), 1, err);
  }
  return absl::OkStatus();
}

void KafkaMockCluster::ClearRequestErrors(Api api) {
  rd_kafka_mock_clear_request_errors(mock_, static_cast<int16_t>(api));
}

absl::Status KafkaMockCluster::SetBrokerRtt(int broker, int ms) {
  if (absl::Status s = CheckBroker(broker, false); !s.ok()) return s;
  if (ms < 0 || ms > 60'000) {
    return absl::InvalidArgumentError(StrCat("rtt ", ms, " ms: expected 0..60000"));
  }
  rd_kafka_resp_err_t err = rd_kafka_mock_broker_set_rtt(mock_, broker, ms);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return absl::InternalError(rd_kafka_err2str(err));
  return absl::OkStatus();
}

absl::StatusOr<int> KafkaMockCluster::ErrorCode(std::string_view name) {
  const rd_kafka_err_desc* descs = nullptr;
  size_t count = 0;
  rd_kafka_get_err_descs(&descs, &count);
  auto same = [](std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (std::toupper(static_cast<unsigned char>(a[i])) !=
          std::toupper(static_cast<unsigned char>(b[i]))) {
        return false;
      }
    }
    return true;
  };
  for (size_t i = 0; i < count; ++i) {
    if (descs[i].name != nullptr && descs[i].code != RD_KAFKA_RESP_ERR_NO_ERROR &&
        same(descs[i].name, name)) {
      return static_cast<int>(descs[i].code);
    }
  }
  return absl::InvalidArgumentError(
      StrCat("unknown Kafka error ", name,
             ": expected a librdkafka error name without RD_KAFKA_RESP_ERR_, such as "
             "NOT_LEADER_FOR_PARTITION, REQUEST_TIMED_OUT, NOT_ENOUGH_REPLICAS or _TRANSPORT"));
}

}  // namespace tertial::eventlog
