// tertial with its log away, as an operator meets it: the Kafka broker stops answering
// (tertial-devbroker frozen with SIGSTOP: connections stay open, no reply comes, as in a
// network partition). Queries answer within their bound from what the projections hold and
// say so; asked for fresh data, and for commands, they fail fast with UNAVAILABLE;
// `tertial status` answers within 3 s and exits non-zero; /metrics answers at once; every
// binary stops within 2 s of SIGTERM whatever it is doing (broker away, starting up with
// the broker away, an import in flight). Each figure is printed ([timing]).

#include <gtest/gtest.h>
#include <signal.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "large_sie.h"
#include "process.h"
#include "tertial/base/strings.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::e2e {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr char kServingLine[] = "\"message\":\"serving\"";
constexpr long long kSigtermBoundMs = 2000;

std::string Bin(std::string_view relative) { return StrCat(TERTIAL_BINARY_DIR, "/", relative); }

long long MillisSince(Clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(Clock::now() - start).count();
}

struct Timed {
  Result result;
  long long ms = 0;
};

Timed Cli(std::vector<std::string> args, const Env& env) {
  args.insert(args.begin(), Bin("apps/tertial"));
  auto start = Clock::now();
  Result result = Run(args, env, seconds(60));
  return {std::move(result), MillisSince(start)};
}

// SIGTERM, then how long until the process was gone (-1: still there after 10 s, then
// killed by the Process).
long long StopMs(Process& process) {
  auto start = Clock::now();
  process.Signal(SIGTERM);
  std::optional<int> status = process.WaitFor(seconds(10));
  return status ? MillisSince(start) : -1;
}

class Faults : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    demo_dir_ = new tertial::testing::TempDir();
    Result generated =
        e2e::Run({Bin("data/generator/tertial-demo-data"), "--out", demo_dir_->Sub("demo")}, {});
    ASSERT_EQ(generated.exit_code, 0) << generated.err;
  }
  static void TearDownTestSuite() {
    delete demo_dir_;
    demo_dir_ = nullptr;
  }

  // A devbroker with one broker and one partition per topic; its bootstrap address.
  std::string StartBroker() {
    broker_ = std::make_unique<Process>(
        std::vector<std::string>{Bin("apps/tertial-devbroker/tertial-devbroker"), "--brokers", "1",
                                 "--partitions", "1"},
        Env{}, dir_.Sub("devbroker.log"));
    return broker_->ReadLine(seconds(20));
  }

  // A service on the broker; waits until it serves.
  std::unique_ptr<Process> StartService(const std::string& service, const std::string& bootstrap,
                                        const std::string& address,
                                        std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {Bin(StrCat("services/", service, "/tertial-", service)),
                                     "--kafka",
                                     bootstrap,
                                     "--data-dir",
                                     dir_.Sub(service),
                                     "--listen",
                                     address};
    args.insert(args.end(), extra.begin(), extra.end());
    auto process = std::make_unique<Process>(
        args, Env{{"TERTIAL_KAFKA_MAX_BATCH_BYTES", "4194304"}}, dir_.Sub(service + ".log"));
    EXPECT_TRUE(WaitForText(dir_.Sub(service + ".log"), kServingLine, seconds(30)))
        << ReadFile(dir_.Sub(service + ".log"));
    return process;
  }

  void TearDown() override {
    if (broker_) {
      broker_->Signal(SIGCONT);
      broker_->Signal(SIGTERM);
      broker_->WaitFor(seconds(5));
    }
  }

  static tertial::testing::TempDir* demo_dir_;
  tertial::testing::TempDir dir_;
  std::unique_ptr<Process> broker_;
};

tertial::testing::TempDir* Faults::demo_dir_ = nullptr;

