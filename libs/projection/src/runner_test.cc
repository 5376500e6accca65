#include "tertial/projection/runner.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>

#include "counting_projection.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/eventlog/kafka_log.h"
#include "tertial/eventlog/kafka_mock_cluster.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::projection {
namespace {

using testing::CountingProjection;
using testing::kCountingTopic;

void AppendEvents(eventlog::EventLog& log, int batches, int per_batch) {
  int n = 0;
  for (int b = 0; b < batches; ++b) {
    std::string key = tertial::StrCat("org", b % 5);
    std::vector<eventlog::Envelope> batch;
    for (int i = 0; i < per_batch; ++i) {
      eventlog::Envelope e;
      e.set_event_id(tertial::StrCat("e", n++));
      e.set_organisation(key);
      batch.push_back(e);
    }
    ASSERT_TRUE(log.Append(kCountingTopic, key, batch).ok());
  }
}

std::vector<std::pair<std::string, std::string>> CleanReplay(eventlog::EventLog& log,
                                                             const std::string& dir) {
  auto db = ProjectionDb::Open(dir);
  EXPECT_TRUE(db.ok());
  CountingProjection projection;
  Runner runner(&log, db->get(), &projection);
  EXPECT_TRUE(runner.CatchUp().ok());
  return *(*db)->Dump();
}

TEST(Runner, CatchUpAppliesEverythingOnceAndStoresOffsets) {
  tertial::testing::TempDir dir;
  auto log = eventlog::EmbeddedLog::Open(dir.Sub("log"), {.default_partitions = 3});
  ASSERT_TRUE(log.ok());
  AppendEvents(**log, 40, 5);
  auto db = ProjectionDb::Open(dir.Sub("proj"));
  ASSERT_TRUE(db.ok());
  CountingProjection projection;
  Runner runner(log->get(), db->get(), &projection, {.records_per_step = 13});
  ASSERT_TRUE(runner.CatchUp().ok());
  ASSERT_TRUE(runner.CatchUp().ok());  // nothing new: nothing applied twice
  auto reader = (*db)->Snapshot();
  int total = 0;
  for (int k = 0; k < 5; ++k) {
    auto count = reader->Get(tertial::StrCat("count/org", k));
    ASSERT_TRUE(count.ok() && count->has_value());
    total += std::stoi(**count);
  }
  EXPECT_EQ(total, 200);
  auto progress = runner.Progress();
  ASSERT_TRUE(progress.ok());
  for (const PartitionProgress& p : *progress) EXPECT_EQ(p.consumed, p.end);
}

TEST(Runner, RebuildGivesByteIdenticalState) {
  tertial::testing::TempDir dir;
  auto log = eventlog::EmbeddedLog::Open(dir.Sub("log"), {.default_partitions = 2});
  ASSERT_TRUE(log.ok());
  AppendEvents(**log, 30, 4);
  auto db = ProjectionDb::Open(dir.Sub("proj"));
  ASSERT_TRUE(db.ok());
  CountingProjection projection;
  Runner runner(log->get(), db->get(), &projection, {.records_per_step = 9});
  ASSERT_TRUE(runner.CatchUp().ok());
  auto before = (*db)->Dump();
  ASSERT_TRUE(before.ok());
  ASSERT_FALSE(before->empty());
  ASSERT_TRUE(runner.Rebuild().ok());
  EXPECT_EQ(*(*db)->Dump(), *before);
  EXPECT_EQ(CleanReplay(**log, dir.Sub("clean")), *before);
}

// CountingProjection whose Apply waits while `hold` is set, so that a test can act while a
// catch-up or rebuild is in the middle of a step.
class GatedProjection final : public Projection {
 public:
  std::vector<std::string> Topics() const override { return inner_.Topics(); }
  absl::Status Apply(std::string_view topic, const eventlog::Record& record,
                     const eventlog::Envelope& envelope, Store& store) override {
    std::unique_lock<std::mutex> lock(mutex_);
    ++applied_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return !hold_; });
    return inner_.Apply(topic, record, envelope, store);
  }
  void Hold() {
    std::lock_guard<std::mutex> guard(mutex_);
    hold_ = true;
    applied_ = 0;
  }
  void Release() {
    std::lock_guard<std::mutex> guard(mutex_);
    hold_ = false;
    changed_.notify_all();
  }
  // Waits until an Apply has started since Hold.
  void WaitEntered() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return applied_ > 0; });
  }

 private:
  CountingProjection inner_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool hold_ = false;
  int applied_ = 0;
};

