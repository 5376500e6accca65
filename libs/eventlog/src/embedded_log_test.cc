#include "tertial/eventlog/embedded_log.h"

#include <filesystem>

#include "event_log_harness.h"
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
    EmbeddedLogOptions options{.default_partitions = partitions_, .sync_commits = false,
                               .chunk_bytes = 64 << 10};
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

}  // namespace
}  // namespace tertial::eventlog::testing
