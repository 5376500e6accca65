// The SIE import: pass 1 validates the spooled file while another thread reads it, pass 2
// reads it again and appends its events through one batch (Importer::ImportSie).

#include <algorithm>
#include <thread>

#include "domain/sie_event_builder.h"
#include "domain/sie_validator.h"
#include "event_queue.h"
#include "import_job.h"
#include "importer.h"
#include "projection.h"
#include "tertial/base/strings.h"
#include "tertial/sie/reader.h"

namespace tertial::ledger {
namespace {

using import_job::Actor;
using import_job::AddIssues;
using import_job::AddWarnings;
using import_job::AlreadyImported;
using import_job::BatchSink;
using import_job::ImportId;
using import_job::Progress;

// Hashes and counts the bytes the reader takes, and reports progress now and then.
class CountingSource final : public sie::ByteSource {
 public:
  CountingSource(std::unique_ptr<sie::ByteSource> inner, bool hash)
      : inner_(std::move(inner)), hash_(hash) {}
  absl::StatusOr<size_t> Read(char* buffer, size_t size) override {
    absl::StatusOr<size_t> n = inner_->Read(buffer, size);
    if (n.ok()) {
      bytes_ += static_cast<int64_t>(*n);
      if (hash_) sha_.Update(std::string_view(buffer, *n));
    }
    return n;
  }
  int64_t bytes() const { return bytes_; }
  std::string FinishHex() { return sha_.FinishHex(); }

