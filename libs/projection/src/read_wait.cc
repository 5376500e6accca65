#include "tertial/projection/read_wait.h"

#include <algorithm>
#include <atomic>

namespace tertial::projection {
namespace {

std::atomic<int64_t>& DefaultWaitMs() {
  static std::atomic<int64_t> ms{1000};
  return ms;
}

thread_local ScopedReadWait* current = nullptr;

}  // namespace

void SetDefaultReadWait(std::chrono::milliseconds wait) {
  DefaultWaitMs() = std::max<int64_t>(0, wait.count());
}

std::chrono::milliseconds DefaultReadWait() { return std::chrono::milliseconds(DefaultWaitMs()); }

ScopedReadWait::ScopedReadWait(ReadWait wait) : wait_(wait), outer_(current) { current = this; }

ScopedReadWait::~ScopedReadWait() {
  current = outer_;
  Note(freshness_);  // the enclosing scope learns what this one found
}

ReadWait CurrentReadWait() {
  if (current != nullptr) return current->wait();
  auto now = std::chrono::steady_clock::now();
  return {.deadline = now + DefaultReadWait(), .latest = now + kLongestCatchUpWait};
}

void ScopedReadWait::Note(const ReadFreshness& found) {
  if (current == nullptr) return;
  ReadFreshness& mine = current->freshness_;
  mine.applied.Merge(found.applied);
  if (found.stale && (!mine.stale || found.behind > mine.behind)) mine.reason = found.reason;
  mine.stale = mine.stale || found.stale;
  mine.behind = std::max(mine.behind, found.behind);
}

}  // namespace tertial::projection
