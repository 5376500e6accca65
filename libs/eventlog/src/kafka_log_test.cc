// The conformance suite on librdkafka's mock cluster (3 brokers), and what the batch-marker
// design needs beyond it: interleaved batches of two producers on one partition, a
// producer killed mid-batch, a reader resuming inside a batch, batches larger than a fetch.

#include "tertial/eventlog/kafka_log.h"

#include <spawn.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

#include "event_log_harness.h"
#include "ledger_like_payload.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/kafka_mock_cluster.h"
#include "tertial/log/log.h"

extern char** environ;

namespace tertial::eventlog::testing {
namespace {

// One mock cluster for the whole test binary (tearing one down takes a second); every test
// gets topics of its own.
KafkaMockCluster& SharedCluster() {
  static KafkaMockCluster* cluster = KafkaMockCluster::Start(3)->release();
  return *cluster;
}

std::string NewTopic(int partitions) {
  static int next = 0;
  std::string topic = StrCat("tertial.test", ++next, ".v1");
  EXPECT_TRUE(SharedCluster().CreateTopic(topic, partitions).ok());
  return topic;
}

KafkaLogOptions TestOptions(const std::string& bootstrap) {
  KafkaLogOptions options;
  options.bootstrap_servers = bootstrap;
  options.linger_ms = 1;
  options.fetch_wait_max_ms = 10;
  options.message_timeout_ms = 30'000;
  options.request_timeout = std::chrono::milliseconds(10'000);
  return options;
}

class KafkaHarness final : public LogHarness {
 public:
  explicit KafkaHarness(int partitions)
      : partitions_(partitions), cluster_(&SharedCluster()), topic_(NewTopic(partitions)) {
    Open();
  }
  std::string topic() const override { return topic_; }
  ~KafkaHarness() override {
    if (outage_.joinable()) outage_.join();
    log_.reset();
  }
  EventLog& log() override { return *log_; }
  void Restart() override {
    log_.reset();
    Open();
  }
  bool InjectProduceErrors(int count) override {
    cluster_->FailProduceRequests(count);
    return true;
  }
  bool BrokerOutage(std::chrono::milliseconds duration) override {
    if (outage_.joinable()) outage_.join();
    std::vector<int> leaders;
    for (int p = 0; p < partitions_; ++p) leaders.push_back(cluster_->LeaderOf(p));
    for (int broker : leaders) EXPECT_TRUE(cluster_->SetBrokerDown(broker).ok());
    outage_ = std::thread([this, leaders, duration] {
      std::this_thread::sleep_for(duration);
      for (int broker : leaders) EXPECT_TRUE(cluster_->SetBrokerUp(broker).ok());
    });
    return true;
  }
  int partitions() const override { return partitions_; }
  // The mock keeps about 5 MiB per partition.
  size_t partition_capacity_bytes() const override { return 4 << 20; }

 private:
  void Open() {
    auto opened = KafkaLog::Open(TestOptions(cluster_->bootstrap()));
    ASSERT_TRUE(opened.ok()) << opened.status();
    log_ = std::move(*opened);
  }
  int partitions_;
  KafkaMockCluster* cluster_;
  std::string topic_;
  std::unique_ptr<KafkaLog> log_;
  std::thread outage_;
};

INSTANTIATE_TEST_SUITE_P(
    Kafka, EventLogConformance,
    ::testing::Values(
        HarnessFactory{"OnePartition", [] { return std::make_unique<KafkaHarness>(1); }},
        HarnessFactory{"FourPartitions", [] { return std::make_unique<KafkaHarness>(4); }}),
    HarnessName);

Envelope Event(std::string_view id, size_t payload_bytes = 100) {
  Envelope e;
  e.set_event_id(std::string(id));
  e.set_organisation("0580");
  e.set_event_type("tertial.test.v1.Tick");
  e.set_payload(std::string(payload_bytes, 'x'));
  return e;
}

// Event ids of everything readable in partition 0, read `step` records at a time; a new
// log is opened for every step when `fresh_reader_each_step` (a resumed process).
std::vector<std::string> ReadIds(const std::string& bootstrap, const std::string& topic,
                                 size_t step = 500, bool fresh_reader_each_step = false,
                                 int64_t from = 0, std::vector<int64_t>* offsets = nullptr) {
  std::vector<std::string> ids;
  std::unique_ptr<KafkaLog> log;
  for (;;) {
    if (log == nullptr || fresh_reader_each_step) log = *KafkaLog::Open(TestOptions(bootstrap));
    absl::StatusOr<std::vector<Record>> records = log->Read(topic, 0, from, step);
    EXPECT_TRUE(records.ok()) << records.status();
    if (!records.ok() || records->empty()) return ids;
    for (const Record& r : *records) {
      EXPECT_GE(r.offset, from);
      ids.push_back(r.ParseEnvelope()->event_id());
      if (offsets != nullptr) offsets->push_back(r.offset);
      from = r.offset + 1;
    }
  }
}

std::vector<std::string> Ids(std::string_view prefix, int from, int to) {
  std::vector<std::string> ids;
  for (int i = from; i < to; ++i) ids.push_back(StrCat(prefix, i));
  return ids;
}

// Waits until the partition's high watermark reaches `offset`: records added to a writer
// are on their way, this makes sure they landed before the test goes on.
void AwaitHighWatermark(KafkaLog& log, const std::string& topic, int64_t offset) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    absl::StatusOr<int64_t> end = log.EndOffset(topic, 0);
    if (end.ok() && *end >= offset) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ADD_FAILURE() << "high watermark never reached " << offset;
}

class KafkaLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cluster_ = &SharedCluster();
    topic_ = NewTopic(1);
  }
  std::unique_ptr<KafkaLog> OpenLog(KafkaLogOptions options) {
    auto log = KafkaLog::Open(std::move(options));
    EXPECT_TRUE(log.ok()) << log.status();
    return log.ok() ? std::move(*log) : nullptr;
  }
  std::unique_ptr<KafkaLog> OpenLog() { return OpenLog(TestOptions(cluster_->bootstrap())); }
  KafkaMockCluster* cluster_;
  std::string topic_;
};

