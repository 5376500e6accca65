#ifndef TERTIAL_PROJECTION_READ_WAIT_H_
#define TERTIAL_PROJECTION_READ_WAIT_H_

// How long a query waits for its projections to catch up before it answers from what they
// hold, and what it learnt about their freshness. Queries never ask the log themselves
// (on Kafka that is a broker round trip, and hangs while brokers are away): they wait on
// what the runner's follower knows (Runner::AwaitRead), at most until `deadline`.
//
// A gRPC handler sets the calling thread's ReadWait for the duration of a call
// (grpcutil::ReadCall, from the call's deadline and its x-tertial-fresh header); code that
// reads outside a call gets the process default.

#include <chrono>
#include <cstdint>
#include <string>

namespace tertial::projection {

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
};

// The longest a query waits for a projection that is catching up (ReadWait::latest).
inline constexpr std::chrono::seconds kLongestCatchUpWait{30};

// How long a query waits for catch-up by default (--read-wait-ms); 1000 ms unless set.
void SetDefaultReadWait(std::chrono::milliseconds wait);
std::chrono::milliseconds DefaultReadWait();

// The calling thread's ReadWait: the innermost ScopedReadWait's, else now + the default.
ReadWait CurrentReadWait();

// What the reads of the current scope found: the largest number of log positions a
// projection was behind (0: every projection read was confirmed current), and why.
struct ReadFreshness {
  bool stale = false;
  int64_t behind = 0;
  std::string reason;  // empty when fresh
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
