#include "tertial/eventlog/event_log.h"

#include <algorithm>
#include <thread>

#include "tertial/base/strings.h"
#include "tertial/eventlog/log_positions.h"

namespace tertial::eventlog {

uint32_t KeyHash(std::string_view key) {
  uint32_t hash = 2166136261u;
  for (unsigned char c : key) {
    hash ^= c;
    hash *= 16777619u;
  }
  return hash;
}

absl::StatusOr<Envelope> Record::ParseEnvelope() const {
  Envelope envelope;
  if (!envelope.ParseFromString(value)) {
    return absl::DataLossError(tertial::StrCat(
        "record at offset ", offset,
        " does not parse as an Envelope (a text field that is not UTF-8, or not an envelope)"));
  }
  return envelope;
}

absl::StatusOr<int> EventLog::PartitionFor(std::string_view topic, std::string_view key) {
  absl::StatusOr<int> partitions = Partitions(topic);
  if (!partitions.ok()) return partitions.status();
  return static_cast<int>(KeyHash(key) % static_cast<uint32_t>(*partitions));
}

bool EventLog::WaitForAny(const std::vector<ReadPosition>& positions,
                          std::chrono::milliseconds timeout) {
  if (positions.size() == 1) {
    const ReadPosition& p = positions.front();
    return WaitForData(p.topic, p.partition, p.from, timeout);
  }
  auto deadline = std::chrono::steady_clock::now() + timeout;
  if (positions.empty()) {
    std::this_thread::sleep_until(deadline);
    return false;
  }
  for (;;) {
    for (const ReadPosition& p : positions) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      if (WaitForData(p.topic, p.partition, p.from,
                      std::min(left, std::chrono::milliseconds(10)))) {
        return true;
      }
    }
  }
}

absl::StatusOr<AppendResult> BatchWriter::Commit() {
  absl::StatusOr<AppendResult> appended = CommitBatch();
  if (appended.ok()) ScopedCommits::Note(topic_, *appended);
  return appended;
}

absl::StatusOr<AppendResult> EventLog::Append(std::string_view topic, std::string_view key,
                                              const std::vector<Envelope>& envelopes) {
  absl::StatusOr<std::unique_ptr<BatchWriter>> writer = BeginBatch(topic, key);
  if (!writer.ok()) return writer.status();
  for (const Envelope& envelope : envelopes) {
    if (absl::Status s = (*writer)->Add(envelope); !s.ok()) return s;
  }
  return (*writer)->Commit();
}

}  // namespace tertial::eventlog
