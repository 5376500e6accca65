// Chaos, bounded: the four services apart on tertial-devbroker (three brokers; 0580's
// partition 2 led by broker 3), the demo's follow-up cycle run by a controller through the
// CLI, and a stream of queries (balances, forecast, the rendered report) running all along.
// Faults come one after another, each while a command of the cycle runs:
//
//   produce errors   the next produce requests fail (retriable Kafka errors)
//   broker down/up   broker 3, leader of every topic's partition 2, away for 2 s
//   leader change    partition 2 of every topic moves to broker 1
//   fetch errors     the next fetch requests fail (retriable errors, dropped connections)
//   SIGKILL          tertial-forecast killed during an adjustment import, restarted on its
//                    data directory
//
// (the devbroker's control channel, `--control stdin`, injects the Kafka faults). A command
// that fails is run again, as a controller would. At the end, once every projection has
// caught up and the log is quiet: the report is byte for byte the one of a clean run (the
// same cycle in one process on the embedded log; publication times aside, as in
// tests/e2e), and the topics hold the same events: none doubled, none lost (compared by
// event id and by import). Each fault's window of unavailability (first degraded query to
// the first fresh answer after it) is printed ([chaos]), not asserted: it depends on the
// machine.

#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "process.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/eventlog/kafka_log.h"
#include "tertial/testing/compare.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::e2e {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

const std::vector<std::string> kServices = {"ledger", "forecast", "goals", "reporting"};
const std::vector<std::string_view> kTopics = {eventlog::kLedgerTopic, eventlog::kForecastTopic,
                                               eventlog::kGoalsTopic, eventlog::kReportingTopic};
constexpr char kReport[] = "delarsrapport-0580-KS-2021-08";
constexpr char kServingLine[] = "\"message\":\"serving\"";
// 0580's partition, and its leader at start (KafkaMockCluster::LeaderOf).
constexpr int kPartition = 2;
constexpr int kLeader = 3;

std::string Bin(std::string_view relative) { return StrCat(TERTIAL_BINARY_DIR, "/", relative); }

long long Ms(Clock::duration d) { return std::chrono::duration_cast<milliseconds>(d).count(); }

std::string Upper(std::string_view s) {
  std::string out;
  for (char c : s) out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return out;
}

// The last line of a command's stderr: its error, after any progress lines.
std::string LastLine(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  size_t newline = text.rfind('\n');
  return newline == std::string::npos ? text : text.substr(newline + 1);
}

// ---- what the queries saw ----

enum class Outcome { kFresh, kStale, kFailed };

struct Query {
  std::string kind;  // balances, forecast, report
  Clock::time_point start;
  Clock::time_point end;
  Outcome outcome = Outcome::kFailed;
  bool answerable = false;  // this kind had answered before: a failure now is an outage
  std::string message;      // stderr's last line
};

struct Fault {
  std::string name;
  Clock::time_point injected;
  Clock::time_point healed;
  std::string command;  // the cycle's command it overlapped
  int attempts = 0;     // runs of that command until it succeeded
};

// ---- one event log's content, for counting ----

struct TopicEvents {
  std::map<std::string, int> ids;             // event id -> records carrying it
  std::map<std::string, int> by_correlation;  // import / command id -> events
  // (event type, aggregate key) -> events: what an event is about, alike in both runs
  // where ids are drawn at random (goals, reporting).
  std::map<std::pair<std::string, std::string>, int> by_key;
  std::set<std::pair<int, int64_t>> batches;  // commit points (partition, offset)
  int64_t records = 0;

  // Events per import or command, largest first: the batches' shape, whatever their ids.
  std::vector<int> BatchSizes() const {
    std::vector<int> out;
    for (const auto& [id, count] : by_correlation) out.push_back(count);
    std::sort(out.rbegin(), out.rend());
    return out;
  }
};