TEST_F(KafkaLogTest, BatchThatLostToAnotherProcessIsRewrittenWhole) {
  auto a = OpenLog();
  auto b = OpenLog();  // another process: its own producer
  auto writer_a = *a->BeginBatch(topic_, "0580");
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(writer_a->Add(Event(StrCat("a", i))).ok());
  AwaitHighWatermark(*a, topic_, 3);
  // B's batch lands inside A's and commits first.
  ASSERT_TRUE(b->Append(topic_, "0580", {Event("b0"), Event("b1"), Event("b2")}).ok());
  for (int i = 3; i < 6; ++i) ASSERT_TRUE(writer_a->Add(Event(StrCat("a", i))).ok());
  absl::StatusOr<AppendResult> result = writer_a->Commit();
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_GT(result->first_offset, 7);  // rewritten after B's marker
  std::vector<std::string> expected = {"b0", "b1", "b2"};
  for (const std::string& id : Ids("a", 0, 6)) expected.push_back(id);
  EXPECT_EQ(ReadIds(cluster_->bootstrap(), topic_), expected);
}

TEST_F(KafkaLogTest, BatchThatLostAndCannotBeRewrittenIsAbortedAndInvisible) {
  KafkaLogOptions options = TestOptions(cluster_->bootstrap());
  options.retain_bytes = 0;  // too large to keep: the writer cannot write it again
  auto a = OpenLog(options);
  auto b = OpenLog();
  auto writer_a = *a->BeginBatch(topic_, "0580");
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(writer_a->Add(Event(StrCat("a", i))).ok());
  AwaitHighWatermark(*a, topic_, 3);
  ASSERT_TRUE(b->Append(topic_, "0580", {Event("b0"), Event("b1")}).ok());
  ASSERT_TRUE(writer_a->Add(Event("a3")).ok());
  absl::StatusOr<AppendResult> result = writer_a->Commit();
  EXPECT_TRUE(absl::IsAborted(result.status())) << result.status();
  writer_a.reset();  // releases the partition
  EXPECT_EQ(ReadIds(cluster_->bootstrap(), topic_), (std::vector<std::string>{"b0", "b1"}));
  // Later batches are unaffected.
  ASSERT_TRUE(a->Append(topic_, "0580", {Event("c0")}).ok());
  EXPECT_EQ(ReadIds(cluster_->bootstrap(), topic_), (std::vector<std::string>{"b0", "b1", "c0"}));
}

