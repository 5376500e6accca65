// tertial-devbroker: a local Kafka for development and tests. Starts librdkafka's mock
// cluster on loopback (real Kafka wire protocol), creates tertial's topics, prints the
// bootstrap address as the only line on stdout, and runs until SIGTERM or SIGINT.
//
//   tertial-devbroker [--brokers 3] [--partitions 3] [--topics extra.topic.v1,...]
//   tertiald --kafka "$(tertial-devbroker & ...)"
//
// Everything is in memory and lost when it stops; a partition keeps about 5 MiB and drops
// older records (the mock's limit), so it is for development, not for data that matters.

#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include "tertial/config/flags.h"
#include "tertial/eventlog/event_log.h"
#include "tertial/eventlog/kafka_mock_cluster.h"

int main(int argc, char** argv) {
  int64_t brokers = 3;
  int64_t partitions = 3;
  std::vector<std::string> extra_topics;
  tertial::config::FlagSet flags("tertial-devbroker");
  flags.Int("brokers", &brokers, "mock brokers to start", {.env = "TERTIAL_DEVBROKER_BROKERS"});
  flags.Int("partitions", &partitions, "partitions of every topic",
            {.env = "TERTIAL_DEVBROKER_PARTITIONS"});
  flags.List("topics", &extra_topics, "topics to create besides the four of tertial",
             {.env = "TERTIAL_DEVBROKER_TOPICS"});
  auto args = flags.Parse(argc, argv);
  if (!args.ok()) {
    std::fprintf(stderr, "%s\n", std::string(args.status().message()).c_str());
    return args.status().code() == absl::StatusCode::kCancelled ? 0 : 2;
  }
  if (!args->empty()) {
    std::fprintf(stderr, "tertial-devbroker: unexpected argument %s\n", (*args)[0].c_str());
    return 2;
  }
  if (brokers < 1 || brokers > 16 || partitions < 1 || partitions > 256) {
    std::fprintf(stderr, "tertial-devbroker: --brokers is 1..16 and --partitions 1..256\n");
    return 2;
  }
  std::fprintf(stderr, "tertial-devbroker starting: %s\n", flags.Describe().c_str());

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto cluster = tertial::eventlog::KafkaMockCluster::Start(static_cast<int>(brokers));
  if (!cluster.ok()) {
    std::fprintf(stderr, "tertial-devbroker: %s\n", cluster.status().ToString().c_str());
    return 1;
  }
  std::vector<std::string> topics = {
      std::string(tertial::eventlog::kLedgerTopic), std::string(tertial::eventlog::kForecastTopic),
      std::string(tertial::eventlog::kGoalsTopic), std::string(tertial::eventlog::kReportingTopic)};
  topics.insert(topics.end(), extra_topics.begin(), extra_topics.end());
  // The operator's topic (quarantined records) has one partition.
  topics.push_back(std::string(tertial::eventlog::kAdminTopic));
  for (const std::string& topic : topics) {
    const int count = topic == tertial::eventlog::kAdminTopic ? 1 : static_cast<int>(partitions);
    if (absl::Status s = (*cluster)->CreateTopic(topic, count); !s.ok()) {
      std::fprintf(stderr, "tertial-devbroker: %s\n", s.ToString().c_str());
      return 1;
    }
  }
  std::printf("%s\n", (*cluster)->bootstrap().c_str());
  std::fflush(stdout);
  std::fprintf(stderr, "tertial-devbroker: %zu topics with %lld partitions on %s\n",
               topics.size(), static_cast<long long>(partitions), (*cluster)->bootstrap().c_str());
  // The mock keeps about 5 MiB per partition; a larger batch would push committed records
  // out. With the limit set, the services refuse such a batch before writing any of it.
  std::fprintf(stderr,
               "tertial-devbroker: each partition keeps only about 5 MiB; start the services "
               "with TERTIAL_KAFKA_MAX_BATCH_BYTES=4194304 so that a larger import fails "
               "cleanly\n");
  int received = 0;
  sigwait(&signals, &received);
  std::fprintf(stderr, "tertial-devbroker: signal %d, stopping\n", received);
  return 0;
}
