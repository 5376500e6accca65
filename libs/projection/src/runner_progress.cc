// The Runner's bookkeeping of how far it is: the log's ends, what it consumed, how far
// behind, and why the log does not answer.

#include <algorithm>
#include <chrono>

#include "runner_store.h"
#include "tertial/base/strings.h"
#include "tertial/projection/runner.h"

namespace tertial::projection {

using internal::ReadOffset;

absl::StatusOr<Runner::Offsets> Runner::EndOffsets() {
  // While this call waits on the log, log_error() tells readiness how long it has.
  int64_t idle = 0;
  look_started_.compare_exchange_strong(
      idle, std::chrono::steady_clock::now().time_since_epoch().count());
  struct Looked {
    std::atomic<int64_t>* started;
    ~Looked() { *started = 0; }
  } looked{&look_started_};
  Offsets targets;
  for (const std::string& topic : projection_->Topics()) {
    absl::StatusOr<int> partitions = log_->Partitions(topic);
    if (!partitions.ok()) return partitions.status();
    for (int p = 0; p < *partitions; ++p) {
      absl::StatusOr<int64_t> end = log_->EndOffset(topic, p);
      if (!end.ok()) return end.status();
      targets[{topic, p}] = *end;
    }
  }
  return targets;
}

void Runner::NoteEnds(const Offsets& ends) {
  {
    std::lock_guard<std::mutex> guard(error_mutex_);
    log_error_ = absl::OkStatus();
  }
  std::lock_guard<std::mutex> guard(state_mutex_);
  for (const auto& [tp, end] : ends) known_end_[tp] = end;
}

void Runner::NoteError(const absl::Status& error) {
  if (IsRecordError(error) || error.code() == absl::StatusCode::kCancelled) return;
  std::lock_guard<std::mutex> guard(error_mutex_);
  log_error_ = error;
}

absl::Status Runner::log_error() {
  {
    std::lock_guard<std::mutex> guard(error_mutex_);
    if (!log_error_.ok()) return log_error_;
  }
  int64_t started = look_started_.load();
  if (started == 0) return absl::OkStatus();
  auto waited = std::chrono::steady_clock::now() -
                std::chrono::steady_clock::time_point(std::chrono::steady_clock::duration(started));
  if (waited < kLogSilence) return absl::OkStatus();
  return absl::UnavailableError(
      StrCat("the log has not answered for ",
             std::chrono::duration_cast<std::chrono::seconds>(waited).count(),
             " s (Kafka brokers unreachable?)"));
}

std::optional<int64_t> Runner::ConsumedLocked(const std::pair<std::string, int>& tp) {
  auto it = consumed_.find(tp);
  if (it != consumed_.end()) return it->second;
  // Not stepped since the process started: what the database says (no log call).
  absl::StatusOr<int64_t> stored = ReadOffset(db_->db(), tp.first, tp.second);
  if (!stored.ok()) return std::nullopt;
  consumed_.emplace(tp, *stored);
  return *stored;
}

bool Runner::ReachedLocked(const Offsets& targets) {
  for (const auto& [tp, end] : targets) {
    std::optional<int64_t> consumed = ConsumedLocked(tp);
    if (!consumed || *consumed < end) return false;
  }
  return true;
}

int64_t Runner::BehindLocked() {
  int64_t behind = 0;
  for (const auto& [tp, end] : known_end_) {
    behind += std::max<int64_t>(0, end - ConsumedLocked(tp).value_or(0));
  }
  return behind;
}

std::vector<PartitionProgress> Runner::KnownProgress() {
  // A local log's ends cost no round trip: exact figures.
  if (log_->EndOffsetIsLocal()) {
    if (absl::StatusOr<Offsets> ends = EndOffsets(); ends.ok()) NoteEnds(*ends);
  }
  std::vector<PartitionProgress> out;
  std::lock_guard<std::mutex> guard(state_mutex_);
  for (const auto& [tp, end] : known_end_) {
    int64_t consumed = ConsumedLocked(tp).value_or(0);
    out.push_back({tp.first, tp.second, consumed, std::max(end, consumed)});
  }
  return out;
}

absl::StatusOr<std::vector<PartitionProgress>> Runner::Progress() {
  std::vector<PartitionProgress> out;
  for (const std::string& topic : projection_->Topics()) {
    absl::StatusOr<int> partitions = log_->Partitions(topic);
    if (!partitions.ok()) return partitions.status();
    for (int p = 0; p < *partitions; ++p) {
      absl::StatusOr<int64_t> consumed = ReadOffset(db_->db(), topic, p);
      if (!consumed.ok()) return consumed.status();
      absl::StatusOr<int64_t> end = log_->EndOffset(topic, p);
      if (!end.ok()) return end.status();
      out.push_back({topic, p, *consumed, *end});
    }
  }
  return out;
}

absl::Status Runner::last_error() {
  std::lock_guard<std::mutex> guard(error_mutex_);
  return last_error_;
}

}  // namespace tertial::projection
