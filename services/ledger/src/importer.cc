#include "importer.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "domain/csv_import.h"
#include "domain/sie_import.h"
#include "event_queue.h"
#include "projection.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/sie/reader.h"

namespace tertial::ledger {
namespace {

using Clock = std::chrono::steady_clock;

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

void AddIssues(const Issues& issues, v1::ImportResult* result) {
  for (const Issue& issue : issues.errors()) {
    v1::ImportIssue* out = result->add_errors();
    out->set_file(issue.file);
    out->set_line(issue.line);
    out->set_field(issue.field);
    out->set_message(issue.message);
  }
  for (const Issue& issue : issues.warnings()) {
    v1::ImportIssue* out = result->add_warnings();
    out->set_file(issue.file);
    out->set_line(issue.line);
    out->set_field(issue.field);
    out->set_message(issue.message);
  }
  result->set_errors_not_listed(issues.errors_not_listed());
}

void AddWarnings(const Issues& issues, v1::ImportCompleted* completed) {
  for (const Issue& issue : issues.warnings()) completed->add_warnings(FormatIssue(issue));
  if (issues.warnings_not_listed() > 0) {
    completed->add_warnings(StrCat(issues.warnings_not_listed(), " more warnings not listed"));
  }
}

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

std::string ImportId(std::string_view organisation, std::string_view sha256) {
  return DeterministicUuid(StrCat("import/", organisation, "/", sha256));
}

std::string Actor(const v1::ImportMetadata& metadata) {
  return metadata.actor().empty() ? "unknown" : metadata.actor();
}

v1::ImportResult AlreadyImported(const std::string& import_id, const std::string& sha256) {
  v1::ImportResult result;
  result.set_already_imported(true);
  result.mutable_summary()->set_import_id(import_id);
  result.mutable_summary()->set_content_sha256(sha256);
  return result;
}

absl::StatusOr<std::string> HashFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(StrCat("cannot read ", path));
  Sha256 sha;
  std::string buffer(1 << 20, '\0');
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    sha.Update(std::string_view(buffer.data(), static_cast<size_t>(in.gcount())));
  }
  return sha.FinishHex();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Spool>> Spool::Create(const std::string& directory,
                                                     int64_t max_bytes) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  std::string pattern = directory + "/upload-XXXXXX";
  int fd = mkstemp(pattern.data());
  if (fd < 0) return absl::UnavailableError(StrCat("cannot create a spool file in ", directory));
  std::unique_ptr<Spool> spool(new Spool());
  spool->path_ = pattern;
  spool->file_ = fdopen(fd, "wb");
  spool->max_bytes_ = max_bytes;
  if (spool->file_ == nullptr) {
    ::close(fd);
    return absl::UnavailableError("cannot open the spool file");
  }
  return spool;
}

