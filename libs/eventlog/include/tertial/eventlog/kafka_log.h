#ifndef TERTIAL_EVENTLOG_KAFKA_LOG_H_
#define TERTIAL_EVENTLOG_KAFKA_LOG_H_

// The Kafka event log, on librdkafka: for services deployed as separate processes.
//
// Writing. One topic per context (tertial.ledger.v1, ...); topics are created outside the
// log (Strimzi KafkaTopic in production, tertial-devbroker locally). A record goes to the
// partition EventLog::PartitionFor names (FNV-1a of the key modulo the partition count),
// produced with that explicit partition, so both logs place a key alike and librdkafka's
// partitioner is never used. The producer is idempotent with acks=all: a retried produce
// request never writes a record twice, and records of one producer land in the order sent.
//
// Batches, and why they are whole. Kafka transactions cannot be tested on librdkafka's
// mock cluster (its fetch does not hide aborted records from read_committed consumers), so
// batches are built from plain records:
//   - every record of a batch carries a header `tertial.batch` (16 bytes: a random
//     producer id and a per-producer sequence; DO NOT CHANGE these header names and
//     encodings: logs depend on them);
//   - Commit first waits until every record of the batch is acknowledged by all in-sync
//     replicas, then produces a commit marker (empty value, headers `tertial.batch` and
//     `tertial.commit` = be64 first offset, be64 record count), and waits for it too.
// A marker therefore exists only if all records of its batch are durably in the partition,
// before it. Readers scan a partition in offset order and apply one rule:
//
//   A batch is committed iff its marker is in the log and no other commit point (another
//   batch's marker, or a record without batch header, which stands alone) lies between
//   the batch's first record and its marker.
//
// The rule depends only on the log's content, so every reader, in any process, at any
// time, decides alike; and the writer checks the same rule after its marker lands: when its
// records and marker are contiguous (first + count == marker offset: nothing else can be in
// between) the batch is committed, otherwise it reads the range back. A batch that lost to
// a concurrent writer in another process is rewritten under a new batch id (up to a few
// times, while its records are small enough to have been kept: retain_bytes); failing
// that Commit returns ABORTED and nothing of the batch is ever visible. Within one process
// writers to a partition take turns, so batches interleave only across processes.
//
// What readers see follows from the rule: at each commit point every batch still open is
// decided (the marker's batch committed or not; all others lost), so a reader returns
// records in offset order, never a record of an uncommitted batch, and never waits on a
// producer that died mid-batch: its records are dropped at the next commit point of
// anyone. Records after the last commit point are held back until one comes.
//
// Offsets are Kafka offsets of the records returned: increasing, not dense (markers and
// records of lost batches leave gaps). A consumer stores last offset + 1 and resumes with
// Read(from = that); it may stop and resume in the middle of a batch (Read returns at most
// max_records): a batch whose first record lies before `from` is checked over the part the
// reader has not scanned, unless its records were contiguous. A batch larger than one fetch
// is buffered until its marker (up to max_pending_bytes; past that, the reader remembers
// the decision and scans the range again instead of holding it in memory).
// EndOffset is the high watermark, less one when the last record is a marker this process
// has seen, so a caught-up consumer shows lag 0; lag counts log positions, not events.
//
// Outcome of Commit: OK means committed and visible to every reader. An error means not
// committed, except DEADLINE_EXCEEDED / UNAVAILABLE while the marker itself was in flight,
// where the outcome is unknown (as with any remote commit): retry with the same event ids so
// that consumers can tell. Records lost to retention (the mock keeps ~5 MiB per partition)
// make Read return DATA_LOSS rather than skip them.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "tertial/eventlog/event_log.h"

typedef struct rd_kafka_s rd_kafka_t;
typedef struct rd_kafka_conf_s rd_kafka_conf_t;

namespace tertial::eventlog {

struct KafkaLogOptions {
  // "host:port,host:port".
  std::string bootstrap_servers;
  // Extra librdkafka properties for producer and consumer alike (security.protocol,
  // ssl.ca.location, sasl.*, ...). Cannot override idempotence or acks.
  std::map<std::string, std::string> config;
  std::string client_id = "tertial";
  // Producer batching delay. Commit waits for delivery, so this adds to its latency.
  int linger_ms = 2;
  // How long a record may wait for delivery before its batch fails.
  int message_timeout_ms = 120'000;
  // Limit on blocking metadata, offset and seek requests, and on one Read's fetching.
  std::chrono::milliseconds request_timeout{15'000};
  // A batch up to this size is kept in memory until committed, so that it can be rewritten
  // when it loses to a concurrent writer in another process.
  size_t retain_bytes = 8 << 20;
  // Records of undecided batches a reader holds in memory per partition.
  size_t max_pending_bytes = 64 << 20;
  // How long a fetch waits at the end of a partition for new records. Also the delay a
  // reader pays when it seeks, so keep it small where readers jump about (tests).
  int fetch_wait_max_ms = 100;
  // Records lately returned, kept per partition for readers a little behind.
  size_t read_cache_bytes = 8 << 20;
  // Upper bound of one fetch per partition (librdkafka max.partition.fetch.bytes).
  int max_partition_fetch_bytes = 1 << 20;
  // Largest batch (serialized envelopes) accepted; 0: no limit. Where a partition keeps
  // only so much (librdkafka's mock cluster, tertial-devbroker: about 5 MiB), a larger
  // batch would push committed records out of it (readers then see DATA_LOSS). With a
  // limit, the writer holds the batch in memory and produces nothing until Commit, and
  // the Add that takes it past the limit returns RESOURCE_EXHAUSTED (as do every later
  // Add and Commit): nothing of the batch is written.
  size_t max_batch_bytes = 0;
  // Producer compression (librdkafka compression.type), unless `config` sets one. Brokers
  // store the compressed record batches as they are, so this is also how much more a
  // partition of librdkafka's mock cluster holds: its limit (about 5 MiB per partition,
  // fixed in librdkafka 2.0's rdkafka_mock.c, with no setting in rdkafka_mock.h) counts
  // stored bytes. tertial's events (protobuf with repeated ids, accounts and units) shrink
  // several times, so the records a producer killed mid-batch left behind, a retry of the
  // batch, and what was committed before fit where they did not uncompressed.
  std::string compression = "zstd";
};

// Routes the log lines of a librdkafka client made with `conf` into tertial's log
// (tertial/log/log.h, {"source":"librdkafka"}), as KafkaLog does for its own clients: for
// the process's other librdkafka clients (tertial-relay's transactional producer).
void RouteKafkaClientLog(rd_kafka_conf_t* conf);

class KafkaLog final : public EventLog {
 public:
  // Connects and checks that the cluster answers (metadata) within request_timeout.
  static absl::StatusOr<std::unique_ptr<KafkaLog>> Open(KafkaLogOptions options);
  ~KafkaLog() override;

