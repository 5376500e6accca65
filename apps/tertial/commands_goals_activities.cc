// tertial goals activities, activity-status, assignments and assignment-status: the
// plan's activities and strategic assignments and their status in a follow-up.

#include <cstdio>
#include <iostream>

#include "commands_goals.h"
#include "tertial/base/strings.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::cli::goals_commands {

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
  if (list) {
    pb::ListActivitiesRequest request;
    request.set_organisation(f.org);
    request.set_board_unit_id(f.board);
    *request.mutable_period() = *period;
    absl::StatusOr<pb::ListActivitiesResponse> response =
        Ask(f, &GoalsClient::Stub::ListActivities, request);
    if (!response.ok()) return Fail(response.status());
    Table table({{"activity_id", "Id"},
                 {"activity", "Aktivitet"},
                 {"goals", "Nämndmål"},
                 {"unit", "Ansvarig"},
                 {"status", "Status"},
                 {"status_period", "Per"},
                 {"postponed_to", "Förskjuts till"},
                 {"comment", "Kommentar"}});
    for (const pb::ActivityRow& row : response->activities()) {
      std::string goals_text;
      for (const std::string& g : row.activity().goal_ids())
        StrAppend(&goals_text, goals_text.empty() ? "" : " ", g);
      bool reported = row.has_status();
      table.AddRow(
          {Cell::Text(row.activity().activity_id()), Cell::Text(row.activity().name()),
           Cell::Text(goals_text), Cell::Text(row.activity().responsible_unit_id()),
           Cell::Text(reported ? std::string(goals::ActivityStatusName(row.status().status()))
                               : "ej rapporterad"),
           reported ? Cell::Text(goals::FormatPeriod(row.status().period())) : Cell::Empty(),
           reported && row.status().postponed_to_year() != 0
               ? Cell::Year(row.status().postponed_to_year())
               : Cell::Empty(),
           Cell::Text(reported ? row.status().comment() : "")});
    }
    return PrintTable(table, f.global.format);
  }
  pb::GetActivityCountsRequest request;
  request.set_organisation(f.org);
  request.set_board_unit_id(f.board);
  *request.mutable_period() = *period;
  absl::StatusOr<pb::ActivityCountsResponse> response =
      Ask(f, &GoalsClient::Stub::GetActivityCounts, request);
  if (!response.ok()) return Fail(response.status());
  const pb::ActivityCounts& c = response->counts();
  Table table({{"status", "Status"}, {"count", "Antal"}});
  const std::vector<std::pair<std::string, int>> rows = {
      {"genomförd", c.done()},
      {"pågår", c.ongoing()},
      {"pausad", c.paused()},
      {"kvarstår", c.remaining()},
      {"utgått", c.cancelled()},
      {"ej uppföljd", c.not_followed_up()},
      {"totalt", c.total()},
      {StrCat("förskjuten, genomförs ", response->year()), c.postponed_within_year()},
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
  pb::ListAssignmentsRequest request;
  request.set_organisation(f.org);
  request.set_board_unit_id(f.board);
  *request.mutable_period() = *period;
  absl::StatusOr<pb::ListAssignmentsResponse> response =
      Ask(f, &GoalsClient::Stub::ListAssignments, request);
  if (!response.ok()) return Fail(response.status());
  Table table({{"assignment_id", "Id"},
               {"assignment", "Uppdrag"},
               {"responsible", "Ansvarig"},
               {"status", "Status"},
               {"deviation", "Avvikelse"},
               {"comment", "Kommentar"}});
  for (const pb::AssignmentRow& row : response->assignments()) {
    bool reported = row.has_status();
    table.AddRow(
        {Cell::Text(row.assignment().assignment_id()), Cell::Text(row.assignment().title()),
         Cell::Text(row.assignment().responsible()),
         Cell::Text(reported ? std::string(goals::AssignmentStatusName(row.status().status()))
                             : "ej rapporterad"),
         Cell::Flag(reported && row.status().deviation()),
         Cell::Text(reported ? row.status().comment() : "")});
  }
  return PrintTable(table, f.global.format);
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
  return Done(Ask(f, &pb::GoalService::Stub::ReportActivityStatus, request));
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
  return Done(Ask(f, &pb::GoalService::Stub::ReportAssignmentStatus, request));
}

}  // namespace tertial::cli::goals_commands
