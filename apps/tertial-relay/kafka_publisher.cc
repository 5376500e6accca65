#include "kafka_publisher.h"

#include <librdkafka/rdkafka.h>

#include <cstring>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/kafka_log.h"
#include "tertial/log/log.h"

namespace tertial::relay {
namespace {

using Settings = std::vector<std::pair<std::string, std::string>>;

absl::StatusOr<rd_kafka_t*> NewClient(rd_kafka_type_t type, const Settings& settings) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char error[512];
  for (const auto& [name, value] : settings) {
    if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), error, sizeof(error)) !=
        RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      return absl::InvalidArgumentError(StrCat("Kafka setting ", name, ": ", error));
    }
  }
  eventlog::RouteKafkaClientLog(conf);
  rd_kafka_t* client = rd_kafka_new(type, conf, error, sizeof(error));
  if (client == nullptr) {
    rd_kafka_conf_destroy(conf);
    return absl::InvalidArgumentError(StrCat("cannot create Kafka client: ", error));
  }
  return client;
}

// A transactional call's error as a status, destroying it: FAILED_PRECONDITION when the
// producer cannot go on (fenced by a newer relay, or another fatal error).
absl::Status FromTxnError(rd_kafka_error_t* error, std::string_view what) {
  if (error == nullptr) return absl::OkStatus();
  std::string message = StrCat(what, ": ", rd_kafka_error_string(error));
  const bool fatal = rd_kafka_error_is_fatal(error);
  rd_kafka_error_destroy(error);
  if (fatal) {
    return absl::FailedPreconditionError(
        StrCat(message, " (fatal: another relay with this transactional id may have taken over)"));
  }
  return absl::UnavailableError(message);
}

std::optional<int64_t> HeaderInt(const rd_kafka_message_t* message, std::string_view name) {
  rd_kafka_headers_t* headers = nullptr;
  if (rd_kafka_message_headers(message, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return std::nullopt;
  }
  const void* value = nullptr;
  size_t size = 0;
  if (rd_kafka_header_get_last(headers, std::string(name).c_str(), &value, &size) !=
          RD_KAFKA_RESP_ERR_NO_ERROR ||
      value == nullptr) {
    return std::nullopt;
  }
  int64_t parsed = 0;
  if (!absl::SimpleAtoi(absl::string_view(static_cast<const char*>(value), size), &parsed)) {
    return std::nullopt;
  }
  return parsed;
}

}  // namespace

absl::StatusOr<std::unique_ptr<KafkaPublisher>> KafkaPublisher::Open(
    KafkaPublisherOptions options) {
  std::unique_ptr<KafkaPublisher> publisher(new KafkaPublisher(std::move(options)));
  const KafkaPublisherOptions& o = publisher->options_;
  if (o.transactional_id.empty()) {
    return absl::InvalidArgumentError("a transactional id is needed (--transactional-id)");
  }
  Settings common = {{"bootstrap.servers", o.bootstrap_servers}, {"client.id", o.client_id}};
  for (const auto& [name, value] : o.config) {
    if (name == "transactional.id" || name == "enable.idempotence" || name == "acks" ||
        name == "isolation.level" || name == "group.id" || name == "enable.auto.commit") {
      return absl::InvalidArgumentError(StrCat("Kafka setting ", name, " is fixed by the relay"));
    }
    common.emplace_back(name, value);
  }
  Settings producer = common;
  if (!o.compression.empty() && o.config.count("compression.type") == 0 &&
      o.config.count("compression.codec") == 0) {
    producer.emplace_back("compression.type", o.compression);
  }
  producer.insert(producer.end(), {{"transactional.id", o.transactional_id},
                                   {"enable.idempotence", "true"},
                                   {"acks", "all"},
                                   {"linger.ms", "5"},
                                   {"allow.auto.create.topics", "false"},
                                   {"transaction.timeout.ms", StrCat(o.transaction_timeout_ms)}});
  absl::StatusOr<rd_kafka_t*> made = NewClient(RD_KAFKA_PRODUCER, producer);
  if (!made.ok()) return made.status();
  publisher->producer_ = *made;
  Settings consumer = common;
  consumer.insert(consumer.end(),
                  // A group id only because librdkafka's assign needs one: this consumer
                  // never joins the group and never commits an offset.
                  {{"group.id", StrCat(o.transactional_id, "-resume")},
                   {"isolation.level", "read_committed"},
                   {"enable.auto.commit", "false"},
                   {"enable.auto.offset.store", "false"},
                   {"enable.partition.eof", "true"},
                   {"allow.auto.create.topics", "false"},
                   {"fetch.wait.max.ms", "100"}});
  made = NewClient(RD_KAFKA_CONSUMER, consumer);
  if (!made.ok()) return made.status();
  publisher->consumer_ = *made;
  // Fences an older relay with this id and aborts what it left open.
  if (absl::Status s =
          FromTxnError(rd_kafka_init_transactions(publisher->producer_, publisher->timeout_ms()),
                       StrCat("initialising transactions at ", o.bootstrap_servers));
      !s.ok()) {
    return s;
  }
  return publisher;
}

