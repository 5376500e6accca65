// tertial-relay read from outside: the demo municipality's follow-up cycle through tertiald
// on Kafka (tertial-devbroker), relayed to tertial.public.<context>.v1, and read there by
// clients nobody here wrote: kcat (Debian's, isolation.level=read_committed), whose lines
// check_events.py validates against the published JSON Schemas, and a Python consumer on
// Debian's python3-confluent-kafka (read_public.py). The relay is SIGKILLed mid-way and
// started again; the public topics must then hold every event once, in source order,
// exactly what `tertial log events` prints for the topic.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <thread>

#include "../e2e/process.h"
#include "tertial/base/strings.h"
#include "tertial/testing/temp_dir.h"

namespace tertial {
namespace {

using e2e::Env;
using e2e::Process;
using e2e::Result;
using std::chrono::milliseconds;
using std::chrono::seconds;

std::string Bin(const std::string& path) { return StrCat(TERTIAL_BINARY_DIR, "/", path); }
std::string Source(const std::string& path) { return StrCat(TERTIAL_SOURCE_DIR, "/", path); }

const std::vector<std::string> kTopics = {"tertial.ledger.v1", "tertial.forecast.v1",
                                          "tertial.goals.v1", "tertial.reporting.v1"};
std::string PublicOf(const std::string& topic) {
  return StrCat("tertial.public.", topic.substr(8, topic.size() - 8 - 3), ".v1");
}

int64_t Lines(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

// The shared set-up: a devbroker, tertiald on it, the demo's follow-up cycle, and what
// `tertial log events` prints per topic. Made once for the suite.
struct World {
  std::string error;
  tertial::testing::TempDir dir;
  std::unique_ptr<Process> broker;
  std::string bootstrap;
  std::map<std::string, std::string> expected;  // topic -> tertial log events' lines
  int64_t expected_total = 0;

  void SetUp() {
    const std::string demo = dir.Sub("demo");
    Result generated = e2e::Run({Bin("data/generator/tertial-demo-data"), "--out", demo}, {});
    if (generated.exit_code != 0) {
      error = "tertial-demo-data: " + generated.err;
      return;
    }
    broker = std::make_unique<Process>(
        std::vector<std::string>{Bin("apps/tertial-devbroker/tertial-devbroker")}, Env{},
        dir.Sub("devbroker.log"));
    bootstrap = broker->ReadLine(seconds(20));
    if (bootstrap.empty()) {
      error = "tertial-devbroker: " + e2e::ReadFile(dir.Sub("devbroker.log"));
      return;
    }
    const int port = e2e::FreePort();
    Process daemon({Bin("apps/tertiald"), "--kafka", bootstrap, "--data-dir", dir.Sub("data"),
                    "--listen", StrCat("127.0.0.1:", port)},
                   {{"TERTIAL_KAFKA_MAX_BATCH_BYTES", "4194304"}}, dir.Sub("tertiald.log"));
    if (!e2e::WaitForText(dir.Sub("tertiald.log"), "\"serving\"", seconds(60))) {
      error = "tertiald: " + e2e::ReadFile(dir.Sub("tertiald.log"));
      return;
    }
    const Env cli = {{"TERTIAL_SERVER", StrCat("127.0.0.1:", port)},
                     {"TERTIAL_ORG", "0580"},
                     {"TERTIAL_ACTOR", "anna.ekonom"}};
    for (std::vector<std::string> command : e2e::FollowUpCycle(demo)) {
      command.insert(command.begin(), Bin("apps/tertial"));
      Result r = e2e::Run(command, cli, seconds(120));
      if (r.exit_code != 0) {
        error = StrCat(command[1], " failed: ", r.err);
        return;
      }
    }
    daemon.Signal(SIGTERM);
    daemon.Wait();
    for (const std::string& topic : kTopics) {
      Result events =
          e2e::Run({Bin("apps/tertial"), "log", "events", "--kafka", bootstrap, "--topic", topic},
                   {}, seconds(120));
      if (events.exit_code != 0) {
        error = StrCat("tertial log events --topic ", topic, ": ", events.err);
        return;
      }
      expected[topic] = events.out;
      expected_total += Lines(events.out);
    }
    Result schema =
        e2e::Run({Bin("apps/tertial"), "log", "schema", "--out", dir.Sub("contract")}, {});
    if (schema.exit_code != 0) error = "tertial log schema: " + schema.err;
  }
};

World* world = nullptr;

class RelayOutside : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    world = new World();
    world->SetUp();
  }
  static void TearDownTestSuite() {
    delete world;
    world = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(world->error.empty()) << world->error; }

