#include "tertial/eventlog/log_positions.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "tertial/eventlog/embedded_log.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::eventlog {
namespace {

TEST(LogPositionsTest, ATokenReadsBackAsTheSamePositions) {
  LogPositions positions;
  positions.Note("tertial.ledger.v1", 2, 1843);
  positions.Note("tertial.forecast.v1", 0, 17);
  positions.Note("tertial.ledger.v1", 2, 1000);  // an earlier end of the same partition
  std::string token = positions.ToToken();
  EXPECT_EQ(token, "tertial.forecast.v1/0:17,tertial.ledger.v1/2:1843");
  absl::StatusOr<LogPositions> parsed = LogPositions::ParseToken(token);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, positions);
}

TEST(LogPositionsTest, RefusesWhatIsNotAToken) {
  const std::string too_long = "t/0:1" + std::string(LogPositions::kMaxTokenBytes, '1');
  std::string too_many;
  for (size_t i = 0; i <= LogPositions::kMaxPositions; ++i) {
    too_many += (i == 0 ? "" : ",") + std::string("t/") + std::to_string(i) + ":1";
  }
  for (const std::string& bad :
       {std::string(""), std::string("latest"), std::string("tertial.ledger.v1/2@17"),
        std::string("tertial.ledger.v1:17"), std::string("/2:17"), std::string("t/-1:17"),
        std::string("t/+1:17"), std::string("t/1: 17"), std::string("t/1:"),
        std::string("t/1:99999999999999999999"), std::string("t/2000000:1"),
        std::string("t\xc3\xa4/1:1"), std::string("t/1:1,"), std::string("t/1:1,,t/2:2"),
        std::string("t/1:1;t/2:2"), too_long, too_many}) {
    absl::StatusOr<LogPositions> parsed = LogPositions::ParseToken(bad);
    ASSERT_FALSE(parsed.ok()) << "accepted '" << bad << "'";
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(parsed.status().message().find("expected TOPIC/PARTITION:OFFSET"),
              std::string_view::npos)
        << parsed.status();
  }
}

// Commit notes where each batch landed for the committing thread's scope, and an inner
// scope tells the enclosing one.
TEST(LogPositionsTest, AScopeGathersTheBatchesCommittedOnItsThread) {
  tertial::testing::TempDir dir;
  absl::StatusOr<std::unique_ptr<EmbeddedLog>> log = EmbeddedLog::Open(dir.Sub("log"));
  ASSERT_TRUE(log.ok()) << log.status();
  Envelope event;
  event.set_event_id("e1");
  event.set_organisation("0580");
  ASSERT_TRUE((*log)->Append("t", "0580", {event}).ok());  // outside any scope: not noted

  ScopedCommits outer;
  AppendResult second;
  {
    ScopedCommits inner;
    event.set_event_id("e2");
    absl::StatusOr<AppendResult> appended = (*log)->Append("t", "0580", {event, event});
    ASSERT_TRUE(appended.ok()) << appended.status();
    second = *appended;
    ASSERT_TRUE((*log)->Append("t", "0580", {}).ok());  // an empty batch lands nowhere
    LogPositions expected;
    expected.Note("t", second.partition, second.end_offset);
    EXPECT_EQ(inner.committed(), expected);
  }
  EXPECT_EQ(outer.committed().ToToken(),
            "t/" + std::to_string(second.partition) + ":" + std::to_string(second.end_offset));
  // Another thread's commits are its own.
  std::thread other([&] { ASSERT_TRUE((*log)->Append("t", "0580", {event}).ok()); });
  other.join();
  EXPECT_EQ(outer.committed().positions().begin()->second, second.end_offset);
}

}  // namespace
}  // namespace tertial::eventlog