KafkaPublisher::~KafkaPublisher() {
  // The consumer never joined its group, so there is nothing to leave (a close would wait
  // for the coordinator); the producer has no transaction open here (the relay aborts it).
  if (consumer_ != nullptr) rd_kafka_destroy_flags(consumer_, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
  if (producer_ != nullptr) rd_kafka_destroy(producer_);
}

absl::StatusOr<int> KafkaPublisher::TopicPartitions(const std::string& topic) {
  // Every topic's metadata: asking for one topic would let a broker that creates topics on
  // request (the mock does) make it with its own partition count.
  const struct rd_kafka_metadata* metadata = nullptr;
  rd_kafka_resp_err_t err = rd_kafka_metadata(producer_, 1, nullptr, &metadata, timeout_ms());
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::UnavailableError(
        StrCat("metadata from ", options_.bootstrap_servers, ": ", rd_kafka_err2str(err)));
  }
  int partitions = 0;
  for (int i = 0; i < metadata->topic_cnt; ++i) {
    if (topic == metadata->topics[i].topic && metadata->topics[i].err == 0) {
      partitions = metadata->topics[i].partition_cnt;
    }
  }
  rd_kafka_metadata_destroy(metadata);
  return partitions;
}

absl::Status KafkaPublisher::CreateTopic(const std::string& topic, int partitions) {
  char error[512];
  rd_kafka_NewTopic_t* spec =
      rd_kafka_NewTopic_new(topic.c_str(), partitions, -1, error, sizeof(error));
  if (spec == nullptr) return absl::InvalidArgumentError(error);
  rd_kafka_queue_t* queue = rd_kafka_queue_new(producer_);
  rd_kafka_AdminOptions_t* options =
      rd_kafka_AdminOptions_new(producer_, RD_KAFKA_ADMIN_OP_CREATETOPICS);
  rd_kafka_AdminOptions_set_request_timeout(options, timeout_ms(), error, sizeof(error));
  rd_kafka_CreateTopics(producer_, &spec, 1, options, queue);
  rd_kafka_event_t* event = rd_kafka_queue_poll(queue, timeout_ms() + 1000);
  absl::Status status = absl::DeadlineExceededError("no answer");
  if (event != nullptr) {
    if (rd_kafka_event_error(event) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      status = absl::UnavailableError(rd_kafka_event_error_string(event));
    } else {
      size_t count = 0;
      const rd_kafka_topic_result_t** results =
          rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count);
      status = absl::OkStatus();
      for (size_t i = 0; i < count; ++i) {
        rd_kafka_resp_err_t err = rd_kafka_topic_result_error(results[i]);
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
          const char* why = rd_kafka_topic_result_error_string(results[i]);
          status = absl::UnavailableError(why != nullptr ? why : rd_kafka_err2str(err));
        }
      }
    }
    rd_kafka_event_destroy(event);
  }
  rd_kafka_AdminOptions_destroy(options);
  rd_kafka_NewTopic_destroy(spec);
  rd_kafka_queue_destroy(queue);
  return status;
}