TEST_F(KafkaLogTest, BatchOverTheLimitIsRefusedBeforeAnythingIsWritten) {
  KafkaLogOptions options = TestOptions(cluster_->bootstrap());
  options.max_batch_bytes = 2000;  // about 15 events of Event()'s size
  auto log = OpenLog(options);
  ASSERT_TRUE(log->Append(topic_, "0580", {Event("before")}).ok());
  absl::StatusOr<int64_t> end_before = log->EndOffset(topic_, 0);
  ASSERT_TRUE(end_before.ok());
  auto writer = *log->BeginBatch(topic_, "0580");
  absl::Status added;
  int accepted = 0;
  for (int i = 0; i < 100 && added.ok(); ++i) {
    added = writer->Add(Event(StrCat("big", i)));
    if (added.ok()) ++accepted;
  }
  EXPECT_EQ(added.code(), absl::StatusCode::kResourceExhausted) << added;
  EXPECT_NE(added.message().find("TERTIAL_KAFKA_MAX_BATCH_BYTES"), std::string::npos) << added;
  EXPECT_NE(added.message().find("nothing of the batch was written"), std::string::npos);
  EXPECT_GT(accepted, 5);
  EXPECT_LT(accepted, 30);
  // The writer stays refused: no half batch can be committed after the error.
  EXPECT_EQ(writer->Add(Event("more")).code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(writer->Commit().status().code(), absl::StatusCode::kResourceExhausted);
  writer.reset();
  // Nothing reached the broker: the high watermark did not move.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(*log->EndOffset(topic_, 0), *end_before);
  // A batch within the limit is held until Commit, then written whole.
  auto small = *log->BeginBatch(topic_, "0580");
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(small->Add(Event(StrCat("small", i))).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(*log->EndOffset(topic_, 0), *end_before);
  ASSERT_TRUE(small->Commit().ok());
  std::vector<std::string> expected = {"before"};
  for (const std::string& id : Ids("small", 0, 5)) expected.push_back(id);
  EXPECT_EQ(ReadIds(cluster_->bootstrap(), topic_), expected);
}

TEST_F(KafkaLogTest, InterleavedRecordsOfAnAbandonedBatchAreSkipped) {
  auto a = OpenLog();
  auto b = OpenLog();
  auto writer_a = *a->BeginBatch(topic_, "0580");
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(writer_a->Add(Event(StrCat("a", i))).ok());
  AwaitHighWatermark(*a, topic_, 5);
  {
    auto writer_b = *b->BeginBatch(topic_, "0580");
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(writer_b->Add(Event(StrCat("b", i))).ok());
    AwaitHighWatermark(*b, topic_, 10);
  }  // abandoned
  for (int i = 5; i < 100; ++i) ASSERT_TRUE(writer_a->Add(Event(StrCat("a", i))).ok());
  absl::StatusOr<AppendResult> result = writer_a->Commit();
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->first_offset, 0);  // kept: no commit point inside it
  EXPECT_EQ(ReadIds(cluster_->bootstrap(), topic_), Ids("a", 0, 100));
}

TEST_F(KafkaLogTest, ReaderResumesInTheMiddleOfABatch) {
  // A non-contiguous batch (an abandoned batch's records inside it), read 7 records at a
  // time by a new process each time, so every resume checks the part it has not seen.
  auto a = OpenLog();
  auto b = OpenLog();
  auto writer_a = *a->BeginBatch(topic_, "0580");
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(writer_a->Add(Event(StrCat("a", i))).ok());
  AwaitHighWatermark(*a, topic_, 10);
  {
    auto writer_b = *b->BeginBatch(topic_, "0580");
    ASSERT_TRUE(writer_b->Add(Event("b0")).ok());
    AwaitHighWatermark(*b, topic_, 11);
  }
  for (int i = 10; i < 40; ++i) ASSERT_TRUE(writer_a->Add(Event(StrCat("a", i))).ok());
  ASSERT_TRUE(writer_a->Commit().ok());
  writer_a.reset();
  ASSERT_TRUE(a->Append(topic_, "0580", {Event("c0"), Event("c1")}).ok());
  std::vector<std::string> expected = Ids("a", 0, 40);
  expected.push_back("c0");
  expected.push_back("c1");
  std::vector<int64_t> offsets;
  EXPECT_EQ(ReadIds(cluster_->bootstrap(), topic_, 7, /*fresh_reader_each_step=*/true, 0, &offsets),
            expected);
  // The same from one reader, and from every offset a consumer could have stored.
  EXPECT_EQ(ReadIds(cluster_->bootstrap(), topic_, 7), expected);
  for (size_t i = 0; i < offsets.size(); i += 5) {
    std::vector<std::string> rest(expected.begin() + i, expected.end());
    EXPECT_EQ(ReadIds(cluster_->bootstrap(), topic_, 500, false, offsets[i]), rest) << offsets[i];
  }
}

TEST_F(KafkaLogTest, BatchLargerThanOneFetchAndThanTheReadersBuffer) {
  KafkaLogOptions options = TestOptions(cluster_->bootstrap());
  options.max_partition_fetch_bytes = 16 << 10;
  options.max_pending_bytes = 40 << 10;  // the reader cannot hold the batch: it rescans
  auto log = OpenLog(options);
  auto writer = *log->BeginBatch(topic_, "0580");
  for (int i = 0; i < 300; ++i) ASSERT_TRUE(writer->Add(Event(StrCat("e", i), 1000)).ok());
  ASSERT_TRUE(writer->Commit().ok());
  std::vector<std::string> ids;
  int64_t from = 0;
  for (;;) {
    absl::StatusOr<std::vector<Record>> records = log->Read(topic_, 0, from, 64);
    ASSERT_TRUE(records.ok()) << records.status();
    if (records->empty()) break;
    for (const Record& r : *records) {
      ids.push_back(r.ParseEnvelope()->event_id());
      from = r.offset + 1;
    }
  }
  EXPECT_EQ(ids, Ids("e", 0, 300));
}

TEST_F(KafkaLogTest, ProducerKilledMidBatchLeavesNothingAndBlocksNobody) {
  // A real process, SIGKILLed with half a batch delivered.
  std::string helper = StrCat(TERTIAL_BINARY_DIR, "/libs/eventlog/kafka_crash_writer");
  std::string bootstrap = cluster_->bootstrap();
  std::vector<std::string> args = {helper, bootstrap, topic_, "0580", "25"};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, helper.c_str(), nullptr, nullptr, argv.data(), environ), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "status " << status;
  auto log = OpenLog();
  EXPECT_GE(*log->EndOffset(topic_, 0), 25);  // its records are in the partition
  EXPECT_TRUE(ReadIds(bootstrap, topic_).empty());
  ASSERT_TRUE(log->Append(topic_, "0580", {Event("after0"), Event("after1")}).ok());
  EXPECT_EQ(ReadIds(bootstrap, topic_), (std::vector<std::string>{"after0", "after1"}));
}

