// tertial-relay: publishes tertial's committed events to tertial.public.<context>.v1 as
// CloudEvents JSON, one record per event, in Kafka transactions of whole batches (relay.h,
// kafka_publisher.h). docs/events.md, "Reading tertial from outside", is for consumers;
// docs/deploy.md, "The public topics", for operators.
//
//   tertial-relay --kafka BOOTSTRAP [--transactional-id tertial-relay] [--topic T,...]
//                 [--metrics-listen 0.0.0.0:9464] [--once]
//
// A process of its own rather than a component of tertiald or a service: it needs Kafka
// on both sides (there is nothing to relay from the embedded log), holds no projection or
// gRPC port, and must run once per cluster (its transactional id), where services scale
// and restart on their own schedule.
//
// Exit codes: 0 after SIGTERM/SIGINT (or --once done), 2 for a flag that cannot work, 1
// when it cannot start or cannot go on (fenced by another relay with the same id).

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "kafka_publisher.h"
#include "log_factory.h"
#include "relay.h"
#include "shutdown_signals.h"
#include "tertial/base/strings.h"
#include "tertial/config/flags.h"
#include "tertial/contract/catalogue.h"
#include "tertial/eventlog/event_log.h"
#include "tertial/log/log.h"
#include "tertial/log/log_flags.h"
#include "tertial/metrics/http_server.h"
#include "tertial/metrics/registry.h"

