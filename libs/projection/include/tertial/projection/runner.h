#ifndef TERTIAL_PROJECTION_RUNNER_H_
#define TERTIAL_PROJECTION_RUNNER_H_

// Applies events from the log to a projection, offset-atomically: each step's state
// changes and the offsets it consumed go to RocksDB in the same WriteBatch. A crash at any
// point therefore neither applies an event twice nor loses one, and replaying from offset 0
// into an empty database gives the same bytes (Rebuild).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "tertial/eventlog/event_log.h"
#include "tertial/projection/quarantine.h"
#include "tertial/projection/read_wait.h"
#include "tertial/projection/store.h"

namespace tertial::projection {

// A read model built from events. Apply must be deterministic: it may read and write the
// store, and nothing else (no clock, no randomness, no I/O).
class Projection {
 public:
  virtual ~Projection() = default;
  // Topics followed, caught up in this order on every step.
  virtual std::vector<std::string> Topics() const = 0;
  virtual absl::Status Apply(std::string_view topic, const eventlog::Record& record,
                             const eventlog::Envelope& envelope, Store& store) = 0;
  // A step is BeginStep, Apply for each of its records, EndStep, then one commit. A
  // projection that gathers a step's changes in memory (summing many events into few
  // keys) writes them in EndStep, and forgets what it gathered in BeginStep, so that a
  // step that failed half-way leaves nothing behind.
  virtual void BeginStep() {}
  virtual absl::Status EndStep(Store& store) { return absl::OkStatus(); }
};

struct PartitionProgress {
  std::string topic;
  int partition = 0;
  int64_t consumed = 0;  // next offset to apply
  int64_t end = 0;       // log end offset when asked
};

struct RunnerOptions {
  // Records applied per WriteBatch.
  size_t records_per_step = 1000;
  // How metrics name this projection; empty: its C++ type name.
  std::string name;
  // How long the follower waits, idle, before it looks at the log again without being
  // woken (the log wakes it when records are committed).
  std::chrono::milliseconds idle_wait{500};
};

// Thread-safe.
class Runner {
 public:
  Runner(eventlog::EventLog* log, ProjectionDb* db, Projection* projection,
         RunnerOptions options = {});
  ~Runner();
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  // Applies every record committed when called, then returns. Queries call this first so
  // that a command's effects are visible to the next query (read your writes).
  //
  // A record that cannot be applied (its envelope or payload does not parse, or Apply
  // fails) stops the runner at it: the error names the record (IsRecordError) and says
  // how an operator quarantines it. Quarantined records (quarantine.h) are skipped.
  absl::Status CatchUp();

  // What a query calls before it reads a snapshot: waits until the projection holds what
  // `wait.mode` asks for (read_wait.h), at most until `wait.deadline`, without asking the
  // log and without the apply lock, so queries run side by side and beside applying.
  //   - kLatest: every record committed when called.
  //       - On a log whose end is local (embedded), the end is read here; the caller
  //         applies a step itself when nobody else is.
  //       - Otherwise (Kafka) the follower (Start, or a component's loop that calls CatchUp
  //         when WaitForRecords returns) is asked for a catch-up that starts after this
  //         call, and this call waits for it.
  //   - kAfter: the consumed offsets reach `wait.after` on the partitions this projection
  //     follows (other topics' positions are ignored); nothing else is waited for, and
  //     nothing is asked of the log. On a local log the caller applies steps itself when
  //     nobody else is, as for kLatest; a step applies the oldest records first, so what
  //     was committed after the token's batch delays it at most by one step.
  //   - kSnapshot: no wait.
  //   kAfter and kSnapshot answers say how far behind the projection knows it is.
  // While the projection is applying (a catch-up under way), the wait goes on past the
  // deadline, up to `wait.latest`. Past that it answers from what the projection holds: stale, with
  // how many log positions it knows are not applied, and why (the log unreachable, a record that
  // cannot be applied) — or UNAVAILABLE saying so when `wait.require_fresh`. UNAVAILABLE also while
  // a Rebuild runs past the deadline (a half-rebuilt state is never read). The outcome is noted for
  // ScopedReadWait (read_wait.h).
  absl::StatusOr<ReadFreshness> AwaitRead(const ReadWait& wait);
  // The same with the calling thread's CurrentReadWait().
  absl::StatusOr<ReadFreshness> AwaitRead() { return AwaitRead(CurrentReadWait()); }

  // What a component does at start: CatchUp, then Start. A record that cannot be applied
  // does not fail the start (the process must stay up, so that its admin API can
  // quarantine the record): the follower keeps trying, last_error() and every CatchUp say
  // why. Other errors (the log unreachable) are returned, and nothing is started.
  absl::Status CatchUpAndStart();

  // Applies at most one step (for tests that interrupt between steps). Returns the number
  // of records applied.
  absl::StatusOr<size_t> Step();

  // Follows the log in a background thread until Stop (or destruction). Idle, it waits on
  // every partition of every topic it follows at once (EventLog::WaitForAny), so a record
  // is applied as soon as it is committed, whatever its partition.
  void Start();
  void Stop();

  // Blocks until a record past the consumed offsets may be readable on any partition of
  // the projection's topics, or `timeout` passes, or Stop is called. True if there may be
  // records. For components that run their own follow loop around CatchUp.
  bool WaitForRecords(std::chrono::milliseconds timeout);

