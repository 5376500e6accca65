#ifndef TERTIAL_EVENTLOG_LOG_POSITIONS_H_
#define TERTIAL_EVENTLOG_LOG_POSITIONS_H_

// Where in the log something is: per partition, the offset up to which (not including) a
// reader must have applied records to hold it. A command returns the positions of the
// batches it committed (a consistency token); a query given them waits only until its
// projections have applied those positions, not for the whole log (projection::ReadWait).
//
// The token is text, for a gRPC header and a shell variable:
//   TOPIC/PARTITION:OFFSET[,TOPIC/PARTITION:OFFSET...]
//   e.g. tertial.ledger.v1/2:1843,tertial.forecast.v1/2:17
// OFFSET is a batch's end (AppendResult::end_offset): its commit point on Kafka, one past its
// last record on the embedded log; a projection has applied the batch once its consumed
// offset (the next offset it will apply) is at or past it. Compare
// projection::RecordPlace (TOPIC/PARTITION@OFFSET), which names one record.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/statusor.h"

namespace tertial::eventlog {

struct AppendResult;

class LogPositions {
 public:
  // What ParseToken accepts at most: a token from one command names a partition or two.
  static constexpr size_t kMaxTokenBytes = 2048;
  static constexpr size_t kMaxPositions = 32;
  static constexpr size_t kMaxTopicBytes = 249;  // Kafka's own limit

  using Map = std::map<std::pair<std::string, int>, int64_t>;

  // Raises the position of `topic`/`partition` to `offset` (positions only grow: the later
  // of two is the one that holds both).
  void Note(std::string_view topic, int partition, int64_t offset);
  // Notes the end of a committed batch; nothing for an empty one.
  void Note(std::string_view topic, const AppendResult& appended);
  void Merge(const LogPositions& other);

  bool empty() const { return positions_.empty(); }
  const Map& positions() const { return positions_; }

  // The token (format above); "" when empty.
  std::string ToToken() const;
  // Parses a token strictly: INVALID_ARGUMENT naming what was expected for anything but
  // the format above within the limits (topic [A-Za-z0-9._-]+, partition and offset
  // decimal, no sign, no spaces). An empty token is an error too: a caller with nothing
  // to wait for sends no token.
  static absl::StatusOr<LogPositions> ParseToken(std::string_view token);

  friend bool operator==(const LogPositions& a, const LogPositions& b) {
    return a.positions_ == b.positions_;
  }

 private:
  Map positions_;
};

// Gathers where the batches committed on the calling thread landed, while alive
// (BatchWriter::Commit notes each one). A gRPC command opens one for its call
// (grpcutil::ReadCall) and returns what it gathered as its token. Not copyable; nests: an
// inner scope passes what it gathered on to the enclosing one when it ends.
class ScopedCommits {
 public:
  ScopedCommits();
  ~ScopedCommits();
  ScopedCommits(const ScopedCommits&) = delete;
  ScopedCommits& operator=(const ScopedCommits&) = delete;

  const LogPositions& committed() const { return committed_; }

  // Called by BatchWriter::Commit on the committing thread; nothing without a scope.
  static void Note(std::string_view topic, const AppendResult& appended);

 private:
  LogPositions committed_;
  ScopedCommits* outer_;
};

}  // namespace tertial::eventlog

#endif  // TERTIAL_EVENTLOG_LOG_POSITIONS_H_
