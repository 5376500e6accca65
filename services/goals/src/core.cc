#include "core.h"

#include <set>

#include "import/importers.h"
#include "tertial/base/hash.h"
#include "tertial/base/strings.h"
#include "tertial/base/utf8.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/grpcutil/message_text.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::goals {
namespace {

constexpr int kMaxListedIssues = 100;

pb::ImportIssue ToIssue(const Issue& issue, std::string_view file) {
  pb::ImportIssue out;
  // Proto strings must be UTF-8: a message quoting a broken byte would be lost on the wire
  // and the caller would see no message at all (review 5.1).
  out.set_file(ValidUtf8(issue.file.empty() ? file : issue.file));
  out.set_line(issue.line);
  out.set_field(ValidUtf8(issue.field));
  out.set_message(ValidUtf8(issue.message));
  return out;
}

// The error for an input that is not UTF-8 at byte `bad`: line and column (in characters).
Issue NotUtf8(std::string_view file, std::string_view content, size_t bad) {
  std::string_view before = content.substr(0, bad);
  size_t line_start = before.rfind('\n');
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  int line = 1;
  for (char c : before) line += c == '\n';
  int column = 1;
  for (size_t i = line_start; i < bad; ++i) column += (before[i] & 0xC0) != 0x80;
  return {std::string(file), line, "",
          StrCat("column ", column, ": byte ", Utf8CharAt(content, bad),
                 " is not UTF-8; save the file as UTF-8 (tertial reads no other encoding)")};
}

std::string Describe(const Issue& issue) {
  std::string where = issue.file;
  if (issue.line > 0) StrAppend(&where, where.empty() ? "line " : ":", issue.line);
  if (!issue.field.empty()) StrAppend(&where, where.empty() ? "" : " ", issue.field);
  return ValidUtf8(where.empty() ? issue.message : StrCat(where, ": ", issue.message));
}

void Count(const pb::GoalsEvent& e, pb::ImportCompleted& s) {
  switch (e.event_case()) {
    case pb::GoalsEvent::kGoalDefined:
      s.set_goals(s.goals() + 1);
      break;
    case pb::GoalsEvent::kIndicatorDefined:
    case pb::GoalsEvent::kTargetSet:
      s.set_indicators(s.indicators() + 1);
      break;
    case pb::GoalsEvent::kIndicatorValueRecorded:
      s.set_values(s.values() + 1);
      break;
    case pb::GoalsEvent::kAssessmentRecorded:
      s.set_assessments(s.assessments() + 1);
      break;
    case pb::GoalsEvent::kActivityDefined:
      s.set_activities(s.activities() + 1);
      break;
    case pb::GoalsEvent::kActivityStatusReported:
      s.set_activity_statuses(s.activity_statuses() + 1);
      break;
    case pb::GoalsEvent::kAssignmentDefined:
    case pb::GoalsEvent::kAssignmentStatusReported:
      s.set_assignments(s.assignments() + 1);
      break;
    case pb::GoalsEvent::kPersonnelFigureRecorded:
    case pb::GoalsEvent::kPersonnelTargetSet:
      s.set_personnel_figures(s.personnel_figures() + 1);
      break;
    case pb::GoalsEvent::kPlanItemRemoved:
      s.set_removed(s.removed() + 1);
      break;
    default:
      break;
  }
  s.set_events(s.events() + 1);
}

}  // namespace

absl::StatusOr<std::unique_ptr<GoalsCore>> GoalsCore::Open(eventlog::EventLog* log,
                                                           const std::string& data_dir) {
  std::unique_ptr<GoalsCore> core(new GoalsCore());
  core->log_ = log;
  auto db = projection::ProjectionDb::Open(data_dir);
  if (!db.ok()) return db.status();
  core->db_ = std::move(*db);
  core->projection_ = std::make_unique<GoalsProjection>();
  core->runner_ =
      std::make_unique<projection::Runner>(log, core->db_.get(), core->projection_.get());
  return core;
}

GoalsCore::~GoalsCore() = default;

absl::Status GoalsCore::CatchUp() { return runner_->CatchUp(); }

int64_t GoalsCore::LedgerConsumed() {
  int64_t sum = 0;
  for (const projection::PartitionProgress& p : runner_->KnownProgress()) {
    if (p.topic == eventlog::kLedgerTopic) sum += p.consumed;
  }
  return sum;
}

absl::Status GoalsCore::Refresh() {
  absl::StatusOr<projection::ReadFreshness> read = runner_->AwaitRead();
  if (!read.ok()) return read.status();
  // A projection that could not be confirmed current answers as it is; the derived values
  // are published once the log is back (publishing appends to it).
  if (read->stale) return absl::OkStatus();
  return PublishDerived();
}

absl::Status GoalsCore::FollowLog() {
  if (absl::Status s = CatchUp(); !s.ok()) return s;
  return PublishDerived();
}

