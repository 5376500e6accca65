#ifndef TERTIAL_PROJECTION_READ_WAIT_H_
#define TERTIAL_PROJECTION_READ_WAIT_H_

// What a query waits for before it reads its projections, how long, and what it learnt
// about their freshness. Queries never ask the log themselves (on Kafka that is a broker
// round trip, and hangs while brokers are away): they wait on what the runner's follower
// knows (Runner::AwaitRead), at most until `deadline`.
//
// What a query may rely on, by ReadMode:
//   kLatest   it sees every record committed before it was called (on any partition), so a
//             query after a command sees the command's effect even without its token (a
//             script that imports, then queries from another process). It also waits for
//             every other record committed by then: during another organisation's large
//             import, for that import to be applied.
//   kAfter    it sees at least the positions of `after` (a command's token; log_positions.h)
//             on the partitions its projections follow, and whatever else they had applied;
//             it waits for nothing else.
//   kSnapshot it waits for nothing: what the projections hold, with how many log positions
//             they know are not applied (ReadFreshness::behind).
// In every mode an answer is one consistent snapshot of each projection read, a rebuild is
// never read half-done, and a wait past `deadline` (or `latest` while applying) answers
// stale or, with require_fresh, UNAVAILABLE.
//
// A gRPC handler sets the calling thread's ReadWait for the duration of a call
// (grpcutil::ReadCall, from the call's deadline and its x-tertial-fresh and x-tertial-after
// headers); code that reads outside a call gets the process default (kLatest).

#include <chrono>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "tertial/eventlog/log_positions.h"

namespace tertial::projection {

// What a query waits for (above).
enum class ReadMode { kLatest, kAfter, kSnapshot };

struct ReadWait {
  // How long a query waits for a log that does not answer, or a projection that does not
  // move.
  std::chrono::steady_clock::time_point deadline;
  // Fail with UNAVAILABLE instead of answering from a projection that could not be
  // confirmed current (the caller asked for fresh data; every command).
  bool require_fresh = false;
  // While the projection is applying what the log holds (a catch-up under way, which
  // ends), the wait goes on up to this; before `deadline`: as `deadline`.
  std::chrono::steady_clock::time_point latest{};
  ReadMode mode = ReadMode::kLatest;
  eventlog::LogPositions after;  // for kAfter
  // Not OK when the caller's consistency header did not parse: every AwaitRead under this
  // wait returns it (INVALID_ARGUMENT), before reading anything.
  absl::Status invalid;
  // Gather the positions each projection read had applied (ReadFreshness::applied): what a
  // command that appended nothing returns as its token.
  bool note_applied = false;
};

// The longest a query waits for a projection that is catching up (ReadWait::latest).
inline constexpr std::chrono::seconds kLongestCatchUpWait{30};

// How long a query waits for catch-up by default (--read-wait-ms); 1000 ms unless set.
void SetDefaultReadWait(std::chrono::milliseconds wait);
std::chrono::milliseconds DefaultReadWait();

// The calling thread's ReadWait: the innermost ScopedReadWait's, else now + the default.
ReadWait CurrentReadWait();

// What the reads of the current scope found: the largest number of log positions a
// projection was known to be behind (0 for kLatest when every projection read was
// confirmed current; kAfter and kSnapshot say what they know even when not stale), and why
// an answer is stale.
struct ReadFreshness {
  bool stale = false;
  int64_t behind = 0;
  std::string reason;  // empty when fresh
  // With ReadWait::note_applied, per partition the consumed offsets of the projections
  // confirmed current: the command's state holds at least these.
  eventlog::LogPositions applied;
};

// Sets the calling thread's ReadWait until destroyed, and gathers what Runner::AwaitRead
// found meanwhile. Not copyable; nests (the inner one wins until it ends).
class ScopedReadWait {
 public:
  explicit ScopedReadWait(ReadWait wait);
  ~ScopedReadWait();
  ScopedReadWait(const ScopedReadWait&) = delete;
  ScopedReadWait& operator=(const ScopedReadWait&) = delete;

  const ReadFreshness& freshness() const { return freshness_; }
  const ReadWait& wait() const { return wait_; }
  // Whether no other scope encloses this one (a handler's ReadCall inside another's).
  bool outermost() const { return outer_ == nullptr; }

  // Called by Runner::AwaitRead on the reading thread.
  static void Note(const ReadFreshness& found);

 private:
  ReadWait wait_;
  ReadFreshness freshness_;
  ScopedReadWait* outer_;
};

}  // namespace tertial::projection

#endif  // TERTIAL_PROJECTION_READ_WAIT_H_
