#include "tertial/projection/runner.h"

#include <cxxabi.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <typeinfo>

#include "runner_store.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/key_coding.h"

namespace tertial::projection {
namespace {

using Clock = std::chrono::steady_clock;
using eventlog::PutBigEndian64;
using internal::OffsetKey;
using internal::ReadOffset;
using internal::StepStore;

std::mutex& LiveMutex() {
  static std::mutex mutex;
  return mutex;
}

std::set<Runner*>& Live() {
  static std::set<Runner*> live;
  return live;
}

// Set by InterruptAll: every Runner, also those made later, is interrupted.
std::atomic<bool>& AllInterrupted() {
  static std::atomic<bool> interrupted{false};
  return interrupted;
}

std::string TypeName(const Projection& projection) {
  const char* mangled = typeid(projection).name();
  int status = 0;
  char* demangled = abi::__cxa_demangle(mangled, nullptr, nullptr, &status);
  std::string name = status == 0 && demangled != nullptr ? demangled : mangled;
  std::free(demangled);
  return name;
}

}  // namespace

Runner::Runner(eventlog::EventLog* log, ProjectionDb* db, Projection* projection,
               RunnerOptions options)
    : log_(log), db_(db), projection_(projection), options_(options) {
  name_ = options_.name.empty() ? TypeName(*projection_) : options_.name;
  std::lock_guard<std::mutex> guard(LiveMutex());
  Live().insert(this);
}

Runner::~Runner() {
  {
    std::lock_guard<std::mutex> guard(LiveMutex());
    Live().erase(this);
  }
  Stop();
}

void Runner::ForEach(const std::function<void(Runner&)>& fn) {
  std::lock_guard<std::mutex> guard(LiveMutex());
  for (Runner* runner : Live()) fn(*runner);
}

absl::StatusOr<size_t> Runner::StepLocked(bool* caught_up) {
  StepStore store(db_->db());
  ++steps_tried_;
  bool quarantine_read = false;
  projection_->BeginStep();
  size_t budget = options_.records_per_step;
  size_t applied = 0;
  Offsets advanced;
  *caught_up = true;
  for (const std::string& topic : projection_->Topics()) {
    absl::StatusOr<int> partitions = log_->Partitions(topic);
    if (!partitions.ok()) return partitions.status();
    // Each step starts at the next partition, so that one partition's backlog (a large
    // import) does not take every step's budget while a query waits for a position on
    // another (AwaitRead with a token). Topics stay in their order.
    const int first = *partitions > 0 ? static_cast<int>(steps_tried_ % *partitions) : 0;
    for (int i = 0; i < *partitions; ++i) {
      const int p = (first + i) % *partitions;
      if (budget == 0) {
        *caught_up = false;
        break;
      }
      absl::StatusOr<int64_t> consumed = ReadOffset(db_->db(), topic, p);
      if (!consumed.ok()) return consumed.status();
      absl::StatusOr<std::vector<eventlog::Record>> records =
          log_->Read(topic, p, *consumed, budget);
      if (!records.ok()) return records.status();
      if (records->empty()) continue;
      // What the operator quarantined since the last look, before the first record of
      // the step (an idle step reads nothing more).
      if (!quarantine_read) {
        if (absl::Status s = quarantine_.Refresh(*log_); !s.ok()) return s;
        quarantine_read = true;
      }
      int64_t next = *consumed;
      for (const eventlog::Record& record : *records) {
        next = record.offset + 1;
        if (const auto* q = quarantine_.Find(topic, p, record); q != nullptr) {
          ++quarantined_skipped_;
          std::fprintf(stderr, "tertial: %s: skipping quarantined record %s (%s)\n", name_.c_str(),
                       RecordPlace(topic, p, record.offset).c_str(), q->reason().c_str());
          continue;
        }
        absl::StatusOr<eventlog::Envelope> envelope = record.ParseEnvelope();
        if (!envelope.ok()) return RecordError(topic, p, record, "", envelope.status());
        if (absl::Status s = projection_->Apply(topic, record, *envelope, store); !s.ok()) {
          return RecordError(topic, p, record, envelope->event_type(), s);
        }
      }
      std::string encoded;
      PutBigEndian64(&encoded, static_cast<uint64_t>(next));
      store.Put(OffsetKey(topic, p), encoded);
      advanced[{topic, p}] = next;
      applied += records->size();
      budget -= records->size();
      if (budget == 0) *caught_up = false;
    }
  }
  if (applied > 0) {
    if (absl::Status s = projection_->EndStep(store); !s.ok()) return s;
    if (absl::Status s = store.Commit(); !s.ok()) return s;
    std::lock_guard<std::mutex> guard(state_mutex_);
    for (const auto& [tp, next] : advanced) consumed_[tp] = next;
    ++steps_committed_;
    state_cv_.notify_all();
  }
  return applied;
}

absl::StatusOr<size_t> Runner::Step() {
  std::lock_guard<std::mutex> guard(apply_mutex_);
  bool caught_up = false;
  return StepLocked(&caught_up);
}

absl::Status Runner::CatchUp() {
  uint64_t wanted = catch_ups_wanted_.load();
  // Only what is committed now: a busy producer must not keep a query waiting forever.
  absl::StatusOr<Offsets> targets = EndOffsets();
  if (!targets.ok()) {
    NoteError(targets.status());
    return targets.status();
  }
  NoteEnds(*targets);
  absl::Status caught_up;
  uint64_t steps_before = steps_committed_.load();
  {
    std::lock_guard<std::mutex> guard(apply_mutex_);
    caught_up = CatchUpLocked(*targets);
  }
  // After applying, the log's ends again: on Kafka a batch's commit marker, once read,
  // is no longer counted as lag (kafka_log.h, EndOffset).
  bool short_of_ends = false;
  if (caught_up.ok()) {
    std::lock_guard<std::mutex> guard(state_mutex_);
    short_of_ends = !ReachedLocked(*targets);
  }
  if (caught_up.ok() && (short_of_ends || steps_committed_.load() != steps_before)) {
    if (absl::StatusOr<Offsets> ends = EndOffsets(); ends.ok()) NoteEnds(*ends);
  }
  {
    // A component that follows with its own loop around CatchUp (forecast, goals) shows
    // its projection's state like a follower's.
    std::lock_guard<std::mutex> guard(error_mutex_);
    if (caught_up.ok() || IsRecordError(caught_up)) last_error_ = caught_up;
  }
  if (!caught_up.ok()) {
    NoteError(caught_up);
    return caught_up;
  }
  std::lock_guard<std::mutex> guard(state_mutex_);
  catch_ups_done_ = std::max(catch_ups_done_, wanted);
  state_cv_.notify_all();
  return absl::OkStatus();
}

bool Runner::CatchUpWanted() {
  uint64_t wanted = catch_ups_wanted_.load();
  std::lock_guard<std::mutex> guard(state_mutex_);
  return catch_ups_done_ < wanted;
}

absl::StatusOr<ReadFreshness> Runner::AwaitRead(const ReadWait& wait) {
  if (!wait.invalid.ok()) return wait.invalid;
  // What the projection is known to be behind, for answers that did not wait for the end.
  auto known = [&]() {
    if (log_->EndOffsetIsLocal()) {
      if (absl::StatusOr<Offsets> ends = EndOffsets(); ends.ok()) NoteEnds(*ends);
    }
    ReadFreshness found;
    std::lock_guard<std::mutex> guard(state_mutex_);
    found.behind = BehindLocked();
    return found;
  };
  auto finish = [&](ReadFreshness found) -> absl::StatusOr<ReadFreshness> {
    // A projection stopped at a record answers nothing until an operator quarantines it
    // (the error names the record and the way out); staleness is for a log that is away.
    if (absl::Status stopped = last_error(); found.stale && IsRecordError(stopped)) {
      return stopped;
    }
    if (found.stale && wait.require_fresh) {
      return absl::UnavailableError(
          StrCat(name_, " cannot be confirmed current (", found.behind,
                 " log positions known and not applied): ", found.reason));
    }
    if (wait.note_applied && !found.stale) {
      std::lock_guard<std::mutex> guard(state_mutex_);
      for (const auto& [tp, consumed] : consumed_) {
        if (consumed > 0) found.applied.Note(tp.first, tp.second, consumed);
      }
    }
    ScopedReadWait::Note(found);
    return found;
  };
  auto stale = [&](std::string reason) {
    ReadFreshness found{.stale = true, .reason = std::move(reason)};
    {
      std::lock_guard<std::mutex> guard(state_mutex_);
      found.behind = BehindLocked();
    }
    return found;
  };
  auto why = [&](std::string_view otherwise) {
    absl::Status error = last_error();
    if (error.ok()) error = log_error();
    if (error.ok()) return std::string(otherwise);
    return StrCat("the log: ", error.ToString());
  };
  if (rebuilding_) {
    std::unique_lock<std::mutex> lock(state_mutex_);
    state_cv_.wait_until(lock, wait.deadline, [&] { return !rebuilding_; });
    if (rebuilding_) {
      return absl::UnavailableError(
          StrCat(name_, " is being rebuilt from the log; ask again when the rebuild is done"));
    }
  }
  if (wait.mode == ReadMode::kSnapshot) return finish(known());
  // Past wait.deadline the wait goes on only while the projection applies (a catch-up
  // under way, not a log that does not answer), by the same span again each time, up to
  // wait.latest.
  const auto start = Clock::now();
  const Clock::duration span =
      std::max<Clock::duration>(wait.deadline - start, std::chrono::milliseconds(50));
  const auto latest = std::max(wait.latest, wait.deadline);
  auto soft = wait.deadline;
  uint64_t steps_seen = steps_committed_.load();
  auto expired = [&] {
    auto now = Clock::now();
    if (now < soft) return false;
    uint64_t steps = steps_committed_.load();
    if (steps == steps_seen || now >= latest) return true;
    steps_seen = steps;
    soft = std::min(latest, now + span);
    return false;
  };
  const bool after = wait.mode == ReadMode::kAfter;
  Offsets targets;
  if (after) {
    // Only the token's positions on the topics this projection follows.
    for (const std::string& topic : projection_->Topics()) {
      auto it = wait.after.positions().lower_bound({topic, 0});
      for (; it != wait.after.positions().end() && it->first.first == topic; ++it) {
        targets.insert(*it);
      }
    }
    bool reached = false;
    {
      std::lock_guard<std::mutex> guard(state_mutex_);
      reached = ReachedLocked(targets);
    }
    if (reached) return finish(known());
  }
  if (log_->EndOffsetIsLocal()) {
    if (!after) {
      absl::StatusOr<Offsets> ends = EndOffsets();
      if (!ends.ok()) return finish(stale(ends.status().ToString()));
      NoteEnds(*ends);
      targets = std::move(*ends);
    }
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(state_mutex_);
        if (ReachedLocked(targets)) break;
      }
      if (expired()) return finish(stale(why("still applying what the log holds")));
      std::unique_lock<std::mutex> apply(apply_mutex_, std::try_to_lock);
      if (apply.owns_lock()) {
        // Nobody is applying: apply a step here rather than wait for the follower.
        bool caught_up = false;
        absl::StatusOr<size_t> applied = StepLocked(&caught_up);
        if (!applied.ok() && IsRecordError(applied.status())) return applied.status();
        if (!applied.ok()) return finish(stale(applied.status().ToString()));
        if (*applied > 0) continue;
        // The rest of the log's end is not readable yet; a token's positions were
        // committed, so they will be.
        if (!after) break;
        apply.unlock();
      }
      std::unique_lock<std::mutex> lock(state_mutex_);
      state_cv_.wait_until(lock, std::min(soft, Clock::now() + std::chrono::milliseconds(5)));
    }
    return finish(after ? known() : ReadFreshness{});
  }
  if (after) {
    // The follower applies what is committed as it comes: no catch-up to ask for, no end
    // offsets to learn; only a follower that waits out its slice is woken.
    log_->WakeWaiters();
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(state_mutex_);
        auto slice = std::min(soft, Clock::now() + std::chrono::milliseconds(50));
        if (state_cv_.wait_until(lock, slice, [&] { return ReachedLocked(targets); })) break;
      }
      if (expired()) return finish(stale(why("the token's positions were not applied in time")));
      if (wait.require_fresh && !log_error().ok()) return finish(stale(why("")));
    }
    return finish(known());
  }
  uint64_t wanted = catch_ups_wanted_.fetch_add(1) + 1;
  // The follower may be waiting for records: have it learn the ends now rather than at
  // the end of its wait's slice (25 ms per query on Kafka before, so that one caller got
  // 36 GetBalances/s from a service apart).
  log_->WakeWaiters();
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(state_mutex_);
      auto slice = std::min(soft, Clock::now() + std::chrono::milliseconds(50));
      if (state_cv_.wait_until(lock, slice, [&] { return catch_ups_done_ >= wanted; })) break;
    }
    if (expired()) return finish(stale(why("the log did not answer in time")));
    // Fresh data from a log known to be away: say so now rather than at the deadline.
    if (wait.require_fresh && !log_error().ok()) return finish(stale(why("")));
  }
  return finish({});
}