Spool::~Spool() {
  if (file_ != nullptr) std::fclose(file_);
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

absl::Status Spool::Write(std::string_view data) {
  if (bytes_ + static_cast<int64_t>(data.size()) > max_bytes_) {
    return absl::ResourceExhaustedError(
        StrCat("the file is larger than the ", max_bytes_ >> 20,
               " MiB an import accepts (TERTIAL_MAX_IMPORT_BYTES)"));
  }
  if (std::fwrite(data.data(), 1, data.size(), file_) != data.size()) {
    return absl::UnavailableError("cannot write the spool file (disk full?)");
  }
  hash_.Update(data);
  bytes_ += static_cast<int64_t>(data.size());
  return absl::OkStatus();
}

absl::Status Spool::Close() {
  if (file_ == nullptr) return absl::OkStatus();
  int closed = std::fclose(file_);
  file_ = nullptr;
  sha256_ = hash_.FinishHex();
  if (closed != 0) return absl::UnavailableError("cannot write the spool file (disk full?)");
  return absl::OkStatus();
}

v1::ImportFormat DetectFormat(const v1::ImportMetadata& metadata, const std::string& path,
                              std::string* closest) {
  if (metadata.format() != v1::IMPORT_FORMAT_UNSPECIFIED) return metadata.format();
  std::ifstream in(path, std::ios::binary);
  std::string first;
  std::getline(in, first);
  if (first.rfind("\xEF\xBB\xBF", 0) == 0) first.erase(0, 3);
  size_t start = first.find_first_not_of(" \t");
  if (start != std::string::npos && first[start] == '#') return v1::IMPORT_FORMAT_SIE;
  std::string csv = DetectCsvFormat(first);
  if (csv.empty()) {
    csv = ClosestCsvFormat(first);
    if (closest != nullptr) *closest = csv;
  }
  if (csv == "units") return v1::IMPORT_FORMAT_UNITS_CSV;
  if (csv == "projects") return v1::IMPORT_FORMAT_PROJECTS_CSV;
  if (csv == "budget") return v1::IMPORT_FORMAT_BUDGET_CSV;
  return v1::IMPORT_FORMAT_UNSPECIFIED;
}

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
  const std::string import_id = ImportId(plan.organisation, sha256);

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
  SieEventBuilder builder(plan, import_id, sha256);
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

absl::StatusOr<v1::ImportResult> Importer::ImportCsv(const v1::ImportMetadata& metadata,
                                                     const std::string& path, std::string sha256,
                                                     int64_t bytes, const AuthorizeFn& authorize,
                                                     const ProgressFn& progress) {
  v1::ImportResult result;
  const std::string& organisation = metadata.organisation();
  if (organisation.empty()) {
    v1::ImportIssue* issue = result.add_errors();
    issue->set_file(metadata.file_name());
    issue->set_field("organisation");
    issue->set_message("a CSV file names no organisation; give --org KOMMUNKOD");
    return result;
  }
  if (sha256.empty()) {
    absl::StatusOr<std::string> hashed = HashFile(path);
    if (!hashed.ok()) return hashed.status();
    sha256 = *hashed;
  }
  std::unique_ptr<projection::Reader> snapshot = db_->Snapshot();
  ProjectionView view(snapshot.get(), organisation);
  if (std::string known = view.ImportOfContent(sha256); !known.empty()) {
    return AlreadyImported(known, sha256);
  }
  ImportSettings settings{.file_name = metadata.file_name(),
                          .organisation = organisation,
                          .fiscal_year = metadata.fiscal_year(),
                          .max_errors = options_.max_errors};
  Issues issues(options_.max_errors);
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(StrCat("cannot read ", path));
  Progress report(progress, v1::IMPORT_PHASE_VALIDATE, bytes);
  report.Report(0, 0, true);
  CsvImport csv;
  std::string closest;
  v1::ImportFormat format = DetectFormat(metadata, path, &closest);
  if (!closest.empty()) {
    issues.Warning(metadata.file_name(), 1, "format",
                   StrCat("the header is no format's; it is closest to ", closest,
                          "'s (docs/formats.md) and is read as ", closest,
                          " (give --input-format to choose)"));
  }
  switch (format) {
    case v1::IMPORT_FORMAT_UNITS_CSV:
      csv = ImportUnitsCsv(in, settings, view, issues);
      break;
    case v1::IMPORT_FORMAT_PROJECTS_CSV:
      csv = ImportProjectsCsv(in, settings, view, issues);
      break;
    default:
      csv = ImportBudgetCsv(in, settings, view, issues);
      break;
  }
  report.Report(bytes, 0, true);
  AddIssues(issues, &result);
  if (issues.has_errors()) return result;
  if (absl::Status s = authorize(organisation); !s.ok()) return s;

  const std::string import_id = ImportId(organisation, sha256);
  v1::ImportCompleted completed;
  completed.set_import_id(import_id);
  completed.set_file_name(metadata.file_name());
  completed.set_format(format);
  completed.set_content_sha256(sha256);
  completed.set_bytes(bytes);
  completed.set_fiscal_year(csv.fiscal_year);
  completed.set_units(csv.units);
  completed.set_projects(csv.projects);
  completed.set_budget_lines(csv.budget_lines);
  AddWarnings(issues, &completed);

  absl::StatusOr<std::unique_ptr<eventlog::BatchWriter>> writer =
      log_->BeginBatch(eventlog::kLedgerTopic, organisation);
  if (!writer.ok()) return writer.status();
  BatchSink sink(
      writer->get(),
      {.organisation = organisation, .actor = Actor(metadata), .correlation_id = import_id});
  int index = 0;
  for (v1::LedgerEvent& event : csv.events) {
    std::string key;
    switch (event.event_case()) {
      case v1::LedgerEvent::kUnitDefined:
        key = StrCat("unit/", event.unit_defined().unit_id());
        break;
      case v1::LedgerEvent::kProjectDefined:
        key = StrCat("project/", event.project_defined().project_id());
        break;
      default:
        event.mutable_budget_lines_set()->set_import_id(import_id);
        key = StrCat("budget/", event.budget_lines_set().fiscal_year());
        break;
    }
    if (absl::Status s = sink.Emit(std::move(event), key, StrCat(import_id, "/row/", index++), 0);
        !s.ok()) {
      return s;
    }
  }
  v1::LedgerEvent done;
  *done.mutable_import_completed() = completed;
  if (absl::Status s = sink.Emit(std::move(done), StrCat("import/", import_id),
                                 StrCat(import_id, "/completed"), 0);
      !s.ok()) {
    return s;
  }
  absl::StatusOr<eventlog::AppendResult> appended = (*writer)->Commit();
  if (!appended.ok()) return appended.status();
  writer->reset();
  if (absl::Status s = runner_->CatchUp(); !s.ok()) return s;
  result.set_committed(true);
  *result.mutable_summary() = completed;
  return result;
}

absl::StatusOr<bool> Importer::ClosePeriod(const std::string& organisation, const period::Period& p,
                                           const std::string& actor) {
  if (organisation.empty()) return absl::InvalidArgumentError("organisation: expected a kommunkod");
  if (p.month < 1 || p.month > 12 || p.year < 1900 || p.year > 2200) {
    return absl::InvalidArgumentError("period: expected YYYY-MM");
  }
  std::lock_guard<std::mutex> guard(mutex_);
  if (absl::Status s = runner_->AwaitRead().status(); !s.ok()) return s;
  std::unique_ptr<projection::Reader> snapshot = db_->Snapshot();
  // Closing a month whose fiscal year is closed through a later month appends nothing: it
  // is closed already (tertial/chart/posting.h).
  absl::StatusOr<std::optional<period::Period>> closing =
      QueryClosingOf(*snapshot, organisation, p);
  if (!closing.ok()) return closing.status();
  if (closing->has_value()) return true;
  v1::LedgerEvent event;
  event.mutable_period_closed()->mutable_period()->set_year(p.year);
  event.mutable_period_closed()->mutable_period()->set_month(p.month);
  std::string formatted = period::FormatPeriod(p);
  absl::StatusOr<eventlog::Envelope> envelope =
      eventlog::Wrap(event, StrCat("period/", formatted),
                     {.organisation = organisation, .actor = actor.empty() ? "unknown" : actor},
                     DeterministicUuid(StrCat("close/", organisation, "/", formatted)));
  if (!envelope.ok()) return envelope.status();
  absl::StatusOr<eventlog::AppendResult> appended =
      log_->Append(eventlog::kLedgerTopic, organisation, {*envelope});
  if (!appended.ok()) return appended.status();
  if (absl::Status s = runner_->CatchUp(); !s.ok()) return s;
  return false;
}

}  // namespace tertial::ledger
