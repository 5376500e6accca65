// The ledger's commands (commands_ledger.h lists where each lives): balances, units,
// projects and close-period here.

#include "commands_ledger.h"

#include <algorithm>
#include <cstdio>
#include <iostream>

#include "output.h"
#include "tertial/base/strings.h"
#include "tertial/period/period.h"
#include "tertial/period/proto.h"

namespace tertial::cli {
namespace ledger_commands {

namespace {

namespace v1 = ::tertial::ledger::v1;

absl::StatusOr<std::vector<v1::GroupBy>> ParseGroupBy(const std::vector<std::string>& names,
                                                      std::vector<std::string>* columns) {
  std::vector<v1::GroupBy> out;
  for (const std::string& name : names) {
    v1::GroupBy g;
    if (name == "unit")
      g = v1::GROUP_BY_UNIT;
    else if (name == "account_class")
      g = v1::GROUP_BY_ACCOUNT_CLASS;
    else if (name == "account")
      g = v1::GROUP_BY_ACCOUNT;
    else if (name == "project")
      g = v1::GROUP_BY_PROJECT;
    else if (name == "month")
      g = v1::GROUP_BY_MONTH;
    else {
      return absl::InvalidArgumentError(
          StrCat("--by ", name,
                 ": expected a comma-separated list of unit, account_class, account, "
                 "project, month"));
    }
    for (v1::GroupBy seen : out) {
      if (seen == g) return absl::InvalidArgumentError(StrCat("--by ", name, " is given twice"));
    }
    out.push_back(g);
    columns->push_back(name);
  }
  return out;
}

int RunBalances(const std::vector<std::string>& args) {
  GlobalOptions global;
  std::string organisation, range, unit;
  std::vector<std::string> by, accounts;
  bool rollup = false;
  config::FlagSet flags("tertial balances");
  AddGlobalFlags(flags, &global);
  flags.String("org", &organisation, "kommunkod", {.env = "TERTIAL_ORG", .required = true});
  flags.String("period", &range, "YYYY-MM..YYYY-MM, YYYY-MM or YYYY; default: all periods");
  flags.List("by", &by, "group by: unit, account_class, account, project, month (comma-separated)");
  flags.String("unit", &unit, "only this unit and its subtree");
  flags.List("accounts", &accounts,
             "only accounts starting with these prefixes (3,4,11); with --by unit and without "
             "--by account_class or account, default 3,4,5,6,7 (the operating statement's)");
  bool all_accounts = false;
  flags.Bool("all-accounts", &all_accounts,
             "with --by unit: sum every account class, the balance sheet and investments too");
  flags.Bool("rollup", &rollup, "with --by unit: each unit's row sums its whole subtree");
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  if (!rest->empty())
    return Fail(absl::InvalidArgumentError(StrCat("unexpected argument ", (*rest)[0])));
  v1::GetBalancesRequest request;
  request.set_organisation(organisation);
  if (!range.empty()) {
    absl::StatusOr<period::PeriodRange> parsed = period::ParsePeriodRange(range);
    if (!parsed.ok()) {
      return Fail(absl::InvalidArgumentError(StrCat("--period: ", parsed.status().message())));
    }
    period::ToProto(*parsed, request.mutable_range());
  }
  std::vector<std::string> keys;
  absl::StatusOr<std::vector<v1::GroupBy>> groups = ParseGroupBy(by, &keys);
  if (!groups.ok()) return Fail(groups.status());
  if (all_accounts && !accounts.empty()) {
    return Fail(absl::InvalidArgumentError("--all-accounts and --accounts: give one"));
  }
  // "Actual per unit" means the operating statement's: a unit's sum over every class would
  // add balance-sheet, investment and financial movements, figures no report shows. The
  // classes are then not shown, so the default is said.
  auto grouped = [&](std::string_view key) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
  };
  if (grouped("unit") && !grouped("account_class") && !grouped("account") && accounts.empty() &&
      !all_accounts) {
    accounts = {"3", "4", "5", "6", "7"};
    std::fprintf(stderr,
                 "tertial balances: by unit, the operating accounts (classes 3-7, as the "
                 "operating statement); --accounts or --all-accounts for others\n");
  }
  for (v1::GroupBy g : *groups) request.add_group_by(g);
  request.set_unit_subtree(unit);
  for (const std::string& a : accounts) request.add_account_prefixes(a);
  request.set_rollup_units(rollup);

  absl::StatusOr<LedgerClient> client = LedgerClient::Open(global, "ledger");
  if (!client.ok()) return Fail(client.status());
  v1::GetBalancesResponse response;
  if (absl::Status s = client->Call(&LedgerClient::Stub::GetBalances, request, &response);
      !s.ok()) {
    return Fail(s);
  }

