// The behaviour every EventLog must have. Instantiated for the embedded log in
// embedded_log_test.cc and for Kafka (against librdkafka's mock cluster) in kafka_log_test.cc.

#include <gmock/gmock.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "event_log_harness.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/testing/v1/events.pb.h"

namespace tertial::eventlog::testing {
namespace {

Envelope MakeEnvelope(std::string_view key, int sequence, size_t payload_bytes = 120) {
  Envelope e;
  e.set_event_id(tertial::StrCat(key, "-", sequence));
  e.set_organisation(std::string(key));
  e.set_aggregate_key(tertial::StrCat("test/", sequence));
  e.set_event_type("tertial.test.v1.Tick");
  e.set_schema_version(1);
  e.set_actor("conformance");
  e.set_payload(std::string(payload_bytes, static_cast<char>('a' + sequence % 26)));
  return e;
}

// Every committed record of `topic`, partition by partition, parsed.
std::vector<std::pair<Record, Envelope>> ReadAll(EventLog& log, std::string_view topic,
                                                 int partition, int64_t from = 0) {
  std::vector<std::pair<Record, Envelope>> out;
  for (;;) {
    absl::StatusOr<std::vector<Record>> records = log.Read(topic, partition, from, 500);
    EXPECT_TRUE(records.ok()) << records.status();
    if (!records.ok() || records->empty()) break;
    for (Record& r : *records) {
      absl::StatusOr<Envelope> e = r.ParseEnvelope();
      EXPECT_TRUE(e.ok()) << e.status();
      from = r.offset + 1;
      out.emplace_back(std::move(r), *e);
    }
  }
  return out;
}

// Event ids per key in log order, over all partitions.
std::map<std::string, std::vector<std::string>> IdsByKey(EventLog& log, std::string_view topic) {
  std::map<std::string, std::vector<std::string>> ids;
  int partitions = *log.Partitions(topic);
  for (int p = 0; p < partitions; ++p) {
    for (auto& [record, envelope] : ReadAll(log, topic, p)) {
      ids[record.key].push_back(envelope.event_id());
    }
  }
  return ids;
}

std::vector<std::string> ExpectedIds(std::string_view key, int count) {
  std::vector<std::string> ids;
  for (int i = 0; i < count; ++i) ids.push_back(tertial::StrCat(key, "-", i));
  return ids;
}

TEST_P(EventLogConformance, KeepsOrderPerKeyWithoutLossOrDuplicates) {
  const std::vector<std::string> keys = {"0580", "0180", "1480", "1280", "0380"};
  std::map<std::string, int> next;
  for (int round = 0; round < 20; ++round) {
    for (const std::string& key : keys) {
      std::vector<Envelope> batch;
      for (int i = 0; i < 1 + (round % 4); ++i) batch.push_back(MakeEnvelope(key, next[key]++));
      ASSERT_TRUE(log().Append(topic(), key, batch).ok());
    }
  }
  auto ids = IdsByKey(log(), topic());
  for (const std::string& key : keys) EXPECT_EQ(ids[key], ExpectedIds(key, next[key])) << key;
}

TEST_P(EventLogConformance, SameKeyAlwaysGoesToTheSamePartition) {
  EXPECT_EQ(*log().Partitions(topic()), harness_->partitions());
  ASSERT_TRUE(log().Append(topic(), "0580", {MakeEnvelope("0580", 0)}).ok());
  int partition = *log().PartitionFor(topic(), "0580");
  auto records = ReadAll(log(), topic(), partition);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].first.key, "0580");
}

TEST_P(EventLogConformance, BatchIsInvisibleUntilCommitted) {
  int partition = *log().PartitionFor(topic(), "0580");
  auto writer = log().BeginBatch(topic(), "0580");
  ASSERT_TRUE(writer.ok());
  for (int i = 0; i < 50; ++i) ASSERT_TRUE((*writer)->Add(MakeEnvelope("0580", i)).ok());
  EXPECT_TRUE(ReadAll(log(), topic(), partition).empty());
  absl::StatusOr<AppendResult> result = (*writer)->Commit();
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->partition, partition);
  EXPECT_EQ(IdsByKey(log(), topic())["0580"], ExpectedIds("0580", 50));
}

