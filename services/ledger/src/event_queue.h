#ifndef TERTIAL_LEDGER_EVENT_QUEUE_H_
#define TERTIAL_LEDGER_EVENT_QUEUE_H_

// Hand-over between the two threads of each import pass: the reading thread produces
// chunks, the other consumes them. At most a fixed number of chunks wait, so memory stays
// bounded however large the file is.

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "domain/sie_import.h"
#include "tertial/base/hash.h"
#include "tertial/eventlog/envelope.h"

namespace tertial::ledger {

// Chunks of values from one thread to another; at most `max_chunks` wait, so memory stays
// bounded. The consumer takes every chunk (validation never stops early).
template <typename T>
class ChunkQueue {
 public:
  explicit ChunkQueue(size_t max_chunks = 16) : max_chunks_(max_chunks) {}
  void Push(std::vector<T> chunk) {
    std::unique_lock<std::mutex> lock(mutex_);
    space_.wait(lock, [&] { return chunks_.size() < max_chunks_; });
    chunks_.push_back(std::move(chunk));
    ready_.notify_one();
  }
  void Close() {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    ready_.notify_one();
  }
  bool Pop(std::vector<T>* chunk) {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [&] { return !chunks_.empty() || closed_; });
    if (chunks_.empty()) return false;
    *chunk = std::move(chunks_.front());
    chunks_.pop_front();
    space_.notify_one();
    return true;
  }

 private:
  size_t max_chunks_;
  std::mutex mutex_;
  std::condition_variable ready_, space_;
  std::deque<std::vector<T>> chunks_;
  bool closed_ = false;
};

// Envelopes on their way from the thread that reads, builds and wraps them to the one that
// appends them, in chunks; at most kMaxChunks chunks wait, so memory stays bounded.
class EventQueue final : public EventSink {
 public:
  static constexpr size_t kChunk = 256;
  static constexpr size_t kMaxChunks = 16;

  explicit EventQueue(eventlog::EventContext context) : context_(std::move(context)) {}

  // Wraps at once: the event is only read, so the builder may reuse its memory.
  absl::Status Emit(v1::LedgerEvent&& event, std::string_view aggregate_key,
                    std::string_view id_seed, int64_t occurred_at) override {
    context_.occurred_at_seconds = occurred_at;
    absl::StatusOr<eventlog::Envelope> envelope =
        eventlog::Wrap(event, std::string(aggregate_key), context_, DeterministicUuid(id_seed));
    if (!envelope.ok()) return envelope.status();
    filling_.push_back(std::move(*envelope));
    if (filling_.size() >= kChunk) return Flush();
    return absl::OkStatus();
  }
  // Producer: hands over what is gathered; fails once the consumer gave up.
  absl::Status Flush() {
    std::unique_lock<std::mutex> lock(mutex_);
    space_.wait(lock, [&] { return chunks_.size() < kMaxChunks || cancelled_; });
    if (cancelled_) return absl::CancelledError("the append stopped");
    if (!filling_.empty()) chunks_.push_back(std::move(filling_));
    filling_.clear();
    filling_.reserve(kChunk);
    ready_.notify_one();
    return absl::OkStatus();
  }
  // Producer: no more chunks; `status` says whether everything was produced.
  void Close(absl::Status status) {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    producer_status_ = std::move(status);
    ready_.notify_one();
  }
  // Consumer: the next chunk, or false at the end.
  bool Pop(std::vector<eventlog::Envelope>* chunk) {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [&] { return !chunks_.empty() || closed_; });
    if (chunks_.empty()) return false;
    *chunk = std::move(chunks_.front());
    chunks_.pop_front();
    space_.notify_one();
    return true;
  }
  // Consumer: stop the producer.
  void Cancel() {
    std::lock_guard<std::mutex> lock(mutex_);
    cancelled_ = true;
    space_.notify_all();
  }
  absl::Status producer_status() {
    std::lock_guard<std::mutex> lock(mutex_);
    return producer_status_;
  }

 private:
  eventlog::EventContext context_;           // producer only
  std::vector<eventlog::Envelope> filling_;  // producer only
  std::mutex mutex_;
  std::condition_variable ready_, space_;
  std::deque<std::vector<eventlog::Envelope>> chunks_;
  bool closed_ = false;
  bool cancelled_ = false;
  absl::Status producer_status_;
};

}  // namespace tertial::ledger

#endif  // TERTIAL_LEDGER_EVENT_QUEUE_H_