namespace tertial::relay {
namespace {

int Fail(int code, std::string_view what, const absl::Status& status) {
  log::Error(what, {{"error", status}});
  return code;
}

// Every catalogue topic with a public topic but the operator's, or those named.
absl::StatusOr<std::vector<const contract::TopicContract*>> ChooseTopics(
    const std::vector<std::string>& names) {
  std::vector<const contract::TopicContract*> chosen;
  for (const std::string& name : names) {
    const contract::TopicContract* topic = contract::FindTopic(name);
    if (topic == nullptr || topic->public_topic.empty()) {
      return absl::InvalidArgumentError(StrCat(
          "--topic ", name, ": not a topic tertial publishes (tertial log schema lists them)"));
    }
    chosen.push_back(topic);
  }
  if (chosen.empty()) {
    // The operator's topic (quarantined records, with the raw bytes of what was refused)
    // only when named: it is for the operators, not for systems outside.
    for (const contract::TopicContract& topic : contract::Catalogue()) {
      if (!topic.public_topic.empty() && topic.topic != eventlog::kAdminTopic) {
        chosen.push_back(&topic);
      }
    }
  }
  return chosen;
}

void CollectCounts(const Relay* relay, metrics::Registry* registry) {
  registry->Define("tertial_relay_events_total", metrics::Registry::Type::kCounter,
                   "events published to the public topics by this process", true);
  registry->Define("tertial_relay_transactions_total", metrics::Registry::Type::kCounter,
                   "transactions committed to the public topics by this process", true);
  registry->AddCollector([relay](metrics::Registry& r) {
    RelayCounts counts = relay->counts();
    r.Set("tertial_relay_events_total", {}, static_cast<double>(counts.events));
    r.Set("tertial_relay_transactions_total", {}, static_cast<double>(counts.transactions));
  });
}

int Main(int argc, char** argv) {
  host::KafkaSettings kafka;
  kafka.client_id = "tertial-relay";
  std::string transactional_id = "tertial-relay";
  std::vector<std::string> topics;
  int64_t transaction_events = RelayOptions().transaction_events;
  int64_t transaction_timeout_ms = KafkaPublisherOptions().transaction_timeout_ms;
  std::string metrics_listen;
  bool once = false;
  log::LogFlags log_flags;
  config::FlagSet flags("tertial-relay");
  // The services' Kafka settings (host::AddKafkaFlags) but for what only appending uses.
  flags.String("kafka", &kafka.bootstrap, "Kafka bootstrap servers of tertial's topics",
               {.env = "TERTIAL_KAFKA", .required = true});
  flags.EnvString("TERTIAL_KAFKA_CONFIG", &kafka.config,
                  "extra librdkafka properties, name=value,... (TLS: "
                  "security.protocol=ssl,ssl.ca.location=FILE,...), as for the services");
  flags.EnvString("TERTIAL_KAFKA_CLIENT_ID", &kafka.client_id,
                  "client.id shown to the brokers (broker logs, quotas)");
  flags.String("transactional-id", &transactional_id,
               "the relay's Kafka transactional id: a relay started with the same id fences "
               "the older one; one per deployment",
               {.env = "TERTIAL_RELAY_TRANSACTIONAL_ID"});
  flags.List("topic", &topics,
             "source topics to relay; default: every topic the catalogue gives a public topic, "
             "but tertial.admin.v1 (the operators' quarantine)",
             {.env = "TERTIAL_RELAY_TOPICS"});
  flags.Int("transaction-events", &transaction_events,
            "whole batches are grouped into one transaction up to this many events",
            {.env = "TERTIAL_RELAY_TRANSACTION_EVENTS"});
  flags.Int("transaction-timeout-ms", &transaction_timeout_ms,
            "how long a transaction may stay open before the cluster aborts it: longer than "
            "publishing the largest batch takes (an import is one batch), at most the "
            "brokers' transaction.max.timeout.ms (15 min by default)",
            {.env = "TERTIAL_RELAY_TRANSACTION_TIMEOUT_MS"});
  flags.String("metrics-listen", &metrics_listen,
               "host:port for Prometheus metrics on GET /metrics; empty: none",
               {.env = "TERTIAL_METRICS_LISTEN"});
  flags.Bool("once", &once,
             "publish what is committed now, print how many events and how fast, and exit");
  // tertial's one image sets these for the services (deploy/docker/Dockerfile).
  flags.EnvNote("TERTIAL_DATA_DIR", "set by the image for the services; the relay keeps no data",
                "");
  flags.EnvNote("TERTIAL_LISTEN", "set by the image for the services; the relay serves no gRPC",
                "");
  log::AddLogFlags(flags, &log_flags);
  auto args = flags.Parse(argc, argv);
  if (!args.ok()) return config::ExitAfterParseError(args.status());
  if (!args->empty()) {
    return config::ExitAfterParseError(absl::InvalidArgumentError(
        StrCat("tertial-relay: unexpected argument ", (*args)[0], " (flags only)")));
  }
  if (transaction_events < 1 || transaction_events > 1'000'000) {
    return config::ExitAfterParseError(absl::InvalidArgumentError(
        StrCat("--transaction-events: ", transaction_events, " is not between 1 and 1000000")));
  }
  if (transaction_timeout_ms < 1000 || transaction_timeout_ms > 3'600'000) {
    return config::ExitAfterParseError(absl::InvalidArgumentError(StrCat(
        "--transaction-timeout-ms: ", transaction_timeout_ms, " is not between 1000 and 3600000")));
  }
  auto chosen = ChooseTopics(topics);
  if (!chosen.ok()) return config::ExitAfterParseError(chosen.status());
  if (absl::Status s = log::ConfigureFromFlags(log_flags, "tertial-relay"); !s.ok()) {
    return config::ExitAfterParseError(s);
  }
  log::LogStarting(flags);
  host::ShutdownSignals signals;

  auto source = host::OpenLog("", kafka);
  if (!source.ok()) return Fail(1, "cannot open the event log", source.status());
  auto config = host::ParseKafkaConfig(kafka.config);
  if (!config.ok()) return Fail(2, "bad TERTIAL_KAFKA_CONFIG", config.status());
  KafkaPublisherOptions publisher_options{
      .bootstrap_servers = kafka.bootstrap,
      .config = *config,
      .transactional_id = transactional_id,
      .transaction_timeout_ms = static_cast<int>(transaction_timeout_ms)};
  if (!kafka.client_id.empty()) publisher_options.client_id = kafka.client_id;
  auto publisher = KafkaPublisher::Open(std::move(publisher_options));
  if (!publisher.ok()) return Fail(1, "cannot publish to Kafka", publisher.status());
  Relay relay(source->get(), publisher->get(), *chosen, {.transaction_events = transaction_events});
  CollectCounts(&relay, &metrics::Default());
  std::unique_ptr<metrics::HttpServer> metrics_server;
  if (!metrics_listen.empty()) {
    auto started = metrics::HttpServer::Start(metrics_listen, &metrics::Default());
    if (!started.ok()) return Fail(1, "cannot serve metrics", started.status());
    metrics_server = std::move(*started);
    log::Info("metrics on GET /metrics", {{"port", metrics_server->port()}});
  }
  if (absl::Status s = relay.Start(); !s.ok()) return Fail(1, "cannot start relaying", s);
  if (int received = signals.Started(); received != 0) return 0;

  if (once) {
    const auto began = std::chrono::steady_clock::now();
    if (absl::Status s = relay.CatchUp(); !s.ok()) return Fail(1, "relaying failed", s);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    RelayCounts counts = relay.counts();
    std::printf("relayed %lld events in %lld transactions in %.3f s: %.0f events/s\n",
                static_cast<long long>(counts.events), static_cast<long long>(counts.transactions),
                seconds, seconds > 0 ? static_cast<double>(counts.events) / seconds : 0.0);
    return 0;
  }

  log::Info("relaying", {{"topics", static_cast<int64_t>(chosen->size())},
                         {"transactional_id", transactional_id}});
  absl::Status result;
  std::thread runner([&] {
    result = relay.Run();
    // Wakes the wait below when the relay cannot go on (a signal ends it otherwise).
    if (!result.ok()) kill(getpid(), SIGTERM);
  });
  int received = signals.Wait();
  relay.Stop();
  runner.join();
  if (!result.ok()) {
    // Exits now: tearing the Kafka clients down may outlast ShutdownSignals' limit, whose
    // fallback would end the process with 0, and a relay that cannot go on must say 1.
    Fail(1, "relaying stopped", result);
    std::_Exit(1);
  }
  RelayCounts counts = relay.counts();
  log::Info(
      "stopped",
      {{"signal", received}, {"events", counts.events}, {"transactions", counts.transactions}});
  return 0;
}

}  // namespace
}  // namespace tertial::relay

int main(int argc, char** argv) { return tertial::relay::Main(argc, argv); }
