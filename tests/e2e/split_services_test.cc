// The four services deployed apart, as an operator runs them: tertial-devbroker (a Kafka
// mock cluster in its own process), then tertial-ledger, -forecast, -goals and -reporting,
// each its own process with its own --data-dir, TLS on its port, tokens checked, and its
// peers at <SVC>_ADDR. A controller drives the demo municipality's follow-up cycle through
// the CLI, each command routed to the service it calls. The same cycle run in one process
// on the embedded log (tertial --data-dir) must give the same report, byte for byte.
// Then services are SIGKILLed and restarted (they resume from their stored offsets), and
// every data directory is lost (the services rebuild from Kafka to the same report).

#include <grpcpp/client_context.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "process.h"
#include "service_table.h"
#include "tertial/base/hash.h"
#include "tertial/base/strings.h"
#include "tertial/grpcutil/channel.h"
#include "tertial/testing/compare.h"
#include "tertial/testing/serving.h"
#include "tertial/testing/temp_dir.h"
#include "test_certificates.h"

namespace tertial::e2e {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

const std::vector<std::string> kServices = host::ServiceNames();
constexpr char kControllerToken[] = "e2e-controller-token";
constexpr char kAdminToken[] = "e2e-admin-token";
constexpr char kReport[] = "delarsrapport-0580-KS-2021-08";

std::string Bin(std::string_view relative) { return StrCat(TERTIAL_BINARY_DIR, "/", relative); }

std::string Upper(std::string_view s) {
  std::string out;
  for (char c : s) out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return out;
}

long long Millis(Clock::duration d) { return std::chrono::duration_cast<milliseconds>(d).count(); }

void Write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

// One more adjustment after the cycle, with a fixed id so that both runs make the same one.
const std::vector<std::string> kExtraAdjustment = {
    "forecast", "adjust",
    "--year",   "2021",
    "--unit",   "KSGEM",
    "--side",   "costs",
    "--amount", "-2500000",
    "--id",     "e2e-extra-adjustment",
    "--reason", "Hyresavtalet för Stadshuset omförhandlat från oktober"};

// Everything the tests share: the generated demo files, certificates and tokens, the
// broker, the four services, and the in-process data directory. Made once per suite.
class World {
 public:
  std::string error;  // set when set-up failed
  tertial::testing::TempDir dir;
  std::string demo;
  std::unique_ptr<Process> broker;
  std::string bootstrap;
  std::map<std::string, int> grpc_port;
  std::map<std::string, int> metrics_port;
  std::map<std::string, std::unique_ptr<Process>> services;

  std::string DataDir(const std::string& service) { return dir.Sub(StrCat("data-", service)); }

  void Start(const std::string& service) {
    Env env;
    for (const std::string& peer : kServices) {
      if (peer != service) env[Upper(peer) + "_ADDR"] = StrCat("localhost:", grpc_port[peer]);
    }
    std::vector<std::string> args = {Bin(StrCat("services/", service, "/tertial-", service)),
                                     "--kafka",
                                     bootstrap,
                                     "--data-dir",
                                     DataDir(service),
                                     "--listen",
                                     StrCat("127.0.0.1:", grpc_port[service]),
                                     "--metrics-listen",
                                     StrCat("127.0.0.1:", metrics_port[service]),
                                     "--tls-cert",
                                     dir.Sub("server.pem"),
                                     "--tls-key",
                                     dir.Sub("server.key"),
                                     "--tokens",
                                     dir.Sub("tokens"),
                                     "--peer-tls-ca",
                                     dir.Sub("ca.pem"),
                                     "--peer-token-file",
                                     dir.Sub(StrCat("token-", service))};
    services[service] =
        std::make_unique<Process>(std::move(args), env, dir.Sub(StrCat(service, ".log")));
  }