// Random ids drawn anew by each run (a goals import's id in its ImportCompleted's key).
std::string WithoutUuids(const std::string& key) {
  static const std::regex kUuid("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  return std::regex_replace(key, kUuid, "<id>");
}

absl::StatusOr<TopicEvents> ReadTopic(eventlog::EventLog& log, std::string_view topic) {
  TopicEvents out;
  absl::StatusOr<int> partitions = log.Partitions(topic);
  if (!partitions.ok()) return partitions.status();
  for (int p = 0; p < *partitions; ++p) {
    absl::StatusOr<int64_t> end = log.EndOffset(topic, p);
    if (!end.ok()) return end.status();
    int64_t from = 0;
    while (from < *end) {
      absl::StatusOr<std::vector<eventlog::Record>> records = log.Read(topic, p, from, 10'000);
      if (!records.ok()) return records.status();
      if (records->empty()) break;  // past the last record: a commit marker
      for (const eventlog::Record& record : *records) {
        absl::StatusOr<eventlog::Envelope> envelope = record.ParseEnvelope();
        if (!envelope.ok()) return envelope.status();
        ++out.ids[envelope->event_id()];
        ++out.by_correlation[envelope->correlation_id()];
        ++out.by_key[{envelope->event_type(), WithoutUuids(envelope->aggregate_key())}];
        out.batches.insert({p, record.commit_offset});
        ++out.records;
      }
      from = records->back().offset + 1;
    }
  }
  return out;
}

class Chaos : public ::testing::Test {
 protected:
  void SetUp() override {
    signal(SIGPIPE, SIG_IGN);  // a devbroker gone must fail a write, not kill the test
    demo_ = dir_.Sub("demo");
    Result generated = e2e::Run({Bin("data/generator/tertial-demo-data"), "--out", demo_}, {});
    ASSERT_EQ(generated.exit_code, 0) << generated.err;
  }

  void TearDown() override {
    {
      std::lock_guard lock(mutex_);
      abort_ = true;  // a cycle waiting for its next release gives up
      released_changed_.notify_all();
    }
    stop_queries_ = true;
    if (queries_.joinable()) queries_.join();
    if (cycle_.joinable()) cycle_.join();
    for (auto& [service, process] : services_) {
      if (!process || !process->running()) continue;
      auto stopping = Clock::now();
      process->Signal(SIGTERM);
      std::optional<int> status = process->WaitFor(seconds(10));
      long long ms = Ms(Clock::now() - stopping);
      std::printf("[chaos] tertial-%s stopped %lld ms after SIGTERM\n", service.c_str(), ms);
      EXPECT_TRUE(status.has_value()) << service << " ignored SIGTERM";
      EXPECT_LT(ms, 2000) << service;
    }
    if (broker_) {
      auto stopping = Clock::now();
      broker_->Signal(SIGTERM);
      EXPECT_TRUE(broker_->WaitFor(seconds(10)).has_value());
      std::printf("[chaos] tertial-devbroker stopped %lld ms after SIGTERM\n",
                  Ms(Clock::now() - stopping));
    }
  }

  // ---- the clean run ----

  Env InProcessEnv() {
    return {{"TERTIAL_DATA_DIR", dir_.Sub("clean")},
            {"TERTIAL_ORG", "0580"},
            {"TERTIAL_ACTOR", "anna.ekonom"}};
  }

  // ---- the services apart ----

  Env SplitEnv() {
    Env env = {{"TERTIAL_ORG", "0580"}, {"TERTIAL_ACTOR", "anna.ekonom"}};
    for (const std::string& service : kServices) {
      env[StrCat("TERTIAL_", Upper(service), "_SERVER")] = StrCat("127.0.0.1:", port_[service]);
    }
    return env;
  }

  std::string StartBroker() {
    broker_ = std::make_unique<Process>(
        std::vector<std::string>{Bin("apps/tertial-devbroker/tertial-devbroker"), "--partitions",
                                 "3", "--control", "stdin"},
        Env{}, dir_.Sub("devbroker.log"), /*pipe_stdin=*/true);
    return broker_->ReadLine(seconds(30));
  }

  // One control command; its answer must be ok.
  void Control(const std::string& command) {
    ASSERT_TRUE(broker_->WriteLine(command)) << command;
    std::string answer = broker_->ReadLine(seconds(10));
    ASSERT_EQ(answer, "ok") << command << "\n" << ReadFile(dir_.Sub("devbroker.log"));
  }

  // Starts (or restarts) a service on its data directory; waits until it serves.
  void StartService(const std::string& service) {
    Env env = {{"TERTIAL_KAFKA_MAX_BATCH_BYTES", "4194304"}};
    for (const std::string& peer : kServices) {
      if (peer != service) env[Upper(peer) + "_ADDR"] = StrCat("127.0.0.1:", port_[peer]);
    }
    const std::string log = dir_.Sub(StrCat(service, "-", ++starts_[service], ".log"));
    services_[service] = std::make_unique<Process>(
        std::vector<std::string>{Bin(StrCat("services/", service, "/tertial-", service)), "--kafka",
                                 bootstrap_, "--data-dir", dir_.Sub(StrCat("data-", service)),
                                 "--listen", StrCat("127.0.0.1:", port_[service]), "--read-wait-ms",
                                 "300"},
        env, log);
    ASSERT_TRUE(WaitForText(log, kServingLine, seconds(60))) << service << ":\n" << ReadFile(log);
  }

  Result Cli(std::vector<std::string> args, const Env& env, seconds timeout = seconds(60)) {
    args.insert(args.begin(), Bin("apps/tertial"));
    return e2e::Run(args, env, timeout);
  }

  // Balances as a controller asks (a stale answer comes with a warning); the forecast and
  // the report with --fresh (UNAVAILABLE instead of a stale answer), because the CLI warns
  // of stale answers for the ledger's queries only.
  std::vector<std::string> QueryArgs(const std::string& kind, const std::string& out) {
    if (kind == "balances") return {"balances", "--format", "csv"};
    if (kind == "forecast") return {"forecast", "--year", "2021", "--format", "csv", "--fresh"};
    return {"report",   "--board", "KS", "--period", "2021-08",
            "--format", "json",    "-o", out,        "--fresh"};
  }

  // The stream of queries: balances, forecast and the report in turn, until told to stop.
  void QueryLoop() {
    std::map<std::string, bool> answered;
    int n = 0;
    while (!stop_queries_) {
      for (const std::string kind : {"balances", "forecast", "report"}) {
        Query q{.kind = kind, .start = Clock::now()};
        Result r = Cli(QueryArgs(kind, dir_.Sub(StrCat("query-", ++n))), SplitEnv(), seconds(30));
        q.end = Clock::now();
        q.answerable = answered[kind];
        q.message = LastLine(r.err);
        if (r.exit_code != 0) {
          q.outcome = Outcome::kFailed;
        } else {
          answered[kind] = true;
          q.outcome = r.err.find("may be out of date") != std::string::npos ? Outcome::kStale
                                                                            : Outcome::kFresh;
        }
        std::lock_guard lock(mutex_);
        queries_seen_.push_back(std::move(q));
      }
    }
  }

  // Whether every kind of query has answered fresh, having started after `since`.
  bool FreshSince(Clock::time_point since) {
    std::lock_guard lock(mutex_);
    std::set<std::string> fresh;
    for (const Query& q : queries_seen_) {
      if (q.start >= since && q.outcome == Outcome::kFresh) fresh.insert(q.kind);
    }
    return fresh.size() == 3;
  }

  // The cycle, each command run again until it succeeds (at most 90 s); command `i` waits
  // for released_ > i.
  void CycleLoop(const std::vector<std::vector<std::string>>& cycle) {
    for (size_t i = 0; i < cycle.size(); ++i) {
      {
        std::unique_lock lock(mutex_);
        released_changed_.wait(lock, [&] { return released_ > static_cast<int>(i) || abort_; });
        if (abort_) return;
      }
      auto deadline = Clock::now() + seconds(90);
      int attempts = 0;
      for (;;) {
        ++attempts;
        Result r = Cli(cycle[i], SplitEnv());
        if (r.exit_code == 0) break;
        {
          std::lock_guard lock(mutex_);
          failures_.push_back(StrCat(cycle[i][0], " ", cycle[i][1], " (attempt ", attempts,
                                     "): ", LastLine(r.err)));
        }
        // Exit code 2 is INVALID_ARGUMENT: the command is wrong, not the moment.
        if (r.exit_code == 2 || Clock::now() > deadline) {
          std::lock_guard lock(mutex_);
          cycle_error_ = StrCat("tertial ", cycle[i][0], " ", cycle[i][1], " failed ", attempts,
                                " time(s), the last: ", r.err, r.out);
          done_ = static_cast<int>(i);
          released_changed_.notify_all();
          return;
        }
        std::this_thread::sleep_for(milliseconds(200));
      }
      std::lock_guard lock(mutex_);
      attempts_.push_back(attempts);
      done_ = static_cast<int>(i) + 1;
      released_changed_.notify_all();
    }
  }

  void Release(int commands) {
    std::lock_guard lock(mutex_);
    released_ = commands;
    released_changed_.notify_all();
  }

  // Waits until the first `commands` commands succeeded (false on a failure or timeout).
  bool WaitDone(int commands, seconds timeout) {
    std::unique_lock lock(mutex_);
    released_changed_.wait_for(lock, timeout,
                               [&] { return done_ >= commands || !cycle_error_.empty(); });
    return done_ >= commands && cycle_error_.empty();
  }

  // Status through the CLI until every projection has caught up and nothing changes for
  // a second; the last output, empty on timeout.
  std::string WaitSettled(seconds timeout) {
    auto deadline = Clock::now() + timeout;
    std::string previous;
    while (Clock::now() < deadline) {
      Result status = Cli({"status", "--partitions", "--format", "csv"}, SplitEnv(), seconds(10));
      bool caught_up = status.exit_code == 0;
      std::istringstream lines(status.out);
      std::string line;
      std::getline(lines, line);  // header
      int rows = 0;
      while (caught_up && std::getline(lines, line)) {
        std::vector<std::string> fields;
        std::stringstream fieldstream(line);
        for (std::string field; std::getline(fieldstream, field, ',');) fields.push_back(field);
        caught_up = fields.size() >= 9 && fields[2] == "SERVING" && fields[8] == "0";
        ++rows;
      }
      caught_up = caught_up && rows > 0;
      if (caught_up && status.out == previous) return status.out;
      previous = caught_up ? status.out : "";
      std::this_thread::sleep_for(milliseconds(1000));
    }
    return "";
  }

  tertial::testing::TempDir dir_;
  std::string demo_;
  std::unique_ptr<Process> broker_;
  std::string bootstrap_;
  std::map<std::string, int> port_;
  std::map<std::string, int> starts_;
  std::map<std::string, std::unique_ptr<Process>> services_;

  std::mutex mutex_;
  std::condition_variable released_changed_;
  int released_ = 0;  // commands of the cycle allowed to start
  int done_ = 0;      // commands that succeeded
  bool abort_ = false;
  std::string cycle_error_;
  std::vector<int> attempts_;          // per command
  std::vector<std::string> failures_;  // failed attempts, for the output
  std::vector<Query> queries_seen_;
  std::atomic<bool> stop_queries_{false};
  std::thread queries_;
  std::thread cycle_;
};

// Prints each fault's window from what the queries saw: per kind of query, from the end of
// the first degraded answer (failed after it had answered before, or stale) that started
// after the fault was injected, to the end of the first fresh answer after it.
void PrintWindows(const std::vector<Fault>& faults, const std::vector<Query>& queries) {
  for (size_t f = 0; f < faults.size(); ++f) {
    const Fault& fault = faults[f];
    Clock::time_point until =
        f + 1 < faults.size() ? faults[f + 1].injected : Clock::time_point::max();
    std::printf("[chaos] %s (held %lld ms, during `tertial %s`, %d attempt(s)):\n",
                fault.name.c_str(), Ms(fault.healed - fault.injected), fault.command.c_str(),
                fault.attempts);
    for (const std::string kind : {"balances", "forecast", "report"}) {
      const Query* first_bad = nullptr;
      const Query* first_good = nullptr;
      int failed = 0, stale = 0, fresh = 0;
      for (const Query& q : queries) {
        if (q.kind != kind || q.start < fault.injected) continue;
        // The first fresh answer after the first degraded one, wherever it falls.
        if (first_bad != nullptr && first_good == nullptr && q.outcome == Outcome::kFresh &&
            q.start > first_bad->start) {
          first_good = &q;
        }
        if (q.start >= until) continue;
        bool bad = q.outcome == Outcome::kStale || (q.outcome == Outcome::kFailed && q.answerable);
        if (q.outcome == Outcome::kFailed && q.answerable) ++failed;
        if (q.outcome == Outcome::kStale) ++stale;
        if (q.outcome == Outcome::kFresh) ++fresh;
        if (bad && first_bad == nullptr) first_bad = &q;
      }
      if (first_bad == nullptr) {
        std::printf("[chaos]   %-8s unavailable 0 ms (%d fresh answers, none failed or stale)\n",
                    kind.c_str(), fresh);
      } else {
        std::printf("[chaos]   %-8s unavailable %s ms (%d failed, %d stale, %d fresh; first: %s)\n",
                    kind.c_str(),
                    first_good ? std::to_string(Ms(first_good->end - first_bad->end)).c_str()
                               : "(never fresh again)",
                    failed, stale, fresh,
                    first_bad->message.empty() ? "stale" : first_bad->message.c_str());
      }
    }
  }
}

TEST_F(Chaos, FaultsDuringTheCycleLeaveTheSameReportAndEvents) {
  const auto started = Clock::now();
  const std::vector<std::vector<std::string>> cycle = FollowUpCycle(demo_);

  // The clean run: the same cycle in one process on the embedded log.
  for (const std::vector<std::string>& command : cycle) {
    Result r = Cli(command, InProcessEnv());
    ASSERT_EQ(r.exit_code, 0) << command[0] << " " << command[1] << ":\n" << r.err;
  }
  Result clean_render = Cli({"report", "--board", "KS", "--period", "2021-08", "--format",
                             "json,html", "-o", dir_.Sub("clean-report")},
                            InProcessEnv());
  ASSERT_EQ(clean_render.exit_code, 0) << clean_render.err;
  std::printf("[chaos] clean run (one process, embedded log) in %lld ms\n",
              Ms(Clock::now() - started));

  // The broker and the four services.
  bootstrap_ = StartBroker();
  ASSERT_FALSE(bootstrap_.empty()) << ReadFile(dir_.Sub("devbroker.log"));
  for (const std::string& service : kServices) port_[service] = FreePort();
  for (const std::string& service : kServices) {
    StartService(service);
    if (HasFatalFailure()) return;
  }

  queries_ = std::thread([this] { QueryLoop(); });
  cycle_ = std::thread([this, cycle] { CycleLoop(cycle); });

  // The first import runs without a fault, so that every kind of query has something to
  // answer and an outage shows as a failure, not as "nothing imported yet".
  Release(1);
  ASSERT_TRUE(WaitDone(1, seconds(90))) << cycle_error_;

  std::vector<Fault> faults;
  // Injects a fault, releases command `index` of the cycle into it, holds it for `hold`,
  // heals it, and waits until the command succeeded and every kind of query has answered
  // fresh again.
  auto with_fault = [&](const std::string& name, int index, const std::function<void()>& inject,
                        milliseconds delay, milliseconds hold, const std::function<void()>& heal) {
    Fault fault{.name = name};
    fault.command = StrCat(cycle[index][0], " ", cycle[index][1]);
    if (delay.count() == 0) {
      fault.injected = Clock::now();
      inject();
      Release(index + 1);
    } else {  // into the command under way
      Release(index + 1);
      std::this_thread::sleep_for(delay);
      fault.injected = Clock::now();
      inject();
    }
    std::this_thread::sleep_for(hold);
    heal();
    fault.healed = Clock::now();
    EXPECT_TRUE(WaitDone(index + 1, seconds(90))) << name << ": " << cycle_error_;
    auto deadline = Clock::now() + seconds(60);
    while (!FreshSince(fault.healed) && Clock::now() < deadline) {
      std::this_thread::sleep_for(milliseconds(50));
    }
    EXPECT_TRUE(FreshSince(fault.healed)) << name << ": queries did not answer fresh again";
    {
      std::lock_guard lock(mutex_);
      fault.attempts = index < static_cast<int>(attempts_.size()) ? attempts_[index] : 0;
    }
    faults.push_back(fault);
  };
  const auto nothing = [] {};
  const auto control = [this](std::vector<std::string> commands) {
    return [this, commands] {
      for (const std::string& c : commands) Control(c);
    };
  };
  auto every_topic = [](const std::string& format_leader) {
    std::vector<std::string> out;
    for (std::string_view topic : kTopics) {
      out.push_back(StrCat("leader ", topic, " ", kPartition, " ", format_leader));
    }
    return out;
  };

  with_fault("produce errors (12 retriable)", 1, control({"produce-errors 12"}), milliseconds(0),
             milliseconds(0), nothing);
  with_fault(StrCat("broker ", kLeader, " (leader of partition ", kPartition, ") down"), 2,
             control({StrCat("broker down ", kLeader)}), milliseconds(0), milliseconds(2000),
             control({StrCat("broker up ", kLeader)}));
  with_fault(StrCat("leader change (partition ", kPartition, " to broker 1)"), 3,
             control(every_topic("1")), milliseconds(0), milliseconds(0), nothing);
  with_fault("fetch errors (60 retriable)", 4, control({"fetch-errors 60"}), milliseconds(0),
             milliseconds(0), nothing);
  // Cycle command 5 (forecast method) runs between faults.
  Release(6);
  ASSERT_TRUE(WaitDone(6, seconds(90))) << cycle_error_;
  with_fault(
      "tertial-forecast SIGKILLed", 6,
      [this] {
        services_["forecast"]->Signal(SIGKILL);
        services_["forecast"]->Wait();
      },
      milliseconds(100), milliseconds(1000), [this] { StartService("forecast"); });
  Release(static_cast<int>(cycle.size()));
  ASSERT_TRUE(WaitDone(static_cast<int>(cycle.size()), seconds(90))) << cycle_error_;
  cycle_.join();
  std::printf("[chaos] cycle with faults done %lld ms after the start\n",
              Ms(Clock::now() - started));

  // Settled: every projection caught up and nothing moves.
  std::string settled = WaitSettled(seconds(60));
  ASSERT_FALSE(settled.empty()) << "the projections did not settle";
  auto settle_time = Clock::now();
  while (!FreshSince(settle_time) && Clock::now() - settle_time < seconds(30)) {
    std::this_thread::sleep_for(milliseconds(50));
  }
  stop_queries_ = true;
  queries_.join();

  {
    std::lock_guard lock(mutex_);
    for (const std::string& f : failures_) std::printf("[chaos] retried: %s\n", f.c_str());
    PrintWindows(faults, queries_seen_);
    int answered = 0;
    for (const Query& q : queries_seen_) answered += q.outcome != Outcome::kFailed;
    std::printf("[chaos] %zu queries, %d answered\n", queries_seen_.size(), answered);
    // After the settling, every query answered fresh.
    for (const Query& q : queries_seen_) {
      if (q.start >= settle_time) {
        EXPECT_EQ(q.outcome, Outcome::kFresh) << q.kind << ": " << q.message;
      }
    }
  }

  // The report, byte for byte the clean run's (publication times aside).
  Result render = Cli({"report", "--board", "KS", "--period", "2021-08", "--format", "json,html",
                       "-o", dir_.Sub("chaos-report")},
                      SplitEnv());
  ASSERT_EQ(render.exit_code, 0) << render.err;
  EXPECT_EQ(render.err.find("may be out of date"), std::string::npos) << render.err;
  for (const char* format : {".json", ".html"}) {
    std::string chaos =
        WithoutPublicationTimes(ReadFile(dir_.Sub(StrCat("chaos-report/", kReport, format))));
    std::string clean =
        WithoutPublicationTimes(ReadFile(dir_.Sub(StrCat("clean-report/", kReport, format))));
    ASSERT_GT(clean.size(), 1000u) << format;
    EXPECT_TRUE(chaos == clean) << format << ": "
                                << tertial::testing::FirstDifference(chaos, clean, "chaos",
                                                                     "clean");
  }

  // The events: none doubled, none lost.
  eventlog::KafkaLogOptions options;
  options.bootstrap_servers = bootstrap_;
  options.client_id = "chaos-test";
  absl::StatusOr<std::unique_ptr<eventlog::KafkaLog>> kafka = eventlog::KafkaLog::Open(options);
  ASSERT_TRUE(kafka.ok()) << kafka.status();
  absl::StatusOr<std::unique_ptr<eventlog::EmbeddedLog>> embedded =
      eventlog::EmbeddedLog::Open(dir_.Sub("clean/log"), {.read_only = true});
  ASSERT_TRUE(embedded.ok()) << embedded.status();
  for (std::string_view topic : kTopics) {
    absl::StatusOr<TopicEvents> chaos = ReadTopic(**kafka, topic);
    absl::StatusOr<TopicEvents> clean = ReadTopic(**embedded, topic);
    ASSERT_TRUE(chaos.ok()) << topic << ": " << chaos.status();
    ASSERT_TRUE(clean.ok()) << topic << ": " << clean.status();
    std::printf("[chaos] %s: %lld events in %zu batches (clean run: %lld in %zu)\n",
                std::string(topic).c_str(), static_cast<long long>(chaos->records),
                chaos->batches.size(), static_cast<long long>(clean->records),
                clean->batches.size());
    // No record twice.
    for (const auto& [id, count] : chaos->ids) {
      EXPECT_EQ(count, 1) << topic << ": event " << id << " doubled";
    }
    // The same events about the same things, as many of each.
    int differences = 0;
    for (const auto& [key, count] : chaos->by_key) {
      auto clean_count = clean->by_key.find(key);
      int expected = clean_count == clean->by_key.end() ? 0 : clean_count->second;
      if (count != expected && ++differences <= 10) {
        ADD_FAILURE() << topic << ": " << count << " " << key.first << " of " << key.second
                      << " (clean run: " << expected << ")";
      }
    }
    for (const auto& [key, count] : clean->by_key) {
      if (!chaos->by_key.count(key) && ++differences <= 10) {
        ADD_FAILURE() << topic << ": " << key.first << " of " << key.second << " lost";
      }
    }
    EXPECT_EQ(differences, 0) << topic;
    EXPECT_EQ(chaos->records, clean->records) << topic;
    // As many imports and commands, each with as many events.
    EXPECT_EQ(chaos->BatchSizes(), clean->BatchSizes()) << topic;
    EXPECT_EQ(chaos->batches.size(), clean->batches.size()) << topic;
    // The ledger derives event ids and import ids from the content (docs/events.md), so
    // both runs have the very same ones, and as many events under each import.
    if (topic == eventlog::kLedgerTopic) {
      std::set<std::string> chaos_ids, clean_ids;
      for (const auto& [id, count] : chaos->ids) chaos_ids.insert(id);
      for (const auto& [id, count] : clean->ids) clean_ids.insert(id);
      EXPECT_TRUE(chaos_ids == clean_ids) << topic << ": other event ids than the clean run's";
      int imports = 0;
      for (const auto& [id, count] : clean->by_correlation) {
        auto chaos_count = chaos->by_correlation.find(id);
        if (chaos_count == chaos->by_correlation.end()) continue;  // a command's random id
        ++imports;
        EXPECT_EQ(chaos_count->second, count) << "events of import " << id;
      }
      EXPECT_GE(imports, 4) << "the imports of the cycle, by their content-derived ids";
    }
  }
  std::printf("[chaos] done in %lld ms\n", Ms(Clock::now() - started));
}

}  // namespace
}  // namespace tertial::e2e