  // What a read_committed Python consumer reads of a public topic; fails the test when it
  // finds a breach of what consumers may rely on.
  static std::string ReadPublic(const std::string& bootstrap, const std::string& topic) {
    Result read =
        e2e::Run({"/usr/bin/python3", Source("tests/relay/read_public.py"), bootstrap, topic}, {},
                 seconds(120));
    EXPECT_EQ(read.exit_code, 0) << read.err;
    return read.out;
  }

  static std::unique_ptr<Process> StartRelay(const std::string& bootstrap, int metrics_port,
                                             const std::string& log) {
    return std::make_unique<Process>(
        std::vector<std::string>{Bin("apps/tertial-relay/tertial-relay"), "--kafka", bootstrap,
                                 "--transaction-events", "20", "--metrics-listen",
                                 StrCat("127.0.0.1:", metrics_port)},
        Env{}, log);
  }

  static double Relayed(int metrics_port) {
    auto samples = e2e::Samples(e2e::Scrape(metrics_port), "tertial_relay_events_total");
    return samples.empty() ? 0 : samples.begin()->second;
  }
};

TEST_F(RelayOutside, KilledAndRestartedTheRelayPublishesEveryEventOnceInSourceOrder) {
  ASSERT_GT(world->expected_total, 1000);
  // Killed three times, each time soon after it committed its first transactions.
  int64_t partial_after_kill = -1;
  for (int kill = 0; kill < 3; ++kill) {
    const int metrics_port = e2e::FreePort();
    auto relay = StartRelay(world->bootstrap, metrics_port,
                            world->dir.Sub(StrCat("relay-killed-", kill, ".log")));
    const auto deadline = std::chrono::steady_clock::now() + seconds(30);
    while (Relayed(metrics_port) < 1 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(milliseconds(5));
    }
    std::this_thread::sleep_for(milliseconds(50 * kill));
    relay->Signal(SIGKILL);
    relay->Wait();
    int64_t held = 0;
    for (const std::string& topic : kTopics)
      held += Lines(ReadPublic(world->bootstrap, PublicOf(topic)));
    if (kill == 0) partial_after_kill = held;
    std::printf("after SIGKILL %d the public topics held %lld of %lld events\n", kill + 1,
                static_cast<long long>(held), static_cast<long long>(world->expected_total));
  }

  // Started again, it finishes, and stops on SIGTERM within 2 s.
  const int metrics_port = e2e::FreePort();
  auto relay = StartRelay(world->bootstrap, metrics_port, world->dir.Sub("relay-final.log"));
  const auto deadline = std::chrono::steady_clock::now() + seconds(120);
  int64_t held = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    held = 0;
    for (const std::string& topic : kTopics) {
      held += Lines(ReadPublic(world->bootstrap, PublicOf(topic)));
    }
    if (held >= world->expected_total) break;
    std::this_thread::sleep_for(milliseconds(500));
  }
  const auto signalled = std::chrono::steady_clock::now();
  relay->Signal(SIGTERM);
  std::optional<int> status = relay->WaitFor(seconds(2));
  ASSERT_TRUE(status.has_value()) << "tertial-relay did not stop within 2 s of SIGTERM";
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0)
      << e2e::ReadFile(world->dir.Sub("relay-final.log"));
  std::printf("stopped %lld ms after SIGTERM\n",
              static_cast<long long>(std::chrono::duration_cast<milliseconds>(
                                         std::chrono::steady_clock::now() - signalled)
                                         .count()));

  // Each topic's public form, read committed, equals the log's committed events in order.
  for (const std::string& topic : kTopics) {
    EXPECT_EQ(ReadPublic(world->bootstrap, PublicOf(topic)), world->expected[topic])
        << PublicOf(topic) << " differs from tertial log events --topic " << topic;
  }
  EXPECT_LT(partial_after_kill, world->expected_total) << "the first kill came after the end";

  // kcat, as the docs show it, reads every public topic; every line validates.
  std::string all;
  for (const std::string& topic : kTopics) {
    Result kcat = e2e::Run({"/usr/bin/kcat", "-C", "-b", world->bootstrap, "-t", PublicOf(topic),
                            "-e", "-q", "-X", "isolation.level=read_committed", "-f", "%s\\n"},
                           {}, seconds(60));
    ASSERT_EQ(kcat.exit_code, 0) << kcat.err;
    EXPECT_EQ(Lines(kcat.out), Lines(world->expected[topic])) << PublicOf(topic);
    all += kcat.out;
  }
  const std::string events = world->dir.Sub("kcat.jsonl");
  {
    std::ofstream out(events, std::ios::binary);
    out << all;
  }
  Result checked = e2e::Run({"/usr/bin/python3", Source("tests/contract/check_events.py"),
                             world->dir.Sub("contract"), events},
                            {}, seconds(120));
  std::printf("%s", checked.out.c_str());
  EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
  EXPECT_NE(checked.out.find(StrCat("validated ", world->expected_total, " events")),
            std::string::npos)
      << checked.out;
}

