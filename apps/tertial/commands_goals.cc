// tertial goals ...: the goal owner's commands (import a plan, record values, assess,
// report activity statuses) and the queries behind the report's goal sections.

#include <grpcpp/client_context.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "cli.h"
#include "output.h"
#include "tertial/base/strings.h"
#include "tertial/base/utf8.h"
#include "tertial/goals/v1/service.grpc.pb.h"
#include "tertial/grpcutil/status.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::cli {
namespace {

namespace pb = ::tertial::goals::v1;
using goals::FormatPeriod;
using goals::FormatTarget;
using goals::FormatValue;
using goals::FormatValuePlain;

// Flags every goals command shares.
struct GoalsFlags {
  GlobalOptions global;
  std::string org;
  std::string board;
};

void AddGoalsFlags(config::FlagSet& flags, GoalsFlags* f) {
  AddGlobalFlags(flags, &f->global);
  flags.String("org", &f->org, "organisation (kommunkod); empty: the only one with goals",
               {.env = "TERTIAL_ORG"});
  flags.String("board", &f->board, "the board's unit id (e.g. KS); empty: the only one with a plan",
               {.env = "TERTIAL_BOARD"});
}

absl::StatusOr<pb::ValuePeriod> RequiredPeriod(const std::string& text) {
  if (text.empty()) return absl::InvalidArgumentError("--period is required (YYYY-MM or YYYY)");
  return goals::ParsePeriod(text);
}

// One connection and stub for a command.
class Session {
 public:
  static absl::StatusOr<Session> Open(const GlobalOptions& global) {
    auto connection = Connection::Open(global);
    if (!connection.ok()) return connection.status();
    auto channel = (*connection)->channel("goals");
    if (!channel.ok()) return channel.status();
    Session s;
    s.connection_ = std::shared_ptr<Connection>(std::move(*connection));
    s.stub_ = pb::GoalService::NewStub(*channel);
    return s;
  }

  template <typename Request, typename Response>
  absl::Status Call(grpc::Status (pb::GoalService::Stub::*method)(grpc::ClientContext*,
                                                                  const Request&, Response*),
                    const Request& request, Response* response) {
    grpc::ClientContext context;
    connection_->Decorate(context);
    grpc::Status status = ((*stub_).*method)(&context, request, response);
    if (status.ok()) WarnIfStale(context);
    return grpcutil::FromGrpc(status);
  }

