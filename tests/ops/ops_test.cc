// tertial as an IT operator runs it. The demo municipality's follow-up cycle is loaded
// once through the CLI; then each test works on its own copy of that data directory:
// rebuilding every projection (in-process, and against a tertiald that checks tokens)
// gives the same projection bytes and the same rendered report, and `tertial status` shows
// lag 0 afterwards; servers refuse to listen on the network without tokens; `tertial help`
// prints to stdout; a data directory held by a tertiald is named as in use.

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "large_sie.h"
#include "process.h"
#include "tertial/base/hash.h"
#include "tertial/base/strings.h"
#include "tertial/projection/store.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::e2e {
namespace {

using std::chrono::seconds;

constexpr char kControllerToken[] = "ops-controller-token";
constexpr char kAdminToken[] = "ops-admin-token";
constexpr char kReport[] = "delarsrapport-0580-KS-2021-08";
// The log line of a server that has opened its gRPC port (JSON: stderr is a file here).
constexpr char kServingLine[] = "\"message\":\"serving\"";

std::string Bin(std::string_view relative) { return StrCat(TERTIAL_BINARY_DIR, "/", relative); }

Result Cli(std::vector<std::string> args, const Env& env = {}) {
  args.insert(args.begin(), Bin("apps/tertial"));
  return Run(args, env, seconds(120));
}

// Every projection database under a data directory (each service's RocksDB, found by its
// CURRENT file; the event log excluded), by path relative to the directory.
std::map<std::string, std::vector<std::pair<std::string, std::string>>> DumpProjections(
    const std::string& data_dir) {
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> dumps;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(data_dir)) {
    if (entry.path().filename() != "CURRENT") continue;
    std::string dir = entry.path().parent_path().string();
    std::string relative = std::filesystem::relative(dir, data_dir).string();
    if (relative == "log") continue;
    auto db = projection::ProjectionDb::Open(dir);
    EXPECT_TRUE(db.ok()) << dir << ": " << db.status();
    if (!db.ok()) continue;
    auto dump = (*db)->Dump();
    EXPECT_TRUE(dump.ok()) << dump.status();
    if (dump.ok()) dumps[relative] = *std::move(dump);
  }
  return dumps;
}

// The report in JSON and Markdown, rendered by the CLI with `env` into `out`.
std::string Render(const Env& env, const std::string& out) {
  Result r = Cli(
      {"report", "--board", "KS", "--period", "2021-08", "--format", "json,md", "-o", out}, env);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return ReadFile(StrCat(out, "/", kReport, ".json")) + ReadFile(StrCat(out, "/", kReport, ".md"));
}

// The lag values of `tertial status --format json`.
std::vector<long long> Lags(const std::string& json) {
  std::vector<long long> lags;
  std::regex lag(R"re("lag"\s*:\s*(-?\d+))re");
  for (auto it = std::sregex_iterator(json.begin(), json.end(), lag); it != std::sregex_iterator();
       ++it) {
    lags.push_back(std::stoll((*it)[1]));
  }
  return lags;
}

class Ops : public ::testing::Test {
 protected:
  // The demo's follow-up cycle, loaded once into `base` through the in-process CLI.
  static void SetUpTestSuite() {
    world_ = new tertial::testing::TempDir();
    std::string demo = world_->Sub("demo");
    Result generated = e2e::Run({Bin("data/generator/tertial-demo-data"), "--out", demo}, {});
    if (generated.exit_code != 0) {
      *error_ = StrCat("tertial-demo-data failed:\n", generated.err);
      return;
    }
    Env env = {{"TERTIAL_DATA_DIR", world_->Sub("base")},
               {"TERTIAL_ORG", "0580"},
               {"TERTIAL_ACTOR", "ops.test"}};
    for (const std::vector<std::string>& command : FollowUpCycle(demo)) {
      Result r = Cli(command, env);
      if (r.exit_code != 0) {
        *error_ = StrCat("tertial ", command[0], " failed:\n", r.err);
        return;
      }
    }
  }
  static void TearDownTestSuite() {
    delete world_;
    world_ = nullptr;
  }

  void SetUp() override {
    ASSERT_TRUE(error_->empty()) << *error_;
    data_ = dir_.Sub("data");
    std::filesystem::copy(world_->Sub("base"), data_, std::filesystem::copy_options::recursive);
  }

  Env InProcess() const {
    return {{"TERTIAL_DATA_DIR", data_}, {"TERTIAL_ORG", "0580"}, {"TERTIAL_ACTOR", "ops.test"}};
  }

  static tertial::testing::TempDir* world_;
  static std::string* error_;
  tertial::testing::TempDir dir_;
  std::string data_;
};

