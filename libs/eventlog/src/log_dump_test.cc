// Export and import of event logs: round trips between the embedded log and Kafka (the
// mock cluster), batches kept whole, a damaged dump refused wherever it is damaged, and a
// restore only into an empty log.

#include "tertial/eventlog/log_dump.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <fstream>
#include <sstream>

#include "tertial/base/strings.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/eventlog/kafka_log.h"
#include "tertial/eventlog/kafka_mock_cluster.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::eventlog {
namespace {

using tertial::testing::TempDir;

Envelope Event(std::string_view organisation, int sequence, std::string_view correlation) {
  Envelope e;
  e.set_event_id(StrCat(organisation, "-", sequence));
  e.set_organisation(std::string(organisation));
  e.set_aggregate_key(StrCat("test/", sequence));
  e.set_event_type("tertial.test.v1.Tick");
  e.set_schema_version(1);
  e.set_correlation_id(std::string(correlation));
  e.set_payload(std::string(40 + sequence % 7, static_cast<char>('a' + sequence % 26)));
  return e;
}

// 36 batches of several organisations on two topics, of 1 to 4 records, each with its
// own correlation id. Returns the records written.
int WriteHistory(EventLog& log) {
  const std::vector<std::string> organisations = {"0580", "0180", "1480"};
  int sequence = 0;
  for (int round = 0; round < 6; ++round) {
    for (const std::string& organisation : organisations) {
      for (std::string_view topic : {kLedgerTopic, kGoalsTopic}) {
        std::vector<Envelope> batch;
        std::string correlation = StrCat("c", round, organisation, topic);
        for (int i = 0; i <= (round + sequence) % 4; ++i) {
          batch.push_back(Event(organisation, sequence++, correlation));
        }
        absl::StatusOr<AppendResult> appended = log.Append(topic, organisation, batch);
        EXPECT_TRUE(appended.ok()) << appended.status();
      }
    }
  }
  return sequence;
}

// A partition as batches of (key, value) in order: what a restore must keep.
using Batches = std::vector<std::vector<std::pair<std::string, std::string>>>;

Batches BatchesOf(EventLog& log, std::string_view topic, int partition) {
  Batches batches;
  int64_t from = 0;
  int64_t commit = -2;
  for (;;) {
    absl::StatusOr<std::vector<Record>> records = log.Read(topic, partition, from, 100);
    EXPECT_TRUE(records.ok()) << records.status();
    if (!records.ok() || records->empty()) return batches;
    for (const Record& r : *records) {
      if (r.commit_offset != commit) batches.emplace_back();
      commit = r.commit_offset;
      batches.back().emplace_back(r.key, r.value);
      from = r.offset + 1;
    }
  }
}

std::map<std::pair<std::string, int>, Batches> Everything(EventLog& log) {
  std::map<std::pair<std::string, int>, Batches> out;
  for (std::string_view topic : {kLedgerTopic, kForecastTopic, kGoalsTopic, kReportingTopic}) {
    absl::StatusOr<int> partitions = log.Partitions(topic);
    if (!partitions.ok()) continue;
    for (int p = 0; p < *partitions; ++p) {
      Batches batches = BatchesOf(log, topic, p);
      if (!batches.empty()) out[{std::string(topic), p}] = batches;
    }
  }
  return out;
}

std::unique_ptr<EmbeddedLog> OpenEmbedded(const std::string& path, int partitions = 1) {
  auto log = EmbeddedLog::Open(path, {.default_partitions = partitions, .sync_commits = false});
  EXPECT_TRUE(log.ok()) << log.status();
  return log.ok() ? *std::move(log) : nullptr;
}

absl::StatusOr<DumpSummary> ExportTo(EventLog& log, const std::string& path,
                                     ExportOptions options = {}) {
  std::ofstream out(path, std::ios::binary);
  return ExportLog(log, options, out);
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

KafkaMockCluster& Cluster() {
  static KafkaMockCluster* cluster = KafkaMockCluster::Start(1)->release();
  return *cluster;
}

KafkaLogOptions KafkaOptions() {
  KafkaLogOptions options;
  options.bootstrap_servers = Cluster().bootstrap();
  options.linger_ms = 1;
  options.fetch_wait_max_ms = 10;
  return options;
}

TEST(LogDump, EmbeddedRoundTripKeepsEveryBatchAndOffset) {
  TempDir dir;
  auto source = OpenEmbedded(dir.Sub("source"), 3);
  const int written = WriteHistory(*source);
  absl::StatusOr<DumpSummary> exported =
      ExportTo(*source, dir.Sub("dump"), {.source = "embedded test"});
  ASSERT_TRUE(exported.ok()) << exported.status();
  EXPECT_EQ(exported->records, written);
  absl::StatusOr<DumpSummary> verified = VerifyDump(dir.Sub("dump"));
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->records, exported->records);
  EXPECT_EQ(verified->batches, 36);
  EXPECT_EQ(verified->sha256, exported->sha256);
  EXPECT_EQ(verified->header["source"], "embedded test");
  EXPECT_EQ(verified->bytes, static_cast<int64_t>(ReadBytes(dir.Sub("dump")).size()));

  auto target = OpenEmbedded(dir.Sub("target"));  // default 1 partition: the dump's 3 win
  absl::StatusOr<DumpSummary> imported = ImportLog(*target, dir.Sub("dump"));
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(*target->Partitions(kLedgerTopic), 3);
  EXPECT_EQ(Everything(*target), Everything(*source));
  for (int p = 0; p < 3; ++p) {
    EXPECT_EQ(*target->EndOffset(kLedgerTopic, p), *source->EndOffset(kLedgerTopic, p));
  }
  // Exported again, the same records and batches: only the header's time may differ.
  absl::StatusOr<DumpSummary> again = ExportTo(*target, dir.Sub("again"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->records, exported->records);
  EXPECT_EQ(again->batches, exported->batches);
}

TEST(LogDump, KafkaToEmbeddedToKafkaKeepsBatchesWhole) {
  std::string topics[] = {std::string(kLedgerTopic), std::string(kForecastTopic),
                          std::string(kGoalsTopic), std::string(kReportingTopic)};
  // Topics of their own per cluster use: the mock is shared by this binary's tests.
  ASSERT_TRUE(Cluster().CreateTopic(kLedgerTopic, 3, 1).ok());
  ASSERT_TRUE(Cluster().CreateTopic(kGoalsTopic, 3, 1).ok());
  TempDir dir;
  auto kafka = KafkaLog::Open(KafkaOptions());
  ASSERT_TRUE(kafka.ok()) << kafka.status();
  const int written = WriteHistory(**kafka);
  {
    // A batch still open when the export runs is not in the dump.
    auto open_batch = (*kafka)->BeginBatch(kLedgerTopic, "0580");
    ASSERT_TRUE(open_batch.ok());
    ASSERT_TRUE((*open_batch)->Add(Event("0580", 999, "open")).ok());
    absl::StatusOr<DumpSummary> exported =
        ExportTo(**kafka, dir.Sub("from-kafka"), {.topics = {topics[0], topics[2]}});
    ASSERT_TRUE(exported.ok()) << exported.status();
    EXPECT_EQ(exported->records, written);
    EXPECT_EQ(exported->batches, 36);
  }
  auto embedded = OpenEmbedded(dir.Sub("embedded"));
  ASSERT_TRUE(ImportLog(*embedded, dir.Sub("from-kafka")).ok());
  std::map<std::pair<std::string, int>, Batches> kafka_batches = Everything(**kafka);
  EXPECT_EQ(Everything(*embedded), kafka_batches);

  // And back into new Kafka topics: the dump names its topics, so a second cluster's.
  absl::StatusOr<DumpSummary> from_embedded = ExportTo(*embedded, dir.Sub("from-embedded"));
  ASSERT_TRUE(from_embedded.ok()) << from_embedded.status();
  auto second = KafkaMockCluster::Start(1);
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE((*second)->CreateTopic(kLedgerTopic, 3, 1).ok());
  ASSERT_TRUE((*second)->CreateTopic(kGoalsTopic, 3, 1).ok());
  KafkaLogOptions options = KafkaOptions();
  options.bootstrap_servers = (*second)->bootstrap();
  auto restored = KafkaLog::Open(options);
  ASSERT_TRUE(restored.ok());
  absl::StatusOr<DumpSummary> imported = ImportLog(**restored, dir.Sub("from-embedded"));
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(Everything(**restored), kafka_batches);
  // The restored topics are not empty any more: a second restore is refused.
  absl::StatusOr<DumpSummary> twice = ImportLog(**restored, dir.Sub("from-embedded"));
  EXPECT_TRUE(absl::IsFailedPrecondition(twice.status())) << twice.status();
}

TEST(LogDump, RefusesANonEmptyLogAndWritesNothing) {
  TempDir dir;
  auto source = OpenEmbedded(dir.Sub("source"));
  WriteHistory(*source);
  ASSERT_TRUE(ExportTo(*source, dir.Sub("dump")).ok());
  auto target = OpenEmbedded(dir.Sub("target"));
  // One record in a topic the dump does not even hold.
  ASSERT_TRUE(target->Append(kReportingTopic, "0580", {Event("0580", 1, "x")}).ok());
  absl::StatusOr<DumpSummary> imported = ImportLog(*target, dir.Sub("dump"));
  ASSERT_TRUE(absl::IsFailedPrecondition(imported.status())) << imported.status();
  EXPECT_NE(imported.status().message().find("tertial.reporting.v1/0 ends at offset 1"),
            std::string::npos)
      << imported.status();
  EXPECT_FALSE(target->HasTopic(kLedgerTopic)) << "a refused restore created a topic";
}

TEST(LogDump, RefusesATopicWithOtherPartitions) {
  TempDir dir;
  auto source = OpenEmbedded(dir.Sub("source"), 3);
  WriteHistory(*source);
  ASSERT_TRUE(ExportTo(*source, dir.Sub("dump")).ok());
  auto target = OpenEmbedded(dir.Sub("target"));
  ASSERT_TRUE(target->CreateTopic(kLedgerTopic, 4).ok());
  absl::StatusOr<DumpSummary> imported = ImportLog(*target, dir.Sub("dump"));
  ASSERT_TRUE(absl::IsFailedPrecondition(imported.status())) << imported.status();
  EXPECT_NE(imported.status().message().find("4 partitions and the dump 3"), std::string::npos)
      << imported.status();
}

// Every single changed byte, and every cut, is found before anything is written.
TEST(LogDump, EveryDamagedByteAndEveryTruncationIsRefused) {
  TempDir dir;
  auto source = OpenEmbedded(dir.Sub("source"));
  ASSERT_TRUE(
      source->Append(kLedgerTopic, "0580", {Event("0580", 1, "a"), Event("0580", 2, "a")}).ok());
  ASSERT_TRUE(source->Append(kGoalsTopic, "0580", {Event("0580", 3, "b")}).ok());
  ASSERT_TRUE(ExportTo(*source, dir.Sub("dump")).ok());
  const std::string good = ReadBytes(dir.Sub("dump"));
  ASSERT_GT(good.size(), 200u);
  for (size_t i = 0; i < good.size(); ++i) {
    std::string bad = good;
    bad[i] = static_cast<char>(bad[i] ^ 0x20);
    WriteBytes(dir.Sub("bad"), bad);
    EXPECT_FALSE(VerifyDump(dir.Sub("bad")).ok()) << "byte " << i << " changed unnoticed";
  }
  for (size_t size = 0; size < good.size(); size += 7) {
    WriteBytes(dir.Sub("cut"), good.substr(0, size));
    EXPECT_FALSE(VerifyDump(dir.Sub("cut")).ok()) << "cut at " << size;
  }
  WriteBytes(dir.Sub("longer"), good + "x");
  EXPECT_FALSE(VerifyDump(dir.Sub("longer")).ok());

  // The messages say where and what.
  std::string bad = good;
  // The last byte of the last record's value: the trailer frame (61 bytes) and the
  // record's CRC (4) follow it.
  bad[good.size() - 66] ^= 1;
  WriteBytes(dir.Sub("bad"), bad);
  absl::StatusOr<DumpSummary> damaged = VerifyDump(dir.Sub("bad"));
  EXPECT_TRUE(absl::IsDataLoss(damaged.status()));
  EXPECT_NE(damaged.status().message().find("checksum mismatch"), std::string::npos)
      << damaged.status();
  EXPECT_NE(damaged.status().message().find(StrCat(dir.Sub("bad"), ": frame ")), std::string::npos)
      << damaged.status();
  WriteBytes(dir.Sub("cut"), good.substr(0, good.size() - 10));
  EXPECT_NE(VerifyDump(dir.Sub("cut")).status().message().find("truncated"), std::string::npos);
  std::string newer = good;
  newer[11] = 2;  // version 2
  WriteBytes(dir.Sub("newer"), newer);
  EXPECT_TRUE(absl::IsFailedPrecondition(VerifyDump(dir.Sub("newer")).status()));
  WriteBytes(dir.Sub("other"), "PK\3\4 not a dump at all");
  EXPECT_TRUE(absl::IsInvalidArgument(VerifyDump(dir.Sub("other")).status()));

  auto target = OpenEmbedded(dir.Sub("target"));
  WriteBytes(dir.Sub("bad"), bad);
  EXPECT_FALSE(ImportLog(*target, dir.Sub("bad")).ok());
  EXPECT_FALSE(target->HasTopic(kLedgerTopic)) << "a damaged dump was partly restored";
}

TEST(LogDump, RefusesABatchLargerThanTheTargetTakesBeforeWriting) {
  TempDir dir;
  auto source = OpenEmbedded(dir.Sub("source"));
  std::vector<Envelope> batch;
  for (int i = 0; i < 50; ++i) batch.push_back(Event("0580", i, "big"));
  ASSERT_TRUE(source->Append(kLedgerTopic, "0580", batch).ok());
  absl::StatusOr<DumpSummary> exported = ExportTo(*source, dir.Sub("dump"));
  ASSERT_TRUE(exported.ok());
  auto target = OpenEmbedded(dir.Sub("target"));
  absl::StatusOr<DumpSummary> refused =
      ImportLog(*target, dir.Sub("dump"),
                {.max_batch_bytes = static_cast<size_t>(exported->largest_batch_bytes - 1)});
  EXPECT_TRUE(absl::IsResourceExhausted(refused.status())) << refused.status();
  EXPECT_FALSE(target->HasTopic(kLedgerTopic));
  EXPECT_TRUE(ImportLog(*target, dir.Sub("dump"),
                        {.max_batch_bytes = static_cast<size_t>(exported->largest_batch_bytes)})
                  .ok());
}

// An embedded log written before commit points were kept: batches are told apart by key
// and the command's correlation id.
TEST(LogDump, OldEmbeddedLogsAreCutIntoBatchesByCorrelation) {
  TempDir dir;
  {
    auto source = OpenEmbedded(dir.Sub("source"));
    WriteHistory(*source);
  }
  {
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::Options(), dir.Sub("source"), &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    std::string from("c\0", 2), to("c\1", 2);
    ASSERT_TRUE(db->DeleteRange(rocksdb::WriteOptions(), db->DefaultColumnFamily(), from, to).ok());
  }
  auto source = OpenEmbedded(dir.Sub("source"));
  auto records = source->Read(kLedgerTopic, 0, 0, 1);
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->front().commit_offset, -1);
  absl::StatusOr<DumpSummary> exported = ExportTo(*source, dir.Sub("dump"));
  ASSERT_TRUE(exported.ok()) << exported.status();
  EXPECT_EQ(exported->batches, 36);
  auto target = OpenEmbedded(dir.Sub("target"));
  ASSERT_TRUE(ImportLog(*target, dir.Sub("dump")).ok());
  // The restored log has its commit points again, batch by batch as written.
  auto restored = target->Read(kLedgerTopic, 0, 0, 1000);
  ASSERT_TRUE(restored.ok());
  std::set<int64_t> commits;
  for (const Record& r : *restored) commits.insert(r.commit_offset);
  EXPECT_EQ(commits.size(), 18u);
  EXPECT_EQ(commits.count(-1), 0u);
}

}  // namespace
}  // namespace tertial::eventlog
