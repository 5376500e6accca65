// tertial forecast method and tertial backtest: which method forecasts a year, and how
// well each method forecast the years before.

#include <cmath>
#include <cstdio>
#include <iostream>

#include "absl/strings/numbers.h"
#include "commands_forecast.h"
#include "output.h"
#include "tertial/base/strings.h"
#include "tertial/money/money.h"

namespace tertial::cli::forecast_commands {
namespace {

namespace v1 = ::tertial::forecast::v1;

std::string Percent(double fraction) {
  int64_t tenths = static_cast<int64_t>(std::llround(fraction * 1000));
  return money::FormatFixed(tenths, 1) + " %";
}

Cell PercentCell(double fraction) {
  char machine[32];
  std::snprintf(machine, sizeof(machine), "%.4f", fraction * 100);
  return Cell::Number(Percent(fraction), machine);
}

// The method scored, and for people what ran in its place: "prior_year_profile (föll
// tillbaka på budget_profile i 11 av 11)". A score whose method always fell back is its
// fallbacks' score, and the row must say so.
std::string MethodWithFallbacks(const std::string& method, const v1::BacktestScore& s) {
  if (s.fallback_observations() == 0) return method;
  std::string counts = StrCat(s.fallback_observations(), " av ", s.observations());
  if (s.fallbacks_size() == 1) {
    return StrCat(method, " (föll tillbaka på ", s.fallbacks(0).method(), " i ", counts, ")");
  }
  std::string list;
  for (const v1::BacktestFallback& f : s.fallbacks()) {
    StrAppend(&list, list.empty() ? "" : ", ", f.method(), " ", f.observations());
  }
  return StrCat(method, " (föll tillbaka i ", counts, ": ", list, ")");
}

// For programs: "budget_profile:11;runrate:3", empty when the method ran itself.
std::string FallbackList(const v1::BacktestScore& s) {
  std::string list;
  for (const v1::BacktestFallback& f : s.fallbacks()) {
    StrAppend(&list, list.empty() ? "" : ";", f.method(), ":", f.observations());
  }
  return list;
}

}  // namespace

int RunBacktest(const std::vector<std::string>& args) {
  ForecastFlags f;
  std::vector<std::string> years, methods;
  std::string unit, by = "unit";
  config::FlagSet flags("tertial backtest");
  AddForecastFlags(flags, &f, false);
  flags.List("years", &years,
             "years to score; default: every year with a full ledger before --year");
  flags.List("method", &methods, "methods to score; default: all four");
  flags.String("unit", &unit, "only this unit and its subtree");
  flags.String("by", &by, "unit (per unit and method), month (per month of the year) or method");
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  if (absl::Status s = NoPositional(*rest); !s.ok()) return Fail(s);
  if (by != "unit" && by != "month" && by != "method") {
    return Fail(
        absl::InvalidArgumentError(StrCat("--by ", by, ": expected unit, month or method")));
  }
  v1::BacktestRequest request;
  request.set_organisation(f.org);
  request.set_target_fiscal_year(static_cast<int32_t>(f.year));
  request.set_unit_subtree(unit);
  for (const std::string& y : years) {
    int year = 0;
    if (!absl::SimpleAtoi(ToAbsl(y), &year))
      return Fail(absl::InvalidArgumentError(StrCat("--years: '", y, "' is not a year")));
    request.add_fiscal_years(year);
  }
  for (const std::string& m : methods) request.add_methods(m);
  absl::StatusOr<ForecastClient> client = ForecastClient::Open(f.global, "forecast");
  if (!client.ok()) return Fail(client.status());
  v1::BacktestResponse response;
  if (absl::Status s = client->Call(&v1::ForecastService::Stub::Backtest, request, &response);
      !s.ok()) {
    return Fail(s);
  }
  if (f.global.format == "table") {
    std::string list;
    for (int y : response.fiscal_years()) list += (list.empty() ? "" : ", ") + std::to_string(y);
    std::printf("Backtest över %s: prognoser per månad 1..11 mot årets utfall\n\n",
                list.empty() ? "(inga år med fullständig huvudbok)" : list.c_str());
  }
  // People read what ran instead in the method cell; programs get it in columns of its own.
  const bool people = f.global.format == "table";
  auto method_cell = [&](const std::string& method, const v1::BacktestScore& s) {
    return people ? Cell::Text(MethodWithFallbacks(method, s)) : Cell::Text(method);
  };
  // An error over no observations is no figure: "0,0 %" would read as a perfect method.
  auto score_cells = [&](const v1::BacktestScore& s, std::vector<Cell>* cells) {
    const bool any = s.observations() > 0, any_net = s.net_observations() > 0;
    cells->push_back(Cell::Int(s.observations()));
    cells->push_back(any_net ? PercentCell(s.mape()) : Cell::Empty());
    cells->push_back(any_net ? PercentCell(s.bias()) : Cell::Empty());
    cells->push_back(any ? PercentCell(s.wape()) : Cell::Empty());
    cells->push_back(any ? Cell::Ore(s.mean_error_ore()) : Cell::Empty());
    if (!people) {
      cells->push_back(Cell::Int(s.fallback_observations()));
      cells->push_back(Cell::Text(FallbackList(s)));
    }
  };
  std::vector<Column> score_columns = {{"observations", "Prognoser"},
                                       {"mape_pct", "MAPE netto"},
                                       {"bias_pct", "Bias netto"},
                                       {"wape_pct", "WAPE kostn+intäkter"},
                                       {"mean_error_ore", "Medelfel (tkr)"}};
  if (!people) {
    score_columns.push_back({"fallback_observations", ""});
    score_columns.push_back({"fallbacks", ""});
  }
  if (by == "unit") {
    std::vector<Column> columns = {
        {"unit", "Enhet"}, {"name", "Namn"}, {"rollup", "Nivå"}, {"method", "Metod"}};
    columns.insert(columns.end(), score_columns.begin(), score_columns.end());
    columns.push_back({"chosen_by_auto", "auto väljer"});
    Table table(columns);
    for (const v1::BacktestUnitScore& u : response.units()) {
      std::vector<Cell> cells = {
          Cell::Text(u.unit_id()),
          Cell::Text(f.global.format == "table" ? std::string(2 * u.depth(), ' ') + u.name()
                                                : u.name()),
          f.global.format == "table" ? Cell::Text(u.rollup() ? "summa" : "")
                                     : Cell::Flag(u.rollup()),
          method_cell(u.method(), u.score())};
      score_cells(u.score(), &cells);
      cells.push_back(f.global.format == "table" ? Cell::Text(u.chosen_by_auto() ? "*" : "")
                                                 : Cell::Flag(u.chosen_by_auto()));
      table.AddRow(std::move(cells));
    }
    table.Print(f.global.format, std::cout);
  } else if (by == "month") {
    std::vector<Column> columns = {{"method", "Metod"}, {"month", "Månad"}};
    columns.insert(columns.end(), score_columns.begin(), score_columns.end());
    Table table(columns);
    for (const v1::BacktestMonthScore& m : response.months()) {
      std::vector<Cell> cells = {method_cell(m.method(), m.score()), Cell::Int(m.month())};
      score_cells(m.score(), &cells);
      table.AddRow(std::move(cells));
    }
    table.Print(f.global.format, std::cout);
  } else {
    std::vector<Column> columns = {{"method", "Metod"}};
    columns.insert(columns.end(), score_columns.begin(), score_columns.end());
    Table table(columns);
    for (const v1::BacktestMethodScore& m : response.methods()) {
      std::vector<Cell> cells = {method_cell(m.method(), m.score())};
      score_cells(m.score(), &cells);
      table.AddRow(std::move(cells));
    }
    table.Print(f.global.format, std::cout);
  }
  return 0;
}

// --- tertial forecast method -----------------------------------------------------------

int RunMethod(const std::vector<std::string>& args) {
  ForecastFlags f;
  std::string unit;
  config::FlagSet flags("tertial forecast method [METHOD]");
  AddForecastFlags(flags, &f, true);
  flags.String("unit", &unit,
               "choose for this unit and its subtree; default: the whole organisation");
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  if (rest->size() > 1) return Fail(absl::InvalidArgumentError("give one method"));
  absl::StatusOr<ForecastClient> client = ForecastClient::Open(f.global, "forecast");
  if (!client.ok()) return Fail(client.status());
  if (rest->size() == 1) {
    v1::ChooseMethodRequest request;
    request.set_organisation(f.org);
    request.set_fiscal_year(static_cast<int32_t>(f.year));
    request.set_unit_id(unit);
    request.set_method((*rest)[0]);
    request.set_actor(f.global.actor);
    v1::ChooseMethodResponse response;
    if (absl::Status s = client->Call(&v1::ForecastService::Stub::ChooseMethod, request, &response);
        !s.ok()) {
      return Fail(s);
    }
    std::printf("%s %s for %lld%s\n", (*rest)[0].c_str(),
                response.unchanged() ? "was already chosen" : "chosen",
                static_cast<long long>(f.year),
                unit.empty() ? "" : StrCat(", unit ", unit, " and below").c_str());
    return 0;
  }
  v1::ListMethodChoicesRequest request;
  request.set_organisation(f.org);
  request.set_fiscal_year(static_cast<int32_t>(f.year));
  v1::ListMethodChoicesResponse response;
  if (absl::Status s =
          client->Call(&v1::ForecastService::Stub::ListMethodChoices, request, &response);
      !s.ok()) {
    return Fail(s);
  }
  Table table(
      {{"fiscal_year", "År"}, {"unit", "Enhet"}, {"method", "Metod"}, {"actor", "Vald av"}});
  bool organisation_wide = false;
  for (const v1::MethodChosen& c : response.choices()) {
    organisation_wide = organisation_wide || c.unit_id().empty();
    table.AddRow({Cell::Year(c.fiscal_year()),
                  Cell::Text(c.unit_id().empty() ? "(hela organisationen)" : c.unit_id()),
                  Cell::Text(c.method()), Cell::Text(c.actor())});
  }
  if (!organisation_wide && f.global.format == "table") {
    table.AddRow({Cell::Year(f.year), Cell::Text("(hela organisationen)"), Cell::Text("auto"),
                  Cell::Text("(standard)")});
  }
  table.Print(f.global.format, std::cout);
  return 0;
}

}  // namespace tertial::cli::forecast_commands