  // Deletes all projection state and offsets, then replays from offset 0 up to the log's
  // end when called. Holds the apply lock throughout: CatchUp (and so every query and
  // command that catches up first) waits until the rebuild is done, and never sees a
  // half-rebuilt state. FAILED_PRECONDITION while another Rebuild of this runner runs.
  absl::Status Rebuild();
  // Whether a Rebuild is running.
  bool rebuilding() const { return rebuilding_; }

  // Makes a CatchUp or Rebuild in progress, and every later one, return CANCELLED between
  // two steps, so that a process told to stop during a long catch-up stops promptly. What
  // was applied stays (offset-atomic); the next process continues from there. For
  // shutdown only: there is no way back.
  void Interrupt();
  // Interrupt() on every Runner alive and every Runner made later (a signal may come while
  // the process is still making them).
  static void InterruptAll();

  absl::StatusOr<std::vector<PartitionProgress>> Progress();
  // Progress as last learnt from the log (consumed offsets, and the end offsets of the last
  // catch-up), without asking it: for metrics and health, which must never wait on it.
  // Empty before the first catch-up.
  std::vector<PartitionProgress> KnownProgress();
  // Whether the log is unreachable: the error of the last look at it (other than a record
  // that cannot be applied), or UNAVAILABLE when a look has waited longer than
  // kLogSilence for an answer (a Kafka client waits out its request timeout before it
  // says so); else OK. For readiness and for what a stale query says.
  absl::Status log_error();
  static constexpr std::chrono::seconds kLogSilence{3};

  // The error of the background thread's last step (or of CatchUpAndStart); OK again once
  // a step succeeds (after a quarantine, or when the log is back).
  absl::Status last_error();
  // Quarantined records this runner skipped since it was made.
  int64_t quarantined_skipped();

  // RunnerOptions::name, or the projection's type name.
  const std::string& name() const { return name_; }
  // The database the projection lives in (a component's runners are those whose database
  // lies under its ComponentOptions::data_dir).
  ProjectionDb& db() const { return *db_; }
  // Calls `fn` for every Runner alive (for metrics). Runners are not destroyed meanwhile;
  // `fn` must not create or destroy one.
  static void ForEach(const std::function<void(Runner&)>& fn);

 private:
  using Offsets = std::map<std::pair<std::string, int>, int64_t>;
  absl::StatusOr<size_t> StepLocked(bool* caught_up);
  // Records what the follower or a CatchUp learnt, and wakes AwaitRead.
  void NoteEnds(const Offsets& ends);
  void NoteError(const absl::Status& error);
  // The consumed offset of a partition; state_mutex_ held.
  std::optional<int64_t> ConsumedLocked(const std::pair<std::string, int>& tp);
  // Whether the consumed offsets reached `targets`; state_mutex_ held.
  bool ReachedLocked(const Offsets& targets);
  // Positions known to be in the log and not applied; state_mutex_ held.
  int64_t BehindLocked();
  // Whether a query waits for a catch-up the follower has not done yet.
  bool CatchUpWanted();
  // The log's end offset of every partition followed.
  absl::StatusOr<Offsets> EndOffsets();
  // Applies steps until every partition reached `targets`; apply_mutex_ is held.
  absl::Status CatchUpLocked(const std::map<std::pair<std::string, int>, int64_t>& targets);
  void FollowLoop();
  // Sleeps for `duration`, or until Stop.
  void Pause(std::chrono::milliseconds duration);

  eventlog::EventLog* log_;
  ProjectionDb* db_;
  Projection* projection_;
  RunnerOptions options_;
  std::mutex apply_mutex_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> interrupted_{false};
  std::atomic<bool> rebuilding_{false};
  std::thread follower_;
  std::mutex error_mutex_;
  absl::Status last_error_;
  absl::Status log_error_;  // guarded by error_mutex_
  // When the look at the log in progress started (steady clock ticks); 0: none.
  std::atomic<int64_t> look_started_{0};
  std::string name_;
  QuarantineList quarantine_;  // guarded by apply_mutex_
  uint64_t steps_tried_ = 0;   // guarded by apply_mutex_; where a step starts (StepLocked)
  // What queries wait on (AwaitRead); guarded by state_mutex_, announced on state_cv_.
  std::mutex state_mutex_;
  std::condition_variable state_cv_;
  Offsets consumed_;             // as committed by the last step (loaded from the db at first)
  Offsets known_end_;            // the log's ends at the last successful catch-up
  uint64_t catch_ups_done_ = 0;  // the value of catch_ups_wanted_ the last catch-up served
  std::atomic<uint64_t> catch_ups_wanted_{0};
  std::atomic<uint64_t> steps_committed_{0};  // steps that applied records, ever
  std::atomic<int64_t> quarantined_skipped_{0};
};

// The error of a record that cannot be applied: names the record (topic/partition@offset,
// its event type and key), says why, and how an operator quarantines it.
absl::Status RecordError(std::string_view topic, int partition, const eventlog::Record& record,
                         std::string_view event_type, const absl::Status& why);
// Whether `status` is such an error (stopping at one record, not an outage of the log).
bool IsRecordError(const absl::Status& status);

}  // namespace tertial::projection

#endif  // TERTIAL_PROJECTION_RUNNER_H_
