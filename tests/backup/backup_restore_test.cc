// Backup and restore as an operator does them (docs/deploy.md, "Backup and restore"): the
// demo municipality's follow-up cycle in a data directory; `tertial log export` of it, also
// while a tertiald runs on it; `tertial log import` into a new data directory and into the
// topics of tertial-devbroker; the services replay what was restored and render the same
// report (byte for byte from a data directory; from Kafka but for the forecast's
// republication, which the Kafka test names). A restore refuses a log that is not empty,
// a damaged dump and a data directory with projections; an export never overwrites a file.

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "process.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/eventlog/log_dump.h"
#include "tertial/forecast/v1/events.pb.h"
#include "tertial/testing/compare.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::e2e {
namespace {

using std::chrono::seconds;

constexpr char kReport[] = "delarsrapport-0580-KS-2021-08";

std::string Bin(std::string_view relative) { return StrCat(TERTIAL_BINARY_DIR, "/", relative); }

Result Cli(std::vector<std::string> args, const Env& env = {}) {
  args.insert(args.begin(), Bin("apps/tertial"));
  return Run(args, env, seconds(120));
}

Env InProcess(const std::string& data_dir) {
  return {
      {"TERTIAL_DATA_DIR", data_dir}, {"TERTIAL_ORG", "0580"}, {"TERTIAL_ACTOR", "backup.test"}};
}

// The report's JSON as the CLI renders it with `env`; empty on failure.
std::string Render(const Env& env, const std::string& out) {
  Result r =
      Cli({"report", "--board", "KS", "--period", "2021-08", "--format", "json", "-o", out}, env);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return ReadFile(StrCat(out, "/", kReport, ".json"));
}

class BackupRestore : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    world_ = new tertial::testing::TempDir();
    const std::string demo = world_->Sub("demo");
    Result generated = e2e::Run({Bin("data/generator/tertial-demo-data"), "--out", demo}, {});
    if (generated.exit_code != 0) {
      *error_ = StrCat("tertial-demo-data failed:\n", generated.err);
      return;
    }
    const Env env = InProcess(world_->Sub("original"));
    for (const std::vector<std::string>& command : FollowUpCycle(demo)) {
      Result r = Cli(command, env);
      if (r.exit_code != 0) {
        *error_ = StrCat("tertial ", command[0], " failed:\n", r.err);
        return;
      }
    }
    *report_ = Render(env, world_->Sub("original-report"));
    Result exported =
        Cli({"log", "export", "--data-dir", world_->Sub("original"), world_->Sub("backup.tdump")});
    if (exported.exit_code != 0) *error_ = StrCat("tertial log export failed:\n", exported.err);
  }
  static void TearDownTestSuite() {
    delete world_;
    world_ = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(error_->empty()) << *error_;
    ASSERT_FALSE(report_->empty());
  }

  static std::string Backup() { return world_->Sub("backup.tdump"); }

  static tertial::testing::TempDir* world_;
  static std::string* error_;
  static std::string* report_;
  tertial::testing::TempDir dir_;
};

tertial::testing::TempDir* BackupRestore::world_ = nullptr;
std::string* BackupRestore::error_ = new std::string();
std::string* BackupRestore::report_ = new std::string();

TEST_F(BackupRestore, ARestoredDataDirectoryRendersTheSameReport) {
  Result verified = Cli({"log", "verify", "--format", "csv", Backup()});
  ASSERT_EQ(verified.exit_code, 0) << verified.err;
  EXPECT_NE(verified.out.find("tertial.ledger.v1,1,"), std::string::npos) << verified.out;
  EXPECT_NE(verified.err.find("source: embedded "), std::string::npos) << verified.err;

  Result restored = Cli({"log", "import", "--data-dir", dir_.Sub("restored"), Backup()});
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_NE(restored.err.find("read back and compared"), std::string::npos) << restored.err;
  std::string report = Render(InProcess(dir_.Sub("restored")), dir_.Sub("report"));
  EXPECT_TRUE(report == *report_) << tertial::testing::FirstDifference(report, *report_);

  // Exported again, the same records in the same batches.
  Result again =
      Cli({"log", "export", "--data-dir", dir_.Sub("restored"), dir_.Sub("again.tdump")});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  absl::StatusOr<eventlog::DumpSummary> first = eventlog::VerifyDump(Backup());
  absl::StatusOr<eventlog::DumpSummary> second = eventlog::VerifyDump(dir_.Sub("again.tdump"));
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(second->records, first->records);
  EXPECT_EQ(second->batches, first->batches);
}

