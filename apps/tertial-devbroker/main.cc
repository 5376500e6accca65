// tertial-devbroker: a local Kafka for development and tests. Starts librdkafka's mock
// cluster on loopback (real Kafka wire protocol), creates tertial's topics (with the public
// ones tertial-relay writes, tertial.public.<context>.v1), prints the
// bootstrap address as the only line on stdout, and runs until SIGTERM or SIGINT.
//
//   tertial-devbroker [--brokers 3] [--partitions 3] [--topics extra.topic.v1,...]
//   tertiald --kafka "$(tertial-devbroker & ...)"
//
// Everything is in memory and lost when it stops; a partition keeps about 5 MiB and drops
// older records (the mock's limit), so it is for development, not for data that matters.
// The limit is fixed in librdkafka (rdkafka_mock.c sets 5 MiB and 100 000 record batches
// per partition; rdkafka_mock.h has no setting for it), and it counts the record batches
// as stored: compressed. The services compress (KafkaLogOptions::compression, zstd), so a
// partition holds several times 5 MiB of events: enough for what committed before, the
// leftovers of an import killed mid-append, and its retry (kafka_log_test.cc).
//
// Faults on demand: with `--control stdin` it reads one command per line from stdin and
// answers each with one line on stdout (`ok` or `error: ...`), after the bootstrap line:
//
//   broker down 3 | broker up 3 | broker down all
//   leader tertial.ledger.v1 2 1        partition 2's leader is now broker 1
//   produce-errors 5 [NOT_ENOUGH_REPLICAS] | fetch-errors 20 [_TRANSPORT]
//   list-offsets-errors N [ERROR] | metadata-errors N [ERROR] | clear-errors
//   rtt 2 500                           broker 2 answers 500 ms late
//   help
//
// (control.h has the details.) Partition p of every topic is led by broker 1 + p % brokers
// at start, so with the defaults 0580's partition (2) is led by broker 3. When stdin ends
// the broker runs on; SIGTERM stops it as always. tests/ops/chaos_test.cc drives it.

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "control.h"
#include "tertial/config/flags.h"
#include "tertial/contract/catalogue.h"
#include "tertial/eventlog/event_log.h"
#include "tertial/eventlog/kafka_mock_cluster.h"
#include "tertial/log/log.h"
#include "tertial/log/log_flags.h"

int main(int argc, char** argv) {
  int64_t brokers = 3;
  int64_t partitions = 3;
  std::vector<std::string> extra_topics;
  std::string control = "none";
  tertial::config::FlagSet flags("tertial-devbroker");
  flags.Int("brokers", &brokers, "mock brokers to start", {.env = "TERTIAL_DEVBROKER_BROKERS"});
  flags.Int("partitions", &partitions, "partitions of every topic",
            {.env = "TERTIAL_DEVBROKER_PARTITIONS"});
  flags.List("topics", &extra_topics, "topics to create besides the four of tertial",
             {.env = "TERTIAL_DEVBROKER_TOPICS"});
  flags.String("control", &control,
               "none, or stdin: read fault commands (broker down 3, leader TOPIC 2 1, "
               "produce-errors 5, fetch-errors 20, help, ...) one per line from stdin and "
               "answer each with a line on stdout",
               {.env = "TERTIAL_DEVBROKER_CONTROL"});
  tertial::log::LogFlags log_flags;
  tertial::log::AddLogFlags(flags, &log_flags);
  auto args = flags.Parse(argc, argv);
  if (!args.ok()) return tertial::config::ExitAfterParseError(args.status());
  if (!args->empty()) {
    return tertial::config::ExitAfterParseError(
        absl::InvalidArgumentError("tertial-devbroker: unexpected argument " + (*args)[0]));
  }
  if (brokers < 1 || brokers > 16 || partitions < 1 || partitions > 256) {
    return tertial::config::ExitAfterParseError(absl::InvalidArgumentError(
        "tertial-devbroker: --brokers is 1..16 and --partitions 1..256"));
  }
  if (control != "none" && control != "stdin") {
    return tertial::config::ExitAfterParseError(absl::InvalidArgumentError(
        "tertial-devbroker: --control " + control + ": expected none or stdin"));
  }
  if (absl::Status s = tertial::log::ConfigureFromFlags(log_flags, "tertial-devbroker"); !s.ok()) {
    return tertial::config::ExitAfterParseError(s);
  }
  tertial::log::LogStarting(flags);

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto cluster = tertial::eventlog::KafkaMockCluster::Start(static_cast<int>(brokers));
  if (!cluster.ok()) {
    tertial::log::Error("cannot start the mock cluster", {{"error", cluster.status()}});
    return 1;
  }
  // Topic and partition count. The operator's topic (quarantined records) has one
  // partition; each public topic that tertial-relay writes has as many as its source.
  std::vector<std::pair<std::string, int>> topics;
  const int count = static_cast<int>(partitions);
  for (std::string_view topic :
       {tertial::eventlog::kLedgerTopic, tertial::eventlog::kForecastTopic,
        tertial::eventlog::kGoalsTopic, tertial::eventlog::kReportingTopic}) {
    topics.emplace_back(topic, count);
  }
  for (const std::string& topic : extra_topics) topics.emplace_back(topic, count);
  topics.emplace_back(tertial::eventlog::kAdminTopic, 1);
  for (const tertial::contract::TopicContract& topic : tertial::contract::Catalogue()) {
    if (topic.public_topic.empty()) continue;
    topics.emplace_back(topic.public_topic,
                        topic.topic == tertial::eventlog::kAdminTopic ? 1 : count);
  }
  for (const auto& [topic, topic_partitions] : topics) {
    if (absl::Status s = (*cluster)->CreateTopic(topic, topic_partitions); !s.ok()) {
      tertial::log::Error("cannot create a topic", {{"topic", topic}, {"error", s}});
      return 1;
    }
  }
  std::printf("%s\n", (*cluster)->bootstrap().c_str());
  std::fflush(stdout);
  tertial::log::Info("serving", {{"bootstrap", (*cluster)->bootstrap()},
                                 {"topics", static_cast<int64_t>(topics.size())},
                                 {"partitions", partitions}});
  // The mock keeps about 5 MiB (compressed) per partition; a larger batch would push
  // committed records out. With the limit set, the services refuse such a batch before
  // writing any of it.
  tertial::log::Warning(
      "each partition keeps only about 5 MiB of compressed records; start the services with "
      "TERTIAL_KAFKA_MAX_BATCH_BYTES=4194304 so that a larger import fails cleanly, and keep "
      "their default compression (zstd; TERTIAL_KAFKA_CONFIG compression.type=none would "
      "make a retried import push committed records out)");
  // The control channel reads on its own thread (signals stay blocked there); a pipe
  // tells it to stop before the cluster goes.
  int stop_pipe[2] = {-1, -1};
  std::thread controller;
  if (control == "stdin") {
    if (pipe(stop_pipe) != 0) {
      tertial::log::Error("cannot create a pipe for the control channel", {});
      return 1;
    }
    controller = std::thread([&cluster, &stop_pipe] {
      tertial::devbroker::Serve(**cluster, STDIN_FILENO, STDOUT_FILENO, stop_pipe[0]);
    });
  }
  int received = 0;
  sigwait(&signals, &received);
  tertial::log::Info("stopping", {{"signal", received}});
  if (controller.joinable()) {
    (void)!write(stop_pipe[1], "x", 1);
    controller.join();
  }
  return 0;
}
