#include "batch_scanner.h"

#include "tertial/base/strings.h"

namespace tertial::eventlog::internal {

const BatchDecisions::Decision* BatchDecisions::Find(const std::string& batch) const {
  auto it = by_batch_.find(batch);
  return it == by_batch_.end() ? nullptr : &it->second;
}

void BatchDecisions::Set(const std::string& batch, Decision decision) {
  auto [it, inserted] = by_batch_.try_emplace(batch, decision);
  if (!inserted) return;  // a decision never changes
  by_marker_.emplace(decision.marker, batch);
  while (by_batch_.size() > capacity_) {
    auto oldest = by_marker_.begin();
    by_batch_.erase(oldest->second);
    by_marker_.erase(oldest);
  }
}

BatchScanner::BatchScanner(int64_t start, BatchDecisions* decisions, std::deque<Record>* ready,
                           size_t max_pending_bytes)
    : start_(start),
      next_(start),
      decisions_(decisions),
      ready_(ready),
      max_pending_bytes_(max_pending_bytes) {}

void BatchScanner::DropPending(const std::string* except) {
  for (const Pending& p : pending_) {
    if (except == nullptr || p.batch != *except) {
      decisions_->Set(p.batch, {.committed = false, .marker = next_ - 1});
    }
  }
  pending_.clear();
  pending_bytes_ = 0;
}

absl::Status BatchScanner::Feed(RawRecord record, const RangeFn& range) {
  if (record.offset < next_) {
    return absl::InternalError(
        StrCat("batch scanner: offset ", record.offset, " fed after ", next_ - 1));
  }
  next_ = record.offset + 1;
  switch (record.kind) {
    case RawRecord::Kind::kPlain: {
      // A record without batch header stands alone, and like a marker it decides every
      // batch still open: they are lost.
      DropPending(nullptr);
      ready_->push_back(
          {record.offset, std::move(record.key), std::move(record.value), record.offset});
      last_commit_point_ = record.offset;
      return absl::OkStatus();
    }
    case RawRecord::Kind::kData: {
      if (const BatchDecisions::Decision* known = decisions_->Find(record.batch)) {
        if (known->committed && record.offset < known->marker) {
          // No commit point lies inside a committed batch's range, so every batch open
          // here meets this batch's marker before its own: all of them are lost.
          DropPending(nullptr);
          ready_->push_back(
              {record.offset, std::move(record.key), std::move(record.value), known->marker});
        }
        return absl::OkStatus();
      }
      size_t bytes = record.key.size() + record.value.size();
      bool keep = !pending_.empty() && !pending_.back().kept
                      ? false
                      : pending_bytes_ + bytes <= max_pending_bytes_ || pending_.empty();
      Pending& p = pending_.emplace_back();
      p.offset = record.offset;
      p.batch = std::move(record.batch);
      p.kept = keep;
      if (keep) {
        pending_bytes_ += bytes;
        p.key = std::move(record.key);
        p.value = std::move(record.value);
      }
      return absl::OkStatus();
    }
    case RawRecord::Kind::kCommit: {
      bool committed;
      if (const BatchDecisions::Decision* known = decisions_->Find(record.batch)) {
        committed = known->committed;
      } else {
        // Committed iff no other commit point lies between the batch's first record and
        // its marker, and all its records are there (a record lost to a failed produce
        // leaves the count short).
        int64_t seen = 0;
        for (const Pending& p : pending_) seen += p.batch == record.batch ? 1 : 0;
        committed = last_commit_point_ < record.first && record.first < record.offset;
        if (committed && record.first < start_) {
          absl::StatusOr<RangeFacts> before =
              range(record.first, std::min(start_, record.offset), record.batch);
          if (!before.ok()) return before.status();
          committed = !before->other_commit_point;
          seen += before->batch_records;
        }
        committed = committed && seen == record.count;
        decisions_->Set(record.batch, {.committed = committed, .marker = record.offset});
      }
      for (Pending& p : pending_) {
        if (p.batch != record.batch) continue;
        if (!committed) break;
        if (!p.kept) {
          rescan_from_ = p.offset;
          break;
        }
        ready_->push_back({p.offset, std::move(p.key), std::move(p.value), record.offset});
      }
      DropPending(&record.batch);
      last_commit_point_ = record.offset;
      return absl::OkStatus();
    }
  }
  return absl::OkStatus();
}

}  // namespace tertial::eventlog::internal