  // Waits until `service` answers SERVING for its gRPC service; false after `timeout`.
  bool WaitServing(const std::string& service, milliseconds timeout) {
    return ::tertial::testing::WaitServing(StrCat("localhost:", grpc_port[service]), timeout,
                                           {.tls_ca_file = dir.Sub("ca.pem")});
  }

  void Kill(const std::string& service) {
    services[service]->Signal(SIGKILL);
    services[service]->Wait();
  }

  // The CLI routed to the four services, with the controller's token, over TLS.
  Env SplitEnv() {
    Env env = {{"TERTIAL_TOKEN", kControllerToken},
               {"TERTIAL_TLS_CA", dir.Sub("ca.pem")},
               {"TERTIAL_ORG", "0580"},
               {"TERTIAL_ACTOR", "anna.ekonom"}};
    for (const std::string& service : kServices) {
      env[StrCat("TERTIAL_", Upper(service), "_SERVER")] = StrCat("localhost:", grpc_port[service]);
    }
    return env;
  }
  // The CLI hosting the services itself on the embedded log.
  Env InProcessEnv() {
    return {{"TERTIAL_DATA_DIR", dir.Sub("in-process")},
            {"TERTIAL_ORG", "0580"},
            {"TERTIAL_ACTOR", "anna.ekonom"}};
  }

  Result Cli(std::vector<std::string> args, const Env& env) {
    args.insert(args.begin(), Bin("apps/tertial"));
    return Run(args, env);
  }

  // Renders the report (json and html) into `out`; returns the JSON, empty on failure.
  std::string Render(const Env& env, const std::string& out) {
    Result r =
        Cli({"report", "--board", "KS", "--period", "2021-08", "--format", "json,html", "-o", out},
            env);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return ReadFile(StrCat(out, "/", kReport, ".json"));
  }

  // Sum of the samples starting with `name` in a service's metrics.
  double Sum(const std::string& service, const std::string& name) {
    double sum = 0;
    for (const auto& [key, value] : Samples(Scrape(metrics_port[service]), name)) sum += value;
    return sum;
  }

  std::string Log(const std::string& service) { return ReadFile(dir.Sub(service + ".log")); }

