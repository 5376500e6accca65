#ifndef TERTIAL_LEDGER_IMPORT_JOB_H_
#define TERTIAL_LEDGER_IMPORT_JOB_H_

// What the SIE job (sie_job.cc) and the CSV job (csv_job.cc) share: progress reports,
// issues into the result, the sink that wraps events into the import's batch, and the
// import's id.

#include <chrono>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "domain/sie_import.h"
#include "importer.h"
#include "tertial/base/issues.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/eventlog/event_log.h"
#include "tertial/ledger/v1/service.pb.h"
#include "tertial/projection/store.h"

namespace tertial::ledger::import_job {

using Clock = std::chrono::steady_clock;

// Reports a phase's progress to the caller, at most every 200 ms unless forced.
class Progress {
 public:
  Progress(const Importer::ProgressFn& fn, v1::ImportPhase phase, int64_t total)
      : fn_(fn), phase_(phase), total_(total) {}
  void Report(int64_t bytes, int64_t lines, bool force = false) {
    if (!fn_) return;
    Clock::time_point now = Clock::now();
    if (!force && now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    v1::ImportProgress p;
    p.set_phase(phase_);
    p.set_bytes_done(bytes);
    p.set_bytes_total(total_);
    p.set_lines_done(lines);
    fn_(p);
  }

 private:
  const Importer::ProgressFn& fn_;
  v1::ImportPhase phase_;
  int64_t total_;
  Clock::time_point last_{};
};

void AddIssues(const Issues& issues, v1::ImportResult* result);
void AddWarnings(const Issues& issues, v1::ImportCompleted* completed);

// Wraps each event into an envelope and adds it to the batch.
class BatchSink final : public EventSink {
 public:
  BatchSink(eventlog::BatchWriter* writer, eventlog::EventContext context)
      : writer_(writer), context_(std::move(context)) {}
  absl::Status Emit(v1::LedgerEvent&& event, std::string_view aggregate_key,
                    std::string_view id_seed, int64_t occurred_at) override {
    context_.occurred_at_seconds = occurred_at;
    absl::StatusOr<eventlog::Envelope> envelope =
        eventlog::Wrap(event, std::string(aggregate_key), context_, DeterministicUuid(id_seed));
    if (!envelope.ok()) return envelope.status();
    ++events_;
    return writer_->Add(*envelope);
  }
  int64_t events() const { return events_; }

 private:
  eventlog::BatchWriter* writer_;
  eventlog::EventContext context_;
  int64_t events_ = 0;
};

// The id of an import of this content: derived from it, so that a retried import gets the
// same ids; content whose import was retracted gets a new one each time it comes again, so
// that every projection counts its vouchers anew (tertial/chart/voucher_index.h).
std::string ImportId(const projection::Reader& reader, std::string_view organisation,
                     std::string_view sha256);
// The metadata's actor (the adapter has set the token's subject), else "unknown".
std::string Actor(const v1::ImportMetadata& metadata);
v1::ImportResult AlreadyImported(const std::string& import_id, const std::string& sha256);
// The SHA-256 of the file at `path`, in hex.
absl::StatusOr<std::string> HashFile(const std::string& path);

}  // namespace tertial::ledger::import_job

#endif  // TERTIAL_LEDGER_IMPORT_JOB_H_