  std::vector<Column> columns;
  for (const std::string& key : keys) {
    std::string header = key == "unit"            ? "Enhet"
                         : key == "account_class" ? "Kontoklass"
                         : key == "account"       ? "Konto"
                         : key == "project"       ? "Projekt"
                                                  : "Period";
    columns.push_back({key, header});
  }
  columns.push_back({"actual_ore", "Utfall (tkr)"});
  columns.push_back({"budget_ore", "Budget (tkr)"});
  Table table(columns);
  for (const v1::BalanceRow& row : response.rows()) {
    std::vector<Cell> cells;
    for (const std::string& key : keys) {
      if (key == "unit")
        cells.push_back(Cell::Text(row.unit_id()));
      else if (key == "account_class")
        cells.push_back(Cell::Text(row.account_class()));
      else if (key == "account")
        cells.push_back(Cell::Text(row.account()));
      else if (key == "project")
        cells.push_back(Cell::Text(row.project_id()));
      else
        cells.push_back(Cell::Text(period::FormatPeriod(period::FromProto(row.period()))));
    }
    cells.push_back(Cell::Ore(row.actual_ore()));
    cells.push_back(Cell::Ore(row.budget_ore()));
    table.AddRow(std::move(cells));
  }
  table.Print(global.format, std::cout);
  return 0;
}

std::string_view KindName(v1::UnitKind kind) {
  switch (kind) {
    case v1::UNIT_KIND_NAMND:
      return "namnd";
    case v1::UNIT_KIND_FORVALTNING:
      return "forvaltning";
    case v1::UNIT_KIND_STAB:
      return "stab";
    case v1::UNIT_KIND_ENHET:
      return "enhet";
    default:
      return "";
  }
}

int RunUnits(const std::vector<std::string>& args) {
  GlobalOptions global;
  absl::StatusOr<v1::ListUnitsResponse> response =
      AskForList("tertial units", args, &LedgerClient::Stub::ListUnits, &global);
  if (!response.ok()) return Fail(response.status());
  Table table({{"unit_id", "Enhet"},
               {"name", "Namn"},
               {"parent_id", "Överordnad"},
               {"kind", "Typ"},
               {"scb_activity_code", "Verksamhet (SCB)"}});
  for (const v1::Unit& unit : response->units()) {
    table.AddRow({Cell::Text(unit.unit_id()), Cell::Text(unit.name()), Cell::Text(unit.parent_id()),
                  Cell::Text(std::string(KindName(unit.kind()))),
                  Cell::Text(unit.scb_activity_code())});
  }
  table.Print(global.format, std::cout);
  return 0;
}

int RunProjects(const std::vector<std::string>& args) {
  GlobalOptions global;
  absl::StatusOr<v1::ListProjectsResponse> response =
      AskForList("tertial projects", args, &LedgerClient::Stub::ListProjects, &global);
  if (!response.ok()) return Fail(response.status());
  Table table({{"project_id", "Projekt"},
               {"name", "Namn"},
               {"unit_id", "Enhet"},
               {"fiscal_year", "År"},
               {"frame_ore", "Ram (tkr)"}});
  for (const v1::Project& project : response->projects()) {
    if (project.frames().empty()) {
      table.AddRow({Cell::Text(project.project_id()), Cell::Text(project.name()),
                    Cell::Text(project.unit_id()), Cell::Empty(), Cell::Empty()});
    }
    for (const v1::ProjectFrame& frame : project.frames()) {
      table.AddRow({Cell::Text(project.project_id()), Cell::Text(project.name()),
                    Cell::Text(project.unit_id()), Cell::Year(frame.fiscal_year()),
                    Cell::Ore(frame.frame_ore())});
    }
  }
  table.Print(global.format, std::cout);
  return 0;
}

int RunClosePeriod(const std::vector<std::string>& args) {
  GlobalOptions global;
  std::string organisation, period_text;
  config::FlagSet flags("tertial close-period");
  AddGlobalFlags(flags, &global);
  flags.String("org", &organisation, "kommunkod", {.env = "TERTIAL_ORG", .required = true});
  flags.String("period", &period_text, "the month to close, YYYY-MM (or give it as argument)");
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  if (period_text.empty() && rest->size() == 1) period_text = (*rest)[0];
  if (period_text.empty() || rest->size() > 1 || (!rest->empty() && flags.IsSet("period"))) {
    return Fail(
        absl::InvalidArgumentError("usage: tertial close-period --org KOD --period YYYY-MM"));
  }
  absl::StatusOr<period::Period> p = period::ParsePeriod(period_text);
  if (!p.ok()) return Fail(absl::InvalidArgumentError(StrCat("--period: ", p.status().message())));
  absl::StatusOr<LedgerClient> client = LedgerClient::Open(global, "ledger");
  if (!client.ok()) return Fail(client.status());
  v1::ClosePeriodRequest request;
  request.set_organisation(organisation);
  period::ToProto(*p, request.mutable_period());
  request.set_actor(global.actor);
  v1::ClosePeriodResponse response;
  if (absl::Status s = client->Call(&LedgerClient::Stub::ClosePeriod, request, &response);
      !s.ok()) {
    return Fail(s);
  }
  Table table({{"organisation", "Organisation"}, {"period", "Period"}, {"status", "Status"}});
  table.AddRow({Cell::Text(organisation), Cell::Text(period::FormatPeriod(*p)),
                Cell::Text(response.already_closed() ? "already closed" : "closed")});
  table.Print(global.format, std::cout);
  return 0;
}

}  // namespace
}  // namespace ledger_commands

std::vector<Command> LedgerCommands() {
  namespace run = ledger_commands;
  return {
      {"import",
       "import SIE ledgers and CSV units, projects and budgets (all or nothing); import "
       "retract ID takes one back",
       run::RunImport},
      {"balances", "actual and budget per unit, account class, account, project, month",
       run::RunBalances},
      {"units", "the unit tree of an organisation", run::RunUnits},
      {"projects", "the investment projects and their frames", run::RunProjects},
      {"imports", "the files imported so far", run::RunImports},
      {"close-period", "close a month for follow-up (forecasts are published for it)",
       run::RunClosePeriod},
      {"reopen-period", "reopen a closed month, with a reason (a controller's correction)",
       run::RunReopenPeriod},
  };
}

}  // namespace tertial::cli