#include "tertial/eventlog/kafka_log.h"

#include <condition_variable>
#include <random>

#include "kafka_log_internal.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/key_coding.h"
#include "tertial/log/log.h"

namespace tertial::eventlog {

namespace internal {

absl::Status FromKafka(rd_kafka_resp_err_t err, std::string_view what) {
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return absl::OkStatus();
  std::string message = StrCat(what, ": ", rd_kafka_err2str(err));
  switch (err) {
    case RD_KAFKA_RESP_ERR__TIMED_OUT:
    case RD_KAFKA_RESP_ERR__MSG_TIMED_OUT:
    case RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT:
      return absl::DeadlineExceededError(message);
    case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC:
    case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
      return absl::NotFoundError(message);
    case RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE:
      return absl::DataLossError(message);
    default:
      return absl::UnavailableError(message);
  }
}

namespace {

void OnKafkaLog(const rd_kafka_t* client, int level, const char* facility, const char* message) {
  log::Level mapped = level <= 3   ? log::Level::kError
                      : level == 4 ? log::Level::kWarning
                      : level <= 6 ? log::Level::kInfo
                                   : log::Level::kDebug;
  if (!log::Enabled(mapped)) return;
  log::Log(mapped, message,
           {{"source", "librdkafka"},
            {"client", client != nullptr ? rd_kafka_name(client) : ""},
            {"facility", facility != nullptr ? facility : ""}});
}

}  // namespace

void RouteLog(rd_kafka_conf_t* conf) { rd_kafka_conf_set_log_cb(conf, &OnKafkaLog); }

}  // namespace internal

void RouteKafkaClientLog(rd_kafka_conf_t* conf) { internal::RouteLog(conf); }

namespace {

using internal::FromKafka;

// In-flight records of one attempt at a batch. Shared with librdkafka's delivery callback
// through a reference count, so that a writer abandoned mid-flight leaves nothing dangling.
struct Delivery {
  std::mutex mutex;
  std::condition_variable done;
  int64_t outstanding = 0;
  int64_t delivered = 0;
  int64_t min_offset = INT64_MAX;
  int64_t max_offset = -1;
  rd_kafka_resp_err_t error = RD_KAFKA_RESP_ERR_NO_ERROR;
  std::atomic<int> refs{1};

  void Release() {
    if (refs.fetch_sub(1) == 1) delete this;
  }
};

void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* message, void*) {
  auto* delivery = static_cast<Delivery*>(message->_private);
  if (delivery == nullptr) return;
  {
    std::lock_guard<std::mutex> guard(delivery->mutex);
    --delivery->outstanding;
    if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (delivery->error == RD_KAFKA_RESP_ERR_NO_ERROR) delivery->error = message->err;
    } else {
      ++delivery->delivered;
      delivery->min_offset = std::min(delivery->min_offset, message->offset);
      delivery->max_offset = std::max(delivery->max_offset, message->offset);
    }
  }
  delivery->done.notify_all();
  delivery->Release();
}

absl::Status Set(rd_kafka_conf_t* conf, const std::string& name, const std::string& value) {
  char error[512];
  if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), error, sizeof(error)) !=
      RD_KAFKA_CONF_OK) {
    return absl::InvalidArgumentError(StrCat("Kafka setting ", name, "=", value, ": ", error));
  }
  return absl::OkStatus();
}

absl::StatusOr<rd_kafka_t*> NewClient(
    rd_kafka_type_t type, const std::vector<std::pair<std::string, std::string>>& settings,
    bool with_delivery_callback) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  for (const auto& [name, value] : settings) {
    if (absl::Status s = Set(conf, name, value); !s.ok()) {
      rd_kafka_conf_destroy(conf);
      return s;
    }
  }
  if (with_delivery_callback) rd_kafka_conf_set_dr_msg_cb(conf, &OnDelivery);
  internal::RouteLog(conf);
  char error[512];
  rd_kafka_t* client = rd_kafka_new(type, conf, error, sizeof(error));
  if (client == nullptr) {
    rd_kafka_conf_destroy(conf);
    return absl::InvalidArgumentError(StrCat("cannot create Kafka client: ", error));
  }
  return client;
}

std::string BatchId(uint64_t producer, uint64_t sequence) {
  std::string id;
  PutBigEndian64(&id, producer);
  PutBigEndian64(&id, sequence);
  return id;
}

}  // namespace

KafkaLog::PartitionReader::~PartitionReader() {
  for (rd_kafka_message_t* m : buffered) rd_kafka_message_destroy(m);
  if (queue != nullptr) {
    rd_kafka_queue_cb_event_enable(queue, nullptr, nullptr);
    rd_kafka_queue_destroy(queue);
  }
}

