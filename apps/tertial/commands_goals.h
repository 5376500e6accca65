#ifndef TERTIAL_APPS_TERTIAL_COMMANDS_GOALS_H_
#define TERTIAL_APPS_TERTIAL_COMMANDS_GOALS_H_

// The goals' commands, one file per responsibility; GoalsCommands() (commands_goals.cc)
// lists them:
//   commands_goals.cc              what they share: flags, the board, the follow-up of an item
//   commands_goals_plan.cc         goals import, plans, imports
//   commands_goals_assessments.cc  goals status (the goal report), assess
//   commands_goals_indicators.cc   goals indicators, history, set-value, set-target
//   commands_goals_activities.cc   goals activities, activity-status, assignments,
//                                  assignment-status
//   commands_goals_personnel.cc    goals personnel, personnel-figure

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "cli.h"
#include "client.h"
#include "output.h"
#include "tertial/goals/v1/service.grpc.pb.h"

namespace tertial::cli::goals_commands {

namespace pb = ::tertial::goals::v1;
using GoalsClient = Client<pb::GoalService>;

// Flags every goals command shares.
struct GoalsFlags {
  GlobalOptions global;
  std::string org;
  std::string board;
};

void AddGoalsFlags(config::FlagSet& flags, GoalsFlags* f);

// --period's value parsed; INVALID_ARGUMENT when it was not given.
absl::StatusOr<pb::ValuePeriod> RequiredPeriod(const std::string& text);

// One call of the goals service on a connection of its own.
template <typename Request, typename Response>
absl::StatusOr<Response> Ask(const GoalsFlags& f,
                             grpc::Status (GoalsClient::Stub::*method)(grpc::ClientContext*,
                                                                       const Request&, Response*),
                             const Request& request) {
  absl::StatusOr<GoalsClient> client = GoalsClient::Open(f.global, "goals");
  if (!client.ok()) return client.status();
  Response response;
  if (absl::Status s = client->Call(method, request, &response); !s.ok()) return s;
  return response;
}

// A value cell: the printed form for people; the plain number (or "I.U.") for programs.
Cell ValueCell(const pb::IndicatorValue* value);
// A target: as printed for people, the expression for programs (">= 1.75", "increase").
Cell TargetCell(const pb::Target* target);

int PrintTable(const Table& table, const std::string& format);

// Prints what a command did; its exit code.
int Done(const absl::StatusOr<pb::CommandResult>& result);

// The board a command is about: --board, else the only board with a plan for `year`.
absl::StatusOr<std::string> BoardFor(const GoalsFlags& f, int year);

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
                                       const std::function<absl::Status()>& check);

// Fills the fields every follow-up request has.
template <typename Request>
void SetFollowUp(const GoalsFlags& f, const FollowUp& item, Request& request) {
  request.set_organisation(f.org);
  request.set_board_unit_id(item.board);
  request.set_year(item.period.year());
  *request.mutable_period() = item.period;
  request.set_actor(f.global.actor);
}

int RunImport(const std::vector<std::string>& args);
int RunPlans(const std::vector<std::string>& args);
int RunImports(const std::vector<std::string>& args);
int RunStatus(const std::vector<std::string>& args);
int RunAssess(const std::vector<std::string>& args);
int RunIndicators(const std::vector<std::string>& args);
int RunHistory(const std::vector<std::string>& args);
int RunSetValue(const std::vector<std::string>& args);
int RunSetTarget(const std::vector<std::string>& args);
int RunActivities(const std::vector<std::string>& args);
int RunActivityStatus(const std::vector<std::string>& args);
int RunAssignments(const std::vector<std::string>& args);
int RunAssignmentStatus(const std::vector<std::string>& args);
int RunPersonnel(const std::vector<std::string>& args);
int RunPersonnelFigure(const std::vector<std::string>& args);

}  // namespace tertial::cli::goals_commands

#endif  // TERTIAL_APPS_TERTIAL_COMMANDS_GOALS_H_