// Which forecast publication the report shows (the provenance in "forecast_source"), left
// out: see RestoredIntoKafkaTheServicesRenderTheSameReport.
std::string WithoutForecastProvenance(const std::string& report) {
  static const std::regex kProvenance(
      R"re("published_at":"[^"]*","trigger":"[^"]*","event_id":"[^"]*")re");
  // "Prognosen är per augusti 2021, publicerad 2021-09-03 12:02 UTC efter en justering."
  static const std::regex kSentence(R"(publicerad [0-9-]+ [0-9:]+ UTC efter [^.]*\.)");
  std::string out =
      std::regex_replace(report, kProvenance, R"("published_at":…,"trigger":…,"event_id":…)");
  return std::regex_replace(out, kSentence, "publicerad … efter ….");
}

// The forecast topic's events of a data directory's log, as (event type, trigger).
std::vector<std::pair<std::string, std::string>> ForecastEvents(const std::string& data_dir) {
  std::vector<std::pair<std::string, std::string>> out;
  auto log = eventlog::EmbeddedLog::Open(data_dir + "/log", {.read_only = true});
  EXPECT_TRUE(log.ok()) << log.status();
  if (!log.ok()) return out;
  auto records = (*log)->Read(eventlog::kForecastTopic, 0, 0, 100000);
  EXPECT_TRUE(records.ok()) << records.status();
  if (!records.ok()) return out;
  for (const eventlog::Record& record : *records) {
    absl::StatusOr<eventlog::Envelope> envelope = record.ParseEnvelope();
    forecast::v1::ForecastEvent event;
    EXPECT_TRUE(envelope.ok() && event.ParseFromString(envelope->payload()));
    out.emplace_back(envelope->event_type(), event.forecast_published().trigger());
  }
  return out;
}

// Kafka: restored into the devbroker's empty topics, tertiald on Kafka replays them into
// empty projections and renders the same report. One thing differs, and the test names it:
// a ForecastPublished records the ledger offset it reflects (ledger_offset), an offset of
// the log it was written to. Restored into Kafka, whose offsets differ (its commit markers
// take offsets), the forecast service finds the ledger "newer" than that offset and
// republishes the forecast once (trigger ledger_changed): the same figures, a new
// publication, which the report names as its source. Exported from Kafka and restored into
// a data directory again, the log is the dump plus exactly those republications.
TEST_F(BackupRestore, RestoredIntoKafkaTheServicesRenderTheSameReport) {
  // The embedded log's topics have one partition; the restored topics must have as many.
  Process broker({Bin("apps/tertial-devbroker/tertial-devbroker"), "--partitions", "1"}, {},
                 dir_.Sub("devbroker.log"));
  const std::string bootstrap = broker.ReadLine(seconds(20));
  ASSERT_FALSE(bootstrap.empty()) << ReadFile(dir_.Sub("devbroker.log"));
  const Env kafka_env = {{"TERTIAL_KAFKA_MAX_BATCH_BYTES", "4194304"}};
  Result restored = Cli({"log", "import", "--kafka", bootstrap, Backup()}, kafka_env);
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  // A second restore into the same topics is refused: they are not empty.
  Result twice = Cli({"log", "import", "--kafka", bootstrap, Backup()}, kafka_env);
  EXPECT_NE(twice.exit_code, 0);
  EXPECT_NE(twice.err.find("not empty"), std::string::npos) << twice.err;

  const std::string address = StrCat("127.0.0.1:", FreePort());
  Process daemon({Bin("apps/tertiald"), "--kafka", bootstrap, "--data-dir", dir_.Sub("daemon"),
                  "--listen", address},
                 kafka_env, dir_.Sub("tertiald.log"));
  const Env remote = {{"TERTIAL_SERVER", address}, {"TERTIAL_ORG", "0580"}};
  Result up = Cli({"status", "--wait", "60"}, remote);
  ASSERT_EQ(up.exit_code, 0) << up.out << up.err << ReadFile(dir_.Sub("tertiald.log"));
  std::string report = Render(remote, dir_.Sub("report"));
  EXPECT_TRUE(WithoutForecastProvenance(report) == WithoutForecastProvenance(*report_))
      << tertial::testing::FirstDifference(WithoutForecastProvenance(report),
                                           WithoutForecastProvenance(*report_));

  Result exported =
      Cli({"log", "export", "--kafka", bootstrap, dir_.Sub("from-kafka.tdump")}, kafka_env);
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  daemon.Signal(SIGTERM);
  EXPECT_EQ(daemon.WaitFor(seconds(5)).value_or(-1), 0) << ReadFile(dir_.Sub("tertiald.log"));
  ASSERT_EQ(Cli({"log", "import", "--data-dir", dir_.Sub("back"), dir_.Sub("from-kafka.tdump")})
                .exit_code,
            0);
  // The same events, in the same order, plus the republications at the end.
  std::vector<std::pair<std::string, std::string>> before = ForecastEvents(world_->Sub("original"));
  std::vector<std::pair<std::string, std::string>> after = ForecastEvents(dir_.Sub("back"));
  ASSERT_GE(after.size(), before.size());
  EXPECT_TRUE(std::equal(before.begin(), before.end(), after.begin()));
  for (size_t i = before.size(); i < after.size(); ++i) {
    EXPECT_EQ(after[i], std::make_pair(std::string("tertial.forecast.v1.ForecastPublished"),
                                       std::string("ledger_changed")));
  }
  absl::StatusOr<eventlog::DumpSummary> first = eventlog::VerifyDump(Backup());
  absl::StatusOr<eventlog::DumpSummary> from_kafka =
      eventlog::VerifyDump(dir_.Sub("from-kafka.tdump"));
  ASSERT_TRUE(first.ok() && from_kafka.ok()) << from_kafka.status();
  const int64_t republished = static_cast<int64_t>(after.size() - before.size());
  std::fprintf(stderr, "[restore] Kafka: %lld forecast republication(s) for the new offsets\n",
               static_cast<long long>(republished));
  EXPECT_EQ(from_kafka->records, first->records + republished);
  EXPECT_EQ(from_kafka->batches, first->batches + republished);
  std::string back = Render(InProcess(dir_.Sub("back")), dir_.Sub("back-report"));
  EXPECT_TRUE(WithoutForecastProvenance(back) == WithoutForecastProvenance(*report_))
      << tertial::testing::FirstDifference(WithoutForecastProvenance(back),
                                           WithoutForecastProvenance(*report_));
  broker.Signal(SIGTERM);
  broker.WaitFor(seconds(5));
}

// A backup of a running tertiald's embedded log, taken beside it without stopping it.
TEST_F(BackupRestore, ExportsTheLogOfARunningTertiald) {
  std::filesystem::copy(world_->Sub("original"), dir_.Sub("live"),
                        std::filesystem::copy_options::recursive);
  const std::string address = StrCat("127.0.0.1:", FreePort());
  Process daemon({Bin("apps/tertiald"), "--data-dir", dir_.Sub("live"), "--listen", address}, {},
                 dir_.Sub("tertiald.log"));
  Result up = Cli({"status", "--wait", "60"}, {{"TERTIAL_SERVER", address}});
  ASSERT_EQ(up.exit_code, 0) << up.out << up.err << ReadFile(dir_.Sub("tertiald.log"));
  Result exported = Cli({"log", "export", "--data-dir", dir_.Sub("live"), dir_.Sub("live.tdump")});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  daemon.Signal(SIGTERM);
  EXPECT_EQ(daemon.WaitFor(seconds(5)).value_or(-1), 0);
  absl::StatusOr<eventlog::DumpSummary> first = eventlog::VerifyDump(Backup());
  absl::StatusOr<eventlog::DumpSummary> live = eventlog::VerifyDump(dir_.Sub("live.tdump"));
  ASSERT_TRUE(first.ok() && live.ok()) << live.status();
  EXPECT_EQ(live->records, first->records);
  EXPECT_EQ(live->batches, first->batches);
  ASSERT_EQ(
      Cli({"log", "import", "--data-dir", dir_.Sub("restored"), dir_.Sub("live.tdump")}).exit_code,
      0);
  std::string report = Render(InProcess(dir_.Sub("restored")), dir_.Sub("report"));
  EXPECT_TRUE(report == *report_) << tertial::testing::FirstDifference(report, *report_);
}

TEST_F(BackupRestore, RefusesWhatWouldLoseOrMixData) {
  // Into a data directory that has a log already (restored once: a log, no projections).
  ASSERT_EQ(Cli({"log", "import", "--data-dir", dir_.Sub("once"), Backup()}).exit_code, 0);
  Result twice = Cli({"log", "import", "--data-dir", dir_.Sub("once"), Backup()});
  EXPECT_NE(twice.exit_code, 0);
  EXPECT_NE(twice.err.find("the log is not empty"), std::string::npos) << twice.err;
  EXPECT_NE(twice.err.find("nothing was written"), std::string::npos) << twice.err;
  // Into one whose projections belong to another log (a data directory in use).
  Result stale = Cli({"log", "import", "--data-dir", world_->Sub("original"), Backup()});
  EXPECT_NE(stale.exit_code, 0);
  EXPECT_NE(stale.err.find("holds projections of another log"), std::string::npos) << stale.err;
  // A damaged dump: nothing restored.
  std::string bytes = ReadFile(Backup());
  bytes[bytes.size() / 2] ^= 0x01;
  std::ofstream(dir_.Sub("damaged.tdump"), std::ios::binary) << bytes;
  Result damaged =
      Cli({"log", "import", "--data-dir", dir_.Sub("fresh"), dir_.Sub("damaged.tdump")});
  EXPECT_NE(damaged.exit_code, 0);
  EXPECT_NE(damaged.err.find("damaged"), std::string::npos) << damaged.err;
  if (std::filesystem::exists(dir_.Sub("fresh/log/CURRENT"))) {
    Result left = Cli({"log", "export", "--data-dir", dir_.Sub("fresh"), dir_.Sub("x.tdump")});
    EXPECT_EQ(left.exit_code, 0) << left.err;
    EXPECT_NE(left.err.find(": 0 records"), std::string::npos)
        << "a damaged dump was partly restored: " << left.err;
  }
  // A backup never overwrites a file.
  Result overwrite = Cli({"log", "export", "--data-dir", world_->Sub("original"), Backup()});
  EXPECT_NE(overwrite.exit_code, 0);
  EXPECT_NE(overwrite.err.find("exists"), std::string::npos) << overwrite.err;
  // Where to read from must be said, once.
  EXPECT_EQ(Cli({"log", "export", dir_.Sub("y.tdump")}).exit_code, 2);
}

}  // namespace
}  // namespace tertial::e2e
