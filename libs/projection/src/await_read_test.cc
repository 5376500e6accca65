// Runner::AwaitRead: a query waits for the projection at most until its deadline, never
// asks the log itself, never takes the apply lock, and says how stale its answer is.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "counting_projection.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/eventlog/log_positions.h"
#include "tertial/projection/read_wait.h"
#include "tertial/projection/runner.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::projection {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using testing::CountingProjection;
using testing::kCountingTopic;

// A remote log (its end is not local) over an embedded one, whose brokers can be taken
// away: then every call on it waits `outage_wait` (a client's request timeout) and fails
// with UNAVAILABLE, as librdkafka does.
class RemoteLog final : public eventlog::EventLog {
 public:
  explicit RemoteLog(eventlog::EventLog* inner) : inner_(inner) {}
  void SetAway(bool away) { away_ = away; }
  std::atomic<int> calls{0};  // calls that reach the "brokers"

  absl::StatusOr<int> Partitions(std::string_view topic) override {
    if (absl::Status s = Reach(); !s.ok()) return s;
    return inner_->Partitions(topic);
  }
  absl::StatusOr<std::unique_ptr<eventlog::BatchWriter>> BeginBatch(std::string_view topic,
                                                                    std::string_view key) override {
    return inner_->BeginBatch(topic, key);
  }
  absl::StatusOr<std::vector<eventlog::Record>> Read(std::string_view topic, int partition,
                                                     int64_t from, size_t max) override {
    if (absl::Status s = Reach(); !s.ok()) return s;
    return inner_->Read(topic, partition, from, max);
  }
  absl::StatusOr<int64_t> EndOffset(std::string_view topic, int partition) override {
    if (absl::Status s = Reach(); !s.ok()) return s;
    return inner_->EndOffset(topic, partition);
  }
  bool WaitForData(std::string_view topic, int partition, int64_t from,
                   milliseconds timeout) override {
    return inner_->WaitForData(topic, partition, from, timeout);
  }
  bool WaitForAny(const std::vector<eventlog::ReadPosition>& positions,
                  milliseconds timeout) override {
    if (!sleepy_) return inner_->WaitForAny(positions, timeout);
    // As a follower waits on Kafka when nothing arrives: the whole timeout, unless woken.
    std::unique_lock<std::mutex> lock(wake_mutex_);
    uint64_t seen = wakes_;
    if (wake_cv_.wait_for(lock, timeout, [&] { return wakes_ != seen; })) ++woken;
    return false;
  }
  void WakeWaiters() override {
    {
      std::lock_guard<std::mutex> guard(wake_mutex_);
      ++wakes_;
    }
    wake_cv_.notify_all();
  }
  // WaitForAny sleeps out its timeout unless WakeWaiters ends it (and sees no data).
  void SetSleepy(bool sleepy) { sleepy_ = sleepy; }
  std::atomic<int> woken{0};  // waits WakeWaiters ended

 private:
  absl::Status Reach() {
    ++calls;
    if (!away_) return absl::OkStatus();
    std::this_thread::sleep_for(milliseconds(3000));
    return absl::UnavailableError("no broker answers (test outage)");
  }
  eventlog::EventLog* inner_;
  std::atomic<bool> away_{false};
  std::atomic<bool> sleepy_{false};
  std::mutex wake_mutex_;
  std::condition_variable wake_cv_;
  uint64_t wakes_ = 0;  // guarded by wake_mutex_
};

void Append(eventlog::EventLog& log, const std::string& key, int n) {
  std::vector<eventlog::Envelope> batch;
  for (int i = 0; i < n; ++i) {
    eventlog::Envelope e;
    e.set_event_id(tertial::StrCat(key, "/", i, "/", Clock::now().time_since_epoch().count()));
    e.set_organisation(key);
    batch.push_back(e);
  }
  ASSERT_TRUE(log.Append(kCountingTopic, key, batch).ok());
}