TEST_F(Faults, WithTheBrokerAwayQueriesStatusMetricsAndCommandsAnswerInTime) {
  std::string bootstrap = StartBroker();
  ASSERT_FALSE(bootstrap.empty()) << ReadFile(dir_.Sub("devbroker.log"));
  std::string address = StrCat("127.0.0.1:", FreePort());
  int metrics_port = FreePort();
  std::unique_ptr<Process> ledger = StartService(
      "ledger", bootstrap, address,
      {"--metrics-listen", StrCat("127.0.0.1:", metrics_port), "--read-wait-ms", "500"});
  Env cli = {{"TERTIAL_LEDGER_SERVER", address}, {"TERTIAL_ORG", "0580"}};
  Timed imported = Cli({"import", demo_dir_->Sub("demo/units.csv")}, cli);
  ASSERT_EQ(imported.result.exit_code, 0) << imported.result.err;
  Timed units = Cli({"units", "--format", "csv"}, cli);
  ASSERT_EQ(units.result.exit_code, 0) << units.result.err;
  ASSERT_NE(units.result.out.find("KS"), std::string::npos) << units.result.out;
  EXPECT_EQ(units.result.err.find("out of date"), std::string::npos) << units.result.err;
  Timed healthy = Cli({"status", "--format", "csv"}, cli);
  EXPECT_EQ(healthy.result.exit_code, 0) << healthy.result.out << healthy.result.err;

  broker_->Signal(SIGSTOP);
  auto away = Clock::now();

  // A query answers from the projection, marked stale, within its bound (500 ms) and the
  // CLI's own start-up.
  Timed stale = Cli({"units", "--format", "csv"}, cli);
  std::fprintf(stderr, "[timing] units with the broker away: %lld ms (read wait 500 ms)\n",
               stale.ms);
  EXPECT_EQ(stale.result.exit_code, 0) << stale.result.err;
  EXPECT_EQ(stale.result.out, units.result.out);
  EXPECT_NE(stale.result.err.find("may be out of date"), std::string::npos) << stale.result.err;
  EXPECT_LT(stale.ms, 3000);

  // Asked for fresh data: UNAVAILABLE, within the same bound.
  Timed fresh = Cli({"units", "--fresh"}, cli);
  std::fprintf(stderr, "[timing] units --fresh with the broker away: %lld ms\n", fresh.ms);
  EXPECT_NE(fresh.result.exit_code, 0) << fresh.result.out;
  EXPECT_NE(fresh.result.err.find("cannot be confirmed current"), std::string::npos)
      << fresh.result.err;
  EXPECT_LT(fresh.ms, 3000);

  // /metrics never waits on the log.
  auto scrape_start = Clock::now();
  std::string metrics = Scrape(metrics_port);
  long long scrape_ms = MillisSince(scrape_start);
  std::fprintf(stderr, "[timing] GET /metrics with the broker away: %lld ms\n", scrape_ms);
  EXPECT_NE(metrics.find("tertial_projection_lag"), std::string::npos) << metrics;
  EXPECT_LT(scrape_ms, 1000);

  // Readiness: once the log has been silent for a few seconds the ledger's own health name
  // is NOT_SERVING, and status says so within 3 s, exiting non-zero; every status call,
  // before and after, answers within 3 s.
  Timed status;
  bool not_serving = false;
  while (MillisSince(away) < 20'000 && !not_serving) {
    status = Cli({"status", "--format", "csv"}, cli);
    EXPECT_LT(status.ms, 3000) << status.result.out << status.result.err;
    not_serving = status.result.out.find("NOT_SERVING") != std::string::npos;
    if (!not_serving) std::this_thread::sleep_for(milliseconds(500));
  }
  std::fprintf(stderr,
               "[timing] ledger NOT_SERVING %lld ms after the broker went away; "
               "status took %lld ms\n",
               MillisSince(away), status.ms);
  EXPECT_TRUE(not_serving) << status.result.out << status.result.err;
  EXPECT_NE(status.result.exit_code, 0);
  EXPECT_NE(status.result.out.find("log unreachable"), std::string::npos) << status.result.out;

  // A command fails fast with UNAVAILABLE naming the log's state, and appends nothing.
  Timed command = Cli({"import", demo_dir_->Sub("demo/projects.csv")}, cli);
  std::fprintf(stderr, "[timing] import with the broker away failed after %lld ms\n", command.ms);
  EXPECT_NE(command.result.exit_code, 0);
  EXPECT_NE(command.result.err.find("the log"), std::string::npos) << command.result.err;
  EXPECT_LT(command.ms, 5000);

  // The broker back: ready again, the refused import never happened, and it goes through.
  broker_->Signal(SIGCONT);
  Timed back;
  for (int i = 0; i < 60; ++i) {
    back = Cli({"status", "--format", "csv"}, cli);
    if (back.result.exit_code == 0) break;
    std::this_thread::sleep_for(milliseconds(500));
  }
  EXPECT_EQ(back.result.exit_code, 0) << back.result.out << back.result.err;
  Timed projects = Cli({"projects", "--format", "csv"}, cli);
  EXPECT_EQ(projects.result.out.find("P1"), std::string::npos) << projects.result.out;
  Timed retried = Cli({"import", demo_dir_->Sub("demo/projects.csv")}, cli);
  EXPECT_EQ(retried.result.exit_code, 0) << retried.result.err;

  broker_->Signal(SIGSTOP);
  std::this_thread::sleep_for(milliseconds(1500));
  long long stop_ms = StopMs(*ledger);
  std::fprintf(stderr, "[timing] tertial-ledger stopped %lld ms after SIGTERM, broker away\n",
               stop_ms);
  EXPECT_GE(stop_ms, 0) << ReadFile(dir_.Sub("ledger.log"));
  EXPECT_LT(stop_ms, kSigtermBoundMs) << ReadFile(dir_.Sub("ledger.log"));
}