TEST(Runner, RebuildRefusesASecondRebuildAndQueriesWaitForIt) {
  tertial::testing::TempDir dir;
  auto log = eventlog::EmbeddedLog::Open(dir.Sub("log"), {.default_partitions = 2});
  ASSERT_TRUE(log.ok());
  AppendEvents(**log, 20, 3);
  auto db = ProjectionDb::Open(dir.Sub("proj"));
  ASSERT_TRUE(db.ok());
  GatedProjection projection;
  Runner runner(log->get(), db->get(), &projection, {.records_per_step = 7});
  ASSERT_TRUE(runner.CatchUp().ok());
  auto before = (*db)->Dump();
  ASSERT_TRUE(before.ok());

  projection.Hold();
  absl::Status rebuilt;
  std::thread rebuild([&] { rebuilt = runner.Rebuild(); });
  projection.WaitEntered();
  EXPECT_TRUE(runner.rebuilding());
  absl::Status second = runner.Rebuild();
  EXPECT_EQ(second.code(), absl::StatusCode::kFailedPrecondition) << second;
  // A query catching up meanwhile must not see the half-built state: it waits.
  std::atomic<bool> query_done{false};
  std::vector<std::pair<std::string, std::string>> seen;
  std::thread query([&] {
    EXPECT_TRUE(runner.CatchUp().ok());
    seen = *(*db)->Dump();
    query_done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(query_done);
  projection.Release();
  rebuild.join();
  query.join();
  EXPECT_TRUE(rebuilt.ok()) << rebuilt;
  EXPECT_FALSE(runner.rebuilding());
  EXPECT_EQ(seen, *before);
  EXPECT_EQ(*(*db)->Dump(), *before);
}

TEST(Runner, InterruptStopsACatchUpBetweenStepsAndKeepsWhatWasApplied) {
  tertial::testing::TempDir dir;
  auto log = eventlog::EmbeddedLog::Open(dir.Sub("log"), {.default_partitions = 1});
  ASSERT_TRUE(log.ok());
  AppendEvents(**log, 50, 2);
  {
    auto db = ProjectionDb::Open(dir.Sub("proj"));
    ASSERT_TRUE(db.ok());
    GatedProjection projection;
    Runner runner(log->get(), db->get(), &projection, {.records_per_step = 10});
    projection.Hold();
    absl::Status caught_up;
    std::thread catch_up([&] { caught_up = runner.CatchUp(); });
    projection.WaitEntered();
    runner.Interrupt();
    projection.Release();
    catch_up.join();
    EXPECT_EQ(caught_up.code(), absl::StatusCode::kCancelled) << caught_up;
    auto progress = runner.Progress();
    ASSERT_TRUE(progress.ok());
    ASSERT_EQ(progress->size(), 1u);
    EXPECT_EQ((*progress)[0].consumed, 10);  // the step under way was finished, no more
    EXPECT_EQ((*progress)[0].end, 100);
    EXPECT_EQ(runner.CatchUp().code(), absl::StatusCode::kCancelled);
  }
  // The next process continues from there to the same state as a clean replay.
  auto db = ProjectionDb::Open(dir.Sub("proj"));
  ASSERT_TRUE(db.ok());
  CountingProjection projection;
  Runner runner(log->get(), db->get(), &projection);
  ASSERT_TRUE(runner.CatchUp().ok());
  EXPECT_EQ(*(*db)->Dump(), CleanReplay(**log, dir.Sub("clean")));
}

TEST(Runner, FollowsTheLogInTheBackground) {
  tertial::testing::TempDir dir;
  auto log = eventlog::EmbeddedLog::Open(dir.Sub("log"));
  ASSERT_TRUE(log.ok());
  auto db = ProjectionDb::Open(dir.Sub("proj"));
  ASSERT_TRUE(db.ok());
  CountingProjection projection;
  Runner runner(log->get(), db->get(), &projection);
  runner.Start();
  AppendEvents(**log, 10, 3);
  bool done = false;
  for (int i = 0; i < 200 && !done; ++i) {
    auto progress = runner.Progress();
    done = progress.ok() && !progress->empty() && (*progress)[0].consumed == 30;
    if (!done) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  runner.Stop();
  EXPECT_TRUE(done);
  EXPECT_TRUE(runner.last_error().ok());
}

// The follower wakes for a record on any partition, not only the first one's: with its poll
// interval far beyond the test's patience, records on partitions 2, 1 and 0 are each
// applied as soon as they are committed. On both logs.
class RunnerFollow : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "kafka") {
      auto cluster = eventlog::KafkaMockCluster::Start(1);
      ASSERT_TRUE(cluster.ok()) << cluster.status();
      cluster_ = std::move(*cluster);
      ASSERT_TRUE(cluster_->CreateTopic(kCountingTopic, 3, 1).ok());
      ASSERT_TRUE(cluster_->CreateTopic(eventlog::kAdminTopic, 1, 1).ok());
      auto log = eventlog::KafkaLog::Open({.bootstrap_servers = cluster_->bootstrap()});
      ASSERT_TRUE(log.ok()) << log.status();
      log_ = std::move(*log);
    } else {
      auto log = eventlog::EmbeddedLog::Open(dir_.Sub("log"), {.default_partitions = 3});
      ASSERT_TRUE(log.ok()) << log.status();
      log_ = std::move(*log);
    }
  }

  tertial::testing::TempDir dir_;
  std::unique_ptr<eventlog::KafkaMockCluster> cluster_;
  std::unique_ptr<eventlog::EventLog> log_;
};

