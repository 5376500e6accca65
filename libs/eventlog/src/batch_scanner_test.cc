// The batch rule on its own: which records of a partition a reader returns.

#include "batch_scanner.h"

#include <gtest/gtest.h>

#include "tertial/eventlog/key_coding.h"

namespace tertial::eventlog::internal {
namespace {

std::string Batch(int n) {
  std::string id;
  PutBigEndian64(&id, 7);
  PutBigEndian64(&id, static_cast<uint64_t>(n));
  return id;
}

RawRecord Data(int64_t offset, int batch) {
  return {.offset = offset,
          .kind = RawRecord::Kind::kData,
          .batch = Batch(batch),
          .value = "v" + std::to_string(offset)};
}
RawRecord Marker(int64_t offset, int batch, int64_t first, int64_t count) {
  return {.offset = offset,
          .kind = RawRecord::Kind::kCommit,
          .batch = Batch(batch),
          .first = first,
          .count = count};
}

class BatchScannerTest : public ::testing::Test {
 protected:
  // Feeds records from `start` and returns the offsets made ready.
  std::vector<int64_t> Scan(const std::vector<RawRecord>& log, int64_t start,
                            size_t max_pending_bytes = 1 << 20) {
    BatchScanner scanner(start, &decisions_, &ready_, max_pending_bytes);
    for (const RawRecord& r : log) {
      if (r.offset < start) continue;
      auto range = [&](int64_t first, int64_t until,
                       const std::string& batch) -> absl::StatusOr<BatchScanner::RangeFacts> {
        ++lookbacks_;
        BatchScanner::RangeFacts facts;
        for (const RawRecord& e : log) {
          if (e.offset < first || e.offset >= until) continue;
          if (e.kind == RawRecord::Kind::kPlain ||
              (e.kind == RawRecord::Kind::kCommit && e.batch != batch)) {
            facts.other_commit_point = true;
          }
          if (e.kind == RawRecord::Kind::kData && e.batch == batch) ++facts.batch_records;
        }
        return facts;
      };
      EXPECT_TRUE(scanner.Feed(r, range).ok());
      if (scanner.rescan_from()) {
        rescans_++;
        return Append(Scan(log, *scanner.rescan_from(), max_pending_bytes));
      }
    }
    return Append({});
  }
  std::vector<int64_t> Append(std::vector<int64_t> later) {
    std::vector<int64_t> offsets;
    for (const Record& r : ready_) offsets.push_back(r.offset);
    ready_.clear();
    offsets.insert(offsets.end(), later.begin(), later.end());
    return offsets;
  }
  BatchDecisions decisions_;
  std::deque<Record> ready_;
  int lookbacks_ = 0;
  int rescans_ = 0;
};

TEST_F(BatchScannerTest, ReturnsACommittedBatchOnlyAtItsMarker) {
  std::vector<RawRecord> log = {Data(0, 1), Data(1, 1), Data(2, 1)};
  EXPECT_TRUE(Scan(log, 0).empty());
  log.push_back(Marker(3, 1, 0, 3));
  EXPECT_EQ(Scan(log, 0), (std::vector<int64_t>{0, 1, 2}));
}

TEST_F(BatchScannerTest, FirstMarkerInsideAnotherBatchWins) {
  // 1: 0,2 (marker 5)  2: 1,3 (marker 4): batch 2 commits first, batch 1 is lost.
  std::vector<RawRecord> log = {Data(0, 1), Data(1, 2),         Data(2, 1),
                                Data(3, 2), Marker(4, 2, 1, 2), Marker(5, 1, 0, 2)};
  EXPECT_EQ(Scan(log, 0), (std::vector<int64_t>{1, 3}));
}

TEST_F(BatchScannerTest, AbandonedRecordsInsideABatchDoNotHarmIt) {
  std::vector<RawRecord> log = {Data(0, 1), Data(1, 9), Data(2, 1), Marker(3, 1, 0, 2)};
  EXPECT_EQ(Scan(log, 0), (std::vector<int64_t>{0, 2}));
}

TEST_F(BatchScannerTest, PlainRecordStandsAloneAndClosesOpenBatches) {
  RawRecord plain{.offset = 1, .kind = RawRecord::Kind::kPlain, .value = "p"};
  std::vector<RawRecord> log = {Data(0, 1), plain, Data(2, 1), Marker(3, 1, 0, 2)};
  EXPECT_EQ(Scan(log, 0), (std::vector<int64_t>{1}));
}

TEST_F(BatchScannerTest, MarkerWithRecordsMissingIsNotACommit) {
  // Record 1 of the batch failed to produce; the marker landed anyway.
  std::vector<RawRecord> log = {Data(0, 1), Data(1, 1), Marker(2, 1, 0, 3), Data(3, 2),
                                Marker(4, 2, 3, 1)};
  EXPECT_EQ(Scan(log, 0), (std::vector<int64_t>{3}));
  decisions_ = BatchDecisions();
  EXPECT_EQ(Scan(log, 1), (std::vector<int64_t>{3}));  // resumed: counted by looking back
}

TEST_F(BatchScannerTest, ResumingInsideABatchLooksBackOnceAndRemembers) {
  std::vector<RawRecord> contiguous = {Data(0, 1), Data(1, 1), Data(2, 1), Marker(3, 1, 0, 3)};
  EXPECT_EQ(Scan(contiguous, 2), (std::vector<int64_t>{2}));
  EXPECT_EQ(lookbacks_, 1);
  EXPECT_EQ(Scan(contiguous, 1), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(lookbacks_, 1);  // decided before
  decisions_ = BatchDecisions();
  lookbacks_ = 0;
  // A foreign marker before the resume point decides the batch lost.
  std::vector<RawRecord> lost = {Data(0, 1), Data(1, 2), Marker(2, 2, 1, 1), Data(3, 1),
                                 Marker(4, 1, 0, 2)};
  EXPECT_EQ(Scan(lost, 3), (std::vector<int64_t>{}));
  EXPECT_EQ(lookbacks_, 1);
}

TEST_F(BatchScannerTest, BatchLargerThanTheBufferIsReadAgainOnceDecided) {
  std::vector<RawRecord> log;
  for (int i = 0; i < 50; ++i) log.push_back(Data(i, 1));
  log.push_back(Data(50, 2));  // abandoned
  log.push_back(Marker(51, 1, 0, 50));
  for (int i = 52; i < 55; ++i) log.push_back(Data(i, 3));
  log.push_back(Marker(55, 3, 52, 3));
  std::vector<int64_t> expected;
  for (int i = 0; i < 50; ++i) expected.push_back(i);
  expected.insert(expected.end(), {52, 53, 54});
  EXPECT_EQ(Scan(log, 0, /*max_pending_bytes=*/40), expected);
  EXPECT_GE(rescans_, 1);
}

}  // namespace
}  // namespace tertial::eventlog::internal