tertial::testing::TempDir* Ops::world_ = nullptr;
std::string* Ops::error_ = new std::string();

TEST_F(Ops, RebuildInProcessGivesTheSameProjectionsAndReportAndStatusShowsNoLag) {
  std::string before = Render(InProcess(), dir_.Sub("before"));
  auto projections_before = DumpProjections(data_);
  ASSERT_GE(projections_before.size(), 4u);
  for (const auto& [path, dump] : projections_before) EXPECT_FALSE(dump.empty()) << path;

  Result rebuilt = Cli({"rebuild", "--service", "all", "--format", "csv"}, InProcess());
  ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  for (const char* service : {"ledger", "forecast", "goals", "reporting"}) {
    EXPECT_NE(rebuilt.out.find(StrCat("\n", service, ",")), std::string::npos)
        << service << " not rebuilt:\n"
        << rebuilt.out;
  }
  // The projections hold the same bytes as before, offsets included.
  auto projections_after = DumpProjections(data_);
  ASSERT_EQ(projections_after.size(), projections_before.size());
  for (const auto& [path, dump] : projections_before) {
    EXPECT_TRUE(projections_after[path] == dump) << path << " differs after the rebuild";
  }
  EXPECT_EQ(Render(InProcess(), dir_.Sub("after")), before);

  Result status = Cli({"status", "--format", "json"}, InProcess());
  ASSERT_EQ(status.exit_code, 0) << status.err;
  std::vector<long long> lags = Lags(status.out);
  ASSERT_GE(lags.size(), 4u) << status.out;
  for (long long lag : lags) EXPECT_EQ(lag, 0) << status.out;
  for (const char* service : {"ledger", "forecast", "goals", "reporting"}) {
    EXPECT_NE(status.out.find(StrCat("\"service\": \"", service, "\"")), std::string::npos)
        << status.out;
  }
}

TEST_F(Ops, RebuildAgainstTertialdNeedsAnAdminAndGivesTheSameReport) {
  std::string before = Render(InProcess(), dir_.Sub("before"));
  std::string tokens =
      StrCat("sha256:", Sha256Hex(kControllerToken), " anna.ekonom controller 0580\n",
             "sha256:", Sha256Hex(kAdminToken), " it.drift admin *\n");
  std::ofstream(dir_.Sub("tokens")) << tokens;
  int port = FreePort();
  std::string address = StrCat("127.0.0.1:", port);
  Process daemon({Bin("apps/tertiald"), "--data-dir", data_, "--listen", address, "--tokens",
                  dir_.Sub("tokens")},
                 {}, dir_.Sub("tertiald.log"));
  Env controller = {
      {"TERTIAL_SERVER", address}, {"TERTIAL_TOKEN", kControllerToken}, {"TERTIAL_ORG", "0580"}};
  Env admin = {
      {"TERTIAL_SERVER", address}, {"TERTIAL_TOKEN", kAdminToken}, {"TERTIAL_ORG", "0580"}};
  Result up = Cli({"status", "--wait", "30", "--format", "csv"}, controller);
  ASSERT_EQ(up.exit_code, 0) << up.out << up.err << ReadFile(dir_.Sub("tertiald.log"));
  // A controller sees health, and is told that progress needs an admin.
  EXPECT_NE(up.out.find(StrCat("ledger,", address, ",SERVING,")), std::string::npos) << up.out;
  EXPECT_NE(up.out.find("needs admin"), std::string::npos) << up.out;

  Result refused = Cli({"rebuild", "--service", "ledger"}, controller);
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("needs admin"), std::string::npos) << refused.err;

  // The data directory is the daemon's while it runs.
  Result in_use = Cli({"status"}, InProcess());
  EXPECT_NE(in_use.exit_code, 0);
  EXPECT_NE(in_use.err.find(StrCat("the data directory ", data_, " is in use")), std::string::npos)
      << in_use.err;
  EXPECT_NE(in_use.err.find("is tertiald running on it? use --server ADDR"), std::string::npos)
      << in_use.err;

  Result unknown = Cli({"rebuild", "--service", "budget"}, admin);
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("expected ledger, forecast, goals, reporting or all"),
            std::string::npos)
      << unknown.err;

  Result rebuilt = Cli({"rebuild", "--service", "all"}, admin);
  ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  EXPECT_EQ(Render(admin, dir_.Sub("after")), before);
  Result status = Cli({"status", "--format", "json"}, admin);
  ASSERT_EQ(status.exit_code, 0) << status.err;
  std::vector<long long> lags = Lags(status.out);
  ASSERT_GE(lags.size(), 4u) << status.out;
  for (long long lag : lags) EXPECT_EQ(lag, 0) << status.out;
  EXPECT_NE(status.out.find("\"last_event_time\": \"20"), std::string::npos) << status.out;

  daemon.Signal(SIGTERM);
  EXPECT_EQ(daemon.Wait(), 0) << ReadFile(dir_.Sub("tertiald.log"));
}