absl::Status Runner::CatchUpLocked(const Offsets& targets) {
  for (;;) {
    if (interrupted_ || AllInterrupted()) {
      return absl::CancelledError(tertial::StrCat(name_, ": stopped while catching up"));
    }
    bool reached = true;
    for (const auto& [tp, end] : targets) {
      absl::StatusOr<int64_t> consumed = ReadOffset(db_->db(), tp.first, tp.second);
      if (!consumed.ok()) return consumed.status();
      if (*consumed < end) reached = false;
    }
    if (reached) return absl::OkStatus();
    bool caught_up = false;
    absl::StatusOr<size_t> applied = StepLocked(&caught_up);
    if (!applied.ok()) return applied.status();
    if (*applied == 0) return absl::OkStatus();  // the log's end is not readable yet
  }
}

void Runner::Interrupt() {
  interrupted_ = true;
  stop_ = true;
}

void Runner::InterruptAll() {
  AllInterrupted() = true;
  ForEach([](Runner& runner) { runner.Interrupt(); });
}

absl::Status Runner::CatchUpAndStart() {
  absl::Status caught_up = CatchUp();
  if (!caught_up.ok() && !IsRecordError(caught_up)) return caught_up;
  if (!caught_up.ok()) {
    std::lock_guard<std::mutex> guard(error_mutex_);
    last_error_ = caught_up;
  }
  Start();
  return absl::OkStatus();
}