absl::Status KafkaPublisher::EnsureTopic(const std::string& topic, int partitions) {
  absl::StatusOr<int> found = TopicPartitions(topic);
  if (!found.ok()) return found.status();
  if (*found == 0) {
    if (absl::Status s = CreateTopic(topic, partitions); !s.ok()) {
      return absl::FailedPreconditionError(
          StrCat("public topic ", topic, " does not exist and the cluster did not create it (",
                 s.message(), "); create it with ", partitions,
                 " partitions, as many as its source topic (deploy/k8s: KafkaTopic; "
                 "tertial-devbroker --topics ",
                 topic, ")"));
    }
    log::Info("created the public topic",
              {{"topic", topic}, {"partitions", static_cast<int64_t>(partitions)}});
    for (int attempt = 0; attempt < 50 && *found == 0; ++attempt) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      found = TopicPartitions(topic);
      if (!found.ok()) return found.status();
    }
  }
  if (*found != partitions) {
    return absl::FailedPreconditionError(
        StrCat("public topic ", topic, " has ", *found, " partitions and its source ", partitions,
               ": partition p of the source is published to partition p, so they must be "
               "equal"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<int64_t>> KafkaPublisher::LastRelayed(const std::string& topic,
                                                                   int partition) {
  int64_t low = 0;
  int64_t high = 0;
  rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(consumer_, topic.c_str(), partition,
                                                             &low, &high, timeout_ms());
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::UnavailableError(
        StrCat("offsets of ", topic, "/", partition, ": ", rd_kafka_err2str(err)));
  }
  // Reads the partition's tail up to where read_committed consumers stop (the last stable
  // offset, where the consumer reports EOF), further back until a relayed record is found:
  // the tail may be transaction markers and aborted records.
  for (int64_t window = 64;; window *= 8) {
    const int64_t start = std::max(low, high - window);
    if (start >= high) return std::nullopt;
    rd_kafka_topic_partition_list_t* assignment = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(assignment, topic.c_str(), partition)->offset = start;
    err = rd_kafka_assign(consumer_, assignment);
    rd_kafka_topic_partition_list_destroy(assignment);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return absl::UnavailableError(
          StrCat("reading ", topic, "/", partition, ": ", rd_kafka_err2str(err)));
    }
    std::optional<int64_t> last;
    absl::Status status;
    const auto deadline = std::chrono::steady_clock::now() + options_.request_timeout;
    while (true) {
      if (std::chrono::steady_clock::now() > deadline) {
        status = absl::DeadlineExceededError(
            StrCat("reading ", topic, "/", partition, " to its end timed out"));
        break;
      }
      rd_kafka_message_t* message = rd_kafka_consumer_poll(consumer_, 100);
      if (message == nullptr) continue;
      const rd_kafka_resp_err_t message_err = message->err;
      if (message_err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        rd_kafka_message_destroy(message);
        break;
      }
      if (message_err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        status = absl::UnavailableError(
            StrCat("reading ", topic, "/", partition, ": ", rd_kafka_message_errstr(message)));
        rd_kafka_message_destroy(message);
        break;
      }
      if (std::optional<int64_t> source = HeaderInt(message, kSourceOffsetHeader)) {
        last = source;
      }
      rd_kafka_message_destroy(message);
    }
    rd_kafka_assign(consumer_, nullptr);
    if (!status.ok()) return status;
    if (last.has_value() || start == low) return last;
  }
}

absl::Status KafkaPublisher::Begin() {
  return FromTxnError(rd_kafka_begin_transaction(producer_), "beginning a transaction");
}

absl::Status KafkaPublisher::Produce(const PublicRecord& record) {
  const std::string partition = StrCat(record.partition);
  const std::string offset = StrCat(record.source_offset);
  const std::string batch = StrCat(record.source_batch);
  const auto deadline = std::chrono::steady_clock::now() + options_.request_timeout;
  while (true) {
    rd_kafka_resp_err_t err = rd_kafka_producev(
        producer_, RD_KAFKA_V_TOPIC(record.topic.c_str()), RD_KAFKA_V_PARTITION(record.partition),
        RD_KAFKA_V_KEY(record.key.data(), record.key.size()),
        RD_KAFKA_V_VALUE(const_cast<char*>(record.value.data()), record.value.size()),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_HEADER(kSourcePartitionHeader.data(), partition.data(),
                          static_cast<ssize_t>(partition.size())),
        RD_KAFKA_V_HEADER(kSourceOffsetHeader.data(), offset.data(),
                          static_cast<ssize_t>(offset.size())),
        RD_KAFKA_V_HEADER(kSourceBatchHeader.data(), batch.data(),
                          static_cast<ssize_t>(batch.size())),
        RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return absl::OkStatus();
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL && std::chrono::steady_clock::now() < deadline) {
      rd_kafka_poll(producer_, 50);
      continue;
    }
    std::string message =
        StrCat("producing to ", record.topic, "/", record.partition, ": ", rd_kafka_err2str(err));
    if (err == RD_KAFKA_RESP_ERR__FATAL) {
      char reason[512];
      rd_kafka_fatal_error(producer_, reason, sizeof(reason));
      return absl::FailedPreconditionError(StrCat(message, ": ", reason));
    }
    return absl::UnavailableError(message);
  }
}

absl::Status KafkaPublisher::Commit() {
  for (int attempt = 1;; ++attempt) {
    rd_kafka_error_t* error = rd_kafka_commit_transaction(producer_, timeout_ms());
    if (error == nullptr) return absl::OkStatus();
    if (rd_kafka_error_is_retriable(error) && attempt < 3) {
      rd_kafka_error_destroy(error);
      continue;
    }
    const bool abort = !rd_kafka_error_is_fatal(error);
    absl::Status status = FromTxnError(error, "committing a transaction");
    if (abort) Abort();
    return status;
  }
}

void KafkaPublisher::Abort() {
  absl::Status status =
      FromTxnError(rd_kafka_abort_transaction(producer_, timeout_ms()), "aborting a transaction");
  if (!status.ok()) log::Warning("aborting a transaction failed", {{"error", status}});
}

}  // namespace tertial::relay
