#include "importer.h"

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <thread>

#include "import_format.h"
#include "import_job.h"
#include "tertial/base/strings.h"

namespace tertial::ledger {

using import_job::Progress;

Importer::Importer(eventlog::EventLog* log, projection::ProjectionDb* db,
                   projection::Runner* runner, ImporterOptions options)
    : log_(log), db_(db), runner_(runner), options_(options) {}

absl::StatusOr<v1::ImportResult> Importer::Import(const v1::ImportMetadata& metadata,
                                                  const std::string& path,
                                                  const std::string& sha256,
                                                  const AuthorizeFn& authorize,
                                                  const ProgressFn& progress) {
  std::error_code error;
  int64_t bytes = static_cast<int64_t>(std::filesystem::file_size(path, error));
  if (error) return absl::NotFoundError(StrCat("cannot read ", path, ": ", error.message()));
  if (bytes > options_.max_bytes) {
    return absl::ResourceExhaustedError(
        StrCat(metadata.file_name(), ": larger than the ", options_.max_bytes >> 20,
               " MiB an import accepts (TERTIAL_MAX_IMPORT_BYTES)"));
  }
  if (!metadata.organisation().empty()) {
    if (absl::Status s = authorize(metadata.organisation()); !s.ok()) return s;
  }
  std::lock_guard<std::mutex> guard(mutex_);
  if (absl::Status s = runner_->AwaitRead().status(); !s.ok()) return s;
  switch (DetectFormat(metadata, path)) {
    case v1::IMPORT_FORMAT_SIE:
      return ImportSie(metadata, path, sha256, bytes, authorize, progress);
    case v1::IMPORT_FORMAT_UNITS_CSV:
    case v1::IMPORT_FORMAT_PROJECTS_CSV:
    case v1::IMPORT_FORMAT_BUDGET_CSV:
      return ImportCsv(metadata, path, sha256, bytes, authorize, progress);
    default: {
      v1::ImportResult result;
      v1::ImportIssue* issue = result.add_errors();
      issue->set_file(metadata.file_name());
      issue->set_line(1);
      issue->set_field("format");
      issue->set_message(
          "cannot tell the format: expected an SIE file (#FLAGGA ...) or a CSV file with the "
          "header of units, projects or budget (docs/formats.md); give --input-format");
      return result;
    }
  }
}

absl::Status Importer::CatchUpWithProgress(const eventlog::AppendResult& appended, int64_t bytes,
                                           const ProgressFn& progress) {
  if (!progress) return runner_->CatchUp();
  // The balances catch up on this thread; another reports how far, as a share of the
  // file, so that the progress bar moves through this phase too.
  Progress report(progress, v1::IMPORT_PHASE_PROJECT, bytes);
  report.Report(0, 0, true);
  std::mutex mutex;
  std::condition_variable done_signal;
  bool done = false;
  std::thread watcher([&] {
    const int64_t events = std::max<int64_t>(1, appended.end_offset - appended.first_offset);
    std::unique_lock<std::mutex> lock(mutex);
    while (!done_signal.wait_for(lock, std::chrono::milliseconds(250), [&] { return done; })) {
      absl::StatusOr<std::vector<projection::PartitionProgress>> at = runner_->Progress();
      if (!at.ok()) continue;
      for (const projection::PartitionProgress& p : *at) {
        if (p.partition != appended.partition) continue;
        int64_t applied = std::clamp<int64_t>(p.consumed - appended.first_offset, 0, events);
        report.Report(bytes * applied / events, applied);
      }
    }
  });
  absl::Status caught_up = runner_->CatchUp();
  {
    std::lock_guard<std::mutex> lock(mutex);
    done = true;
  }
  done_signal.notify_one();
  watcher.join();
  report.Report(bytes, appended.end_offset - appended.first_offset, true);
  return caught_up;
}

}  // namespace tertial::ledger