TEST_P(EventLogConformance, AbandonedBatchLeavesNothingVisible) {
  {
    auto writer = log().BeginBatch(topic(), "0580");
    ASSERT_TRUE(writer.ok());
    for (int i = 100; i < 120; ++i) ASSERT_TRUE((*writer)->Add(MakeEnvelope("0580", i)).ok());
  }  // destroyed without Commit
  std::vector<Envelope> committed;
  for (int i = 0; i < 5; ++i) committed.push_back(MakeEnvelope("0580", i));
  ASSERT_TRUE(log().Append(topic(), "0580", committed).ok());
  EXPECT_EQ(IdsByKey(log(), topic())["0580"], ExpectedIds("0580", 5));
  harness_->Restart();
  EXPECT_EQ(IdsByKey(log(), topic())["0580"], ExpectedIds("0580", 5));
}

TEST_P(EventLogConformance, ReadsFromAnyOffset) {
  for (int i = 0; i < 30; ++i) {
    std::vector<Envelope> batch = {MakeEnvelope("0580", 2 * i), MakeEnvelope("0580", 2 * i + 1)};
    ASSERT_TRUE(log().Append(topic(), "0580", batch).ok());
  }
  int partition = *log().PartitionFor(topic(), "0580");
  auto all = ReadAll(log(), topic(), partition);
  ASSERT_EQ(all.size(), 60u);
  for (size_t i = 0; i < all.size(); ++i) {
    auto rest = ReadAll(log(), topic(), partition, all[i].first.offset);
    ASSERT_EQ(rest.size(), all.size() - i) << "from offset " << all[i].first.offset;
    EXPECT_EQ(rest.front().second.event_id(), all[i].second.event_id());
  }
  // Offsets only grow, and the end offset lies beyond the last record.
  for (size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1].first.offset, all[i].first.offset);
  EXPECT_GT(*log().EndOffset(topic(), partition), all.back().first.offset);
  EXPECT_TRUE(ReadAll(log(), topic(), partition, *log().EndOffset(topic(), partition)).empty());
}

// A reader can tell batches apart: records of one batch share their commit offset, which
// lies at or past each of them, and every batch has its own. Read from the middle of a
// batch, the rest of it still carries the batch's commit offset.
TEST_P(EventLogConformance, RecordsOfOneBatchShareTheirCommitOffset) {
  const std::vector<int> sizes = {3, 1, 5, 2};
  int next = 0;
  for (int size : sizes) {
    std::vector<Envelope> batch;
    for (int i = 0; i < size; ++i) batch.push_back(MakeEnvelope("0580", next++));
    ASSERT_TRUE(log().Append(topic(), "0580", batch).ok());
  }
  int partition = *log().PartitionFor(topic(), "0580");
  auto all = ReadAll(log(), topic(), partition);
  ASSERT_EQ(all.size(), 11u);
  std::vector<int> seen_sizes;
  int64_t previous = -1;
  for (const auto& [record, envelope] : all) {
    EXPECT_GE(record.commit_offset, record.offset) << envelope.event_id();
    if (record.commit_offset != previous) {
      EXPECT_GT(record.commit_offset, previous) << "commit offsets go back";
      seen_sizes.push_back(0);
      previous = record.commit_offset;
    }
    ++seen_sizes.back();
  }
  EXPECT_EQ(seen_sizes, sizes);
  // From the second record of the third batch (records 4..8).
  auto rest = ReadAll(log(), topic(), partition, all[5].first.offset);
  ASSERT_EQ(rest.size(), 6u);
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(rest[i].first.commit_offset, all[5 + i].first.commit_offset);
}