int64_t Count(ProjectionDb& db, const std::string& key) {
  auto value = db.Snapshot()->Get(tertial::StrCat("count/", key));
  if (!value.ok() || !value->has_value()) return 0;
  return std::stoll(**value);
}

long long MillisSince(Clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(Clock::now() - start).count();
}

class AwaitReadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto log = eventlog::EmbeddedLog::Open(dir_.Sub("log"));
    ASSERT_TRUE(log.ok());
    embedded_ = std::move(*log);
    remote_ = std::make_unique<RemoteLog>(embedded_.get());
    auto db = ProjectionDb::Open(dir_.Sub("proj"));
    ASSERT_TRUE(db.ok());
    db_ = std::move(*db);
  }

  tertial::testing::TempDir dir_;
  std::unique_ptr<eventlog::EventLog> embedded_;
  std::unique_ptr<RemoteLog> remote_;
  std::unique_ptr<ProjectionDb> db_;
  CountingProjection projection_;
};

// Read your writes on a remote log: a record committed before the query is applied before
// it answers, through the follower, and the answer says it is current.
TEST_F(AwaitReadTest, OnARemoteLogAQuerySeesWhatWasCommittedBeforeIt) {
  Runner runner(remote_.get(), db_.get(), &projection_, {.idle_wait = milliseconds(60'000)});
  ASSERT_TRUE(runner.CatchUpAndStart().ok());
  for (int round = 1; round <= 5; ++round) {
    Append(*embedded_, "0580", 3);
    absl::StatusOr<ReadFreshness> read = runner.AwaitRead({Clock::now() + milliseconds(5000)});
    ASSERT_TRUE(read.ok()) << read.status();
    EXPECT_FALSE(read->stale) << read->reason;
    EXPECT_EQ(read->behind, 0);
    EXPECT_EQ(Count(*db_, "0580"), 3 * round);
  }
}

// A query does not wait for the follower to finish waiting for records (on Kafka, its
// slice of 25 ms: one caller got 36 GetBalances/s from tertial-ledger apart): it wakes it.
TEST_F(AwaitReadTest, OnARemoteLogAQueryWakesTheFollowerFromItsWait) {
  remote_->SetSleepy(true);  // records never end a wait: only a wake-up or its slice can
  Runner runner(remote_.get(), db_.get(), &projection_, {.idle_wait = milliseconds(60'000)});
  ASSERT_TRUE(runner.CatchUpAndStart().ok());
  for (int round = 1; round <= 5; ++round) {
    Append(*embedded_, "0580", 2);
    absl::StatusOr<ReadFreshness> read = runner.AwaitRead({Clock::now() + milliseconds(5000)});
    ASSERT_TRUE(read.ok()) << read.status();
    EXPECT_FALSE(read->stale) << read->reason;
    EXPECT_EQ(Count(*db_, "0580"), 2 * round);
  }
  // Most queries find the follower waiting (one may come while it is still busy with the
  // last one's catch-up); without the wake-up none ends a wait.
  EXPECT_GE(remote_->woken, 3) << "the follower slept out its waits";
}

TEST_F(AwaitReadTest, OnALocalLogAQuerySeesWhatWasCommittedBeforeItWithoutAFollower) {
  Runner runner(embedded_.get(), db_.get(), &projection_);
  Append(*embedded_, "0580", 4);
  absl::StatusOr<ReadFreshness> read = runner.AwaitRead({Clock::now() + milliseconds(5000)});
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_FALSE(read->stale);
  EXPECT_EQ(Count(*db_, "0580"), 4);
}

// The log away: a query answers within its bound from what the projection holds, says how
// many positions it knows are not applied and why; asked for fresh data it fails fast with
// UNAVAILABLE. Before AwaitRead, a query's CatchUp asked the log and waited out its timeout.
TEST_F(AwaitReadTest, WithTheLogAwayAQueryAnswersStaleWithinItsBound) {
  Runner runner(remote_.get(), db_.get(), &projection_);
  Append(*embedded_, "0580", 2);
  ASSERT_TRUE(runner.CatchUpAndStart().ok());
  ASSERT_EQ(Count(*db_, "0580"), 2);
  // Committed while the follower is about to lose the brokers: known to nobody yet.
  remote_->SetAway(true);
  Append(*embedded_, "0580", 5);

  auto start = Clock::now();
  absl::StatusOr<ReadFreshness> read = runner.AwaitRead({start + milliseconds(300)});
  long long took = MillisSince(start);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_TRUE(read->stale);
  EXPECT_FALSE(read->reason.empty());
  EXPECT_LT(took, 800) << "a query must not wait on the log";
  EXPECT_EQ(Count(*db_, "0580"), 2);  // what the projection holds

  // Once the follower's look at the log failed, the reason names the log's state.
  std::this_thread::sleep_for(milliseconds(3200));
  start = Clock::now();
  absl::StatusOr<ReadFreshness> fresh =
      runner.AwaitRead({start + milliseconds(300), /*require_fresh=*/true});
  took = MillisSince(start);
  ASSERT_FALSE(fresh.ok());
  EXPECT_EQ(fresh.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(fresh.status().message().find("no broker answers"), std::string_view::npos)
      << fresh.status();
  EXPECT_LT(took, 800);
  EXPECT_FALSE(runner.log_error().ok());

  // The brokers back: the follower applies what it missed and queries are current again.
  remote_->SetAway(false);
  absl::StatusOr<ReadFreshness> back = runner.AwaitRead({Clock::now() + milliseconds(10'000)});
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_FALSE(back->stale) << back->reason;
  EXPECT_EQ(Count(*db_, "0580"), 7);
  EXPECT_TRUE(runner.log_error().ok());
  runner.Stop();
}

// A projection whose Apply is slow (a long catch-up): queries neither take the apply lock
// nor queue behind each other; each answers within its bound.
class SlowProjection final : public Projection {
 public:
  std::vector<std::string> Topics() const override { return {std::string(kCountingTopic)}; }
  absl::Status Apply(std::string_view, const eventlog::Record&, const eventlog::Envelope&,
                     Store&) override {
    std::this_thread::sleep_for(milliseconds(1500));
    return absl::OkStatus();
  }
};

TEST_F(AwaitReadTest, QueriesDoNotQueueBehindApplying) {
  SlowProjection slow;
  Runner runner(embedded_.get(), db_.get(), &slow, {.records_per_step = 1});
  runner.Start();
  Append(*embedded_, "0580", 2);
  std::this_thread::sleep_for(milliseconds(100));  // the follower is inside Apply
  std::vector<std::thread> readers;
  std::atomic<int> within{0};
  std::atomic<int> stale{0};
  auto start = Clock::now();
  for (int i = 0; i < 8; ++i) {
    readers.emplace_back([&] {
      absl::StatusOr<ReadFreshness> read = runner.AwaitRead({Clock::now() + milliseconds(200)});
      if (read.ok() && read->stale) ++stale;
      if (MillisSince(start) < 700) ++within;
    });
  }
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(within.load(), 8);
  EXPECT_EQ(stale.load(), 8);
  runner.Stop();
}

// A catch-up under way (the log answers, the projection applies) is waited for past the
// bound, up to `latest`: a query after an import gets the import, not a stale answer.
class StepwiseProjection final : public Projection {
 public:
  std::vector<std::string> Topics() const override { return {std::string(kCountingTopic)}; }
  absl::Status Apply(std::string_view, const eventlog::Record&, const eventlog::Envelope&,
                     Store&) override {
    std::this_thread::sleep_for(milliseconds(100));
    return absl::OkStatus();
  }
};

TEST_F(AwaitReadTest, ACatchUpUnderWayIsWaitedForPastTheBound) {
  StepwiseProjection stepwise;
  Runner runner(remote_.get(), db_.get(), &stepwise, {.records_per_step = 1});
  runner.Start();
  Append(*embedded_, "0580", 8);  // 800 ms of applying
  auto start = Clock::now();
  absl::StatusOr<ReadFreshness> read =
      runner.AwaitRead({start + milliseconds(250), false, start + milliseconds(10'000)});
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_FALSE(read->stale) << read->reason;
  EXPECT_GE(MillisSince(start), 500);
  runner.Stop();
}

// What the reads of a scope found reaches the scope (a gRPC call's trailer), and nested
// scopes tell the enclosing one.
TEST_F(AwaitReadTest, AScopeGathersWhatItsReadsFound) {
  Runner runner(remote_.get(), db_.get(), &projection_);  // no follower: nobody applies
  Append(*embedded_, "0580", 2);
  ASSERT_TRUE(runner.CatchUp().ok());
  Append(*embedded_, "0580", 2);
  ScopedReadWait outer({Clock::now() + milliseconds(100)});
  {
    ScopedReadWait inner({Clock::now() + milliseconds(100)});
    EXPECT_FALSE(inner.outermost());
    absl::StatusOr<ReadFreshness> read = runner.AwaitRead();
    ASSERT_TRUE(read.ok());
    EXPECT_TRUE(inner.freshness().stale);
  }
  EXPECT_TRUE(outer.outermost());
  EXPECT_TRUE(outer.freshness().stale);
  EXPECT_FALSE(outer.freshness().reason.empty());
}

// Holds back applying the records of organisations named "big..." (another organisation's
// large import): each waits for a permit; other organisations' records are applied at once.
// Per organisation it counts what was applied.
class GatedProjection final : public Projection {
 public:
  std::vector<std::string> Topics() const override { return {std::string(kCountingTopic)}; }
  absl::Status Apply(std::string_view, const eventlog::Record& record,
                     const eventlog::Envelope& envelope, Store& store) override {
    if (envelope.organisation().rfind("big", 0) == 0) {
      std::unique_lock<std::mutex> lock(mutex_);
      ++waiting_;
      cv_.notify_all();
      cv_.wait(lock, [&] { return permits_ > 0; });
      --permits_;
      --waiting_;
    }
    std::string key = tertial::StrCat("count/", record.key);
    int64_t count = 0;
    if (auto v = store.Get(key); v.ok() && v->has_value()) count = std::stoll(**v);
    store.Put(key, tertial::StrCat(count + 1));
    return absl::OkStatus();
  }
  void Permit(int n) {
    std::lock_guard<std::mutex> guard(mutex_);
    permits_ += n;
    cv_.notify_all();
  }
  // Blocks until the applier waits at a held-back record.
  void AwaitHeld() {
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait(lock, [&] { return waiting_ > 0 && permits_ == 0; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  int64_t permits_ = 0;
  int waiting_ = 0;
};

// Lets everything through when a test ends, so that its runner can stop (declare it after
// the runner).
struct PermitAllAtEnd {
  GatedProjection* gated;
  ~PermitAllAtEnd() { gated->Permit(1 << 30); }
};

eventlog::LogPositions Token(const eventlog::AppendResult& appended) {
  eventlog::LogPositions positions;
  positions.Note(kCountingTopic, appended);
  return positions;
}

eventlog::AppendResult AppendFor(eventlog::EventLog& log, const std::string& organisation, int n) {
  std::vector<eventlog::Envelope> batch;
  for (int i = 0; i < n; ++i) {
    eventlog::Envelope e;
    e.set_event_id(tertial::StrCat(organisation, "/", i));
    e.set_organisation(organisation);
    batch.push_back(e);
  }
  absl::StatusOr<eventlog::AppendResult> appended = log.Append(kCountingTopic, organisation, batch);
  EXPECT_TRUE(appended.ok()) << appended.status();
  return appended.ok() ? *appended : eventlog::AppendResult{};
}

// A query with a command's token answers as soon as the command's batch is applied, while
// the log's end is far ahead and the catch-up of another organisation's import is held
// back; without a token (kLatest) it waits for that import and, bounded, answers stale.
// `ends_known`: the log's ends are local, so answers that do not wait know exactly how far
// behind they are (on a remote log, only what the follower last learnt).
void TokenReadDoesNotWaitForOthers(eventlog::EventLog& log, eventlog::EventLog& append_to,
                                   ProjectionDb& db, bool ends_known) {
  GatedProjection gated;
  Runner runner(&log, &db, &gated, {.records_per_step = 2});
  PermitAllAtEnd permit_all{&gated};
  eventlog::AppendResult command = AppendFor(append_to, "0580", 2);
  AppendFor(append_to, "big", 50);
  runner.Start();
  gated.AwaitHeld();  // the command's batch is applied; the import waits at its first record

  auto start = Clock::now();
  ReadWait after{.deadline = start + milliseconds(60'000),
                 .latest = start + milliseconds(60'000),
                 .mode = ReadMode::kAfter,
                 .after = Token(command)};
  absl::StatusOr<ReadFreshness> read = runner.AwaitRead(after);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_FALSE(read->stale) << read->reason;
  EXPECT_EQ(Count(db, "0580"), 2);
  EXPECT_EQ(Count(db, "big"), 0) << "the import was not held back";
  if (ends_known) {
    EXPECT_EQ(read->behind, 50) << "a token read says how far behind it is";
  }

  // A snapshot read does not wait either, and says as much.
  absl::StatusOr<ReadFreshness> snapshot =
      runner.AwaitRead({.deadline = Clock::now() + milliseconds(60'000),
                        .require_fresh = true,
                        .mode = ReadMode::kSnapshot});
  ASSERT_TRUE(snapshot.ok()) << snapshot.status();
  EXPECT_FALSE(snapshot->stale);
  if (ends_known) {
    EXPECT_EQ(snapshot->behind, 50);
  }

  // The default waits for the import, and answers stale when it does not move.
  absl::StatusOr<ReadFreshness> latest = runner.AwaitRead(
      {.deadline = Clock::now() + milliseconds(200), .latest = Clock::now() + milliseconds(200)});
  ASSERT_TRUE(latest.ok()) << latest.status();
  EXPECT_TRUE(latest->stale);
  EXPECT_EQ(Count(db, "big"), 0);

  gated.Permit(1'000);
  absl::StatusOr<ReadFreshness> done =
      runner.AwaitRead({.deadline = Clock::now() + milliseconds(60'000),
                        .latest = Clock::now() + milliseconds(60'000)});
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_FALSE(done->stale) << done->reason;
  EXPECT_EQ(Count(db, "big"), 50);
  runner.Stop();
}

TEST_F(AwaitReadTest, OnALocalLogATokenReadDoesNotWaitForAnotherImport) {
  TokenReadDoesNotWaitForOthers(*embedded_, *embedded_, *db_, /*ends_known=*/true);
}

TEST_F(AwaitReadTest, OnARemoteLogATokenReadDoesNotWaitForAnotherImport) {
  TokenReadDoesNotWaitForOthers(*remote_, *embedded_, *db_, /*ends_known=*/false);
}

// A token of a batch not yet applied (committed after the import's) is waited for, up to
// the deadline; asked for fresh data, UNAVAILABLE rather than an answer without it.
TEST_F(AwaitReadTest, ATokenReadWaitsForItsPositionsBounded) {
  GatedProjection gated;
  Runner runner(embedded_.get(), db_.get(), &gated, {.records_per_step = 2});
  PermitAllAtEnd permit_all{&gated};
  AppendFor(*embedded_, "big", 10);
  eventlog::AppendResult command = AppendFor(*embedded_, "0580", 2);
  runner.Start();
  gated.AwaitHeld();
  ReadWait after{.deadline = Clock::now() + milliseconds(150),
                 .require_fresh = true,
                 .latest = Clock::now() + milliseconds(150),
                 .mode = ReadMode::kAfter,
                 .after = Token(command)};
  absl::StatusOr<ReadFreshness> read = runner.AwaitRead(after);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), absl::StatusCode::kUnavailable) << read.status();
  EXPECT_EQ(Count(*db_, "0580"), 0);

  std::thread release([&] { gated.Permit(10); });
  after.deadline = after.latest = Clock::now() + milliseconds(60'000);
  read = runner.AwaitRead(after);
  release.join();
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_FALSE(read->stale);
  EXPECT_EQ(Count(*db_, "0580"), 2);
  runner.Stop();
}

// With several partitions, one partition's backlog does not take every step: a token on
// another partition is applied while the backlog is held back.
TEST(AwaitReadPartitionsTest, ABacklogOnOnePartitionDoesNotHoldBackAnother) {
  tertial::testing::TempDir dir;
  auto log = eventlog::EmbeddedLog::Open(dir.Sub("log"));
  ASSERT_TRUE(log.ok()) << log.status();
  ASSERT_TRUE((*log)->CreateTopic(kCountingTopic, 2).ok());
  auto db = ProjectionDb::Open(dir.Sub("proj"));
  ASSERT_TRUE(db.ok()) << db.status();
  // The import on partition 0, where every step began before; the command on partition 1.
  std::string big, other;
  for (int i = 0; big.empty() || other.empty(); ++i) {
    std::string key = tertial::StrCat("big", i);
    if (big.empty() && *(*log)->PartitionFor(kCountingTopic, key) == 0) big = key;
    key = tertial::StrCat("0", 580 + i);
    if (other.empty() && *(*log)->PartitionFor(kCountingTopic, key) == 1) other = key;
  }
  GatedProjection gated;
  Runner runner(log->get(), db->get(), &gated, {.records_per_step = 2});
  PermitAllAtEnd permit_all{&gated};
  AppendFor(**log, big, 50);
  eventlog::AppendResult command = AppendFor(**log, other, 1);
  gated.Permit(4);  // two steps' worth of the import, then it is held back
  runner.Start();
  ReadWait after{.deadline = Clock::now() + milliseconds(60'000),
                 .latest = Clock::now() + milliseconds(60'000),
                 .mode = ReadMode::kAfter,
                 .after = Token(command)};
  absl::StatusOr<ReadFreshness> read = runner.AwaitRead(after);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_FALSE(read->stale) << read->reason;
  EXPECT_EQ(Count(**db, other), 1);
  EXPECT_LT(Count(**db, big), 50);
  gated.Permit(1'000);
  runner.Stop();
}

// A malformed consistency header fails every read of the call, before anything is read.
TEST_F(AwaitReadTest, AnInvalidWaitFailsTheRead) {
  Runner runner(embedded_.get(), db_.get(), &projection_);
  ReadWait wait{.deadline = Clock::now() + milliseconds(1000),
                .invalid = absl::InvalidArgumentError("x-tertial-after: expected ...")};
  absl::StatusOr<ReadFreshness> read = runner.AwaitRead(wait);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument);
}

// A command's reads note what they confirmed applied (its token when it appends nothing).
TEST_F(AwaitReadTest, ACommandsReadsNoteWhatTheyConfirmedApplied) {
  Runner runner(embedded_.get(), db_.get(), &projection_);
  eventlog::AppendResult appended = AppendFor(*embedded_, "0580", 3);
  ScopedReadWait scope({.deadline = Clock::now() + milliseconds(5000),
                        .require_fresh = true,
                        .latest = Clock::now() + milliseconds(5000),
                        .note_applied = true});
  absl::StatusOr<ReadFreshness> read = runner.AwaitRead();
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(scope.freshness().applied, Token(appended));
}

}  // namespace
}  // namespace tertial::projection
