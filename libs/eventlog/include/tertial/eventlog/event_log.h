#ifndef TERTIAL_EVENTLOG_EVENT_LOG_H_
#define TERTIAL_EVENTLOG_EVENT_LOG_H_

// The log every tertial fact is written to. Two implementations pass one conformance suite
// (event_log_conformance_test.cc): EmbeddedLog on RocksDB (one process, the default) and
// KafkaLog on librdkafka (services as separate processes).
//
// Model: a topic per context ("tertial.ledger.v1"), split into partitions. A record goes to
// the partition its key hashes to (PartitionFor), and tertial keys by organisation, so one
// municipality's events stay in order. Offsets increase within a partition from 0; they are
// dense on the embedded log and not on Kafka (kafka_log.h): resume from last offset + 1,
// never count records by offset difference.
//
// Batches: BeginBatch/Commit append a batch of records under one key whole or not at all.
// Readers never see a record of a batch that was not committed, on either log. A batch may
// be larger than memory: the writer streams records out as they are added.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tertial/eventlog/v1/envelope.pb.h"

namespace tertial::eventlog {

using Envelope = ::tertial::eventlog::v1::Envelope;

// Topics of the four contexts.
inline constexpr std::string_view kLedgerTopic = "tertial.ledger.v1";
inline constexpr std::string_view kForecastTopic = "tertial.forecast.v1";
inline constexpr std::string_view kGoalsTopic = "tertial.goals.v1";
inline constexpr std::string_view kReportingTopic = "tertial.reporting.v1";
// The operator's facts (tertial.admin.v1.AdminEvent): quarantined records. One partition;
// every projection runner reads it (projection/quarantine.h).
inline constexpr std::string_view kAdminTopic = "tertial.admin.v1";

// One committed record of a partition.
struct Record {
  int64_t offset = 0;
  std::string key;
  std::string value;  // a serialized Envelope
  // The offset of the commit point that made this record visible: records of one batch
  // share it, records of different batches never do, and it is at or past `offset`. On
  // Kafka the batch's commit marker (a record without batch header is its own commit
  // point); on the embedded log the batch's last record. -1: not known (embedded logs
  // written before commit points were kept). `tertial log export` keeps batches whole by it.
  int64_t commit_offset = -1;

  absl::StatusOr<Envelope> ParseEnvelope() const;
};

// Where a committed batch landed: offsets [first_offset, end_offset).
struct AppendResult {
  int partition = 0;
  int64_t first_offset = 0;
  int64_t end_offset = 0;
};

class BatchWriter;
namespace testing {
// Adds `envelope` without CheckAppendable: for tests that must put a record into a log that
// the log would refuse (a poison record written by an older version). Never in production.
absl::Status AddWithoutCheck(BatchWriter& writer, const Envelope& envelope);
}  // namespace testing

// Whether `envelope` may be appended: it must read back. Its own text fields must be UTF-8,
// and where this process knows its event_type (a message of a <Context>Event's oneof
// `event`, e.g. tertial.ledger.v1.UnitDefined in tertial.ledger.v1.LedgerEvent), its
// payload must parse as that <Context>Event; an event type this process does not know is
// only checked for the envelope. INVALID_ARGUMENT naming the event and the field, e.g.
//   "refusing to append tertial.ledger.v1.UnitDefined (unit/QR) to tertial.ledger.v1: it
//    would not read back: payload field unit_defined.name is not valid UTF-8 (byte \x94
//    at offset 1); ..."
// Both logs run it on every record added (BatchWriter::Add): a record that cannot be read
// back would stop every projection that follows its topic.
absl::Status CheckAppendable(std::string_view topic, const Envelope& envelope);
// Why `envelope` would not read back on `topic` (the problem CheckAppendable names), or ""
// if it would.
std::string ReadBackProblem(std::string_view topic, const Envelope& envelope);

// Appends one batch. Records added are invisible to readers until Commit returns OK;
// destroying the writer without a successful Commit abandons the batch. A writer holds its
// partition: other appends to that partition (in this process) wait until it is destroyed
// (KafkaLog also frees it at a successful Commit), so commit once and destroy the writer.
// Not thread-safe.
class BatchWriter {
 public:
  explicit BatchWriter(std::string topic) : topic_(std::move(topic)) {}
  virtual ~BatchWriter() = default;
  // Adds a record after CheckAppendable; a record that fails it is not added (the batch
  // stays as it was, and may still be committed or abandoned).
  absl::Status Add(const Envelope& envelope);
  // Makes the whole batch visible at once. An empty batch commits nothing. Where it landed
  // is noted for the calling thread's ScopedCommits (log_positions.h), so that a command
  // can tell its caller what to wait for.
  absl::StatusOr<AppendResult> Commit();
  // Records added so far.
  virtual int64_t size() const = 0;
  const std::string& topic() const { return topic_; }