TEST_P(RunnerFollow, WakesForRecordsOnEveryPartition) {
  auto db = ProjectionDb::Open(dir_.Sub("proj"));
  ASSERT_TRUE(db.ok());
  CountingProjection projection;
  Runner runner(log_.get(), db->get(), &projection, {.idle_wait = std::chrono::seconds(60)});
  ASSERT_TRUE(runner.CatchUp().ok());
  runner.Start();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // idle, waiting
  for (int partition : {2, 1, 0}) {
    std::string key;
    for (int i = 0; key.empty(); ++i) {
      std::string candidate = tertial::StrCat("org", i);
      if (eventlog::KeyHash(candidate) % 3 == static_cast<uint32_t>(partition)) key = candidate;
    }
    eventlog::Envelope e;
    e.set_event_id(tertial::StrCat("e", partition));
    auto started = std::chrono::steady_clock::now();
    auto appended = log_->Append(kCountingTopic, key, {e});
    ASSERT_TRUE(appended.ok()) << appended.status();
    ASSERT_EQ(appended->partition, partition);
    bool applied = false;
    while (!applied && std::chrono::steady_clock::now() - started < std::chrono::seconds(10)) {
      auto count = (*db)->Snapshot()->Get(tertial::StrCat("count/", key));
      applied = count.ok() && count->has_value() && **count == "1";
      if (!applied) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_TRUE(applied) << "a record on partition " << partition
                         << " was not applied within 10 s while the follower idled";
  }
  runner.Stop();
  EXPECT_TRUE(runner.last_error().ok()) << runner.last_error();
}

// A follower stopped at a poison record learns of its quarantine from the log (the
// operator's topic, on Kafka as on the embedded log) and goes on; its error clears.
TEST_P(RunnerFollow, AFollowerStoppedAtAPoisonRecordGoesOnOnceItIsQuarantined) {
  auto db = ProjectionDb::Open(dir_.Sub("proj"));
  ASSERT_TRUE(db.ok());
  CountingProjection projection;
  Runner runner(log_.get(), db->get(), &projection, {.idle_wait = std::chrono::milliseconds(50)});
  eventlog::Envelope before;
  before.set_event_id("before");
  ASSERT_TRUE(log_->Append(kCountingTopic, "org0", {before}).ok());
  auto writer = log_->BeginBatch(kCountingTopic, "org0");
  ASSERT_TRUE(writer.ok());
  eventlog::Envelope poison;
  poison.set_event_id("poison");
  poison.set_actor("F\x94rvaltning");
  ASSERT_TRUE(eventlog::testing::AddWithoutCheck(**writer, poison).ok());
  auto appended = (*writer)->Commit();
  ASSERT_TRUE(appended.ok()) << appended.status();
  writer->reset();
  eventlog::Envelope after;
  after.set_event_id("after");
  ASSERT_TRUE(log_->Append(kCountingTopic, "org0", {after}).ok());
  ASSERT_TRUE(runner.CatchUpAndStart().ok());
  EXPECT_TRUE(IsRecordError(runner.last_error())) << runner.last_error();

  RecordRef place{std::string(kCountingTopic), appended->partition, appended->first_offset};
  absl::StatusOr<QuarantineResult> quarantined =
      Quarantine(*log_, place, "written before the log checked records", false, {});
  ASSERT_TRUE(quarantined.ok()) << quarantined.status();
  bool applied = false;
  for (int i = 0; i < 400 && !applied; ++i) {
    auto last = (*db)->Snapshot()->Get("last/org0");
    applied = last.ok() && last->has_value() && **last == "after" && runner.last_error().ok();
    if (!applied) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  runner.Stop();
  EXPECT_TRUE(applied) << runner.last_error();
  EXPECT_EQ(runner.quarantined_skipped(), 1);
}

INSTANTIATE_TEST_SUITE_P(Logs, RunnerFollow, ::testing::Values("embedded", "kafka"),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           return param.param;
                         });

// A real crash: a child process applying events is killed with SIGKILL at random moments;
// after it is restarted and finishes, the state equals a clean replay.
class RunnerCrash : public ::testing::TestWithParam<uint32_t> {};

TEST_P(RunnerCrash, StateAfterKillsEqualsCleanReplay) {
  tertial::testing::TempDir dir;
  {
    auto log = eventlog::EmbeddedLog::Open(dir.Sub("log"), {.default_partitions = 2});
    ASSERT_TRUE(log.ok());
    AppendEvents(**log, 1000, 20);
  }
  const std::string child =
      std::string(TERTIAL_BINARY_DIR) + "/libs/projection/projection_crash_child";
  std::mt19937 random(GetParam());
  int kills_midway = 0;  // kills while the child had applied some but not all events
  for (int attempt = 0; attempt < 100; ++attempt) {
    int pipe_fds[2];
    ASSERT_EQ(pipe(pipe_fds), 0);
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      dup2(pipe_fds[1], STDOUT_FILENO);
      close(pipe_fds[0]);
      close(pipe_fds[1]);
      execl(child.c_str(), child.c_str(), dir.Sub("log").c_str(), dir.Sub("proj").c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    close(pipe_fds[1]);
    // Let the child finish a random number of steps, then kill it somewhere in the next.
    std::uniform_int_distribution<int> steps_before_kill(1, 300);
    int target = steps_before_kill(random);
    int steps = 0;
    char buffer[256];
    while (steps < target) {
      ssize_t n = read(pipe_fds[0], buffer, sizeof(buffer));
      if (n <= 0) break;  // the child finished (or died) first
      for (ssize_t i = 0; i < n; ++i) steps += buffer[i] == '\n';
    }
    std::uniform_int_distribution<int> delay_us(0, 300);
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(random)));
    int status = 0;
    bool killed = false;
    if (waitpid(pid, &status, WNOHANG) == 0) {
      kill(pid, SIGKILL);
      killed = true;
    }
    waitpid(pid, &status, 0);
    close(pipe_fds[0]);
    if (killed) {
      auto log = eventlog::EmbeddedLog::Open(dir.Sub("log"));
      auto db = ProjectionDb::Open(dir.Sub("proj"));
      ASSERT_TRUE(log.ok() && db.ok());
      CountingProjection projection;
      Runner probe(log->get(), db->get(), &projection);
      int64_t consumed = 0, end = 0;
      auto progress = probe.Progress();
      ASSERT_TRUE(progress.ok());
      for (const PartitionProgress& p : *progress) consumed += p.consumed, end += p.end;
      if (consumed > 0 && consumed < end) ++kills_midway;
      continue;
    }
    ASSERT_TRUE(WIFEXITED(status)) << "child died unexpectedly";
    ASSERT_EQ(WEXITSTATUS(status), 0);
    break;  // the child caught up
  }
  EXPECT_GT(kills_midway, 0) << "the child was never interrupted mid-way; the test proved nothing";
  auto log = eventlog::EmbeddedLog::Open(dir.Sub("log"));
  ASSERT_TRUE(log.ok());
  auto db = ProjectionDb::Open(dir.Sub("proj"));
  ASSERT_TRUE(db.ok());
  CountingProjection projection;
  Runner runner(log->get(), db->get(), &projection);
  ASSERT_TRUE(runner.CatchUp().ok());
  auto after = (*db)->Dump();
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(*after, CleanReplay(**log, dir.Sub("clean")));
}