KafkaLog::Topic::~Topic() {
  readers.clear();
  if (handle != nullptr) rd_kafka_topic_destroy(handle);
}

// Streams records out as they are added; Commit waits for them, then writes the marker.
class KafkaLog::Writer final : public BatchWriter {
 public:
  Writer(KafkaLog* log, Topic* topic, int partition, std::string key)
      : BatchWriter(topic->name),
        log_(log),
        topic_(topic),
        partition_(partition),
        lock_(*topic->writer_locks[partition]),
        key_(std::move(key)) {
    StartAttempt();
  }

  ~Writer() override { delivery_->Release(); }

  absl::Status AddChecked(const Envelope& envelope) override {
    if (committed_) return absl::FailedPreconditionError("batch already committed");
    if (!refused_.ok()) return refused_;
    std::string value;
    if (!envelope.AppendToString(&value)) {
      return absl::InvalidArgumentError("envelope could not be serialized");
    }
    if (const size_t limit = log_->options_.max_batch_bytes; limit > 0) {
      // Held back until Commit: a batch over the limit leaves nothing in the log.
      if (retained_bytes_ + value.size() > limit) {
        refused_ = absl::ResourceExhaustedError(StrCat(
            "a batch on ", topic_->name, " may hold at most ", limit,
            " bytes on this Kafka log (TERTIAL_KAFKA_MAX_BATCH_BYTES), and record ", count_ + 1,
            " takes it past that; nothing of the batch was written. Split the input into "
            "smaller files, or raise the limit where the topic keeps larger batches"));
        retained_.clear();
        return refused_;
      }
    } else if (absl::Status s = Produce(value, nullptr); !s.ok()) {
      return s;
    }
    ++count_;
    retained_bytes_ += value.size();
    if (log_->options_.max_batch_bytes > 0 || retained_bytes_ <= log_->options_.retain_bytes) {
      retained_.push_back(std::move(value));
    } else {
      retained_.clear();
    }
    return absl::OkStatus();
  }

  absl::StatusOr<AppendResult> CommitBatch() override {
    if (!refused_.ok()) return refused_;
    if (count_ == 0 || committed_) return AppendResult{partition_, 0, 0};
    if (log_->options_.max_batch_bytes > 0) {
      for (const std::string& value : retained_) {
        if (absl::Status s = Produce(value, nullptr); !s.ok()) return s;
      }
    }
    constexpr int kAttempts = 5;
    for (int attempt = 1;; ++attempt) {
      absl::StatusOr<AppendResult> result = CommitAttempt();
      if (result.ok()) {
        committed_ = true;
        lock_.unlock();  // the partition is free for the next batch
        return result;
      }
      bool can_rewrite =
          (log_->options_.max_batch_bytes > 0 || retained_bytes_ <= log_->options_.retain_bytes) &&
          static_cast<int64_t>(retained_.size()) == count_;
      if (!absl::IsAborted(result.status()) || !can_rewrite || attempt == kAttempts) {
        return result;
      }
      // Lost to a concurrent writer in another process: write the batch again, anew.
      std::this_thread::sleep_for(
          std::chrono::milliseconds(std::random_device()() % (5 * attempt) + 1));
      delivery_->Release();
      StartAttempt();
      for (const std::string& value : retained_) {
        if (absl::Status s = Produce(value, nullptr); !s.ok()) return s;
      }
    }
  }

  int64_t size() const override { return count_; }

 private:
  void StartAttempt() {
    delivery_ = new Delivery();
    batch_id_ = BatchId(log_->producer_id_, log_->next_batch_++);
  }

