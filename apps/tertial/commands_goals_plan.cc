// tertial goals import, plans and imports: a board's plan (YAML), indicator values and
// activity statuses (CSV) and Kolada figures (JSON) imported, and what is held.

#include <cstdio>
#include <iostream>

#include "commands_goals.h"
#include "tertial/base/strings.h"
#include "tertial/base/utf8.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::cli::goals_commands {
namespace {

// plan for .yaml/.yml, kolada for .json, values or activities for .csv by its header.
absl::StatusOr<pb::ImportFormat> DetectFormat(const std::string& path, const std::string& content,
                                              const std::string& flag) {
  std::string format = flag;
  if (format.empty()) {
    auto ends = [&](std::string_view suffix) {
      return path.size() >= suffix.size() &&
             path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (ends(".yaml") || ends(".yml")) format = "plan";
    if (ends(".json")) format = "kolada";
    if (ends(".csv")) {
      std::string header = content.substr(0, content.find('\n'));
      if (header.find("indicator_id") != std::string::npos) format = "values";
      if (header.find("activity_id") != std::string::npos) format = "activities";
    }
  }
  if (format == "plan") return pb::IMPORT_FORMAT_PLAN_YAML;
  if (format == "values") return pb::IMPORT_FORMAT_VALUES_CSV;
  if (format == "activities") return pb::IMPORT_FORMAT_ACTIVITIES_CSV;
  if (format == "kolada") return pb::IMPORT_FORMAT_KOLADA_JSON;
  return absl::InvalidArgumentError(
      StrCat(path, ": which kind of file? give --kind plan, values, activities or kolada"));
}

}  // namespace

int RunImport(const std::vector<std::string>& args) {
  GoalsFlags f;
  std::string kind;
  int64_t year = 0;
  bool dry_run = false;
  bool allow_removals = false;
  config::FlagSet flags("tertial goals import FILE");
  AddGoalsFlags(flags, &f);
  flags.String("kind", &kind, "plan, values, activities or kolada; empty: from the file");
  flags.Int("year", &year, "the plan's year for activity statuses; 0: the period's");
  flags.Bool("dry-run", &dry_run, "check the file and say what would change, append nothing");
  flags.Bool("allow-removals", &allow_removals,
             "let a plan file remove the items of the recorded plan that it no longer has "
             "(without it, such an import is refused, naming them)");
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  if (rest->size() != 1)
    return Fail(absl::InvalidArgumentError("usage: tertial goals import FILE"));
  const std::string path = (*rest)[0];
  absl::StatusOr<std::string> content = ReadFile(path);
  if (!content.ok()) return Fail(content.status());
  auto format = DetectFormat(path, *content, kind);
  if (!format.ok()) return Fail(format.status());
  pb::ImportRequest request;
  request.set_organisation(f.org);
  request.set_format(*format);
  request.set_file_name(ValidUtf8(path));  // a name for messages; paths may be any bytes
  request.set_content(*content);
  request.set_board_unit_id(f.board);
  request.set_year(static_cast<int32_t>(year));
  request.set_dry_run(dry_run);
  request.set_allow_removals(allow_removals);
  request.set_actor(f.global.actor);
  absl::StatusOr<pb::ImportResult> result = Ask(f, &GoalsClient::Stub::Import, request);
  if (!result.ok()) return Fail(result.status());
  for (const pb::ImportIssue& w : result->warnings()) {
    std::fprintf(stderr, "warning: %s:%d: %s%s%s\n", w.file().c_str(), w.line(), w.field().c_str(),
                 w.field().empty() ? "" : ": ", w.message().c_str());
  }
  if (result->errors_size() > 0) {
    for (const pb::ImportIssue& e : result->errors()) {
      std::fprintf(stderr, "%s:%d: %s%s%s\n", e.file().c_str(), e.line(), e.field().c_str(),
                   e.field().empty() ? "" : ": ", e.message().c_str());
    }
    if (result->errors_not_listed() > 0) {
      std::fprintf(stderr, "... and %d more errors\n", result->errors_not_listed());
    }
    std::fprintf(stderr, "tertial: %s rejected: nothing was imported\n", path.c_str());
    return 1;
  }
  const pb::ImportCompleted& s = result->summary();
  if (result->unchanged()) {
    std::printf("%s: nothing changed%s\n", path.c_str(),
                result->already_imported() ? " (this file was imported before)" : "");
    return 0;
  }
  std::printf(
      "%s%s: %lld goals, %lld indicator definitions and targets, %lld values, %lld assessments, "
      "%lld activities, %lld activity statuses, %lld assignment facts, %lld personnel facts, "
      "%lld removed (%lld facts)\n",
      dry_run ? "would import " : "imported ", path.c_str(), static_cast<long long>(s.goals()),
      static_cast<long long>(s.indicators()), static_cast<long long>(s.values()),
      static_cast<long long>(s.assessments()), static_cast<long long>(s.activities()),
      static_cast<long long>(s.activity_statuses()), static_cast<long long>(s.assignments()),
      static_cast<long long>(s.personnel_figures()), static_cast<long long>(s.removed()),
      static_cast<long long>(s.events()));
  return 0;
}

int RunPlans(const std::vector<std::string>& args) {
  GoalsFlags f;
  config::FlagSet flags("tertial goals plans");
  AddGoalsFlags(flags, &f);
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  pb::ListPlansRequest request;
  request.set_organisation(f.org);
  absl::StatusOr<pb::ListPlansResponse> response = Ask(f, &GoalsClient::Stub::ListPlans, request);
  if (!response.ok()) return Fail(response.status());
  Table table({{"board", "Nämnd"},
               {"year", "År"},
               {"name", "Plan"},
               {"goals", "Mål"},
               {"board_goals", "Nämndmål"},
               {"indicators", "Indikatorer"},
               {"activities", "Aktiviteter"},
               {"assignments", "Uppdrag"}});
  for (const pb::PlanSummary& p : response->plans()) {
    table.AddRow({Cell::Text(p.plan().board_unit_id()), Cell::Year(p.plan().year()),
                  Cell::Text(p.plan().name()), Cell::Int(p.goals()), Cell::Int(p.board_goals()),
                  Cell::Int(p.indicators()), Cell::Int(p.activities()),
                  Cell::Int(p.assignments())});
  }
  return PrintTable(table, f.global.format);
}

int RunImports(const std::vector<std::string>& args) {
  GoalsFlags f;
  config::FlagSet flags("tertial goals imports");
  AddGoalsFlags(flags, &f);
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  pb::ListImportsRequest request;
  request.set_organisation(f.org);
  absl::StatusOr<pb::ListImportsResponse> response =
      Ask(f, &GoalsClient::Stub::ListImports, request);
  if (!response.ok()) return Fail(response.status());
  Table table({{"import_id", "Import"},
               {"file", "Fil"},
               {"sha256", "SHA-256"},
               {"bytes", "Byte"},
               {"events", "Fakta"}});
  for (const pb::ImportCompleted& i : response->imports()) {
    table.AddRow({Cell::Text(i.import_id()), Cell::Text(i.file_name()),
                  Cell::Text(i.content_sha256()), Cell::Int(i.bytes()), Cell::Int(i.events())});
  }
  return PrintTable(table, f.global.format);
}

}  // namespace tertial::cli::goals_commands
