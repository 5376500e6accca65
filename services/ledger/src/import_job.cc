#include "import_job.h"

#include <fstream>

#include "projection_keys.h"
#include "tertial/base/hash.h"
#include "tertial/base/strings.h"

namespace tertial::ledger::import_job {

void AddIssues(const Issues& issues, v1::ImportResult* result) {
  auto add = [](const Issue& issue, v1::ImportIssue* out) {
    out->set_file(issue.file);
    out->set_line(issue.line);
    out->set_field(issue.field);
    out->set_message(issue.message);
  };
  for (const Issue& issue : issues.errors()) add(issue, result->add_errors());
  for (const Issue& issue : issues.warnings()) add(issue, result->add_warnings());
  result->set_errors_not_listed(issues.errors_not_listed());
}

void AddWarnings(const Issues& issues, v1::ImportCompleted* completed) {
  for (const Issue& issue : issues.warnings()) completed->add_warnings(FormatIssue(issue));
  if (issues.warnings_not_listed() > 0) {
    completed->add_warnings(StrCat(issues.warnings_not_listed(), " more warnings not listed"));
  }
}

std::string ImportId(const projection::Reader& reader, std::string_view organisation,
                     std::string_view sha256) {
  std::string id = DeterministicUuid(StrCat("import/", organisation, "/", sha256));
  for (;;) {
    absl::StatusOr<bool> retracted = Exists(reader, Prefix(kRetraction, organisation) + id);
    if (!retracted.ok() || !*retracted) return id;
    id = DeterministicUuid(StrCat("import/", organisation, "/", sha256, "/after/", id));
  }
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

}  // namespace tertial::ledger::import_job