 private:
  std::shared_ptr<Connection> connection_;
  std::shared_ptr<pb::GoalService::Stub> stub_;
};

std::string LevelName(pb::GoalLevel level) {
  switch (level) {
    case pb::GOAL_LEVEL_FOCUS_AREA:
      return "målområde";
    case pb::GOAL_LEVEL_MUNICIPAL_GOAL:
      return "kommunövergripande mål";
    case pb::GOAL_LEVEL_BOARD_GOAL:
      return "nämndmål";
    default:
      return "";
  }
}

std::string LevelId(pb::GoalLevel level) {
  switch (level) {
    case pb::GOAL_LEVEL_FOCUS_AREA:
      return "focus_area";
    case pb::GOAL_LEVEL_MUNICIPAL_GOAL:
      return "municipal_goal";
    case pb::GOAL_LEVEL_BOARD_GOAL:
      return "board_goal";
    default:
      return "";
  }
}

// A value cell: the printed form for people; the plain number (or "I.U.") for programs.
Cell ValueCell(const pb::IndicatorValue* value) {
  if (value == nullptr || value->kind_case() == pb::IndicatorValue::KIND_NOT_SET)
    return Cell::Empty();
  std::string human = value->printed().empty() ? FormatValue(*value) : value->printed();
  if (value->has_number()) return Cell::Number(human, FormatValuePlain(*value));
  if (value->has_range()) return Cell::Text(human, FormatValuePlain(*value));
  return Cell::Text(human, "I.U.");
}

// A target: as printed for people, the expression for programs (">= 1.75", "increase").
Cell TargetCell(const pb::Target* target) {
  if (target == nullptr || target->form_case() == pb::Target::FORM_NOT_SET) return Cell::Empty();
  return Cell::Text(target->printed().empty() ? FormatTarget(*target) : target->printed(),
                    goals::FormatTargetPlain(*target));
}

// A yes/no column: true/false in csv and json, "ja" or nothing for people (as forecast).
Cell Flag(bool value) { return Cell::Number(value ? "ja" : "", value ? "true" : "false"); }

int PrintTable(const Table& table, const std::string& format) {
  table.Print(format, std::cout);
  return 0;
}

std::string ReadFile(const std::string& path, absl::Status* status) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *status = absl::NotFoundError(StrCat("cannot read ", path));
    return "";
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

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
  absl::Status read;
  std::string content = ReadFile(path, &read);
  if (!read.ok()) return Fail(read);
  auto format = DetectFormat(path, content, kind);
  if (!format.ok()) return Fail(format.status());
  auto session = Session::Open(f.global);
  if (!session.ok()) return Fail(session.status());
  pb::ImportRequest request;
  request.set_organisation(f.org);
  request.set_format(*format);
  request.set_file_name(ValidUtf8(path));  // a name for messages; paths may be any bytes
  request.set_content(content);
  request.set_board_unit_id(f.board);
  request.set_year(static_cast<int32_t>(year));
  request.set_dry_run(dry_run);
  request.set_allow_removals(allow_removals);
  request.set_actor(f.global.actor);
  pb::ImportResult result;
  if (absl::Status s = session->Call(&pb::GoalService::Stub::Import, request, &result); !s.ok()) {
    return Fail(s);
  }
  for (const pb::ImportIssue& w : result.warnings()) {
    std::fprintf(stderr, "warning: %s:%d: %s%s%s\n", w.file().c_str(), w.line(), w.field().c_str(),
                 w.field().empty() ? "" : ": ", w.message().c_str());
  }
  if (result.errors_size() > 0) {
    for (const pb::ImportIssue& e : result.errors()) {
      std::fprintf(stderr, "%s:%d: %s%s%s\n", e.file().c_str(), e.line(), e.field().c_str(),
                   e.field().empty() ? "" : ": ", e.message().c_str());
    }
    if (result.errors_not_listed() > 0) {
      std::fprintf(stderr, "... and %d more errors\n", result.errors_not_listed());
    }
    std::fprintf(stderr, "tertial: %s rejected: nothing was imported\n", path.c_str());
    return 1;
  }
  const pb::ImportCompleted& s = result.summary();
  if (result.unchanged()) {
    std::printf("%s: nothing changed%s\n", path.c_str(),
                result.already_imported() ? " (this file was imported before)" : "");
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

int RunStatus(const std::vector<std::string>& args) {
  GoalsFlags f;
  std::string period_text;
  config::FlagSet flags("tertial goals status");
  AddGoalsFlags(flags, &f);
  flags.String("period", &period_text, "follow-up period: YYYY-MM or YYYY (required)");
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  auto period = RequiredPeriod(period_text);
  if (!period.ok()) return Fail(period.status());
  auto session = Session::Open(f.global);
  if (!session.ok()) return Fail(session.status());
  pb::GetGoalReportRequest request;
  request.set_organisation(f.org);
  request.set_board_unit_id(f.board);
  *request.mutable_period() = *period;
  pb::GoalReport report;
  if (absl::Status s = session->Call(&pb::GoalService::Stub::GetGoalReport, request, &report);
      !s.ok()) {
    return Fail(s);
  }
  Table table({{"level", "Nivå"},
               {"goal_id", "Id"},
               {"goal", "Mål"},
               {"assessment", "Bedömning"},
               {"check", "Kontroll"},
               {"met", "Uppfyllda"},
               {"not_met", "Ej uppfyllda"},
               {"no_data", "Utan data"},
               {"no_target", "Utan mål"},
               {"reason", "Skäl"}});
  for (const pb::GoalNode& node : report.goals()) {
    const pb::GoalDefined& g = node.goal();
    std::string indent(g.level() == pb::GOAL_LEVEL_BOARD_GOAL       ? 4
                       : g.level() == pb::GOAL_LEVEL_MUNICIPAL_GOAL ? 2
                                                                    : 0,
                       ' ');
    const bool people = f.global.format == "table";
    std::vector<Cell> row = {Cell::Text(people ? LevelName(g.level()) : LevelId(g.level())),
                             Cell::Text(g.goal_id()),
                             Cell::Text(people ? indent + g.name() : g.name())};
    if (g.level() == pb::GOAL_LEVEL_BOARD_GOAL) {
      const pb::GoalEvaluation& e = node.evaluation();
      row.push_back(Cell::Text(std::string(goals::AssessmentName(e.assessment()))));
      row.push_back(Cell::Text(std::string(goals::CheckVerdictName(e.verdict()))));
      row.push_back(Cell::Int(e.indicators_met()));
      row.push_back(Cell::Int(e.indicators_not_met()));
      row.push_back(Cell::Int(e.indicators_no_data()));
      row.push_back(Cell::Int(e.indicators_no_target()));
      row.push_back(Cell::Text(e.reason()));
    }
    table.AddRow(std::move(row));
  }
  if (f.global.format == "table") {
    const pb::ActivityCounts& a = report.activities();
    std::printf("%s, %s (%s)\n", report.plan().name().c_str(),
                goals::DescribePeriod(*period).c_str(), report.plan().board_unit_id().c_str());
    std::printf(
        "Nämndmål: %d uppfylls, %d delvis, %d uppfylls ej, %d kan ej bedömas, %d utan bedömning; "
        "%d motsägs av sina indikatorer\n",
        report.goals_met(), report.goals_partly_met(), report.goals_not_met(),
        report.goals_cannot_be_assessed(), report.goals_not_assessed(), report.contradictions());
    // Participles agree in number with their count: "1 pausad", "3 pausade".
    auto agreeing = [](int n, const char* one, const char* many) {
      return StrCat(n, " ", n == 1 ? one : many);
    };
    std::printf(
        "Aktiviteter: %d, varav %s, %d pågår, %s, %d kvarstår, %d utgått, %s; %d förskjuts men "
        "genomförs %d, %d förskjuts till senare år\n\n",
        a.total(), agreeing(a.done(), "genomförd", "genomförda").c_str(), a.ongoing(),
        agreeing(a.paused(), "pausad", "pausade").c_str(), a.remaining(), a.cancelled(),
        agreeing(a.not_followed_up(), "ej uppföljd", "ej uppföljda").c_str(),
        a.postponed_within_year(), report.plan().year(), a.postponed_to_later_year());
  }
  return PrintTable(table, f.global.format);
}

int RunIndicators(const std::vector<std::string>& args) {
  GoalsFlags f;
  std::string period_text;
  std::vector<std::string> column_texts;
  config::FlagSet flags("tertial goals indicators");
  AddGoalsFlags(flags, &f);
  flags.String("period", &period_text, "follow-up period: YYYY-MM or YYYY (required)");
  flags.List("columns", &column_texts,
             "value columns; default: the two years before, then the period");
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  auto period = RequiredPeriod(period_text);
  if (!period.ok()) return Fail(period.status());
  pb::GetIndicatorTableRequest request;
  request.set_organisation(f.org);
  request.set_board_unit_id(f.board);
  *request.mutable_period() = *period;
  for (const std::string& text : column_texts) {
    auto column = goals::ParsePeriod(text);
    if (!column.ok()) return Fail(column.status());
    *request.add_columns() = *column;
  }
  auto session = Session::Open(f.global);
  if (!session.ok()) return Fail(session.status());
  pb::IndicatorTable response;
  if (absl::Status s = session->Call(&pb::GoalService::Stub::GetIndicatorTable, request, &response);
      !s.ok()) {
    return Fail(s);
  }
  std::vector<Column> columns = {{"goal_id", "Nämndmål"},
                                 {"indicator_id", "Id"},
                                 {"breakdown", "Rad"},
                                 {"indicator", "Indikator"},
                                 {"unit", "Enhet"}};
  for (const pb::ValuePeriod& c : response.columns()) {
    columns.push_back({FormatPeriod(c), goals::DescribePeriod(c)});
  }
  for (const Column& c : std::vector<Column>{
           {"target", "Målvärde"}, {"status", "Status"}, {"source", "Källa"}, {"reason", "Skäl"}}) {
    columns.push_back(c);
  }
  Table table(columns);
  for (const pb::IndicatorRow& row : response.rows()) {
    std::string label = row.breakdown().empty() || f.global.format != "table"
                            ? row.label()
                            : StrCat("  — ", row.label());
    std::vector<Cell> cells = {Cell::Text(row.goal_id()), Cell::Text(row.indicator_id()),
                               Cell::Text(row.breakdown()), Cell::Text(label),
                               Cell::Text(row.unit())};
    for (const pb::ColumnValue& v : row.values()) {
      cells.push_back(ValueCell(v.has_value() ? &v.value() : nullptr));
    }
    cells.push_back(TargetCell(row.has_target() ? &row.target() : nullptr));
    cells.push_back(Cell::Text(std::string(goals::IndicatorStatusName(row.evaluation().status()))));
    cells.push_back(Cell::Text(row.derived() ? "ledger" : ""));
    cells.push_back(Cell::Text(row.evaluation().reason()));
    table.AddRow(std::move(cells));
  }
  return PrintTable(table, f.global.format);
}

int RunActivities(const std::vector<std::string>& args) {
  GoalsFlags f;
  std::string period_text;
  bool list = false;
  config::FlagSet flags("tertial goals activities");
  AddGoalsFlags(flags, &f);
  flags.String("period", &period_text, "follow-up period: YYYY-MM or YYYY (required)");
  flags.Bool("list", &list, "every activity with its status instead of the counts");
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  auto period = RequiredPeriod(period_text);
  if (!period.ok()) return Fail(period.status());
  auto session = Session::Open(f.global);
  if (!session.ok()) return Fail(session.status());
  if (list) {
    pb::ListActivitiesRequest request;
    request.set_organisation(f.org);
    request.set_board_unit_id(f.board);
    *request.mutable_period() = *period;
    pb::ListActivitiesResponse response;
    if (absl::Status s = session->Call(&pb::GoalService::Stub::ListActivities, request, &response);
        !s.ok()) {
      return Fail(s);
    }
    Table table({{"activity_id", "Id"},
                 {"activity", "Aktivitet"},
                 {"goals", "Nämndmål"},
                 {"unit", "Ansvarig"},
                 {"status", "Status"},
                 {"status_period", "Per"},
                 {"postponed_to", "Förskjuts till"},
                 {"comment", "Kommentar"}});
    for (const pb::ActivityRow& row : response.activities()) {
      std::string goals_text;
      for (const std::string& g : row.activity().goal_ids())
        StrAppend(&goals_text, goals_text.empty() ? "" : " ", g);
      bool reported = row.has_status();
      table.AddRow(
          {Cell::Text(row.activity().activity_id()), Cell::Text(row.activity().name()),
           Cell::Text(goals_text), Cell::Text(row.activity().responsible_unit_id()),
           Cell::Text(reported ? std::string(goals::ActivityStatusName(row.status().status()))
                               : "ej rapporterad"),
           reported ? Cell::Text(FormatPeriod(row.status().period())) : Cell::Empty(),
           reported && row.status().postponed_to_year() != 0
               ? Cell::Int(row.status().postponed_to_year())
               : Cell::Empty(),
           Cell::Text(reported ? row.status().comment() : "")});
    }
    return PrintTable(table, f.global.format);
  }
  pb::GetActivityCountsRequest request;
  request.set_organisation(f.org);
  request.set_board_unit_id(f.board);
  *request.mutable_period() = *period;
  pb::ActivityCountsResponse response;
  if (absl::Status s = session->Call(&pb::GoalService::Stub::GetActivityCounts, request, &response);
      !s.ok()) {
    return Fail(s);
  }
  const pb::ActivityCounts& c = response.counts();
  Table table({{"status", "Status"}, {"count", "Antal"}});
  const std::vector<std::pair<std::string, int>> rows = {
      {"genomförd", c.done()},
      {"pågår", c.ongoing()},
      {"pausad", c.paused()},
      {"kvarstår", c.remaining()},
      {"utgått", c.cancelled()},
      {"ej uppföljd", c.not_followed_up()},
      {"totalt", c.total()},
      {StrCat("förskjuten, genomförs ", response.year()), c.postponed_within_year()},
      {"förskjuten till senare år", c.postponed_to_later_year()},
      {"ej rapporterad", c.unreported()}};
  for (const auto& [name, count] : rows) table.AddRow({Cell::Text(name), Cell::Int(count)});
  return PrintTable(table, f.global.format);
}

int RunAssignments(const std::vector<std::string>& args) {
  GoalsFlags f;
  std::string period_text;
  config::FlagSet flags("tertial goals assignments");
  AddGoalsFlags(flags, &f);
  flags.String("period", &period_text, "follow-up period: YYYY-MM or YYYY (required)");
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  auto period = RequiredPeriod(period_text);
  if (!period.ok()) return Fail(period.status());
  auto session = Session::Open(f.global);
  if (!session.ok()) return Fail(session.status());
  pb::ListAssignmentsRequest request;
  request.set_organisation(f.org);
  request.set_board_unit_id(f.board);
  *request.mutable_period() = *period;
  pb::ListAssignmentsResponse response;
  if (absl::Status s = session->Call(&pb::GoalService::Stub::ListAssignments, request, &response);
      !s.ok()) {
    return Fail(s);
  }
  Table table({{"assignment_id", "Id"},
               {"assignment", "Uppdrag"},
               {"responsible", "Ansvarig"},
               {"status", "Status"},
               {"deviation", "Avvikelse"},
               {"comment", "Kommentar"}});
  for (const pb::AssignmentRow& row : response.assignments()) {
    bool reported = row.has_status();
    table.AddRow(
        {Cell::Text(row.assignment().assignment_id()), Cell::Text(row.assignment().title()),
         Cell::Text(row.assignment().responsible()),
         Cell::Text(reported ? std::string(goals::AssignmentStatusName(row.status().status()))
                             : "ej rapporterad"),
         Flag(reported && row.status().deviation()),
         Cell::Text(reported ? row.status().comment() : "")});
  }
  return PrintTable(table, f.global.format);
}

int RunPersonnel(const std::vector<std::string>& args) {
  GoalsFlags f;
  std::string period_text, unit;
  config::FlagSet flags("tertial goals personnel");
  AddGoalsFlags(flags, &f);
  flags.String("period", &period_text, "follow-up period: YYYY-MM (required)");
  flags.String("unit", &unit, "whose staff (e.g. KLF); empty: the plan's reporting unit");
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  auto period = RequiredPeriod(period_text);
  if (!period.ok()) return Fail(period.status());
  auto session = Session::Open(f.global);
  if (!session.ok()) return Fail(session.status());
  pb::GetPersonnelRequest request;
  request.set_organisation(f.org);
  request.set_unit_id(unit);
  *request.mutable_period() = *period;
  pb::PersonnelTable response;
  if (absl::Status s = session->Call(&pb::GoalService::Stub::GetPersonnel, request, &response);
      !s.ok()) {
    return Fail(s);
  }
  pb::ValuePeriod before = *period;
  before.set_year(period->year() - 1);
  Table table({{"measure", "Nyckeltal"},
               {"target", "Målvärde helår"},
               {FormatPeriod(*period), goals::DescribePeriod(*period)},
               {FormatPeriod(before), goals::DescribePeriod(before)}});
  for (const pb::PersonnelRow& row : response.rows()) {
    std::string name(f.global.format == "table" ? goals::PersonnelMeasureLabel(row.measure())
                                                : goals::PersonnelMeasureName(row.measure()));
    Cell target = TargetCell(row.has_target() ? &row.target() : nullptr);
    table.AddRow({Cell::Text(name), target, ValueCell(row.has_value() ? &row.value() : nullptr),
                  ValueCell(row.has_previous_year() ? &row.previous_year() : nullptr)});
  }
  return PrintTable(table, f.global.format);
}

int RunHistory(const std::vector<std::string>& args) {
  GoalsFlags f;
  std::string period_text, breakdown;
  config::FlagSet flags("tertial goals history INDICATOR");
  AddGoalsFlags(flags, &f);
  flags.String("period", &period_text, "only this period; empty: every period");
  flags.String("breakdown", &breakdown, "the row: men, women or another id; empty: the total");
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  if (rest->size() != 1)
    return Fail(absl::InvalidArgumentError("usage: tertial goals history INDICATOR"));
  pb::GetValueHistoryRequest request;
  request.set_organisation(f.org);
  request.set_board_unit_id(f.board);
  request.set_indicator_id((*rest)[0]);
  request.set_breakdown(breakdown);
  if (!period_text.empty()) {
    auto period = goals::ParsePeriod(period_text);
    if (!period.ok()) return Fail(period.status());
    *request.mutable_period() = *period;
  }
  auto session = Session::Open(f.global);
  if (!session.ok()) return Fail(session.status());
  pb::ValueHistory response;
  if (absl::Status s = session->Call(&pb::GoalService::Stub::GetValueHistory, request, &response);
      !s.ok()) {
    return Fail(s);
  }
  Table table({{"period", "Period"},
               {"value", "Värde"},
               {"source", "Källa"},
               {"source_ref", "Var"},
               {"actor", "Av"},
               {"recorded_at", "När (unix)"},
               {"comment", "Kommentar"}});
  static const char* kSources[] = {"", "command", "plan", "csv", "kolada", "ledger"};
  for (const pb::ValueRevision& r : response.revisions()) {
    if (r.has_withdrawn()) {
      table.AddRow({Cell::Text(FormatPeriod(r.withdrawn().period())), Cell::Text("(withdrawn)"),
                    Cell::Empty(), Cell::Empty(), Cell::Text(r.actor()),
                    Cell::Int(r.recorded_at_seconds()), Cell::Text(r.withdrawn().comment())});
      continue;
    }
    const pb::IndicatorValueRecorded& v = r.recorded();
    int source = v.source() >= 0 && v.source() <= 5 ? v.source() : 0;
    table.AddRow({Cell::Text(FormatPeriod(v.period())), ValueCell(&v.value()),
                  Cell::Text(kSources[source]), Cell::Text(v.source_ref()), Cell::Text(r.actor()),
                  Cell::Int(r.recorded_at_seconds()), Cell::Text(v.comment())});
  }
  return PrintTable(table, f.global.format);
}

int RunPlans(const std::vector<std::string>& args) {
  GoalsFlags f;
  config::FlagSet flags("tertial goals plans");
  AddGoalsFlags(flags, &f);
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  auto session = Session::Open(f.global);
  if (!session.ok()) return Fail(session.status());
  pb::ListPlansRequest request;
  request.set_organisation(f.org);
  pb::ListPlansResponse response;
  if (absl::Status s = session->Call(&pb::GoalService::Stub::ListPlans, request, &response);
      !s.ok()) {
    return Fail(s);
  }
  Table table({{"board", "Nämnd"},
               {"year", "År"},
               {"name", "Plan"},
               {"goals", "Mål"},
               {"board_goals", "Nämndmål"},
               {"indicators", "Indikatorer"},
               {"activities", "Aktiviteter"},
               {"assignments", "Uppdrag"}});
  for (const pb::PlanSummary& p : response.plans()) {
    table.AddRow({Cell::Text(p.plan().board_unit_id()), Cell::Int(p.plan().year()),
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
  auto session = Session::Open(f.global);
  if (!session.ok()) return Fail(session.status());
  pb::ListImportsRequest request;
  request.set_organisation(f.org);
  pb::ListImportsResponse response;
  if (absl::Status s = session->Call(&pb::GoalService::Stub::ListImports, request, &response);
      !s.ok()) {
    return Fail(s);
  }
  Table table({{"import_id", "Import"},
               {"file", "Fil"},
               {"sha256", "SHA-256"},
               {"bytes", "Byte"},
               {"events", "Fakta"}});
  for (const pb::ImportCompleted& i : response.imports()) {
    table.AddRow({Cell::Text(i.import_id()), Cell::Text(i.file_name()),
                  Cell::Text(i.content_sha256()), Cell::Int(i.bytes()), Cell::Int(i.events())});
  }
  return PrintTable(table, f.global.format);
}

// Prints what a command did.
int Done(const absl::StatusOr<pb::CommandResult>& result) {
  if (!result.ok()) return Fail(result.status());
  for (const std::string& w : result->warnings()) std::fprintf(stderr, "warning: %s\n", w.c_str());
  if (!result->changed()) {
    std::printf("nothing changed: that is already recorded\n");
  } else {
    std::printf("recorded (%d events)\n", result->events());
  }
  return 0;
}

template <typename Request>
absl::StatusOr<pb::CommandResult> Send(
    const GoalsFlags& f,
    grpc::Status (pb::GoalService::Stub::*method)(grpc::ClientContext*, const Request&,
                                                  pb::CommandResult*),
    const Request& request) {
  auto session = Session::Open(f.global);
  if (!session.ok()) return session.status();
  pb::CommandResult result;
  if (absl::Status s = session->Call(method, request, &result); !s.ok()) return s;
  return result;
}

// The board a command is about: --board, else the only board with a plan for `year`.
absl::StatusOr<std::string> BoardFor(const GoalsFlags& f, int year) {
  if (!f.board.empty()) return f.board;
  auto session = Session::Open(f.global);
  if (!session.ok()) return session.status();
  pb::ListPlansRequest request;
  request.set_organisation(f.org);
  pb::ListPlansResponse response;
  if (absl::Status s = session->Call(&pb::GoalService::Stub::ListPlans, request, &response);
      !s.ok())
    return s;
  std::string board;
  for (const pb::PlanSummary& p : response.plans()) {
    if (year != 0 && p.plan().year() != year) continue;
    if (!board.empty() && board != p.plan().board_unit_id()) {
      return absl::InvalidArgumentError("several boards have plans: give --board");
    }
    board = p.plan().board_unit_id();
  }
  if (board.empty())
    return absl::NotFoundError(StrCat("no plan for ", year, ": give --board or import a plan"));
  return board;
}

// What a command on one item of a period's follow-up shares: the item's id (the one
// positional argument), the period, and the board whose plan of that year holds it.
struct FollowUp {
  std::string id;
  pb::ValuePeriod period;
  std::string board;
};

// Parses `args` (the period flag bound to `period_text`) into the follow-up; `usage`
// is the message for a wrong number of arguments. `check` validates the command's own
// flags before the service is asked for the board, so that a typo is named first.
absl::StatusOr<FollowUp> ParseFollowUp(config::FlagSet& flags, const std::vector<std::string>& args,
                                       const GoalsFlags& f, const std::string& period_text,
                                       std::string_view usage,
                                       const std::function<absl::Status()>& check) {
  auto rest = flags.Parse(args);
  if (!rest.ok()) return rest.status();
  if (rest->size() != 1) return absl::InvalidArgumentError(StrCat("usage: ", usage));
  auto period = RequiredPeriod(period_text);
  if (!period.ok()) return period.status();
  if (absl::Status s = check(); !s.ok()) return s;
  auto board = BoardFor(f, period->year());
  if (!board.ok()) return board.status();
  return FollowUp{.id = (*rest)[0], .period = *period, .board = *board};
}

// Fills the fields every follow-up request has.
template <typename Request>
void SetFollowUp(const GoalsFlags& f, const FollowUp& item, Request& request) {
  request.set_organisation(f.org);
  request.set_board_unit_id(item.board);
  request.set_year(item.period.year());
  *request.mutable_period() = item.period;
  request.set_actor(f.global.actor);
}

int RunAssess(const std::vector<std::string>& args) {
  GoalsFlags f;
  std::string period_text, assessment, rationale, assessor;
  config::FlagSet flags("tertial goals assess GOAL");
  AddGoalsFlags(flags, &f);
  flags.String("period", &period_text, "follow-up period: YYYY-MM or YYYY (required)");
  flags.String("assessment", &assessment,
               "uppfylls, delvis, uppfylls ej or kan ej bedömas (required)");
  flags.String("rationale", &rationale, "why (shown in the report)");
  flags.String("assessor", &assessor, "who assessed; empty: --actor");
  absl::StatusOr<pb::Assessment> parsed;
  auto item = ParseFollowUp(flags, args, f, period_text,
                            "tertial goals assess GOAL --period ... --assessment ...", [&] {
                              parsed = goals::ParseAssessment(assessment);
                              return parsed.status();
                            });
  if (!item.ok()) return Fail(item.status());
  pb::RecordAssessmentRequest request;
  SetFollowUp(f, *item, request);
  request.set_goal_id(item->id);
  request.set_assessment(*parsed);
  request.set_rationale(rationale);
  request.set_assessor(assessor.empty() ? f.global.actor : assessor);
  return Done(Send(f, &pb::GoalService::Stub::RecordAssessment, request));
}

int RunSetValue(const std::vector<std::string>& args) {
  GoalsFlags f;
  std::string period_text, value, breakdown, comment;
  bool withdraw = false;
  config::FlagSet flags("tertial goals set-value INDICATOR");
  AddGoalsFlags(flags, &f);
  flags.String("period", &period_text, "YYYY (the whole year) or YYYY-MM (required)");
  flags.String("value", &value, "as printed: 2,40  I.U.  98–100  \"1 940 (per 1 april)\"");
  flags.String("breakdown", &breakdown, "the row: men, women or another id; empty: the total");
  flags.String("comment", &comment, "why (kept with the revision)");
  flags.Bool("withdraw", &withdraw, "withdraw the period's value instead (a mistake)");
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  if (rest->size() != 1)
    return Fail(absl::InvalidArgumentError(
        "usage: tertial goals set-value INDICATOR --period ... --value ..."));
  auto period = RequiredPeriod(period_text);
  if (!period.ok()) return Fail(period.status());
  auto board = BoardFor(f, 0);
  if (!board.ok()) return Fail(board.status());
  if (withdraw) {
    pb::WithdrawIndicatorValueRequest request;
    request.set_organisation(f.org);
    request.set_board_unit_id(*board);
    request.set_indicator_id((*rest)[0]);
    request.set_breakdown(goals::BreakdownId(breakdown));
    *request.mutable_period() = *period;
    request.set_comment(comment);
    request.set_actor(f.global.actor);
    return Done(Send(f, &pb::GoalService::Stub::WithdrawIndicatorValue, request));
  }
  if (value.empty()) return Fail(absl::InvalidArgumentError("--value is required (or --withdraw)"));
  pb::RecordIndicatorValueRequest request;
  request.set_organisation(f.org);
  request.set_board_unit_id(*board);
  request.set_indicator_id((*rest)[0]);
  request.set_breakdown(goals::BreakdownId(breakdown));
  *request.mutable_period() = *period;
  request.set_value_text(value);
  request.set_comment(comment);
  request.set_actor(f.global.actor);
  return Done(Send(f, &pb::GoalService::Stub::RecordIndicatorValue, request));
}

int RunSetTarget(const std::vector<std::string>& args) {
  GoalsFlags f;
  std::string target, breakdown;
  int64_t year = 0;
  config::FlagSet flags("tertial goals set-target INDICATOR");
  AddGoalsFlags(flags, &f);
  flags.Int("year", &year, "the plan's year (required)");
  flags.String("target", &target, "< 23, >= 0, = 40 000, öka, minska, –, I.U. (required)");
  flags.String("breakdown", &breakdown, "the row: men, women or another id; empty: the total");
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  if (rest->size() != 1 || year == 0 || target.empty()) {
    return Fail(absl::InvalidArgumentError(
        "usage: tertial goals set-target INDICATOR --year YYYY --target ..."));
  }
  auto board = BoardFor(f, static_cast<int>(year));
  if (!board.ok()) return Fail(board.status());
  pb::SetTargetRequest request;
  request.set_organisation(f.org);
  request.set_board_unit_id(*board);
  request.set_year(static_cast<int32_t>(year));
  request.set_indicator_id((*rest)[0]);
  request.set_breakdown(goals::BreakdownId(breakdown));
  request.set_target_text(target);
  request.set_actor(f.global.actor);
  return Done(Send(f, &pb::GoalService::Stub::SetTarget, request));
}

int RunActivityStatus(const std::vector<std::string>& args) {
  GoalsFlags f;
  std::string period_text, status, comment;
  int64_t postponed_to = 0;
  config::FlagSet flags("tertial goals activity-status ACTIVITY");
  AddGoalsFlags(flags, &f);
  flags.String("period", &period_text, "follow-up period: YYYY-MM (required)");
  flags.String("status", &status,
               "genomförd, pågår, pausad, kvarstår, utgått or ej uppföljd (required)");
  flags.Int("postponed-to", &postponed_to, "the year it is now done in, if postponed");
  flags.String("comment", &comment, "shown in the report");
  absl::StatusOr<pb::ActivityStatus> parsed;
  auto item =
      ParseFollowUp(flags, args, f, period_text,
                    "tertial goals activity-status ACTIVITY --period ... --status ...", [&] {
                      parsed = goals::ParseActivityStatus(status);
                      return parsed.status();
                    });
  if (!item.ok()) return Fail(item.status());
  pb::ReportActivityStatusRequest request;
  SetFollowUp(f, *item, request);
  request.set_activity_id(item->id);
  request.set_status(*parsed);
  request.set_postponed_to_year(static_cast<int32_t>(postponed_to));
  request.set_comment(comment);
  return Done(Send(f, &pb::GoalService::Stub::ReportActivityStatus, request));
}

int RunAssignmentStatus(const std::vector<std::string>& args) {
  GoalsFlags f;
  std::string period_text, status, comment;
  bool deviation = false;
  config::FlagSet flags("tertial goals assignment-status ASSIGNMENT");
  AddGoalsFlags(flags, &f);
  flags.String("period", &period_text, "follow-up period: YYYY-MM (required)");
  flags.String("status", &status, "genomfört, pågår or kvarstår (required)");
  flags.Bool("deviation", &deviation, "the work deviates from the plan");
  flags.String("comment", &comment, "shown in the report");
  absl::StatusOr<pb::AssignmentStatus> parsed;
  auto item = ParseFollowUp(flags, args, f, period_text,
                            "tertial goals assignment-status ID --period ... --status ...", [&] {
                              parsed = goals::ParseAssignmentStatus(status);
                              return parsed.status();
                            });
  if (!item.ok()) return Fail(item.status());
  pb::ReportAssignmentStatusRequest request;
  SetFollowUp(f, *item, request);
  request.set_assignment_id(item->id);
  request.set_status(*parsed);
  request.set_deviation(deviation);
  request.set_comment(comment);
  return Done(Send(f, &pb::GoalService::Stub::ReportAssignmentStatus, request));
}

int RunPersonnelFigure(const std::vector<std::string>& args) {
  GoalsFlags f;
  std::string unit, measure, period_text, value, target;
  config::FlagSet flags("tertial goals personnel-figure");
  AddGoalsFlags(flags, &f);
  flags.String("unit", &unit, "whose staff, e.g. KLF (required)");
  flags.String("measure", &measure, "permanent_employees, sick_leave or staff_turnover (required)");
  flags.String("period", &period_text, "YYYY-MM for a figure, YYYY for a target (required)");
  flags.String("value", &value, "the figure as printed, e.g. 1,8");
  flags.String("target", &target, "the year's target instead, e.g. 3,2 or –");
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  auto period = RequiredPeriod(period_text);
  if (!period.ok()) return Fail(period.status());
  auto parsed = goals::ParsePersonnelMeasure(measure);
  if (!parsed.ok()) return Fail(parsed.status());
  if (unit.empty() || value.empty() == target.empty()) {
    return Fail(absl::InvalidArgumentError("give --unit and either --value or --target"));
  }
  if (!target.empty()) {
    pb::SetPersonnelTargetRequest request;
    request.set_organisation(f.org);
    request.set_unit_id(unit);
    request.set_measure(*parsed);
    request.set_year(period->year());
    request.set_target_text(target);
    request.set_actor(f.global.actor);
    return Done(Send(f, &pb::GoalService::Stub::SetPersonnelTarget, request));
  }
  pb::RecordPersonnelFigureRequest request;
  request.set_organisation(f.org);
  request.set_unit_id(unit);
  request.set_measure(*parsed);
  *request.mutable_period() = *period;
  request.set_value_text(value);
  request.set_actor(f.global.actor);
  return Done(Send(f, &pb::GoalService::Stub::RecordPersonnelFigure, request));
}

}  // namespace

std::vector<Command> GoalsCommands() {
  return {
      {"goals import",
       "import a plan (YAML), values or activity statuses (CSV), Kolada KPI data (JSON)",
       RunImport},
      {"goals status", "the goal report for a period: assessments checked against indicators",
       RunStatus},
      {"goals indicators", "the indicator tables: values, targets and status", RunIndicators},
      {"goals activities", "activities by status for a period (--list: each activity)",
       RunActivities},
      {"goals assignments", "strategic assignments and their status", RunAssignments},
      {"goals personnel", "personnel figures: target, the period, the same period last year",
       RunPersonnel},
      {"goals history", "every recorded value of an indicator, revisions included", RunHistory},
      {"goals plans", "the plans held", RunPlans},
      {"goals imports", "the goal imports made", RunImports},
      {"goals assess", "record the assessment of a nämndmål for a period", RunAssess},
      {"goals set-value", "record (or revise, or withdraw) an indicator value", RunSetValue},
      {"goals set-target", "set the target of an indicator for a year", RunSetTarget},
      {"goals activity-status", "report an activity's status for a period", RunActivityStatus},
      {"goals assignment-status", "report a strategic assignment's status for a period",
       RunAssignmentStatus},
      {"goals personnel-figure", "record a personnel figure or target", RunPersonnelFigure},
  };
}

}  // namespace tertial::cli
