#ifndef TERTIAL_EVENTLOG_EMBEDDED_LOG_H_
#define TERTIAL_EVENTLOG_EMBEDDED_LOG_H_

// The embedded event log: an append-only log in a RocksDB inside the process.
//
// On-disk layout (DO NOT CHANGE: existing data directories depend on it):
//   "p\0<topic>"                      -> partition count (decimal)
//   "e\0<topic>\0" + be32(partition)  -> committed end offset (be64)
//   "r\0<topic>\0" + be32(partition) + be64(offset) -> varint key length, key, envelope
//   "c\0<topic>\0" + be32(partition) + be64(offset) -> "" : a batch's last record (its
//                                      commit point, Record::commit_offset); logs written
//                                      before these were kept have none
//
// A batch writes its records beyond the committed end and then, in one final WriteBatch,
// the last records, the new end and the batch's commit point. Records beyond the end are
// invisible and are removed when the log is opened, so a crash in the middle of a batch
// leaves nothing behind.

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "tertial/eventlog/event_log.h"
#include "tertial/storage/rocks.h"

namespace rocksdb {
class DB;
}

namespace tertial::eventlog {

struct EmbeddedLogOptions {
  // Partitions of a topic created on first use.
  int default_partitions = 1;
  // fsync the write-ahead log on every commit: a committed batch survives a machine crash,
  // not only a process crash.
  bool sync_commits = true;
  // Records are written out in chunks of about this many bytes while a batch grows.
  size_t chunk_bytes = 4 << 20;
  // Open for reading beside a process that may be writing the log (a tertiald): a RocksDB
  // secondary instance, which takes no lock and sees the log as it was when opened. Topics
  // are never created (Partitions of a missing one is NOT_FOUND) and BeginBatch fails.
  bool read_only = false;
  // RocksDB memory shared with the process's other databases; null: the process's budget
  // (storage::ProcessBudget()).
  std::shared_ptr<storage::MemoryBudget> memory;
};

class EmbeddedLog final : public EventLog {
 public:
  static absl::StatusOr<std::unique_ptr<EmbeddedLog>> Open(const std::string& path,
                                                           EmbeddedLogOptions options = {});
  ~EmbeddedLog() override;

  // Creates `topic` with `partitions` partitions, or checks that it has that many.
  absl::Status CreateTopic(std::string_view topic, int partitions);
  // Whether `topic` exists (Partitions creates a missing one; this does not).
  bool HasTopic(std::string_view topic);

  absl::StatusOr<int> Partitions(std::string_view topic) override;
  absl::StatusOr<std::unique_ptr<BatchWriter>> BeginBatch(std::string_view topic,
                                                          std::string_view key) override;
  absl::StatusOr<std::vector<Record>> Read(std::string_view topic, int partition, int64_t from,
                                           size_t max_records) override;
  absl::StatusOr<int64_t> EndOffset(std::string_view topic, int partition) override;
  bool EndOffsetIsLocal() const override { return true; }
  bool WaitForData(std::string_view topic, int partition, int64_t from,
                   std::chrono::milliseconds timeout) override;
  bool WaitForAny(const std::vector<ReadPosition>& positions,
                  std::chrono::milliseconds timeout) override;

 private:
  class Writer;
  struct PartitionState {
    std::mutex writer_mutex;  // held by the one open BatchWriter
    int64_t end = 0;          // committed end; guarded by EmbeddedLog::mutex_
  };
  struct TopicState {
    std::vector<std::unique_ptr<PartitionState>> partitions;
  };

  EmbeddedLog(std::unique_ptr<rocksdb::DB> db, EmbeddedLogOptions options,
              std::string secondary_dir);
  absl::Status LoadTopics();
  absl::StatusOr<TopicState*> Topic(std::string_view topic, bool create);
  absl::StatusOr<PartitionState*> Partition(std::string_view topic, int partition);

  std::unique_ptr<rocksdb::DB> db_;
  std::unique_ptr<storage::Registration> registration_;  // listed for metrics while open
  EmbeddedLogOptions options_;
  std::string secondary_dir_;  // read_only: the secondary instance's own files, removed last
  std::mutex mutex_;
  std::condition_variable committed_;
  std::map<std::string, TopicState, std::less<>> topics_;
};

}  // namespace tertial::eventlog

#endif  // TERTIAL_EVENTLOG_EMBEDDED_LOG_H_
