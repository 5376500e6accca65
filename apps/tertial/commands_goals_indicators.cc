// tertial goals indicators, history, set-value and set-target: the indicator tables and
// the values and targets behind them.

#include <cstdio>
#include <iostream>

#include "commands_goals.h"
#include "tertial/base/strings.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::cli::goals_commands {

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
  absl::StatusOr<pb::IndicatorTable> response =
      Ask(f, &GoalsClient::Stub::GetIndicatorTable, request);
  if (!response.ok()) return Fail(response.status());
  std::vector<Column> columns = {{"goal_id", "Nämndmål"},
                                 {"indicator_id", "Id"},
                                 {"breakdown", "Rad"},
                                 {"indicator", "Indikator"},
                                 {"unit", "Enhet"}};
  for (const pb::ValuePeriod& c : response->columns()) {
    columns.push_back({goals::FormatPeriod(c), goals::DescribePeriod(c)});
  }
  for (const Column& c : std::vector<Column>{
           {"target", "Målvärde"}, {"status", "Status"}, {"source", "Källa"}, {"reason", "Skäl"}}) {
    columns.push_back(c);
  }
  Table table(columns);
  for (const pb::IndicatorRow& row : response->rows()) {
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
  absl::StatusOr<pb::ValueHistory> response = Ask(f, &GoalsClient::Stub::GetValueHistory, request);
  if (!response.ok()) return Fail(response.status());
  Table table({{"period", "Period"},
               {"value", "Värde"},
               {"source", "Källa"},
               {"source_ref", "Var"},
               {"actor", "Av"},
               {"recorded_at", "När (unix)"},
               {"comment", "Kommentar"}});
  static const char* kSources[] = {"", "command", "plan", "csv", "kolada", "ledger"};
  for (const pb::ValueRevision& r : response->revisions()) {
    if (r.has_withdrawn()) {
      table.AddRow({Cell::Text(goals::FormatPeriod(r.withdrawn().period())),
                    Cell::Text("(withdrawn)"), Cell::Empty(), Cell::Empty(), Cell::Text(r.actor()),
                    Cell::Int(r.recorded_at_seconds()), Cell::Text(r.withdrawn().comment())});
      continue;
    }
    const pb::IndicatorValueRecorded& v = r.recorded();
    int source = v.source() >= 0 && v.source() <= 5 ? v.source() : 0;
    table.AddRow({Cell::Text(goals::FormatPeriod(v.period())), ValueCell(&v.value()),
                  Cell::Text(kSources[source]), Cell::Text(v.source_ref()), Cell::Text(r.actor()),
                  Cell::Int(r.recorded_at_seconds()), Cell::Text(v.comment())});
  }
  return PrintTable(table, f.global.format);
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
    return Done(Ask(f, &pb::GoalService::Stub::WithdrawIndicatorValue, request));
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
  return Done(Ask(f, &pb::GoalService::Stub::RecordIndicatorValue, request));
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
  return Done(Ask(f, &pb::GoalService::Stub::SetTarget, request));
}

}  // namespace tertial::cli::goals_commands
