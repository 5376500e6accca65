// Test helper: writes COUNT records of one batch to TOPIC under KEY, waits until they are
// in the partition, and dies by SIGKILL before committing (kafka_log_test.cc). With
// `ledger`, each record carries a voucher-like payload (ledger_like_payload.h);
// `ledger-uncompressed` also turns the producer's compression off.
//   kafka_crash_writer BOOTSTRAP TOPIC KEY COUNT [ledger|ledger-uncompressed]

#include <csignal>
#include <cstdio>
#include <string>
#include <thread>

#include "ledger_like_payload.h"
#include "tertial/eventlog/kafka_log.h"

int main(int argc, char** argv) {
  const std::string payload = argc == 6 ? argv[5] : "";
  if (argc != 5 && !(argc == 6 && (payload == "ledger" || payload == "ledger-uncompressed"))) {
    std::fprintf(
        stderr,
        "usage: kafka_crash_writer BOOTSTRAP TOPIC KEY COUNT [ledger|ledger-uncompressed]\n");
    return 2;
  }
  tertial::eventlog::KafkaLogOptions options;
  options.bootstrap_servers = argv[1];
  options.linger_ms = 1;
  if (payload == "ledger-uncompressed") options.compression = "";
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
    if (argc == 6) {
      e.set_organisation("0580");
      e.set_event_type("tertial.ledger.v1.VoucherPosted");
      e.set_payload(tertial::eventlog::fixtures::LedgerLikePayload(static_cast<uint64_t>(i)));
    }
    if (!(*writer)->Add(e).ok()) return 1;
  }
  for (int i = 0; i < 2000 && *(*log)->EndOffset(argv[2], 0) < before + count; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::raise(SIGKILL);
  return 1;
}