// Not only the ledger's: every service's query tells the user when its answer may be out of
// date (the CLI printed the forecast's, the goals' and the report's stale answers silently).
TEST_F(Faults, EveryServicesQueriesSayWhenTheirAnswerMayBeOutOfDate) {
  std::string bootstrap = StartBroker();
  ASSERT_FALSE(bootstrap.empty()) << ReadFile(dir_.Sub("devbroker.log"));
  Env cli = {{"TERTIAL_ORG", "0580"}};
  std::vector<std::unique_ptr<Process>> services;
  for (const char* service : {"forecast", "goals", "reporting"}) {
    std::string address = StrCat("127.0.0.1:", FreePort());
    services.push_back(StartService(service, bootstrap, address, {"--read-wait-ms", "300"}));
    std::string upper = service;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    cli[StrCat("TERTIAL_", upper, "_SERVER")] = address;
  }
  const std::vector<std::vector<std::string>> queries = {
      {"forecast", "adjustments", "--year", "2021"}, {"goals", "plans"}, {"report", "list"}};
  for (const auto& query : queries) {
    Timed current = Cli(query, cli);
    EXPECT_EQ(current.result.exit_code, 0) << query[0] << " " << current.result.err;
    EXPECT_EQ(current.result.err.find("out of date"), std::string::npos) << current.result.err;
  }
  broker_->Signal(SIGSTOP);
  for (const auto& query : queries) {
    Timed stale = Cli(query, cli);
    EXPECT_EQ(stale.result.exit_code, 0) << query[0] << " " << stale.result.err;
    EXPECT_NE(stale.result.err.find("may be out of date"), std::string::npos)
        << query[0] << " " << query[1] << ": " << stale.result.err;
  }
}

TEST_F(Faults, EveryServiceStopsWithinTwoSecondsOfSigtermWithTheBrokerAway) {
  std::string bootstrap = StartBroker();
  ASSERT_FALSE(bootstrap.empty()) << ReadFile(dir_.Sub("devbroker.log"));
  std::vector<std::pair<std::string, std::unique_ptr<Process>>> services;
  for (const char* service : {"ledger", "forecast", "goals", "reporting"}) {
    services.emplace_back(service,
                          StartService(service, bootstrap, StrCat("127.0.0.1:", FreePort())));
  }
  broker_->Signal(SIGSTOP);
  // One more, starting while the broker is away: it waits on Kafka's metadata.
  auto starting = std::make_unique<Process>(
      std::vector<std::string>{Bin("services/goals/tertial-goals"), "--kafka", bootstrap,
                               "--data-dir", dir_.Sub("goals-starting"), "--listen",
                               StrCat("127.0.0.1:", FreePort())},
      Env{}, dir_.Sub("goals-starting.log"));
  // Long enough for every follower to be inside a call the broker never answers.
  std::this_thread::sleep_for(milliseconds(2500));
  services.emplace_back("goals (starting)", std::move(starting));
  for (auto& [name, process] : services) {
    long long ms = StopMs(*process);
    std::fprintf(stderr, "[timing] tertial-%s stopped %lld ms after SIGTERM, broker away\n",
                 name.c_str(), ms);
    EXPECT_GE(ms, 0) << name;
    EXPECT_LT(ms, kSigtermBoundMs) << name;
  }
}

TEST_F(Faults, TertialdStopsWithinTwoSecondsOfSigtermDuringAnImport) {
  WriteLargeSie(dir_.Sub("large.se"), 100'000);
  std::string address = StrCat("127.0.0.1:", FreePort());
  Process daemon({Bin("apps/tertiald"), "--data-dir", dir_.Sub("data"), "--listen", address}, {},
                 dir_.Sub("tertiald.log"));
  ASSERT_TRUE(WaitForText(dir_.Sub("tertiald.log"), kServingLine, seconds(30)))
      << ReadFile(dir_.Sub("tertiald.log"));
  Process import({Bin("apps/tertial"), "import", "--server", address, dir_.Sub("large.se")},
                 {{"TERTIAL_ORG", "0580"}}, dir_.Sub("import.log"));
  std::this_thread::sleep_for(milliseconds(1500));  // the upload and the import under way
  long long ms = StopMs(daemon);
  std::fprintf(stderr, "[timing] tertiald stopped %lld ms after SIGTERM, import in flight\n", ms);
  EXPECT_GE(ms, 0) << ReadFile(dir_.Sub("tertiald.log"));
  EXPECT_LT(ms, kSigtermBoundMs) << ReadFile(dir_.Sub("tertiald.log"));
  std::optional<int> client = import.WaitFor(seconds(10));
  ASSERT_TRUE(client.has_value());
  // All or nothing: the data directory opens again, and the import either is listed whole
  // or not at all.
  Timed listed = Cli({"imports", "--format", "csv"},
                     {{"TERTIAL_DATA_DIR", dir_.Sub("data")}, {"TERTIAL_ORG", "0580"}});
  EXPECT_EQ(listed.result.exit_code, 0) << listed.result.err;
}

}  // namespace
}  // namespace tertial::e2e