 private:
  std::unique_ptr<sie::ByteSource> inner_;
  bool hash_;
  Sha256 sha_;
  int64_t bytes_ = 0;
};

}  // namespace

absl::StatusOr<v1::ImportResult> Importer::ImportSie(const v1::ImportMetadata& metadata,
                                                     const std::string& path, std::string sha256,
                                                     int64_t bytes, const AuthorizeFn& authorize,
                                                     const ProgressFn& progress) {
  std::unique_ptr<projection::Reader> snapshot = db_->Snapshot();
  ProjectionDirectory directory(snapshot.get());
  if (!metadata.organisation().empty() && !sha256.empty()) {
    std::string known = directory.View(metadata.organisation()).ImportOfContent(sha256);
    if (!known.empty()) return AlreadyImported(known, sha256);
  }
  ImportSettings settings{.file_name = metadata.file_name(),
                          .organisation = metadata.organisation(),
                          .fiscal_year = metadata.fiscal_year(),
                          .define_unknown_accounts = metadata.define_unknown_accounts(),
                          .define_unknown_objects = metadata.define_unknown_objects(),
                          .max_errors = options_.max_errors};

  // Pass 1: validate. One thread reads (and hashes), this one checks.
  SieValidator validator(settings, &directory);
  {
    absl::StatusOr<std::unique_ptr<sie::ByteSource>> file = sie::OpenFile(path);
    if (!file.ok()) return file.status();
    CountingSource source(std::move(*file), sha256.empty());
    sie::Reader reader(&source, metadata.file_name(), {.max_errors = options_.max_errors});
    ChunkQueue<std::pair<sie::Item, int>> items;
    std::atomic<int64_t> bytes_done{0}, lines_done{0};
    absl::Status stopped;
    std::thread producer([&] {
      absl::Status status;
      std::vector<std::pair<sie::Item, int>> chunk;
      for (int64_t n = 0;; ++n) {
        sie::Item item;
        absl::StatusOr<bool> more = reader.Next(&item);
        if (!more.ok()) {
          stopped = more.status();
          break;
        }
        if (!*more) break;
        chunk.emplace_back(std::move(item), reader.line());
        if (chunk.size() >= 256) {
          bytes_done = source.bytes();
          lines_done = reader.line();
          items.Push(std::move(chunk));
          chunk.clear();
        }
      }
      if (!chunk.empty()) items.Push(std::move(chunk));
      bytes_done = source.bytes();
      lines_done = reader.line();
      items.Close();
    });
    Progress report(progress, v1::IMPORT_PHASE_VALIDATE, bytes);
    std::vector<std::pair<sie::Item, int>> chunk;
    while (items.Pop(&chunk)) {
      for (const auto& [item, line] : chunk) validator.Add(item, line);
      report.Report(bytes_done, lines_done);
    }
    producer.join();
    report.Report(source.bytes(), reader.line(), true);
    std::vector<sie::Diagnostic> errors = reader.errors();
    int not_listed = reader.errors_not_listed();
    if (!stopped.ok()) {
      if (errors.empty() || stopped.code() != absl::StatusCode::kResourceExhausted) {
        errors.push_back({metadata.file_name(), reader.line(), "", std::string(stopped.message())});
      }
    }
    validator.Finish(errors, reader.warnings(), not_listed);
    if (sha256.empty()) sha256 = source.FinishHex();
  }
  v1::ImportResult result;
  AddIssues(validator.issues(), &result);
  if (validator.issues().has_errors()) return result;
  SiePlan plan = validator.TakePlan();
  if (absl::Status s = authorize(plan.organisation); !s.ok()) return s;
  const LedgerView& view = directory.View(plan.organisation);
  if (std::string known = view.ImportOfContent(sha256); !known.empty()) {
    return AlreadyImported(known, sha256);
  }
  const std::string import_id = ImportId(*snapshot, plan.organisation, sha256);

  v1::ImportCompleted completed;
  completed.set_import_id(import_id);
  completed.set_file_name(metadata.file_name());
  completed.set_format(v1::IMPORT_FORMAT_SIE);
  completed.set_content_sha256(sha256);
  completed.set_bytes(bytes);
  completed.set_fiscal_year(plan.fiscal_year ? plan.fiscal_year->label() : 0);
  completed.set_vouchers(plan.vouchers);
  completed.set_transactions(plan.transactions);
  completed.set_budget_lines(static_cast<int64_t>(plan.budget_lines.size()));
  completed.set_units(plan.units_defined);
  completed.set_accounts(plan.accounts_defined);
  completed.set_projects(plan.projects_defined);
  completed.set_duplicate_vouchers_skipped(plan.duplicate_vouchers);
  AddWarnings(validator.issues(), &completed);
  if (plan.vouchers == 0 && plan.definitions.empty() && plan.budget_lines.empty()) {
    // Everything in it was there before: nothing to append, and the result says so.
    *result.mutable_summary() = completed;
    return result;
  }

  // Pass 2: append.
  absl::StatusOr<std::unique_ptr<eventlog::BatchWriter>> writer =
      log_->BeginBatch(eventlog::kLedgerTopic, plan.organisation);
  if (!writer.ok()) return writer.status();
  BatchSink sink(
      writer->get(),
      {.organisation = plan.organisation, .actor = Actor(metadata), .correlation_id = import_id});
  SieEventBuilder builder(plan, import_id);
  if (absl::Status s = builder.Begin(sink); !s.ok()) return s;
  {
    absl::StatusOr<std::unique_ptr<sie::ByteSource>> file = sie::OpenFile(path);
    if (!file.ok()) return file.status();
    // Two threads: one reads, builds and wraps the events, this one appends them; on two
    // cores the second pass takes about half the time.
    EventQueue queue(
        {.organisation = plan.organisation, .actor = Actor(metadata), .correlation_id = import_id});
    std::atomic<int64_t> bytes_done{0}, lines_done{0};
    std::thread producer([&] {
      CountingSource source(std::move(*file), false);
      sie::Reader reader(&source, metadata.file_name(), {.max_errors = options_.max_errors});
      // Views: each voucher becomes its event before the next is read, so nothing of the
      // file needs to be copied into owned strings first.
      sie::ItemView item;
      absl::Status status;
      for (int64_t n = 0; status.ok(); ++n) {
        absl::StatusOr<bool> more = reader.Next(&item);
        if (!more.ok()) {
          status = more.status();
          break;
        }
        if (!*more) break;
        status = builder.Add(item, queue);
        if ((n & 1023) == 0) {
          bytes_done = source.bytes();
          lines_done = reader.line();
        }
      }
      bytes_done = source.bytes();
      lines_done = reader.line();
      if (status.ok() && !reader.errors().empty()) {
        status = absl::DataLossError(
            StrCat(metadata.file_name(), ": the file changed between the two passes"));
      }
      if (status.ok()) status = builder.Finish(completed, queue);
      if (status.ok()) status = queue.Flush();
      queue.Close(status);
    });
    Progress report(progress, v1::IMPORT_PHASE_APPEND, bytes);
    absl::Status appending;
    std::vector<eventlog::Envelope> chunk;
    while (queue.Pop(&chunk)) {
      for (const eventlog::Envelope& envelope : chunk) {
        if (!appending.ok()) break;
        appending = (*writer)->Add(envelope);
      }
      if (!appending.ok()) {
        queue.Cancel();
        break;
      }
      report.Report(bytes_done, lines_done);
    }
    producer.join();
    report.Report(bytes_done, lines_done, true);
    // Either failure abandons the batch: nothing of it is appended.
    if (!appending.ok()) return appending;
    if (absl::Status produced = queue.producer_status(); !produced.ok()) return produced;
  }
  absl::StatusOr<eventlog::AppendResult> appended = (*writer)->Commit();
  if (!appended.ok()) return appended.status();
  writer->reset();
  if (absl::Status s = CatchUpWithProgress(*appended, bytes, progress); !s.ok()) return s;
  result.set_committed(true);
  *result.mutable_summary() = completed;
  return result;
}

}  // namespace tertial::ledger