TEST_F(Ops, ServersRefuseToListenOnTheNetworkWithoutTokens) {
  Result ledger =
      e2e::Run({Bin("services/ledger/tertial-ledger"), "--data-dir", dir_.Sub("ledger")}, {});
  EXPECT_EQ(ledger.exit_code, 2);
  EXPECT_NE(ledger.err.find("--listen 0.0.0.0:50051 is reachable from other machines and no "
                            "--tokens file is given"),
            std::string::npos)
      << ledger.err;
  EXPECT_NE(ledger.err.find("--insecure"), std::string::npos) << ledger.err;
  Result daemon =
      e2e::Run({Bin("apps/tertiald"), "--data-dir", data_, "--listen", "0.0.0.0:0"}, {});
  EXPECT_EQ(daemon.exit_code, 2);
  EXPECT_NE(daemon.err.find("--insecure"), std::string::npos) << daemon.err;

  // --insecure serves it open, saying so; loopback needs no flag.
  for (std::vector<std::string> args :
       {std::vector<std::string>{"--listen", StrCat("0.0.0.0:", FreePort()), "--insecure"},
        std::vector<std::string>{"--listen", StrCat("127.0.0.1:", FreePort())}}) {
    std::vector<std::string> command = {Bin("services/ledger/tertial-ledger"), "--data-dir",
                                        dir_.Sub("ledger")};
    command.insert(command.end(), args.begin(), args.end());
    std::string log = dir_.Sub(StrCat("ledger-", args.size(), ".log"));
    Process server(command, {}, log);
    auto deadline = std::chrono::steady_clock::now() + seconds(30);
    while (ReadFile(log).find(kServingLine) == std::string::npos &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_NE(ReadFile(log).find(kServingLine), std::string::npos) << ReadFile(log);
    if (args.size() == 3) {
      EXPECT_NE(ReadFile(log).find("\"level\":\"warning\",\"service\":\"tertial-ledger\","
                                   "\"message\":\"--insecure: serving"),
                std::string::npos)
          << ReadFile(log);
    }
    server.Signal(SIGTERM);
    EXPECT_EQ(server.Wait(), 0);
  }
}

// Both kinds of server start the same way (host::Main); the services' binaries used to
// ignore a data directory they could not make and fail later on something else.
TEST_F(Ops, EveryServerSaysWhenItCannotMakeItsDataDirectory) {
  std::string file = dir_.Sub("a-file");
  std::ofstream(file) << "not a directory\n";
  for (const char* binary : {"apps/tertiald", "services/ledger/tertial-ledger"}) {
    Result r = e2e::Run({Bin(binary), "--data-dir", file + "/data", "--listen", "127.0.0.1:0"}, {});
    EXPECT_EQ(r.exit_code, 1) << binary << ": " << r.err;
    EXPECT_NE(r.err.find(StrCat("cannot create data directory ", file, "/data")), std::string::npos)
        << binary << ": " << r.err;
  }
}

TEST_F(Ops, ImportOverTheKafkaBatchLimitFailsBeforeAnythingIsAppended) {
  Process broker({Bin("apps/tertial-devbroker/tertial-devbroker"), "--partitions", "1"}, {},
                 dir_.Sub("devbroker.log"));
  std::string bootstrap = broker.ReadLine(seconds(20));
  ASSERT_FALSE(bootstrap.empty()) << ReadFile(dir_.Sub("devbroker.log"));
  EXPECT_TRUE(WaitForText(dir_.Sub("devbroker.log"), "TERTIAL_KAFKA_MAX_BATCH_BYTES=", seconds(5)))
      << ReadFile(dir_.Sub("devbroker.log"));
  int port = FreePort();
  std::string address = StrCat("127.0.0.1:", port);
  // 200 kB: the demo's units fit, its 2020 ledger (one batch per file) does not.
  Process ledger({Bin("services/ledger/tertial-ledger"), "--kafka", bootstrap, "--data-dir",
                  dir_.Sub("kafka-ledger"), "--listen", address},
                 {{"TERTIAL_KAFKA_MAX_BATCH_BYTES", "200000"}}, dir_.Sub("ledger.log"));
  ASSERT_TRUE(WaitForText(dir_.Sub("ledger.log"), kServingLine, seconds(30)))
      << ReadFile(dir_.Sub("ledger.log"));
  Env cli = {{"TERTIAL_LEDGER_SERVER", address}, {"TERTIAL_ORG", "0580"}};
  std::string demo = world_->Sub("demo");
  Result too_big = Cli({"import", demo + "/ledger-2020.se"}, cli);
  EXPECT_NE(too_big.exit_code, 0);
  EXPECT_NE(too_big.err.find("may hold at most 200000 bytes on this Kafka log "
                             "(TERTIAL_KAFKA_MAX_BATCH_BYTES)"),
            std::string::npos)
      << too_big.err;
  EXPECT_NE(too_big.err.find("nothing of the batch was written"), std::string::npos);
  // Nothing reached the topic; a batch within the limit goes through.
  Result status = Cli({"status", "--format", "csv"}, cli);
  EXPECT_NE(status.out.find(StrCat("ledger,", address,
                                   ",SERVING,tertial::ledger::LedgerProjection,"
                                   "tertial.ledger.v1,1,0,0,0,")),
            std::string::npos)
      << status.out << status.err;
  Result small = Cli({"import", demo + "/units.csv"}, cli);
  EXPECT_EQ(small.exit_code, 0) << small.err;
  ledger.Signal(SIGTERM);
  EXPECT_EQ(ledger.Wait(), 0);
  broker.Signal(SIGTERM);
  broker.Wait();
}

TEST_F(Ops, SigtermDuringTheStartupCatchUpStopsPromptly) {
  WriteLargeSie(dir_.Sub("large.se"), 100'000);
  Result imported = Cli({"import", dir_.Sub("large.se")}, InProcess());
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  // Lost projections: the next start replays the whole log (seconds here).
  for (const char* service : {"ledger", "forecast", "goals", "reporting"}) {
    std::filesystem::remove_all(StrCat(data_, "/", service));
  }
  Process daemon(
      {Bin("apps/tertiald"), "--data-dir", data_, "--listen", StrCat("127.0.0.1:", FreePort())}, {},
      dir_.Sub("tertiald.log"));
  std::this_thread::sleep_for(std::chrono::seconds(1));
  auto signalled = std::chrono::steady_clock::now();
  daemon.Signal(SIGTERM);
  EXPECT_EQ(daemon.Wait(), 0) << ReadFile(dir_.Sub("tertiald.log"));
  auto stopping = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - signalled);
  std::fprintf(stderr, "[timing] tertiald stopped %lld ms after SIGTERM during its catch-up\n",
               static_cast<long long>(stopping.count()));
  std::string log = ReadFile(dir_.Sub("tertiald.log"));
  ASSERT_EQ(log.find(kServingLine), std::string::npos)
      << "the catch-up was over within a second; nothing was interrupted:\n"
      << log;
  // Stopped between two steps of the catch-up, or, when a step outlasts the bound (a
  // loaded machine), ended by the shutdown watchdog (host/shutdown_signals.h); either way
  // within 2 s, and what was applied stays.
  bool between_steps =
      log.find("\"message\":\"signal while catching up, stopping\",\"fields\":{\"signal\":15") !=
          std::string::npos &&
      log.find("stopped while catching up") != std::string::npos;
  bool by_watchdog = log.find("did not stop in time after the signal") != std::string::npos;
  EXPECT_TRUE(between_steps || by_watchdog) << log;
  EXPECT_LT(stopping.count(), 2000) << log;
  // The next start goes on from there to the log's end.
  Result status = Cli({"status", "--format", "json"}, InProcess());
  ASSERT_EQ(status.exit_code, 0) << status.err;
  std::vector<long long> lags = Lags(status.out);
  ASSERT_GE(lags.size(), 4u) << status.out;
  for (long long lag : lags) EXPECT_EQ(lag, 0) << status.out;
}

TEST(OpsCli, HelpGoesToStdoutAndMistakesToStderr) {
  for (const char* asked : {"help", "--help", "-h"}) {
    Result help = Cli({asked});
    EXPECT_EQ(help.exit_code, 0) << asked;
    EXPECT_NE(help.out.find("usage: tertial COMMAND"), std::string::npos) << asked;
    EXPECT_NE(help.out.find("rebuild"), std::string::npos) << help.out;
    EXPECT_EQ(help.err, "") << asked;
  }
  Result nothing = Cli({});
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_EQ(nothing.out, "");
  EXPECT_NE(nothing.err.find("usage: tertial COMMAND"), std::string::npos);
  Result wrong = Cli({"rebiuld"});
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_EQ(wrong.out, "");
  EXPECT_NE(wrong.err.find("no command 'rebiuld'"), std::string::npos);
  Result command_help = Cli({"rebuild", "--help"});
  EXPECT_EQ(command_help.exit_code, 0);
  EXPECT_NE(command_help.out.find("--service"), std::string::npos) << command_help.out;
}

}  // namespace
}  // namespace tertial::e2e