  void SetUp();
  void RunCycle(const Env& env, const std::string& what);
};

void World::RunCycle(const Env& env, const std::string& what) {
  auto started = Clock::now();
  for (const std::vector<std::string>& command : FollowUpCycle(demo)) {
    Result r = Cli(command, env);
    if (r.exit_code != 0) {
      error = StrCat(what, ": tertial ", command[0], " ", command[1], " failed (", r.exit_code,
                     "):\n", r.err, r.out);
      return;
    }
  }
  std::fprintf(stderr, "[timing] %s: follow-up cycle in %lld ms\n", what.c_str(),
               Millis(Clock::now() - started));
}

void World::SetUp() {
  auto started = Clock::now();
  demo = dir.Sub("demo");
  Result generated = Run({Bin("data/generator/tertial-demo-data"), "--out", demo}, {});
  if (generated.exit_code != 0) {
    error = StrCat("tertial-demo-data failed:\n", generated.err);
    return;
  }
  grpcutil::testing::TestPki pki = grpcutil::testing::MakeTestPki();
  Write(dir.Sub("ca.pem"), pki.ca.certificate);
  Write(dir.Sub("server.pem"), pki.server.certificate);
  Write(dir.Sub("server.key"), pki.server.key);
  // The controller of Linköping, and one token per service for its calls to peers: a
  // reader of every organisation is all a service needs of another (none calls a peer
  // today; the tokens are the deployment's, ready when one does).
  std::string tokens =
      StrCat("sha256:", Sha256Hex(kControllerToken), " anna.ekonom controller 0580\n",
             "sha256:", Sha256Hex(kAdminToken), " it.drift admin *\n");
  for (const std::string& service : kServices) {
    std::string token = StrCat("e2e-service-token-", service);
    StrAppend(&tokens, "sha256:", Sha256Hex(token), " svc.", service, " reader *\n");
    Write(dir.Sub(StrCat("token-", service)), token + "\n");
  }
  Write(dir.Sub("tokens"), tokens);

  broker = std::make_unique<Process>(
      std::vector<std::string>{Bin("apps/tertial-devbroker/tertial-devbroker"), "--partitions",
                               "3"},
      Env{}, dir.Sub("devbroker.log"));
  bootstrap = broker->ReadLine(seconds(20));
  if (bootstrap.empty()) {
    error = StrCat("tertial-devbroker printed no bootstrap address:\n",
                   ReadFile(dir.Sub("devbroker.log")));
    return;
  }
  for (const std::string& service : kServices) {
    grpc_port[service] = FreePort();
    metrics_port[service] = FreePort();
  }
  for (const std::string& service : kServices) Start(service);
  for (const std::string& service : kServices) {
    if (!WaitServing(service, seconds(30))) {
      error = StrCat("tertial-", service, " never became healthy:\n", Log(service));
      return;
    }
  }
  // The CLI sees all four, each at its own address.
  Result status = Cli({"status", "--format", "csv"}, SplitEnv());
  for (const std::string& service : kServices) {
    if (status.out.find(StrCat(service, ",localhost:", grpc_port[service], ",SERVING,")) ==
        std::string::npos) {
      error = StrCat("tertial status does not show ", service, " serving at its address:\n",
                     status.out, status.err);
    }
  }
  if (status.exit_code != 0 || !error.empty()) {
    error = StrCat("tertial status:\n", status.out, status.err);
    return;
  }
  std::fprintf(stderr, "[timing] broker and four services up in %lld ms\n",
               Millis(Clock::now() - started));
  RunCycle(SplitEnv(), "four services on Kafka");
  if (!error.empty()) return;
  RunCycle(InProcessEnv(), "one process, embedded log");
}

class SplitServices : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    world_ = new World();
    world_->SetUp();
  }
  static void TearDownTestSuite() {
    for (auto& [service, process] : world_->services) {
      auto stopping = Clock::now();
      process->Signal(SIGTERM);
      EXPECT_EQ(process->Wait(), 0) << "tertial-" << service << " did not stop cleanly";
      std::fprintf(stderr, "[timing] tertial-%s stopped on SIGTERM in %lld ms\n", service.c_str(),
                   Millis(Clock::now() - stopping));
    }
    world_->broker->Signal(SIGTERM);
    world_->broker->Wait();
    delete world_;
    world_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(world_->error.empty()) << world_->error; }

  static World* world_;
};

World* SplitServices::world_ = nullptr;

TEST_F(SplitServices, RenderTheSameReportAsOneProcess) {
  World& w = *world_;
  auto started = Clock::now();
  std::string split = WithoutPublicationTimes(w.Render(w.SplitEnv(), w.dir.Sub("split")));
  std::string alone = WithoutPublicationTimes(w.Render(w.InProcessEnv(), w.dir.Sub("alone")));
  std::fprintf(stderr, "[timing] both renders in %lld ms\n", Millis(Clock::now() - started));
  ASSERT_FALSE(split.empty());
  // The report is the demo's, not an empty shell.
  EXPECT_NE(split.find("\"board_id\":\"KS\""), std::string::npos);
  EXPECT_NE(split.find("Räddningstjänsten"), std::string::npos) << "adjustment reasons missing";
  EXPECT_NE(split.find("Kommunstyrelsen"), std::string::npos);
  EXPECT_TRUE(split == alone) << tertial::testing::FirstDifference(split, alone, "split",
                                                                   "in-process");
  std::string split_html =
      WithoutPublicationTimes(ReadFile(w.dir.Sub(StrCat("split/", kReport, ".html"))));
  std::string alone_html =
      WithoutPublicationTimes(ReadFile(w.dir.Sub(StrCat("alone/", kReport, ".html"))));
  ASSERT_FALSE(split_html.empty());
  EXPECT_TRUE(split_html == alone_html)
      << tertial::testing::FirstDifference(split_html, alone_html, "split", "in-process");
}

