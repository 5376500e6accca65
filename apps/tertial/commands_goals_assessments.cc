// tertial goals status and assess: the goal report for a period (each nämndmål's
// assessment checked against its indicators) and the assessment of a nämndmål.

#include <cstdio>
#include <iostream>

#include "commands_goals.h"
#include "tertial/base/strings.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::cli::goals_commands {
namespace {
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

}  // namespace

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
  pb::GetGoalReportRequest request;
  request.set_organisation(f.org);
  request.set_board_unit_id(f.board);
  *request.mutable_period() = *period;
  absl::StatusOr<pb::GoalReport> report = Ask(f, &GoalsClient::Stub::GetGoalReport, request);
  if (!report.ok()) return Fail(report.status());
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
  for (const pb::GoalNode& node : report->goals()) {
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
    const pb::ActivityCounts& a = report->activities();
    std::printf("%s, %s (%s)\n", report->plan().name().c_str(),
                goals::DescribePeriod(*period).c_str(), report->plan().board_unit_id().c_str());
    std::printf(
        "Nämndmål: %d uppfylls, %d delvis, %d uppfylls ej, %d kan ej bedömas, %d utan bedömning; "
        "%d motsägs av sina indikatorer\n",
        report->goals_met(), report->goals_partly_met(), report->goals_not_met(),
        report->goals_cannot_be_assessed(), report->goals_not_assessed(), report->contradictions());
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
        a.postponed_within_year(), report->plan().year(), a.postponed_to_later_year());
  }
  return PrintTable(table, f.global.format);
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
  return Done(Ask(f, &pb::GoalService::Stub::RecordAssessment, request));
}

}  // namespace tertial::cli::goals_commands