  absl::Status Produce(std::string_view value, const std::string* commit) {
    rd_kafka_headers_t* headers = rd_kafka_headers_new(commit ? 2 : 1);
    rd_kafka_header_add(headers, internal::kBatchHeader, -1, batch_id_.data(), batch_id_.size());
    if (commit != nullptr) {
      rd_kafka_header_add(headers, internal::kCommitHeader, -1, commit->data(), commit->size());
    }
    {
      std::lock_guard<std::mutex> guard(delivery_->mutex);
      ++delivery_->outstanding;
    }
    delivery_->refs.fetch_add(1);
    auto deadline = std::chrono::steady_clock::now() +
                    std::chrono::milliseconds(log_->options_.message_timeout_ms);
    rd_kafka_resp_err_t err;
    for (;;) {
      err = rd_kafka_producev(log_->producer_, RD_KAFKA_V_RKT(topic_->handle),
                              RD_KAFKA_V_PARTITION(partition_),
                              RD_KAFKA_V_KEY(key_.data(), key_.size()),
                              RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                              RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_HEADERS(headers),
                              RD_KAFKA_V_OPAQUE(delivery_), RD_KAFKA_V_END);
      if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL || std::chrono::steady_clock::now() > deadline) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));  // the poller drains
    }
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      rd_kafka_headers_destroy(headers);
      {
        std::lock_guard<std::mutex> guard(delivery_->mutex);
        --delivery_->outstanding;
      }
      delivery_->Release();
      return FromKafka(err, StrCat("producing to ", topic_->name, "/", partition_));
    }
    return absl::OkStatus();
  }

  // Waits until `records` of the delivery's records are acknowledged (or one failed, or
  // none is left in flight).
  absl::Status AwaitDelivery(Delivery* delivery, int64_t records, std::string_view what) {
    auto timeout = std::chrono::milliseconds(log_->options_.message_timeout_ms + 10'000);
    auto deadline = std::chrono::steady_clock::now() + timeout;
    auto done = [&] {
      std::lock_guard<std::mutex> guard(delivery->mutex);
      return delivery->delivered >= records || delivery->outstanding == 0 ||
             delivery->error != RD_KAFKA_RESP_ERR_NO_ERROR;
    };
    // Flushing makes librdkafka send at once instead of lingering: a committing writer
    // waits for its records, so batching them longer only adds latency. It waits for every
    // writer's records, hence the short slices.
    log_->flushing_writers_.fetch_add(1);
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      rd_kafka_flush(log_->producer_, 1);
    }
    log_->flushing_writers_.fetch_sub(1);
    if (!done()) {
      return absl::DeadlineExceededError(
          StrCat(what, " to ", topic_->name, "/", partition_, " not acknowledged in time"));
    }
    std::lock_guard<std::mutex> guard(delivery->mutex);
    if (absl::Status s =
            FromKafka(delivery->error, StrCat(what, " to ", topic_->name, "/", partition_));
        !s.ok()) {
      return s;
    }
    if (delivery->delivered < records) {
      return absl::InternalError(StrCat(what, " to ", topic_->name, "/", partition_, ": ",
                                        delivery->delivered, " of ", records, " acknowledged"));
    }
    return absl::OkStatus();
  }

  absl::StatusOr<AppendResult> CommitAttempt() {
    // The marker names the batch's first offset, so the first record must have landed;
    // the rest may still be in flight: they are ordered before the marker, and readers
    // count them, so a record that fails to land voids the batch.
    if (absl::Status s = AwaitDelivery(delivery_, /*records=*/1, "the batch's first record");
        !s.ok()) {
      return s;
    }
    int64_t first;
    {
      std::lock_guard<std::mutex> guard(delivery_->mutex);
      first = delivery_->min_offset;
    }
    std::string commit;
    PutBigEndian64(&commit, static_cast<uint64_t>(first));
    PutBigEndian64(&commit, static_cast<uint64_t>(count_));
    Delivery* data = delivery_;
    Delivery* marker_delivery = new Delivery();
    delivery_ = marker_delivery;
    absl::Status produced = Produce("", &commit);
    delivery_ = data;
    absl::Status data_landed = AwaitDelivery(data, count_, "the batch's records");
    absl::Status marker_landed =
        produced.ok() ? AwaitDelivery(marker_delivery, 1, "the batch's commit marker") : produced;
    int64_t marker;
    {
      std::lock_guard<std::mutex> guard(marker_delivery->mutex);
      marker = marker_delivery->max_offset;
    }
    marker_delivery->Release();
    if (!data_landed.ok()) {
      return absl::Status(data_landed.code(),
                          StrCat(data_landed.message(), "; the batch is not committed"));
    }
    if (!marker_landed.ok()) return marker_landed;
    PartitionReader* reader = topic_->readers[partition_].get();
    if (marker - first != count_) {
      // Something else lies between our records and marker: apply the readers' rule.
      std::lock_guard<std::mutex> guard(reader->mutex);
      absl::StatusOr<std::pair<bool, int64_t>> range =
          log_->ScanRange(reader, first, marker, batch_id_);
      if (!range.ok()) {
        return absl::UnavailableError(StrCat("cannot confirm the batch to ", topic_->name, "/",
                                             partition_, ": ", range.status().message()));
      }
      if (range->first || range->second != count_) {
        return absl::AbortedError(StrCat("batch to ", topic_->name, "/", partition_,
                                         " lost to a concurrent writer; it is not visible"));
      }
    }
    int64_t previous = reader->last_marker.load();
    while (previous < marker && !reader->last_marker.compare_exchange_weak(previous, marker)) {
    }
    return AppendResult{partition_, first, marker};
  }

  KafkaLog* log_;
  Topic* topic_;
  int partition_;
  std::unique_lock<std::mutex> lock_;
  std::string key_;
  std::string batch_id_;
  Delivery* delivery_ = nullptr;
  int64_t count_ = 0;
  bool committed_ = false;
  size_t retained_bytes_ = 0;
  std::vector<std::string> retained_;
  absl::Status refused_;  // the batch went past max_batch_bytes
};

