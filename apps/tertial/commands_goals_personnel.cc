// tertial goals personnel and personnel-figure: personnel figures (sick leave, staff
// turnover, permanent employees) and their targets.

#include <cstdio>
#include <iostream>

#include "commands_goals.h"
#include "tertial/base/strings.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::cli::goals_commands {

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
  pb::GetPersonnelRequest request;
  request.set_organisation(f.org);
  request.set_unit_id(unit);
  *request.mutable_period() = *period;
  absl::StatusOr<pb::PersonnelTable> response = Ask(f, &GoalsClient::Stub::GetPersonnel, request);
  if (!response.ok()) return Fail(response.status());
  pb::ValuePeriod before = *period;
  before.set_year(period->year() - 1);
  Table table({{"measure", "Nyckeltal"},
               {"target", "Målvärde helår"},
               {goals::FormatPeriod(*period), goals::DescribePeriod(*period)},
               {goals::FormatPeriod(before), goals::DescribePeriod(before)}});
  for (const pb::PersonnelRow& row : response->rows()) {
    std::string name(f.global.format == "table" ? goals::PersonnelMeasureLabel(row.measure())
                                                : goals::PersonnelMeasureName(row.measure()));
    Cell target = TargetCell(row.has_target() ? &row.target() : nullptr);
    table.AddRow({Cell::Text(name), target, ValueCell(row.has_value() ? &row.value() : nullptr),
                  ValueCell(row.has_previous_year() ? &row.previous_year() : nullptr)});
  }
  return PrintTable(table, f.global.format);
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
    return Done(Ask(f, &pb::GoalService::Stub::SetPersonnelTarget, request));
  }
  pb::RecordPersonnelFigureRequest request;
  request.set_organisation(f.org);
  request.set_unit_id(unit);
  request.set_measure(*parsed);
  *request.mutable_period() = *period;
  request.set_value_text(value);
  request.set_actor(f.global.actor);
  return Done(Ask(f, &pb::GoalService::Stub::RecordPersonnelFigure, request));
}

}  // namespace tertial::cli::goals_commands