TEST_P(EventLogConformance, ResumesAfterRestart) {
  for (int i = 0; i < 10; ++i)
    ASSERT_TRUE(log().Append(topic(), "0580", {MakeEnvelope("0580", i)}).ok());
  int partition = *log().PartitionFor(topic(), "0580");
  auto before = ReadAll(log(), topic(), partition);
  ASSERT_EQ(before.size(), 10u);
  int64_t resume_at = before.back().first.offset + 1;  // what a projection stores
  harness_->Restart();
  for (int i = 10; i < 20; ++i)
    ASSERT_TRUE(log().Append(topic(), "0580", {MakeEnvelope("0580", i)}).ok());
  auto after = ReadAll(log(), topic(), partition, resume_at);
  ASSERT_EQ(after.size(), 10u);
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(after[i].second.event_id(), tertial::StrCat("0580-", 10 + i));
  EXPECT_EQ(IdsByKey(log(), topic())["0580"], ExpectedIds("0580", 20));
}

TEST_P(EventLogConformance, ConcurrentBatchesOnOnePartitionStayWhole) {
  constexpr int kThreads = 4;
  constexpr int kBatches = 10;
  constexpr int kPerBatch = 5;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int b = 0; b < kBatches; ++b) {
        std::vector<Envelope> batch;
        for (int i = 0; i < kPerBatch; ++i) {
          Envelope e = MakeEnvelope("0580", (t * kBatches + b) * kPerBatch + i);
          batch.push_back(e);
        }
        if (!log().Append(topic(), "0580", batch).ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_EQ(failures.load(), 0);
  auto ids = IdsByKey(log(), topic())["0580"];
  ASSERT_EQ(ids.size(), static_cast<size_t>(kThreads * kBatches * kPerBatch));
  // Each batch's records are contiguous and in order.
  for (size_t i = 0; i < ids.size(); i += kPerBatch) {
    int first = std::stoi(ids[i].substr(5));
    EXPECT_EQ(first % kPerBatch, 0);
    for (int j = 1; j < kPerBatch; ++j) EXPECT_EQ(ids[i + j], tertial::StrCat("0580-", first + j));
  }
  std::set<std::string> unique(ids.begin(), ids.end());
  EXPECT_EQ(unique.size(), ids.size());
}

TEST_P(EventLogConformance, WaitForDataWakesOnCommit) {
  int partition = *log().PartitionFor(topic(), "0580");
  int64_t end = *log().EndOffset(topic(), partition);
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_TRUE(log().Append(topic(), "0580", {MakeEnvelope("0580", 0)}).ok());
  });
  bool woke = false;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!woke && std::chrono::steady_clock::now() < deadline) {
    log().WaitForData(topic(), partition, end, std::chrono::milliseconds(500));
    woke = !ReadAll(log(), topic(), partition, end).empty();
  }
  writer.join();
  EXPECT_TRUE(woke);
}

// A follower waiting on every partition at once wakes for a commit on any of them, and
// otherwise waits out its timeout. With one partition the commit lands on it, which a
// follower must notice just the same.
TEST_P(EventLogConformance, WaitForAnyWakesForACommitOnAnyPartition) {
  const int partitions = *log().Partitions(topic());
  std::vector<ReadPosition> positions;
  for (int p = 0; p < partitions; ++p)
    positions.push_back({topic(), p, *log().EndOffset(topic(), p)});
  auto idle = std::chrono::steady_clock::now();
  EXPECT_FALSE(log().WaitForAny(positions, std::chrono::milliseconds(300)));
  EXPECT_GE(std::chrono::steady_clock::now() - idle, std::chrono::milliseconds(290));
  // The last partition's key: not the first one (when there are several), which a single
  // wait would watch.
  std::string key;
  for (int i = 0; key.empty(); ++i) {
    std::string candidate = tertial::StrCat("org", i);
    if (*log().PartitionFor(topic(), candidate) == partitions - 1) key = candidate;
  }
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_TRUE(log().Append(topic(), key, {MakeEnvelope(key, 0)}).ok());
  });
  bool woke = false;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!woke && std::chrono::steady_clock::now() < deadline) {
    // Each wait far longer than the test: only the commit ends it.
    log().WaitForAny(positions, std::chrono::seconds(30));
    woke = !ReadAll(log(), topic(), partitions - 1, positions.back().from).empty();
  }
  writer.join();
  EXPECT_TRUE(woke);
  EXPECT_LT(std::chrono::steady_clock::now() - idle, std::chrono::seconds(10));
}