// SIGKILLed, forecast and reporting come back from their stored offsets (they read
// nothing at start), and follow what happens next like the one-process run does.
TEST_F(SplitServices, KilledServicesResumeAndFollowANewAdjustment) {
  World& w = *world_;
  std::string before = w.Render(w.SplitEnv(), w.dir.Sub("before-kill"));
  auto started = Clock::now();
  for (const std::string service : {"forecast", "reporting"}) w.Kill(service);
  for (const std::string service : {"forecast", "reporting"}) w.Start(service);
  for (const std::string service : {"forecast", "reporting"}) {
    ASSERT_TRUE(w.WaitServing(service, seconds(30))) << service << ":\n" << w.Log(service);
    EXPECT_EQ(w.Sum(service, "tertial_eventlog_read_events_total"), 0)
        << service << " read events at start: it replayed instead of resuming";
    EXPECT_EQ(w.Sum(service, "tertial_projection_lag{"), 0) << service;
  }
  std::fprintf(stderr, "[timing] forecast and reporting SIGKILLed and serving again in %lld ms\n",
               Millis(Clock::now() - started));

  Result split_adjust = w.Cli(kExtraAdjustment, w.SplitEnv());
  ASSERT_EQ(split_adjust.exit_code, 0) << split_adjust.err;
  Result alone_adjust = w.Cli(kExtraAdjustment, w.InProcessEnv());
  ASSERT_EQ(alone_adjust.exit_code, 0) << alone_adjust.err;
  std::string split = w.Render(w.SplitEnv(), w.dir.Sub("after-kill"));
  std::string alone = w.Render(w.InProcessEnv(), w.dir.Sub("after-kill-alone"));
  EXPECT_NE(split, before) << "the report did not follow the new adjustment";
  EXPECT_NE(split.find("Stadshuset omförhandlat"), std::string::npos);
  EXPECT_TRUE(WithoutPublicationTimes(split) == WithoutPublicationTimes(alone))
      << tertial::testing::FirstDifference(WithoutPublicationTimes(split),
                                           WithoutPublicationTimes(alone), "split", "in-process");
  EXPECT_GT(w.Sum("reporting", "tertial_eventlog_read_events_total"), 0);
}

// Every volume lost at once: the services replay the topics into empty projections, open
// their ports only once caught up, publish nothing anew, and give the same answers.
TEST_F(SplitServices, LostVolumesAreRebuiltFromKafka) {
  World& w = *world_;
  std::string before = w.Render(w.SplitEnv(), w.dir.Sub("before-loss"));
  Result balances_before =
      w.Cli({"balances", "--by", "unit,account_class", "--format", "csv"}, w.SplitEnv());
  Result forecast_before = w.Cli({"forecast", "--year", "2021", "--format", "csv"}, w.SplitEnv());
  ASSERT_EQ(balances_before.exit_code, 0) << balances_before.err;
  ASSERT_EQ(forecast_before.exit_code, 0) << forecast_before.err;
  ASSERT_GT(balances_before.out.size(), 200u);
  std::map<std::string, double> ends_before =
      Samples(Scrape(w.metrics_port["reporting"]), "tertial_eventlog_end_offset{");
  ASSERT_FALSE(ends_before.empty());

  auto started = Clock::now();
  for (const std::string& service : kServices) w.Kill(service);
  for (const std::string& service : kServices) {
    std::filesystem::remove_all(w.DataDir(service));
    ASSERT_FALSE(std::filesystem::exists(w.DataDir(service)));
  }
  // In dependency order, each serving before the next starts, so that the log is quiet
  // when each opens its port: SERVING must then mean caught up (lag 0 everywhere).
  for (const std::string& service : kServices) {
    auto restarted = Clock::now();
    w.Start(service);
    ASSERT_TRUE(w.WaitServing(service, seconds(60))) << service << ":\n" << w.Log(service);
    std::string metrics = Scrape(w.metrics_port[service]);
    std::map<std::string, double> lag = Samples(metrics, "tertial_projection_lag{");
    ASSERT_FALSE(lag.empty()) << service << ":\n" << metrics;
    for (const auto& [sample, value] : lag) {
      EXPECT_EQ(value, 0) << service << " said SERVING before it caught up: " << sample;
    }
    EXPECT_GT(w.Sum(service, "tertial_eventlog_read_events_total"), 0)
        << service << " did not replay";
    std::fprintf(stderr, "[timing] %s rebuilt from Kafka and serving in %lld ms\n", service.c_str(),
                 Millis(Clock::now() - restarted));
  }
  std::fprintf(stderr, "[timing] four lost volumes rebuilt in %lld ms\n",
               Millis(Clock::now() - started));

  std::string after = w.Render(w.SplitEnv(), w.dir.Sub("after-loss"));
  EXPECT_TRUE(after == before) << tertial::testing::FirstDifference(after, before, "after",
                                                                    "before");
  Result balances_after =
      w.Cli({"balances", "--by", "unit,account_class", "--format", "csv"}, w.SplitEnv());
  Result forecast_after = w.Cli({"forecast", "--year", "2021", "--format", "csv"}, w.SplitEnv());
  EXPECT_EQ(balances_after.out, balances_before.out);
  EXPECT_EQ(forecast_after.out, forecast_before.out);
  // A replay publishes nothing new: every topic ends where it ended.
  EXPECT_EQ(Samples(Scrape(w.metrics_port["reporting"]), "tertial_eventlog_end_offset{"),
            ends_before);
}