  // Partition count from cluster metadata (cached). NOT_FOUND if the topic does not exist:
  // Kafka topics are created by the deployment, not on first use.
  absl::StatusOr<int> Partitions(std::string_view topic) override;
  absl::StatusOr<std::unique_ptr<BatchWriter>> BeginBatch(std::string_view topic,
                                                          std::string_view key) override;
  absl::StatusOr<std::vector<Record>> Read(std::string_view topic, int partition, int64_t from,
                                           size_t max_records) override;
  absl::StatusOr<int64_t> EndOffset(std::string_view topic, int partition) override;
  bool WaitForData(std::string_view topic, int partition, int64_t from,
                   std::chrono::milliseconds timeout) override;
  // One wait for all positions: woken by librdkafka when a fetch lands on any partition
  // queue of this log, checked again every 100 ms in any case.
  bool WaitForAny(const std::vector<ReadPosition>& positions,
                  std::chrono::milliseconds timeout) override;
  void WakeWaiters() override;

  // Records produced and not yet acknowledged by the brokers (librdkafka's out queue,
  // delivery reports included); read without blocking, for metrics.
  int ProducerQueueLength() const;
  // The producer's name in librdkafka ("tertial#producer-1"), unique in the process.
  std::string ClientName() const;
  // Calls fn for every KafkaLog open in the process; fn must not open or close one.
  static void ForEach(const std::function<void(KafkaLog&)>& fn);

  // How often the consumer was moved on a partition (for tests of the read cache).
  int64_t SeeksForTesting(std::string_view topic, int partition);

 private:
  class Writer;
  struct Topic;
  struct PartitionReader;

  explicit KafkaLog(KafkaLogOptions options);
  absl::Status Connect();
  absl::StatusOr<Topic*> FindTopic(std::string_view topic);
  absl::StatusOr<PartitionReader*> Reader(std::string_view topic, int partition);
  absl::StatusOr<std::pair<int64_t, int64_t>> Watermarks(const std::string& topic, int partition);
  void PollLoop();

  // Reader internals (kafka_log_reader.cc); `reader->mutex` held.
  absl::Status Seek(PartitionReader* reader, int64_t offset);
  absl::Status ResetCursor(PartitionReader* reader, int64_t from);
  // The next record at or past the reader's position; null on timeout.
  absl::StatusOr<struct rd_kafka_message_s*> Pull(PartitionReader* reader,
                                                  std::chrono::steady_clock::time_point deadline);
  // Whether [first, until) holds another batch's commit point, and how many records of
  // `batch_id` (the batch rule, read back).
  absl::StatusOr<std::pair<bool, int64_t>> ScanRange(PartitionReader* reader, int64_t first,
                                                     int64_t until, std::string_view batch_id);
  // Whether a committed record at or past `from` may be readable now, without waiting.
  bool MayHaveData(PartitionReader* reader, int64_t from);
  // librdkafka calls this from its own thread when a partition queue turns non-empty.
  static void OnFetched(rd_kafka_t* rk, void* log);

  KafkaLogOptions options_;
  uint64_t producer_id_;
  rd_kafka_t* producer_ = nullptr;
  rd_kafka_t* consumer_ = nullptr;
  std::mutex mutex_;  // guards topics_
  std::map<std::string, std::unique_ptr<Topic>, std::less<>> topics_;
  std::atomic<uint64_t> next_batch_{1};
  std::atomic<int> flushing_writers_{0};
  std::atomic<bool> stop_{false};
  std::thread poller_;
  // Counts OnFetched calls, for WaitForAny.
  std::mutex fetched_mutex_;
  std::condition_variable fetched_;
  uint64_t fetches_ = 0;  // guarded by fetched_mutex_
  uint64_t wakes_ = 0;    // WakeWaiters calls; guarded by fetched_mutex_
};

}  // namespace tertial::eventlog

#endif  // TERTIAL_EVENTLOG_KAFKA_LOG_H_