INSTANTIATE_TEST_SUITE_P(Seeds, RunnerCrash, ::testing::Values(1u, 2u, 3u, 4u, 5u));

}  // namespace
}  // namespace tertial::projection

namespace tertial::projection {
namespace {

// A record written before the log refused such records (its envelope's actor is not
// UTF-8, so it does not parse), for key `key`. Returns its place.
RecordRef AppendPoison(eventlog::EventLog& log, const std::string& key) {
  auto writer = log.BeginBatch(kCountingTopic, key);
  EXPECT_TRUE(writer.ok());
  eventlog::Envelope poison;
  poison.set_event_id("poison");
  poison.set_organisation(key);
  poison.set_actor("F\x94rvaltning");
  EXPECT_FALSE((*writer)->Add(poison).ok());  // the log refuses it now
  EXPECT_TRUE(eventlog::testing::AddWithoutCheck(**writer, poison).ok());
  absl::StatusOr<eventlog::AppendResult> appended = (*writer)->Commit();
  EXPECT_TRUE(appended.ok());
  return {std::string(kCountingTopic), appended->partition, appended->first_offset};
}

int TotalCount(ProjectionDb& db) {
  auto reader = db.Snapshot();
  int total = 0;
  for (int k = 0; k < 5; ++k) {
    auto count = reader->Get(tertial::StrCat("count/org", k));
    if (count.ok() && count->has_value()) total += std::stoi(**count);
  }
  return total;
}

TEST(Runner, StopsAtAPoisonRecordNamingItUntilAnOperatorQuarantinesIt) {
  tertial::testing::TempDir dir;
  auto log = eventlog::EmbeddedLog::Open(dir.Sub("log"), {.default_partitions = 3});
  ASSERT_TRUE(log.ok());
  AppendEvents(**log, 10, 2);
  RecordRef poison = AppendPoison(**log, "org1");
  AppendEvents(**log, 10, 2);
  auto db = ProjectionDb::Open(dir.Sub("proj"));
  ASSERT_TRUE(db.ok());
  CountingProjection projection;
  Runner runner(log->get(), db->get(), &projection, {.records_per_step = 7});

  // Stopped: one step covers every partition, so every organisation waits behind it.
  absl::Status stopped = runner.CatchUp();
  ASSERT_FALSE(stopped.ok());
  EXPECT_TRUE(IsRecordError(stopped)) << stopped;
  const std::string place = RecordPlace(poison.topic, poison.partition, poison.offset);
  EXPECT_NE(stopped.message().find(tertial::StrCat("cannot apply ", place, " (key org1)")),
            absl::string_view::npos)
      << stopped;
  EXPECT_NE(stopped.message().find(tertial::StrCat("tertial quarantine ", place, " --reason")),
            absl::string_view::npos)
      << stopped;
  EXPECT_LT(TotalCount(**db), 40);

  // The operator's quarantine is a fact of the log; the runner reads it and goes on.
  absl::StatusOr<QuarantineResult> quarantined = Quarantine(
      **log, poison, "written by 1.2 before the log checked records", false, {.actor = "ops"});
  ASSERT_TRUE(quarantined.ok()) << quarantined.status();
  EXPECT_NE(quarantined->problem.find("does not parse"), std::string::npos);
  EXPECT_EQ(quarantined->event.record_key(), "org1");
  ASSERT_TRUE(runner.CatchUp().ok());
  EXPECT_EQ(TotalCount(**db), 40);
  EXPECT_EQ(runner.quarantined_skipped(), 1);

  // A rebuild, and a new process, skip it too and end in the same state.
  ASSERT_TRUE(runner.Rebuild().ok());
  EXPECT_EQ(TotalCount(**db), 40);
  EXPECT_EQ(*(*db)->Dump(), CleanReplay(**log, dir.Sub("clean")));

  EXPECT_EQ(Quarantine(**log, poison, "again", false, {}).status().code(),
            absl::StatusCode::kAlreadyExists);
}

TEST(Runner, QuarantineRefusesWhatIsNotThereAndRecordsThatReadBackUnlessForced) {
  tertial::testing::TempDir dir;
  auto log = eventlog::EmbeddedLog::Open(dir.Sub("log"), {.default_partitions = 1});
  ASSERT_TRUE(log.ok());
  AppendEvents(**log, 2, 2);
  RecordRef healthy{std::string(kCountingTopic), 0, 1};
  absl::StatusOr<QuarantineResult> refused = Quarantine(**log, healthy, "typo", false, {});
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition) << refused.status();
  EXPECT_EQ(Quarantine(**log, {healthy.topic, 0, 99}, "typo", false, {}).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(Quarantine(**log, {healthy.topic, 5, 0}, "typo", false, {}).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(Quarantine(**log, healthy, "", true, {}).status().code(),
            absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(Quarantine(**log, healthy, "its apply fails for good", true, {}).ok());
  auto db = ProjectionDb::Open(dir.Sub("proj"));
  ASSERT_TRUE(db.ok());
  CountingProjection projection;
  Runner runner(log->get(), db->get(), &projection);
  ASSERT_TRUE(runner.CatchUp().ok());
  EXPECT_EQ(TotalCount(**db), 3);
}

TEST(Runner, StartsDespiteAPoisonRecordAndSaysWhy) {
  tertial::testing::TempDir dir;
  auto log = eventlog::EmbeddedLog::Open(dir.Sub("log"));
  ASSERT_TRUE(log.ok());
  AppendEvents(**log, 2, 2);
  AppendPoison(**log, "org0");
  auto db = ProjectionDb::Open(dir.Sub("proj"));
  ASSERT_TRUE(db.ok());
  CountingProjection projection;
  Runner runner(log->get(), db->get(), &projection, {.idle_wait = std::chrono::milliseconds(20)});
  // A process must come up to have its admin API quarantine the record.
  ASSERT_TRUE(runner.CatchUpAndStart().ok());
  EXPECT_TRUE(IsRecordError(runner.last_error())) << runner.last_error();
  runner.Stop();
}

TEST(Runner, ParsesTheRecordPlaceErrorsName) {
  absl::StatusOr<RecordRef> ref = ParseRecordPlace("tertial.ledger.v1/2@17");
  ASSERT_TRUE(ref.ok()) << ref.status();
  EXPECT_EQ(ref->topic, "tertial.ledger.v1");
  EXPECT_EQ(ref->partition, 2);
  EXPECT_EQ(ref->offset, 17);
  for (const char* bad :
       {"tertial.ledger.v1", "tertial.ledger.v1/2", "/2@1", "t/x@1", "t/1@-3", "t/1@"}) {
    EXPECT_FALSE(ParseRecordPlace(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace tertial::projection
