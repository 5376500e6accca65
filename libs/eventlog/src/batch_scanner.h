#ifndef TERTIAL_EVENTLOG_BATCH_SCANNER_H_
#define TERTIAL_EVENTLOG_BATCH_SCANNER_H_

// The reader's half of the Kafka log's batch rule (see kafka_log.h): decides, from the
// records of one partition fed in offset order, which belong to committed batches. Pure:
// no Kafka types, so the rule is tested on its own (batch_scanner_test.cc).

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "tertial/eventlog/event_log.h"

namespace tertial::eventlog::internal {

// Header names and sizes. DO NOT CHANGE: Kafka logs depend on them.
inline constexpr char kBatchHeader[] = "tertial.batch";    // 16 bytes: producer, sequence
inline constexpr char kCommitHeader[] = "tertial.commit";  // 16 bytes: be64 first, be64 count
inline constexpr size_t kBatchIdBytes = 16;

struct RawRecord {
  enum class Kind { kData, kCommit, kPlain };
  int64_t offset = 0;
  Kind kind = Kind::kPlain;
  std::string batch;  // kBatchIdBytes, for kData and kCommit
  int64_t first = 0;  // kCommit: offset of the batch's first record
  int64_t count = 0;  // kCommit: records in the batch
  std::string key;
  std::string value;
};

// Decisions about batches, kept per partition across scans so that a rescan or a resumed
// reader need not decide again. Bounded: the oldest decisions are forgotten first.
class BatchDecisions {
 public:
  struct Decision {
    bool committed = false;
    int64_t marker = 0;  // offset of the commit point that decided it
  };
  explicit BatchDecisions(size_t capacity = 100'000) : capacity_(capacity) {}
  const Decision* Find(const std::string& batch) const;
  void Set(const std::string& batch, Decision decision);

 private:
  size_t capacity_;
  std::map<std::string, Decision> by_batch_;
  std::multimap<int64_t, std::string> by_marker_;
};

class BatchScanner {
 public:
  // What [first, until) holds: whether a commit point other than `batch`'s own, and how
  // many records of `batch`.
  struct RangeFacts {
    bool other_commit_point = false;
    int64_t batch_records = 0;
  };
  using RangeFn = std::function<absl::StatusOr<RangeFacts>(int64_t first, int64_t until,
                                                           const std::string& batch)>;

  // Scans from `start`; committed records go to `ready` in offset order.
  BatchScanner(int64_t start, BatchDecisions* decisions, std::deque<Record>* ready,
               size_t max_pending_bytes);

  // Feeds the next record (offsets strictly increasing). `range` is asked about the part
  // of a batch before `start` that this scan has not seen.
  absl::Status Feed(RawRecord record, const RangeFn& range);

  // The offset the next fed record must be at or beyond.
  int64_t next() const { return next_; }
  // Set when a committed batch had records not held in memory (max_pending_bytes): the
  // caller scans again from here with a new scanner; the decision is remembered.
  std::optional<int64_t> rescan_from() const { return rescan_from_; }

 private:
  struct Pending {
    int64_t offset;
    std::string batch;
    bool kept;  // key and value held
    std::string key;
    std::string value;
  };
  void DropPending(const std::string* except);

  int64_t start_;
  int64_t next_;
  int64_t last_commit_point_ = -1;
  BatchDecisions* decisions_;
  std::deque<Record>* ready_;
  size_t max_pending_bytes_;
  size_t pending_bytes_ = 0;
  std::deque<Pending> pending_;
  std::optional<int64_t> rescan_from_;
};

}  // namespace tertial::eventlog::internal

#endif  // TERTIAL_EVENTLOG_BATCH_SCANNER_H_