int64_t Runner::quarantined_skipped() { return quarantined_skipped_; }

void Runner::Start() {
  if (follower_.joinable() || interrupted_ || AllInterrupted()) return;
  stop_ = false;
  follower_ = std::thread([this] { FollowLoop(); });
}

void Runner::Stop() {
  stop_ = true;
  if (follower_.joinable()) follower_.join();
}

void Runner::FollowLoop() {
  bool was_failing = false;
  std::chrono::milliseconds backoff = options_.idle_wait;
  auto ends_learnt = std::chrono::steady_clock::time_point::min();
  std::optional<uint64_t> serving;  // the wanted catch-up the last ends learnt serve
  bool applied_since_ends = true;   // and at start: the first step may read a marker
  while (!stop_) {
    absl::StatusOr<size_t> applied = size_t{0};
    // Learn the log's ends when a query waits for them, and every second anyway (metrics
    // and health show the lag from them): a broker round trip on Kafka, here and never on
    // a query's thread.
    if (CatchUpWanted() ||
        std::chrono::steady_clock::now() - ends_learnt >= std::chrono::seconds(1)) {
      uint64_t wanted = catch_ups_wanted_.load();
      absl::StatusOr<Offsets> ends = EndOffsets();
      ends_learnt = std::chrono::steady_clock::now();
      if (ends.ok()) {
        NoteEnds(*ends);
        serving = wanted;
      } else {
        NoteError(ends.status());
        applied = ends.status();
      }
    }
    if (applied.ok()) {
      std::lock_guard<std::mutex> guard(apply_mutex_);
      bool caught_up = false;
      applied = StepLocked(&caught_up);
      if (!applied.ok()) NoteError(applied.status());
    }
    {
      std::lock_guard<std::mutex> guard(error_mutex_);
      last_error_ = applied.ok() ? absl::OkStatus() : applied.status();
    }
    if (!applied.ok()) {
      // The records are there, so waiting for records would return at once: back off, up
      // to a minute for a record that cannot be applied, so that it is not retried in a
      // loop; up to two seconds while the log is away, so that its return is seen soon.
      if (!was_failing) {
        std::fprintf(stderr, "tertial: %s: %s\n", name_.c_str(),
                     std::string(applied.status().message()).c_str());
      }
      was_failing = true;
      Pause(backoff);
      auto limit = IsRecordError(applied.status()) ? std::chrono::milliseconds(60'000)
                                                   : std::chrono::milliseconds(2'000);
      backoff = std::min(backoff * 2, limit);
      continue;
    }
    was_failing = false;
    backoff = options_.idle_wait;
    if (*applied > 0) applied_since_ends = true;
    if (*applied == 0 && applied_since_ends) {
      // Caught up after applying: learn the ends once more (on Kafka a batch's commit
      // marker, once read, is no longer counted as lag), then rest.
      applied_since_ends = false;
      ends_learnt = std::chrono::steady_clock::time_point::min();
      continue;
    }
    if (*applied == 0) {
      // Nothing more readable: everything committed when the ends were learnt is applied.
      if (serving) {
        std::lock_guard<std::mutex> guard(state_mutex_);
        catch_ups_done_ = std::max(catch_ups_done_, *serving);
        state_cv_.notify_all();
        serving.reset();
      }
      if (!CatchUpWanted()) WaitForRecords(options_.idle_wait);
    }
  }
}

void Runner::Pause(std::chrono::milliseconds duration) {
  auto deadline = std::chrono::steady_clock::now() + duration;
  while (!stop_ && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
        deadline - std::chrono::steady_clock::now(), std::chrono::milliseconds(50)));
  }
}