TEST_P(EventLogConformance, NoDuplicatesWhenTheProducerRetries) {
  bool injected = harness_->InjectProduceErrors(3);
  std::vector<Envelope> batch;
  for (int i = 0; i < 20; ++i) batch.push_back(MakeEnvelope("0580", i));
  absl::StatusOr<AppendResult> result = log().Append(topic(), "0580", batch);
  ASSERT_TRUE(result.ok()) << result.status() << (injected ? " (with injected errors)" : "");
  EXPECT_EQ(IdsByKey(log(), topic())["0580"], ExpectedIds("0580", 20));
}

TEST_P(EventLogConformance, SurvivesABrokerOutageDuringProduceAndConsume) {
  constexpr int kRecords = 200;
  int partition = *log().PartitionFor(topic(), "0580");
  std::atomic<bool> produced{false};
  std::thread producer([&] {
    for (int i = 0; i < kRecords; ++i) {
      if (i == kRecords / 4) harness_->BrokerOutage(std::chrono::milliseconds(1500));
      absl::StatusOr<AppendResult> r = log().Append(topic(), "0580", {MakeEnvelope("0580", i)});
      ASSERT_TRUE(r.ok()) << "record " << i << ": " << r.status();
    }
    produced = true;
  });
  // Consume while the outage happens; the reader must neither skip nor repeat.
  std::vector<std::string> consumed;
  int64_t from = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while ((!produced || static_cast<int>(consumed.size()) < kRecords) &&
         std::chrono::steady_clock::now() < deadline) {
    absl::StatusOr<std::vector<Record>> records = log().Read(topic(), partition, from, 50);
    if (!records.ok() || records->empty()) {
      log().WaitForData(topic(), partition, from, std::chrono::milliseconds(200));
      continue;
    }
    for (const Record& r : *records) {
      consumed.push_back(r.ParseEnvelope()->event_id());
      from = r.offset + 1;
    }
  }
  producer.join();
  EXPECT_EQ(consumed, ExpectedIds("0580", kRecords));
}

TEST_P(EventLogConformance, LargeBatchWithinPartitionCapacityCommitsWhole) {
  // About 40% of what a partition keeps, in 1 KiB records.
  const size_t records = harness_->partition_capacity_bytes() * 2 / 5 / 1100;
  auto writer = log().BeginBatch(topic(), "0580");
  ASSERT_TRUE(writer.ok());
  for (size_t i = 0; i < records; ++i) {
    ASSERT_TRUE((*writer)->Add(MakeEnvelope("0580", static_cast<int>(i), 1000)).ok());
  }
  EXPECT_EQ((*writer)->size(), static_cast<int64_t>(records));
  ASSERT_TRUE((*writer)->Commit().ok());
  EXPECT_EQ(IdsByKey(log(), topic())["0580"], ExpectedIds("0580", static_cast<int>(records)));
}

// A test topic's event (tertial.testing.v1.TestEvent) whose tick holds `text`, nested
// one level down when `nested`.
Envelope TickEnvelope(std::string_view text, bool nested = false) {
  tertial::testing::v1::TestEvent event;
  tertial::testing::v1::Tick* tick = event.mutable_tick();
  (nested ? tick->mutable_inner() : tick)->set_text(std::string(text));
  // Wrap serializes the bytes as they are (proto3 only logs a complaint).
  absl::StatusOr<Envelope> envelope =
      Wrap(event, "tick/1", {.organisation = "0580", .actor = "conformance"});
  EXPECT_TRUE(envelope.ok()) << envelope.status();
  return *envelope;
}

int64_t EndOfKey(EventLog& log, std::string_view topic, std::string_view key) {
  absl::StatusOr<int> partition = log.PartitionFor(topic, key);
  EXPECT_TRUE(partition.ok()) << partition.status();
  absl::StatusOr<int64_t> end = log.EndOffset(topic, *partition);
  EXPECT_TRUE(end.ok()) << end.status();
  return *end;
}

