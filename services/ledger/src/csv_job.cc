// The CSV imports (units, projects, budget): the file is checked whole against the
// ledger, then its events are appended as one batch (Importer::ImportCsv).

#include <fstream>

#include "domain/csv_import.h"
#include "import_format.h"
#include "import_job.h"
#include "importer.h"
#include "projection.h"
#include "tertial/base/strings.h"

namespace tertial::ledger {
namespace {

using import_job::Actor;
using import_job::AddIssues;
using import_job::AddWarnings;
using import_job::AlreadyImported;
using import_job::BatchSink;
using import_job::HashFile;
using import_job::ImportId;
using import_job::Progress;

}  // namespace

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

  const std::string import_id = ImportId(*snapshot, organisation, sha256);
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

}  // namespace tertial::ledger