KafkaLog::KafkaLog(KafkaLogOptions options) : options_(std::move(options)) {
  std::random_device random;
  producer_id_ = (static_cast<uint64_t>(random()) << 32) ^ random();
}

namespace {

// Every KafkaLog open in the process, for KafkaLog::ForEach.
std::mutex& OpenLogsMutex() {
  static std::mutex* mutex = new std::mutex();
  return *mutex;
}
std::vector<KafkaLog*>& OpenLogs() {
  static auto* logs = new std::vector<KafkaLog*>();
  return *logs;
}

}  // namespace

void KafkaLog::ForEach(const std::function<void(KafkaLog&)>& fn) {
  std::lock_guard<std::mutex> guard(OpenLogsMutex());
  for (KafkaLog* log : OpenLogs()) fn(*log);
}

int KafkaLog::ProducerQueueLength() const {
  return producer_ != nullptr ? rd_kafka_outq_len(producer_) : 0;
}

std::string KafkaLog::ClientName() const {
  return producer_ != nullptr ? rd_kafka_name(producer_) : options_.client_id;
}

KafkaLog::~KafkaLog() {
  {
    std::lock_guard<std::mutex> guard(OpenLogsMutex());
    std::erase(OpenLogs(), this);
  }
  if (producer_ != nullptr) rd_kafka_flush(producer_, 10'000);
  stop_ = true;
  if (poller_.joinable()) poller_.join();
  {
    std::lock_guard<std::mutex> guard(mutex_);
    topics_.clear();
  }
  if (consumer_ != nullptr) rd_kafka_destroy(consumer_);
  if (producer_ != nullptr) rd_kafka_destroy(producer_);
}

absl::StatusOr<std::unique_ptr<KafkaLog>> KafkaLog::Open(KafkaLogOptions options) {
  if (options.bootstrap_servers.empty()) {
    return absl::InvalidArgumentError("Kafka log: no bootstrap servers given");
  }
  std::unique_ptr<KafkaLog> log(new KafkaLog(std::move(options)));
  if (absl::Status s = log->Connect(); !s.ok()) return s;
  std::lock_guard<std::mutex> guard(OpenLogsMutex());
  OpenLogs().push_back(log.get());
  return log;
}

absl::Status KafkaLog::Connect() {
  std::vector<std::pair<std::string, std::string>> common = {
      {"bootstrap.servers", options_.bootstrap_servers},
      {"client.id", options_.client_id},
  };
  for (const auto& [name, value] : options_.config) {
    if (name == "enable.idempotence" || name == "acks" || name == "enable.auto.commit" ||
        name == "group.id") {
      return absl::InvalidArgumentError(StrCat("Kafka setting ", name, " is fixed by tertial"));
    }
    common.emplace_back(name, value);
  }
  auto producer_settings = common;
  if (!options_.compression.empty() && options_.config.count("compression.type") == 0 &&
      options_.config.count("compression.codec") == 0) {
    producer_settings.emplace_back("compression.type", options_.compression);
  }
  producer_settings.insert(producer_settings.end(),
                           {{"enable.idempotence", "true"},
                            {"acks", "all"},
                            {"linger.ms", StrCat(options_.linger_ms)},
                            {"allow.auto.create.topics", "false"},
                            {"message.timeout.ms", StrCat(options_.message_timeout_ms)},
                            {"queue.buffering.max.kbytes", "262144"}});
  absl::StatusOr<rd_kafka_t*> producer =
      NewClient(RD_KAFKA_PRODUCER, producer_settings, /*with_delivery_callback=*/true);
  if (!producer.ok()) return producer.status();
  producer_ = *producer;
  auto consumer_settings = common;
  consumer_settings.insert(
      consumer_settings.end(),
      // A group id only because librdkafka's assign needs one: the consumer never joins
      // the group and never commits an offset.
      {{"group.id", StrCat("tertial-reader-", producer_id_)},
       {"enable.auto.commit", "false"},
       {"enable.auto.offset.store", "false"},
       {"auto.offset.reset", "error"},
       {"enable.partition.eof", "false"},
       {"fetch.wait.max.ms", StrCat(options_.fetch_wait_max_ms)},
       {"fetch.error.backoff.ms", "100"},
       {"queued.max.messages.kbytes", "16384"},
       {"max.partition.fetch.bytes", StrCat(options_.max_partition_fetch_bytes)}});
  absl::StatusOr<rd_kafka_t*> consumer =
      NewClient(RD_KAFKA_CONSUMER, consumer_settings, /*with_delivery_callback=*/false);
  if (!consumer.ok()) return consumer.status();
  consumer_ = *consumer;
  poller_ = std::thread([this] { PollLoop(); });
  // Fail fast when nothing answers.
  const struct rd_kafka_metadata* metadata = nullptr;
  rd_kafka_resp_err_t err = rd_kafka_metadata(producer_, 0, nullptr, &metadata,
                                              static_cast<int>(options_.request_timeout.count()));
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return FromKafka(err, StrCat("Kafka at ", options_.bootstrap_servers, " does not answer"));
  }
  rd_kafka_metadata_destroy(metadata);
  return absl::OkStatus();
}

