#include "tertial/eventlog/embedded_log.h"

#include <filesystem>

#include "event_log_harness.h"
#include "tertial/base/strings.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::eventlog::testing {
namespace {

class EmbeddedHarness final : public LogHarness {
 public:
  explicit EmbeddedHarness(int partitions) : partitions_(partitions) { Open(); }
  EventLog& log() override { return *log_; }
  void Restart() override {
    log_.reset();
    Open();
  }
  int partitions() const override { return partitions_; }
  size_t partition_capacity_bytes() const override { return 64 << 20; }

 private:
  void Open() {
    // Small chunks so that large batches exercise the streamed, not-yet-visible path.
    EmbeddedLogOptions options{
        .default_partitions = partitions_, .sync_commits = false, .chunk_bytes = 64 << 10};
    auto opened = EmbeddedLog::Open(dir_.path(), options);
    ASSERT_TRUE(opened.ok()) << opened.status();
    log_ = std::move(*opened);
  }
  int partitions_;
  tertial::testing::TempDir dir_;
  std::unique_ptr<EmbeddedLog> log_;
};

INSTANTIATE_TEST_SUITE_P(
    Embedded, EventLogConformance,
    ::testing::Values(
        HarnessFactory{"OnePartition", [] { return std::make_unique<EmbeddedHarness>(1); }},
        HarnessFactory{"FourPartitions", [] { return std::make_unique<EmbeddedHarness>(4); }}),
    HarnessName);

TEST(EmbeddedLog, KeepsThePartitionCountItWasCreatedWith) {
  tertial::testing::TempDir dir;
  {
    auto log = EmbeddedLog::Open(dir.path(), {.default_partitions = 3});
    ASSERT_TRUE(log.ok());
    EXPECT_EQ(*(*log)->Partitions("t"), 3);
    EXPECT_FALSE((*log)->CreateTopic("t", 5).ok());
  }
  auto log = EmbeddedLog::Open(dir.path(), {.default_partitions = 1});
  ASSERT_TRUE(log.ok());
  EXPECT_EQ(*(*log)->Partitions("t"), 3);
}

TEST(EmbeddedLog, RejectsBadTopicsAndPartitions) {
  tertial::testing::TempDir dir;
  auto log = EmbeddedLog::Open(dir.path());
  ASSERT_TRUE(log.ok());
  EXPECT_FALSE((*log)->CreateTopic("", 1).ok());
  EXPECT_FALSE((*log)->CreateTopic("t", 0).ok());
  EXPECT_FALSE((*log)->Read("t", 7, 0, 10).ok());
}

TEST(EmbeddedLog, RefusesASecondOpenOfTheSameDirectory) {
  tertial::testing::TempDir dir;
  auto first = EmbeddedLog::Open(dir.path());
  ASSERT_TRUE(first.ok());
  auto second = EmbeddedLog::Open(dir.path());
  EXPECT_FALSE(second.ok());
}

Envelope Event(int sequence) {
  Envelope e;
  e.set_event_id(tertial::StrCat("e-", sequence));
  e.set_organisation("0580");
  e.set_payload("x");
  return e;
}

// A backup reads the log beside the process writing it (tertiald holds RocksDB's lock),
// sees what was committed when it opened, and can change nothing.
TEST(EmbeddedLog, ReadOnlyOpenReadsBesideAWriterAndChangesNothing) {
  tertial::testing::TempDir dir;
  auto writer = EmbeddedLog::Open(dir.path(), {.default_partitions = 2});
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Append("t", "0580", {Event(0), Event(1)}).ok());
  ASSERT_TRUE((*writer)->Append("t", "0580", {Event(2)}).ok());
  int partition = *(*writer)->PartitionFor("t", "0580");
  {
    // An uncommitted batch is not seen.
    auto open_batch = (*writer)->BeginBatch("t", "0580");
    ASSERT_TRUE(open_batch.ok());
    ASSERT_TRUE((*open_batch)->Add(Event(3)).ok());
    auto reader = EmbeddedLog::Open(dir.path(), {.read_only = true});
    ASSERT_TRUE(reader.ok()) << reader.status();
    EXPECT_EQ(*(*reader)->Partitions("t"), 2);
    auto records = (*reader)->Read("t", partition, 0, 100);
    ASSERT_TRUE(records.ok()) << records.status();
    ASSERT_EQ(records->size(), 3u);
    EXPECT_EQ((*records)[0].commit_offset, 1);
    EXPECT_EQ((*records)[1].commit_offset, 1);
    EXPECT_EQ((*records)[2].commit_offset, 2);
    EXPECT_EQ(*(*reader)->EndOffset("t", partition), 3);
    EXPECT_TRUE(absl::IsNotFound((*reader)->Partitions("missing").status()));
    EXPECT_TRUE(absl::IsFailedPrecondition((*reader)->BeginBatch("t", "0580").status()));
    EXPECT_TRUE(absl::IsFailedPrecondition((*reader)->CreateTopic("u", 1)));
  }
  // The writer's log is as it was, and the missing topic was not created.
  writer->reset();
  auto again = EmbeddedLog::Open(dir.path(), {.default_partitions = 5});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*(*again)->EndOffset("t", partition), 3);
  EXPECT_EQ(*(*again)->Partitions("missing"), 5);  // created now, by a writer
}

TEST(EmbeddedLog, ReadOnlyOpenOfNoLogIsNotFound) {
  tertial::testing::TempDir dir;
  auto reader = EmbeddedLog::Open(dir.Sub("nothing"), {.read_only = true});
  EXPECT_TRUE(absl::IsNotFound(reader.status())) << reader.status();
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("nothing")));
}

}  // namespace
}  // namespace tertial::eventlog::testing
