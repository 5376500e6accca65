// A client of the Kafka event log in its own process, for the end-to-end test:
//   eventlog_e2e_client append BOOTSTRAP TOPIC KEY FIRST_BATCH BATCHES BATCH_SIZE
//       appends batches "KEY/b<n>/<i>", printing "committed <n>" after each commit
//   eventlog_e2e_client read BOOTSTRAP TOPIC
//       prints the event id of every committed record, partition by partition

#include <cstdio>
#include <string>

#include "tertial/base/strings.h"
#include "tertial/eventlog/kafka_log.h"

using tertial::StrCat;
using tertial::eventlog::KafkaLog;

int Fail(const absl::Status& s) {
  std::fprintf(stderr, "eventlog_e2e_client: %s\n", s.ToString().c_str());
  return 1;
}

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: eventlog_e2e_client append|read BOOTSTRAP TOPIC ...\n");
    return 2;
  }
  std::string command = argv[1];
  tertial::eventlog::KafkaLogOptions options;
  options.bootstrap_servers = argv[2];
  options.linger_ms = 1;
  options.fetch_wait_max_ms = 10;
  std::string topic = argv[3];
  auto log = KafkaLog::Open(options);
  if (!log.ok()) return Fail(log.status());
  if (command == "append" && argc == 8) {
    std::string key = argv[4];
    int first = std::stoi(argv[5]), batches = std::stoi(argv[6]), size = std::stoi(argv[7]);
    for (int b = first; b < first + batches; ++b) {
      std::vector<tertial::eventlog::Envelope> batch;
      for (int i = 0; i < size; ++i) {
        tertial::eventlog::Envelope e;
        e.set_event_id(StrCat(key, "/b", b, "/", i));
        e.set_organisation(key);
        e.set_payload(std::string(150, 'p'));
        batch.push_back(std::move(e));
      }
      absl::StatusOr<tertial::eventlog::AppendResult> r = (*log)->Append(topic, key, batch);
      if (!r.ok()) return Fail(r.status());
      std::printf("committed %d\n", b);
      std::fflush(stdout);
    }
    return 0;
  }
  if (command == "read" && argc == 4) {
    absl::StatusOr<int> partitions = (*log)->Partitions(topic);
    if (!partitions.ok()) return Fail(partitions.status());
    for (int p = 0; p < *partitions; ++p) {
      int64_t from = 0;
      for (;;) {
        auto records = (*log)->Read(topic, p, from, 1000);
        if (!records.ok()) return Fail(records.status());
        if (records->empty()) break;
        for (const auto& r : *records) {
          auto envelope = r.ParseEnvelope();
          if (!envelope.ok()) return Fail(envelope.status());
          std::printf("%s\n", envelope->event_id().c_str());
          from = r.offset + 1;
        }
      }
    }
    return 0;
  }
  std::fprintf(stderr, "eventlog_e2e_client: bad arguments\n");
  return 2;
}