 protected:
  // Adds a record that passed CheckAppendable.
  virtual absl::Status AddChecked(const Envelope& envelope) = 0;
  // Commit's work.
  virtual absl::StatusOr<AppendResult> CommitBatch() = 0;
  // For a writer that wraps another: adds to `inner` without checking again.
  static absl::Status AddCheckedTo(BatchWriter& inner, const Envelope& envelope) {
    return inner.AddChecked(envelope);
  }

 private:
  friend absl::Status testing::AddWithoutCheck(BatchWriter& writer, const Envelope& envelope);
  std::string topic_;
};

// A place to read from: for waiting on several partitions at once.
struct ReadPosition {
  std::string topic;
  int partition = 0;
  int64_t from = 0;  // the next offset the reader wants
};

// Thread-safe: any number of threads may append and read concurrently.
class EventLog {
 public:
  EventLog() = default;
  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;
  virtual ~EventLog() = default;

  // Number of partitions of `topic` (created on first use where the log can).
  virtual absl::StatusOr<int> Partitions(std::string_view topic) = 0;

  // Starts a batch of records under `key` (all go to PartitionFor(topic, key)).
  virtual absl::StatusOr<std::unique_ptr<BatchWriter>> BeginBatch(std::string_view topic,
                                                                  std::string_view key) = 0;

  // Reads committed records of a partition with offset >= `from`, in offset order, at most
  // `max_records`. Returns an empty vector when there is nothing more right now.
  virtual absl::StatusOr<std::vector<Record>> Read(std::string_view topic, int partition,
                                                   int64_t from, size_t max_records) = 0;

  // The offset the next committed record of a partition will get; end - consumed = lag.
  virtual absl::StatusOr<int64_t> EndOffset(std::string_view topic, int partition) = 0;
  // Whether EndOffset answers from this process, without a network round trip (the
  // embedded log), so that a query may call it; on Kafka it asks a broker, and only a
  // background thread may (projection::Runner's follower).
  virtual bool EndOffsetIsLocal() const { return false; }

  // Blocks until a committed record with offset >= `from` may be readable, or `timeout`
  // passes. Returns true if there may be data. Spurious wake-ups are allowed.
  virtual bool WaitForData(std::string_view topic, int partition, int64_t from,
                           std::chrono::milliseconds timeout) = 0;

  // The same for several positions at once (a follower of every partition of its topics):
  // returns as soon as any of them may have data. The default waits on each in turn in
  // short slices (up to ~10 ms late per position); both logs override it with one wait.
  virtual bool WaitForAny(const std::vector<ReadPosition>& positions,
                          std::chrono::milliseconds timeout);
  // Makes every WaitForAny under way on this log return now (false, as a spurious
  // wake-up): a query that needs its follower to catch up calls it, so that the follower
  // does not first sleep out its wait. The default does nothing: its waits are short.
  virtual void WakeWaiters() {}

  // Appends `envelopes` as one batch.
  absl::StatusOr<AppendResult> Append(std::string_view topic, std::string_view key,
                                      const std::vector<Envelope>& envelopes);

  // The partition a key's records go to: FNV-1a (32 bit) of the key modulo the partition
  // count. DO NOT CHANGE: existing logs depend on it.
  absl::StatusOr<int> PartitionFor(std::string_view topic, std::string_view key);
};

// FNV-1a, 32 bit.
uint32_t KeyHash(std::string_view key);

}  // namespace tertial::eventlog

#endif  // TERTIAL_EVENTLOG_EVENT_LOG_H_