void KafkaLog::PollLoop() {
  while (!stop_) {
    // Delivery reports; while a writer flushes, its flush serves them (were this thread to
    // take one, that writer would wait out its flush slice).
    if (flushing_writers_.load() == 0) {
      rd_kafka_poll(producer_, 10);
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    rd_kafka_poll(consumer_, 0);
  }
  rd_kafka_poll(producer_, 0);
}

absl::StatusOr<KafkaLog::Topic*> KafkaLog::FindTopic(std::string_view name) {
  std::lock_guard<std::mutex> guard(mutex_);
  auto it = topics_.find(name);
  if (it != topics_.end()) return it->second.get();
  auto topic = std::make_unique<Topic>();
  topic->name = std::string(name);
  // All topics: asking for one by name makes brokers that auto-create topics create it.
  const struct rd_kafka_metadata* metadata = nullptr;
  rd_kafka_resp_err_t err = rd_kafka_metadata(producer_, 1, nullptr, &metadata,
                                              static_cast<int>(options_.request_timeout.count()));
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return FromKafka(err, StrCat("metadata of Kafka topic ", name));
  }
  int partitions = 0;
  rd_kafka_resp_err_t topic_err = RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART;
  for (int i = 0; i < metadata->topic_cnt; ++i) {
    if (name == metadata->topics[i].topic) {
      topic_err = metadata->topics[i].err;
      partitions = metadata->topics[i].partition_cnt;
    }
  }
  rd_kafka_metadata_destroy(metadata);
  if (topic_err != RD_KAFKA_RESP_ERR_NO_ERROR || partitions < 1) {
    return absl::NotFoundError(
        StrCat("Kafka topic ", name, " does not exist at ", options_.bootstrap_servers, " (",
               rd_kafka_err2str(topic_err),
               "); create it first (a Strimzi KafkaTopic, or tertial-devbroker locally)"));
  }
  topic->partitions = partitions;
  topic->handle = rd_kafka_topic_new(producer_, topic->name.c_str(), nullptr);
  if (topic->handle == nullptr) {
    return FromKafka(rd_kafka_last_error(), StrCat("Kafka topic ", name));
  }
  for (int p = 0; p < partitions; ++p) {
    topic->writer_locks.push_back(std::make_unique<std::mutex>());
    auto reader = std::make_unique<PartitionReader>();
    reader->topic = topic->name;
    reader->partition = p;
    topic->readers.push_back(std::move(reader));
  }
  Topic* raw = topic.get();
  topics_.emplace(topic->name, std::move(topic));
  return raw;
}

absl::StatusOr<int> KafkaLog::Partitions(std::string_view topic) {
  absl::StatusOr<Topic*> found = FindTopic(topic);
  if (!found.ok()) return found.status();
  return (*found)->partitions;
}

absl::StatusOr<std::unique_ptr<BatchWriter>> KafkaLog::BeginBatch(std::string_view topic,
                                                                  std::string_view key) {
  absl::StatusOr<Topic*> found = FindTopic(topic);
  if (!found.ok()) return found.status();
  int partition = static_cast<int>(KeyHash(key) % static_cast<uint32_t>((*found)->partitions));
  return std::make_unique<Writer>(this, *found, partition, std::string(key));
}

}  // namespace tertial::eventlog
