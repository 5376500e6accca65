// The reporting projection rebuilt from the log (Runner::Rebuild: state and offsets
// deleted, every topic replayed from offset 0) holds the same bytes, and the report
// renders byte for byte as before, in every format that carries no timestamp. It follows
// four topics, so the order it applies them in must not matter to the result.

#include "projection.h"

#include <gtest/gtest.h>

#include "grpc_service.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/testing/temp_dir.h"
#include "testing/sample_events.h"
#include "testing/sample_input.h"

namespace tertial::reporting {
namespace {

TEST(ReportingProjectionTest, RebuildGivesTheSameBytesAndTheSameReport) {
  tertial::testing::TempDir dir;
  auto log = eventlog::EmbeddedLog::Open(dir.Sub("log"));
  ASSERT_TRUE(log.ok()) << log.status();
  ASSERT_TRUE(testing::AppendSampleEvents(**log, testing::SampleInput()).ok());
  auto db = projection::ProjectionDb::Open(dir.Sub("projection"));
  ASSERT_TRUE(db.ok()) << db.status();
  ReportingProjection projection;
  // Small steps, so that the topics interleave differently from one big catch-up.
  projection::Runner runner(log->get(), db->get(), &projection, {.records_per_step = 7});
  ReportQueries queries(log->get(), db->get(), &runner);
  auto render = [&] {
    std::vector<std::string> out;
    for (std::string_view format : {"html", "md", "json", "csv"}) {
      auto files = queries.RenderReport("0580", "KS", {2021, 8}, format);
      EXPECT_TRUE(files.ok()) << files.status();
      if (!files.ok()) continue;
      for (const RenderedFile& f : *files) out.push_back(f.name + "\n" + f.bytes);
    }
    return out;
  };
  std::vector<std::string> before = render();
  ASSERT_GT(before.size(), 10u);
  auto state = (*db)->Dump();
  ASSERT_TRUE(state.ok()) << state.status();
  ASSERT_GT(state->size(), 100u);
  ASSERT_TRUE(runner.Rebuild().ok());
  auto rebuilt = (*db)->Dump();
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status();
  EXPECT_EQ(*rebuilt, *state);
  EXPECT_EQ(render(), before);
}

// A step sums its vouchers in memory and writes each aggregate once (EndStep): one record
// per step and every record in one step must leave the same bytes.
TEST(ReportingProjectionTest, TheStepSizeDoesNotChangeTheBytes) {
  tertial::testing::TempDir dir;
  auto log = eventlog::EmbeddedLog::Open(dir.Sub("log"));
  ASSERT_TRUE(log.ok()) << log.status();
  ASSERT_TRUE(testing::AppendSampleEvents(**log, testing::SampleInput()).ok());
  auto dump = [&](const std::string& name, size_t records_per_step) {
    auto db = projection::ProjectionDb::Open(dir.Sub(name));
    EXPECT_TRUE(db.ok()) << db.status();
    ReportingProjection projection;
    projection::Runner runner(log->get(), db->get(), &projection,
                              {.records_per_step = records_per_step});
    EXPECT_TRUE(runner.CatchUp().ok());
    auto state = (*db)->Dump();
    EXPECT_TRUE(state.ok()) << state.status();
    return state.ok() ? *state : std::vector<std::pair<std::string, std::string>>{};
  };
  auto one_by_one = dump("one", 1);
  ASSERT_GT(one_by_one.size(), 100u);
  EXPECT_EQ(dump("all", 1'000'000), one_by_one);
}

}  // namespace
}  // namespace tertial::reporting
