// Test helper: writes COUNT records of one batch to TOPIC under KEY, waits until they are
// in the partition, and dies by SIGKILL before committing (kafka_log_test.cc).
//   kafka_crash_writer BOOTSTRAP TOPIC KEY COUNT

#include <csignal>
#include <cstdio>
#include <string>
#include <thread>

#include "tertial/eventlog/kafka_log.h"

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: kafka_crash_writer BOOTSTRAP TOPIC KEY COUNT\n");
    return 2;
  }
  tertial::eventlog::KafkaLogOptions options;
  options.bootstrap_servers = argv[1];
  options.linger_ms = 1;
  auto log = tertial::eventlog::KafkaLog::Open(options);
  if (!log.ok()) {
    std::fprintf(stderr, "%s\n", log.status().ToString().c_str());
    return 1;
  }
  const int count = std::stoi(argv[4]);
  int64_t before = *(*log)->EndOffset(argv[2], 0);
  auto writer = (*log)->BeginBatch(argv[2], argv[3]);
  if (!writer.ok()) return 1;
  for (int i = 0; i < count; ++i) {
    tertial::eventlog::Envelope e;
    e.set_event_id("crashed-" + std::to_string(i));
    if (!(*writer)->Add(e).ok()) return 1;
  }
  for (int i = 0; i < 2000 && *(*log)->EndOffset(argv[2], 0) < before + count; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::raise(SIGKILL);
  return 1;
}