absl::Status GoalsCore::PublishDerived() {
  // Queries run side by side; only one that finds new ledger facts takes the write lock.
  if (LedgerConsumed() == ledger_seen_) return absl::OkStatus();
  std::lock_guard<std::mutex> lock(write_mutex_);
  int64_t consumed = LedgerConsumed();
  if (consumed == ledger_seen_) return absl::OkStatus();
  auto orgs = goals::Organisations(*db_->Snapshot());
  if (!orgs.ok()) return orgs.status();
  for (const std::string& org : *orgs) {
    if (absl::Status s = PublishDerivedLocked(org); !s.ok()) return s;
  }
  ledger_seen_ = consumed;
  return CatchUp();
}

absl::Status GoalsCore::PublishDerivedLocked(const std::string& organisation) {
  auto reader = db_->Snapshot();
  auto state = LoadState(*reader, organisation);
  if (!state.ok()) return state.status();
  auto ledger = LoadLedger(*reader, organisation);
  if (!ledger.ok()) return ledger.status();
  auto appended = AppendLocked(organisation, "system:goals", *state, *ledger, {}, "");
  return appended.status();
}

absl::StatusOr<int> GoalsCore::AppendLocked(const std::string& organisation,
                                            const std::string& actor, const State& state,
                                            const LedgerFacts& ledger,
                                            std::vector<pb::GoalsEvent> facts,
                                            const std::string& correlation) {
  State next = state;
  for (const pb::GoalsEvent& e : facts) Apply(next, e, Meta{});
  std::vector<pb::GoalsEvent> derived =
      Derive(next, ledger, facts.empty() || TouchesDerivations(facts));
  if (facts.empty() && derived.empty()) return 0;
  eventlog::EventContext context{
      .organisation = organisation,
      .actor = actor,
      .correlation_id = correlation.empty() ? RandomUuid() : correlation};
  std::vector<eventlog::Envelope> envelopes;
  for (const auto* list : {&facts, &derived}) {
    for (const pb::GoalsEvent& e : *list) {
      auto envelope = eventlog::Wrap(e, AggregateKey(e), context);
      if (!envelope.ok()) return envelope.status();
      envelopes.push_back(std::move(*envelope));
    }
  }
  auto appended = log_->Append(eventlog::kGoalsTopic, organisation, envelopes);
  if (!appended.ok()) return appended.status();
  if (absl::Status s = CatchUp(); !s.ok()) return s;
  return static_cast<int>(envelopes.size());
}

absl::StatusOr<pb::CommandResult> GoalsCore::Execute(const std::string& organisation,
                                                     const std::string& actor,
                                                     std::vector<Proposal> proposals) {
  std::lock_guard<std::mutex> lock(write_mutex_);
  if (absl::Status s = runner_->AwaitRead().status(); !s.ok()) return s;
  auto reader = db_->Snapshot();
  auto state = LoadState(*reader, organisation);
  if (!state.ok()) return state.status();
  auto ledger = LoadLedger(*reader, organisation);
  if (!ledger.ok()) return ledger.status();
  Decision decision = DecideFacts(*state, proposals);
  if (!decision.errors.empty()) {
    std::string message;
    for (const Issue& issue : decision.errors) {
      StrAppend(&message, message.empty() ? "" : "; ", Describe(issue));
    }
    return absl::InvalidArgumentError(message);
  }
  pb::CommandResult result;
  for (const Issue& w : decision.warnings) result.add_warnings(Describe(w));
  if (decision.facts.empty()) return result;
  auto appended = AppendLocked(organisation, actor, *state, *ledger, std::move(decision.facts), "");
  if (!appended.ok()) return appended.status();
  result.set_changed(true);
  result.set_events(*appended);
  return result;
}

absl::StatusOr<std::vector<std::string>> GoalsCore::Organisations() {
  if (absl::Status s = runner_->AwaitRead().status(); !s.ok()) return s;
  return goals::Organisations(*db_->Snapshot());
}

absl::StatusOr<std::string> GoalsCore::ResolveOrganisation(const std::string& requested) {
  if (!requested.empty()) return requested;
  auto orgs = Organisations();
  if (!orgs.ok()) return orgs.status();
  if (orgs->size() == 1) return (*orgs)[0];
  if (orgs->empty()) {
    return absl::FailedPreconditionError("no organisation has goals yet: import a plan first");
  }
  return absl::InvalidArgumentError("several organisations have goals: name the organisation");
}

absl::StatusOr<State> GoalsCore::Load(const std::string& organisation) {
  if (absl::Status s = Refresh(); !s.ok()) return s;
  return LoadState(*db_->Snapshot(), organisation);
}

absl::StatusOr<std::string> GoalsCore::ImportOrganisation(const ImportInput& input) {
  if (input.format == pb::IMPORT_FORMAT_PLAN_YAML) {
    ImportDocument doc = ParsePlanYaml(input.file_name, input.content);
    if (!doc.organisation.empty()) {
      if (!input.organisation.empty() && input.organisation != doc.organisation) {
        return absl::InvalidArgumentError(StrCat(input.file_name, ": the plan is for organisation ",
                                                 doc.organisation, ", not ", input.organisation));
      }
      return doc.organisation;
    }
  }
  return ResolveOrganisation(input.organisation);
}