// Review item 10: on the dev broker (librdkafka's mock: about 5 MiB per partition, all
// records together), an import killed mid-append left its records behind; its retry
// added as much again, the partition dropped its oldest records, and every reader of the
// committed ones failed with DATA_LOSS. The same sizes here, with voucher-like events:
// 0.8 MB committed, 3.7 MB left by a SIGKILLed writer, a 3.7 MB retry under the
// devbroker's batch limit (8 MB in all, uncompressed), then read back from offset 0.
// Returns the status of the read; `*ids` what it returned.
absl::Status CommitKillRetryAndRead(KafkaMockCluster& cluster, const std::string& topic,
                                    bool compress, std::vector<std::string>* ids) {
  auto voucher = [](std::string_view id, uint64_t seed) {
    Envelope e = Event(id, 0);
    e.set_event_type("tertial.ledger.v1.VoucherPosted");
    e.set_payload(fixtures::LedgerLikePayload(seed));
    return e;
  };
  const int kBefore = 3'000, kBatch = 14'000;  // envelopes of about 270 bytes
  KafkaLogOptions options = TestOptions(cluster.bootstrap());
  options.max_batch_bytes = 4 << 20;  // what tertial-devbroker tells the services to use
  if (!compress) options.compression = "";
  auto log = *KafkaLog::Open(options);
  std::vector<Envelope> before;
  for (int i = 0; i < kBefore; ++i) before.push_back(voucher(StrCat("before", i), i));
  if (auto s = log->Append(topic, "0580", before); !s.ok()) return s.status();

  std::string helper = StrCat(TERTIAL_BINARY_DIR, "/libs/eventlog/kafka_crash_writer");
  std::vector<std::string> args = {helper,         cluster.bootstrap(),
                                   topic,          "0580",
                                   StrCat(kBatch), compress ? "ledger" : "ledger-uncompressed"};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  EXPECT_EQ(posix_spawn(&pid, helper.c_str(), nullptr, nullptr, argv.data(), environ), 0);
  int status = 0;
  EXPECT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "status " << status;

  std::vector<Envelope> retry;
  size_t retry_bytes = 0;
  for (int i = 0; i < kBatch; ++i) {
    retry.push_back(voucher(StrCat("retry", i), i));
    retry_bytes += retry.back().ByteSizeLong();
  }
  EXPECT_GT(retry_bytes, size_t{3} << 20);  // as large as the 1.85 MB SIE file gives
  if (auto s = log->Append(topic, "0580", retry); !s.ok()) return s.status();

  auto reader = *KafkaLog::Open(TestOptions(cluster.bootstrap()));
  for (int64_t from = 0;;) {
    absl::StatusOr<std::vector<Record>> records = reader->Read(topic, 0, from, 5'000);
    if (!records.ok()) return records.status();
    if (records->empty()) return absl::OkStatus();
    for (const Record& r : *records) {
      ids->push_back(r.ParseEnvelope()->event_id());
      from = r.offset + 1;
    }
  }
}

TEST_F(KafkaLogTest, LeftoversOfAKilledBatchAndItsRetryFitTheMockPartition) {
  std::vector<std::string> ids;
  absl::Status read = CommitKillRetryAndRead(*cluster_, topic_, /*compress=*/true, &ids);
  ASSERT_TRUE(read.ok()) << read;
  std::vector<std::string> expected = Ids("before", 0, 3'000);
  for (const std::string& id : Ids("retry", 0, 14'000)) expected.push_back(id);
  EXPECT_EQ(ids, expected);
}

// The same without compression, as before: the mock drops committed records. This keeps
// the test above honest (its sizes are past what a partition holds uncompressed).
TEST_F(KafkaLogTest, UncompressedTheSameLeftoversPushCommittedRecordsOut) {
  std::vector<std::string> ids;
  absl::Status read = CommitKillRetryAndRead(*cluster_, topic_, /*compress=*/false, &ids);
  EXPECT_EQ(read.code(), absl::StatusCode::kDataLoss) << read;
}

TEST_F(KafkaLogTest, PlacesKeysByTheInterfacesHashNotLibrdkafkas) {
  std::string keys_topic = NewTopic(5);
  auto log = OpenLog();
  const std::vector<std::string> keys = {"0580", "0180", "1480", "1280", "0380", "2480"};
  for (const std::string& key : keys) {
    ASSERT_TRUE(log->Append(keys_topic, key, {Event(key)}).ok());
  }
  for (const std::string& key : keys) {
    int expected = static_cast<int>(KeyHash(key) % 5);
    auto records = log->Read(keys_topic, expected, 0, 100);
    ASSERT_TRUE(records.ok());
    bool found = false;
    for (const Record& r : *records) found = found || r.key == key;
    EXPECT_TRUE(found) << key << " not in partition " << expected;
  }
}

TEST_F(KafkaLogTest, MissingTopicIsNotFoundAndNamed) {
  auto log = OpenLog();
  absl::StatusOr<int> partitions = log->Partitions("tertial.nothing.v1");
  EXPECT_TRUE(absl::IsNotFound(partitions.status())) << partitions.status();
  EXPECT_NE(partitions.status().message().find("tertial.nothing.v1"), std::string::npos);
  EXPECT_FALSE(log->BeginBatch("tertial.nothing.v1", "0580").ok());
}

TEST_F(KafkaLogTest, CaughtUpConsumerShowsNoLag) {
  auto log = OpenLog();
  absl::StatusOr<AppendResult> appended = log->Append(topic_, "0580", {Event("a"), Event("b")});
  ASSERT_TRUE(appended.ok());
  auto records = log->Read(topic_, 0, 0, 100);
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ(*log->EndOffset(topic_, 0) - (records->back().offset + 1), 0);
}

TEST_F(KafkaLogTest, ReadersAtDifferentOffsetsShareTheConsumerWithoutSeeking) {
  // Several projections follow one topic at their own pace; the one behind is served from
  // the records the one ahead fetched.
  auto log = OpenLog();
  for (int b = 0; b < 20; ++b) {
    std::vector<Envelope> batch;
    for (int i = 0; i < 50; ++i) batch.push_back(Event(StrCat("e", b * 50 + i)));
    ASSERT_TRUE(log->Append(topic_, "0580", batch).ok());
  }
  std::vector<std::string> ahead, behind;
  int64_t from_ahead = 0, from_behind = 0;
  auto step = [&](int64_t* from, std::vector<std::string>* ids, size_t n) {
    auto records = log->Read(topic_, 0, *from, n);
    ASSERT_TRUE(records.ok()) << records.status();
    for (const Record& r : *records) {
      ids->push_back(r.ParseEnvelope()->event_id());
      *from = r.offset + 1;
    }
  };
  for (int round = 0; round < 40; ++round) {
    step(&from_ahead, &ahead, 40);
    step(&from_behind, &behind, 25);
  }
  while (behind.size() < 1000) {
    size_t before = behind.size();
    step(&from_behind, &behind, 100);
    if (behind.size() == before) break;
  }
  EXPECT_EQ(ahead, Ids("e", 0, 1000));
  EXPECT_EQ(behind, Ids("e", 0, 1000));
  EXPECT_LE(log->SeeksForTesting(topic_, 0), 2);  // the first assignment, nothing more
}

// A query that needs its follower to catch up wakes it: the follower's wait for records
// ends at once instead of running out (it ran out its 25 ms slice on every query).
TEST_F(KafkaLogTest, WakeWaitersEndsAWaitForAnyUnderWay) {
  auto log = OpenLog();
  // An empty topic: nothing will arrive, so only a wake-up ends the wait before 60 s.
  const std::vector<ReadPosition> empty = {{topic_, 0, 0}};
  std::atomic<bool> returned{false};
  std::thread waiter([&] {
    log->WaitForAny(empty, std::chrono::seconds(60));
    returned = true;
  });
  // Woken again and again until it returns: the first wake may come before it waits.
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!returned && std::chrono::steady_clock::now() < give_up) {
    log->WakeWaiters();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(returned) << "WaitForAny slept through WakeWaiters";
  waiter.join();
}

TEST(KafkaLogOpen, FailsClearlyWhenNothingListens) {
  KafkaLogOptions options = TestOptions("127.0.0.1:1");
  options.request_timeout = std::chrono::milliseconds(500);
  absl::StatusOr<std::unique_ptr<KafkaLog>> log = KafkaLog::Open(options);
  EXPECT_FALSE(log.ok());
  EXPECT_NE(log.status().message().find("127.0.0.1:1"), std::string::npos) << log.status();
}

// librdkafka's own messages (here: a broker that refuses the connection) go through the
// process's log, as JSON lines with their source, not librdkafka's own stderr format.
TEST(KafkaLogLogging, LibrdkafkaMessagesGoThroughTheLogger) {
  std::vector<std::string> lines;
  std::mutex mutex;
  log::Configure(
      {.service = "kafka-test", .level = log::Level::kInfo, .sink = [&](std::string_view line) {
         std::lock_guard<std::mutex> guard(mutex);
         lines.emplace_back(line);
       }});
  KafkaLogOptions options;
  options.bootstrap_servers = "127.0.0.1:1";  // nobody listens there
  options.request_timeout = std::chrono::milliseconds(1500);
  EXPECT_FALSE(KafkaLog::Open(std::move(options)).ok());
  log::Configure({});
  std::lock_guard<std::mutex> guard(mutex);
  bool found = false;
  for (const std::string& line : lines) {
    if (line.find("\"source\":\"librdkafka\"") == std::string::npos) continue;
    found = true;
    EXPECT_NE(line.find("\"service\":\"kafka-test\""), std::string::npos) << line;
    EXPECT_NE(line.find("\"facility\":"), std::string::npos) << line;
  }
  EXPECT_TRUE(found) << lines.size() << " lines, none from librdkafka";
}

}  // namespace
}  // namespace tertial::eventlog::testing