TEST_F(RelayOutside, PublishesTheDemoLogFromEmptyAndSaysHowFast) {
  // The same log restored into a second broker whose public topics are empty.
  const std::string dump = world->dir.Sub("log.tdump");
  Result exported = e2e::Run(
      {Bin("apps/tertial"), "log", "export", "--kafka", world->bootstrap, dump}, {}, seconds(120));
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  Process broker({Bin("apps/tertial-devbroker/tertial-devbroker")}, Env{},
                 world->dir.Sub("devbroker-2.log"));
  const std::string bootstrap = broker.ReadLine(seconds(20));
  ASSERT_FALSE(bootstrap.empty());
  Result imported = e2e::Run({Bin("apps/tertial"), "log", "import", "--kafka", bootstrap, dump},
                             {{"TERTIAL_KAFKA_MAX_BATCH_BYTES", "4194304"}}, seconds(120));
  ASSERT_EQ(imported.exit_code, 0) << imported.err;

  Result relayed = e2e::Run({Bin("apps/tertial-relay/tertial-relay"), "--kafka", bootstrap,
                             "--once", "--log-level", "debug", "--log-format", "json"},
                            {}, seconds(120));
  ASSERT_EQ(relayed.exit_code, 0) << relayed.err;
  std::printf("tertial-relay --once on the demo log: %s", relayed.out.c_str());
  // Where the time went: inside transactions (read, made public, produced, committed), the
  // rest is start-up and each source partition's first fetch.
  int64_t in_transactions_ms = 0;
  int64_t transaction_events = 0;
  std::regex committed(
      R"re("message":"committed a transaction".*"events":([0-9]+).*"ms":([0-9]+))re");
  for (std::sregex_iterator it(relayed.err.begin(), relayed.err.end(), committed), end; it != end;
       ++it) {
    transaction_events += std::stoll((*it)[1]);
    in_transactions_ms += std::stoll((*it)[2]);
  }
  EXPECT_EQ(transaction_events, world->expected_total);
  std::printf("of which inside transactions: %lld events in %lld ms\n",
              static_cast<long long>(transaction_events),
              static_cast<long long>(in_transactions_ms));
  EXPECT_NE(relayed.out.find(StrCat("relayed ", world->expected_total, " events")),
            std::string::npos)
      << relayed.out;
  for (const std::string& topic : kTopics) {
    EXPECT_EQ(ReadPublic(bootstrap, PublicOf(topic)), world->expected[topic]) << topic;
  }
  // A second run finds everything published and publishes nothing.
  Result again = e2e::Run({Bin("apps/tertial-relay/tertial-relay"), "--kafka", bootstrap, "--once",
                           "--log-level", "warning"},
                          {}, seconds(120));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("relayed 0 events"), std::string::npos) << again.out;
}

}  // namespace
}  // namespace tertial