// A record that would not read back stops every projection of its topic (proto3 refuses
// to parse a string that is not UTF-8), so the log refuses it, and the rest of its batch.
TEST_P(EventLogConformance, RefusesAnEnvelopeThatWouldNotReadBack) {
  ASSERT_TRUE(log().Append(topic(), "0580", {MakeEnvelope("0580", 0)}).ok());
  const int64_t end = EndOfKey(log(), topic(), "0580");
  Envelope bad = MakeEnvelope("0580", 1);
  bad.set_actor("F\x94rvaltning");
  absl::StatusOr<AppendResult> appended =
      log().Append(topic(), "0580", {MakeEnvelope("0580", 2), bad, MakeEnvelope("0580", 3)});
  ASSERT_FALSE(appended.ok());
  EXPECT_EQ(appended.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(
      std::string(appended.status().message()),
      ::testing::HasSubstr("envelope field actor is not valid UTF-8 (byte \\x94 at offset 1)"));
  EXPECT_EQ(EndOfKey(log(), topic(), "0580"), end);
  EXPECT_EQ(IdsByKey(log(), topic())["0580"], ExpectedIds("0580", 1));
}

TEST_P(EventLogConformance, RefusesAPayloadThatDoesNotParseAsItsContextEvent) {
  for (bool nested : {false, true}) {
    auto writer = log().BeginBatch(topic(), "0580");
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Add(TickEnvelope("Förvaltning")).ok());
    absl::Status refused = (*writer)->Add(TickEnvelope("F\x94rvaltning", nested));
    EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(
        std::string(refused.message()),
        ::testing::HasSubstr(StrCat("payload field ", nested ? "tick.inner.text" : "tick.text",
                                    " (byte \\x94 at offset 1) is not valid UTF-8")));
    EXPECT_THAT(std::string(refused.message()),
                ::testing::HasSubstr("refusing to append tertial.testing.v1.Tick (tick/1)"));
    // The refused record is not in the batch; what was added before it commits.
    EXPECT_EQ((*writer)->size(), 1);
    ASSERT_TRUE((*writer)->Commit().ok());
  }
  // Bytes that are not a TestEvent at all (a length past the end).
  Envelope cut = TickEnvelope("x");
  cut.set_payload("\x0A\x7F\x0A");
  absl::Status refused = log().Append(topic(), "0580", {cut}).status();
  EXPECT_THAT(std::string(refused.message()),
              ::testing::HasSubstr("payload: the bytes are not a tertial.testing.v1.TestEvent"));
  absl::StatusOr<int> partition = log().PartitionFor(topic(), "0580");
  ASSERT_TRUE(partition.ok());
  std::vector<std::pair<Record, Envelope>> records = ReadAll(log(), topic(), *partition);
  ASSERT_EQ(records.size(), 2u);
  for (const auto& [record, envelope] : records) {
    tertial::testing::v1::TestEvent event;
    EXPECT_TRUE(Unwrap(envelope, &event).ok());
    EXPECT_EQ(event.tick().text(), "Förvaltning");
  }
}

// What tests of readers use to put a poison record into a log, as older versions could.
TEST_P(EventLogConformance, AddWithoutCheckStillWritesWhatTheCheckWouldRefuse) {
  auto writer = log().BeginBatch(topic(), "0580");
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE(AddWithoutCheck(**writer, TickEnvelope("F\x94rvaltning")).ok());
  ASSERT_TRUE((*writer)->Commit().ok());
  absl::StatusOr<int> partition = log().PartitionFor(topic(), "0580");
  ASSERT_TRUE(partition.ok());
  std::vector<std::pair<Record, Envelope>> records = ReadAll(log(), topic(), *partition);
  ASSERT_EQ(records.size(), 1u);
  tertial::testing::v1::TestEvent event;
  absl::Status unwrapped = Unwrap(records[0].second, &event);
  EXPECT_EQ(unwrapped.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(unwrapped.message()),
              ::testing::HasSubstr("field tick.text (byte \\x94 at offset 1) is not valid UTF-8"));
  EXPECT_EQ(ReadBackProblem(topic(), records[0].second),
            "payload field tick.text (byte \\x94 at offset 1) is not valid UTF-8");
}

}  // namespace
}  // namespace tertial::eventlog::testing