bool Runner::WaitForRecords(std::chrono::milliseconds timeout) {
  std::vector<eventlog::ReadPosition> positions;
  for (const std::string& topic : projection_->Topics()) {
    absl::StatusOr<int> partitions = log_->Partitions(topic);
    if (!partitions.ok()) continue;  // a missing topic: the wait is a plain pause
    for (int p = 0; p < *partitions; ++p) {
      absl::StatusOr<int64_t> consumed = ReadOffset(db_->db(), topic, p);
      positions.push_back({topic, p, consumed.ok() ? *consumed : 0});
    }
  }
  // Stop() must not wait long for an idle follower, nor a query for a catch-up (on a log
  // whose ends are local, queries catch up themselves).
  auto slice = std::chrono::milliseconds(log_->EndOffsetIsLocal() ? 250 : 25);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!stop_) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    if (log_->WaitForAny(positions, std::min(left, slice))) return true;
    if (CatchUpWanted()) return true;
  }
  return false;
}

absl::Status Runner::Rebuild() {
  bool idle = false;
  if (!rebuilding_.compare_exchange_strong(idle, true)) {
    return absl::FailedPreconditionError(
        tertial::StrCat("a rebuild of ", name_, " is already running"));
  }
  struct Done {
    std::atomic<bool>* flag;
    ~Done() { *flag = false; }
  } done{&rebuilding_};
  std::lock_guard<std::mutex> guard(apply_mutex_);
  absl::Status rebuilt = [&] {
    if (absl::Status s = db_->Clear(); !s.ok()) return s;
    {
      std::lock_guard<std::mutex> state(state_mutex_);
      consumed_.clear();
    }
    absl::StatusOr<Offsets> targets = EndOffsets();
    if (!targets.ok()) return targets.status();
    NoteEnds(*targets);
    return CatchUpLocked(*targets);
  }();
  // Queries waiting for the rebuild (AwaitRead) look again once rebuilding_ is false.
  rebuilding_ = false;
  std::lock_guard<std::mutex> state(state_mutex_);
  state_cv_.notify_all();
  return rebuilt;
}

}  // namespace tertial::projection
