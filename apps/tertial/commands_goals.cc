// tertial goals ...: the goal owner's commands (import a plan, record values, assess,
// report activity statuses) and the queries behind the report's goal sections
// (commands_goals.h lists the files). Here: what they share, and the list of them.

#include "commands_goals.h"

#include <cstdio>
#include <iostream>

#include "tertial/base/strings.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::cli {
namespace goals_commands {

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

Cell ValueCell(const pb::IndicatorValue* value) {
  if (value == nullptr || value->kind_case() == pb::IndicatorValue::KIND_NOT_SET)
    return Cell::Empty();
  std::string human = value->printed().empty() ? goals::FormatValue(*value) : value->printed();
  if (value->has_number()) return Cell::Number(human, goals::FormatValuePlain(*value));
  if (value->has_range()) return Cell::Text(human, goals::FormatValuePlain(*value));
  return Cell::Text(human, "I.U.");
}

Cell TargetCell(const pb::Target* target) {
  if (target == nullptr || target->form_case() == pb::Target::FORM_NOT_SET) return Cell::Empty();
  return Cell::Text(target->printed().empty() ? goals::FormatTarget(*target) : target->printed(),
                    goals::FormatTargetPlain(*target));
}

int PrintTable(const Table& table, const std::string& format) {
  table.Print(format, std::cout);
  return 0;
}

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

absl::StatusOr<std::string> BoardFor(const GoalsFlags& f, int year) {
  if (!f.board.empty()) return f.board;
  pb::ListPlansRequest request;
  request.set_organisation(f.org);
  absl::StatusOr<pb::ListPlansResponse> response = Ask(f, &GoalsClient::Stub::ListPlans, request);
  if (!response.ok()) return response.status();
  std::string board;
  for (const pb::PlanSummary& p : response->plans()) {
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

}  // namespace goals_commands

std::vector<Command> GoalsCommands() {
  namespace run = goals_commands;
  return {
      {"goals import",
       "import a plan (YAML), values or activity statuses (CSV), Kolada KPI data (JSON)",
       run::RunImport},
      {"goals status", "the goal report for a period: assessments checked against indicators",
       run::RunStatus},
      {"goals indicators", "the indicator tables: values, targets and status", run::RunIndicators},
      {"goals activities", "activities by status for a period (--list: each activity)",
       run::RunActivities},
      {"goals assignments", "strategic assignments and their status", run::RunAssignments},
      {"goals personnel", "personnel figures: target, the period, the same period last year",
       run::RunPersonnel},
      {"goals history", "every recorded value of an indicator, revisions included",
       run::RunHistory},
      {"goals plans", "the plans held", run::RunPlans},
      {"goals imports", "the goal imports made", run::RunImports},
      {"goals assess", "record the assessment of a nämndmål for a period", run::RunAssess},
      {"goals set-value", "record (or revise, or withdraw) an indicator value", run::RunSetValue},
      {"goals set-target", "set the target of an indicator for a year", run::RunSetTarget},
      {"goals activity-status", "report an activity's status for a period", run::RunActivityStatus},
      {"goals assignment-status", "report a strategic assignment's status for a period",
       run::RunAssignmentStatus},
      {"goals personnel-figure", "record a personnel figure or target", run::RunPersonnelFigure},
  };
}

}  // namespace tertial::cli