absl::StatusOr<pb::ImportResult> GoalsCore::Import(const ImportInput& input) {
  auto organisation = ImportOrganisation(input);
  if (!organisation.ok()) return organisation.status();
  std::lock_guard<std::mutex> lock(write_mutex_);
  if (absl::Status s = runner_->AwaitRead().status(); !s.ok()) return s;
  auto reader = db_->Snapshot();
  auto state = LoadState(*reader, *organisation);
  if (!state.ok()) return state.status();
  auto ledger = LoadLedger(*reader, *organisation);
  if (!ledger.ok()) return ledger.status();

  ImportDefaults defaults{.board = input.board, .year = input.year};
  if (defaults.board.empty()) {
    std::set<std::string> boards;
    for (const auto& [key, plan] : state->plans) {
      if (plan.defined) boards.insert(key.first);
    }
    if (boards.size() == 1) defaults.board = *boards.begin();
  }
  // Every text of an import ends up in events (proto strings): refuse it whole, naming
  // where, rather than storing or quoting broken bytes. The CSV reader does so itself, naming
  // the field as well.
  bool csv = input.format == pb::IMPORT_FORMAT_VALUES_CSV ||
             input.format == pb::IMPORT_FORMAT_ACTIVITIES_CSV;
  if (size_t bad = csv ? std::string_view::npos : FirstInvalidUtf8(input.content);
      bad != std::string_view::npos) {
    pb::ImportResult result;
    *result.add_errors() = ToIssue(NotUtf8(input.file_name, input.content, bad), input.file_name);
    return result;
  }
  ImportDocument doc;
  switch (input.format) {
    case pb::IMPORT_FORMAT_PLAN_YAML:
      doc = ParsePlanYaml(input.file_name, input.content);
      break;
    case pb::IMPORT_FORMAT_VALUES_CSV:
      doc = ParseValuesCsv(input.file_name, input.content, defaults);
      break;
    case pb::IMPORT_FORMAT_ACTIVITIES_CSV:
      doc = ParseActivitiesCsv(input.file_name, input.content, defaults);
      break;
    case pb::IMPORT_FORMAT_KOLADA_JSON:
      doc = ParseKoladaJson(input.file_name, input.content, *state, *organisation, defaults);
      break;
    default:
      return absl::InvalidArgumentError(
          "the import's format is missing (plan, values, activities, kolada)");
  }
  pb::ImportResult result;
  auto report = [&](const std::vector<Issue>& issues, bool errors) {
    int listed = 0;
    for (const Issue& issue : issues) {
      if (errors && listed >= kMaxListedIssues) {
        result.set_errors_not_listed(result.errors_not_listed() + 1);
        continue;
      }
      *(errors ? result.add_errors() : result.add_warnings()) = ToIssue(issue, input.file_name);
      ++listed;
    }
  };
  // Every text the file gives an event, checked where the file is known: control
  // characters (YAML and JSON may escape them), and each kind's length limit.
  for (const Proposal& proposal : doc.proposals) {
    if (absl::Status s = grpcutil::CheckMessageText(proposal.event); !s.ok()) {
      doc.errors.push_back(IssueAt(proposal.origin, std::string(s.message())));
    }
  }
  report(doc.warnings, false);
  if (!doc.errors.empty()) {
    report(doc.errors, true);
    return result;
  }
  if (doc.whole_plan) ProposeRemovals(*state, doc.board, doc.year, doc.proposals);
  Decision decision = DecideFacts(*state, doc.proposals);
  report(decision.warnings, false);
  if (!decision.errors.empty()) {
    report(decision.errors, true);
    return result;
  }
  if (!input.allow_removals) {
    if (std::optional<Issue> refused = RefuseRemovals(decision.facts, input.file_name)) {
      report({*refused}, true);
      return result;
    }
  }
  const std::string sha = Sha256Hex(input.content);
  pb::ImportCompleted& summary = *result.mutable_summary();
  summary.set_import_id(RandomUuid());
  summary.set_file_name(input.file_name);
  summary.set_format(input.format);
  summary.set_content_sha256(sha);
  summary.set_bytes(static_cast<int64_t>(input.content.size()));
  for (const pb::GoalsEvent& e : decision.facts) Count(e, summary);
  for (const pb::ImportIssue& w : result.warnings())
    summary.add_warnings(StrCat(w.file(), ":", w.line(), " ", w.message()));
  if (decision.facts.empty()) {
    result.set_unchanged(true);
    result.set_already_imported(state->FindImport(sha) != nullptr);
    return result;
  }
  if (input.dry_run) return result;
  std::vector<pb::GoalsEvent> facts = std::move(decision.facts);
  pb::GoalsEvent completed;
  *completed.mutable_import_completed() = summary;
  facts.push_back(completed);
  auto appended = AppendLocked(*organisation, input.actor, *state, *ledger, std::move(facts),
                               summary.import_id());
  if (!appended.ok()) return appended.status();
  result.set_committed(true);
  return result;
}

}  // namespace tertial::goals