// An operator rebuilds every service's projections where it runs (the CLI routes each
// rebuild to that service's address): the same report and the same topics afterwards,
// and every projection caught up.
TEST_F(SplitServices, RebuildThroughTheRoutedCliGivesTheSameReport) {
  World& w = *world_;
  std::string before = w.Render(w.SplitEnv(), w.dir.Sub("before-rebuild"));
  std::map<std::string, double> ends_before =
      Samples(Scrape(w.metrics_port["reporting"]), "tertial_eventlog_end_offset{");
  Env admin = w.SplitEnv();
  admin["TERTIAL_TOKEN"] = kAdminToken;
  Result refused = w.Cli({"rebuild", "--service", "ledger"}, w.SplitEnv());
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("needs admin"), std::string::npos) << refused.err;
  Result rebuilt = w.Cli({"rebuild", "--service", "all", "--format", "csv"}, admin);
  ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  for (const std::string& service : kServices) {
    EXPECT_NE(rebuilt.out.find(StrCat("\n", service, ",")), std::string::npos) << rebuilt.out;
  }
  std::string after = w.Render(w.SplitEnv(), w.dir.Sub("after-rebuild"));
  EXPECT_TRUE(after == before) << tertial::testing::FirstDifference(after, before, "after",
                                                                    "before");
  EXPECT_EQ(Samples(Scrape(w.metrics_port["reporting"]), "tertial_eventlog_end_offset{"),
            ends_before);
  Result status = w.Cli({"status", "--partitions", "--format", "csv"}, admin);
  ASSERT_EQ(status.exit_code, 0) << status.err;
  int rows = 0;
  std::istringstream lines(status.out);
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    ++rows;
    // service,address,status,projection,topic,partitions,consumed,end,lag,...
    std::vector<std::string> fields;
    std::stringstream fieldstream(line);
    for (std::string field; std::getline(fieldstream, field, ',');) fields.push_back(field);
    ASSERT_GE(fields.size(), 9u) << line;
    EXPECT_EQ(fields[2], "SERVING") << line;
    EXPECT_EQ(fields[8], "0") << "lag after the rebuild: " << line;
  }
  // Three partitions of each topic each projection follows.
  EXPECT_GE(rows, 4 * 3) << status.out;
}

}  // namespace
}  // namespace tertial::e2e
