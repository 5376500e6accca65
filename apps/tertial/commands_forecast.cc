// tertial forecast ...: the full-year forecast (prognos helår), its adjustments, the method
// choice and backtests, through tertial.forecast.v1.ForecastService.

#include <grpcpp/client_context.h>

#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "cli.h"
#include "output.h"
#include "tertial/base/strings.h"
#include "tertial/base/utf8.h"
#include "tertial/forecast/v1/service.grpc.pb.h"
#include "tertial/grpcutil/status.h"
#include "tertial/money/money.h"
#include "tertial/period/period.h"

namespace tertial::cli {
namespace {

namespace v1 = ::tertial::forecast::v1;

// Flags every forecast command shares.
struct ForecastFlags {
  GlobalOptions global;
  std::string org;
  int64_t year = 0;
};

void AddForecastFlags(config::FlagSet& flags, ForecastFlags* f, bool year_required) {
  AddGlobalFlags(flags, &f->global);
  flags.String("org", &f->org, "organisation (kommunkod), e.g. 0580",
               {.env = "TERTIAL_ORG", .required = true});
  flags.Int("year", &f->year, "fiscal year, e.g. 2021", {.required = year_required});
}

absl::Status NoPositional(const std::vector<std::string>& rest) {
  if (rest.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(StrCat("unexpected argument '", rest.front(), "'"));
}

// A connection and a stub, with the token added to every call.
struct Client {
  std::unique_ptr<Connection> connection;
  std::unique_ptr<v1::ForecastService::Stub> stub;

  static absl::StatusOr<Client> Open(const GlobalOptions& global) {
    absl::StatusOr<std::unique_ptr<Connection>> connection = Connection::Open(global);
    if (!connection.ok()) return connection.status();
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = (*connection)->channel("forecast");
    if (!channel.ok()) return channel.status();
    Client client;
    client.stub = v1::ForecastService::NewStub(*channel);
    client.connection = std::move(*connection);
    return client;
  }

  template <typename Request, typename Response, typename Method>
  absl::Status Call(Method method, const Request& request, Response* response) {
    grpc::ClientContext context;
    connection->Decorate(context);
    grpc::Status status = ((*stub).*method)(&context, request, response);
    if (status.ok()) WarnIfStale(context);
    return grpcutil::FromGrpc(status);
  }
};

std::string Percent(double fraction) {
  int64_t tenths = static_cast<int64_t>(std::llround(fraction * 1000));
  return money::FormatFixed(tenths, 1) + " %";
}

Cell PercentCell(double fraction) {
  char machine[32];
  std::snprintf(machine, sizeof(machine), "%.4f", fraction * 100);
  return Cell::Number(Percent(fraction), machine);
}

std::string Time(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0) return "";
  std::time_t seconds = static_cast<std::time_t>(t.seconds());
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%d %H:%M", &tm);
  return buffer;
}

// At most `max` characters (code points) of UTF-8 text, with an ellipsis when cut.
std::string Shorten(const std::string& text, size_t max) {
  size_t count = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (++count > max) return text.substr(0, i) + "…";
  }
  return text;
}

// A yes/no column: true/false in csv and json (a JSON boolean), "ja" or nothing for people.
Cell Flag(bool value) { return Cell::Number(value ? "ja" : "", value ? "true" : "false"); }

std::string SideText(int side) {
  static const char* kSides[] = {"", "costs", "revenues", "investment_spending",
                                 "investment_income"};
  return side >= 0 && side <= 4 ? kSides[side] : "";
}

std::string FormatPeriod(const common::v1::Period& p) {
  return period::FormatPeriod({p.year(), p.month()});
}

// The forecast of --year (or of --as-of's fiscal year) as of --as-of, by `method` (empty:
// the organisation's choice), for `unit`'s subtree (empty: every unit).
absl::StatusOr<v1::GetForecastResponse> FetchForecast(const ForecastFlags& f,
                                                      const std::string& as_of,
                                                      const std::string& method,
                                                      const std::string& unit) {
  v1::GetForecastRequest request;
  request.set_organisation(f.org);
  request.set_fiscal_year(static_cast<int32_t>(f.year));
  request.set_method(method);
  request.set_unit_subtree(unit);
  if (!as_of.empty()) {
    absl::StatusOr<period::Period> p = period::ParsePeriod(as_of);
    if (!p.ok()) return absl::InvalidArgumentError(StrCat("--as-of ", as_of, ": expected YYYY-MM"));
    request.mutable_as_of()->set_year(p->year);
    request.mutable_as_of()->set_month(p->month);
  } else if (f.year == 0) {
    return absl::InvalidArgumentError("give --year or --as-of");
  }
  absl::StatusOr<Client> client = Client::Open(f.global);
  if (!client.ok()) return client.status();
  v1::GetForecastResponse response;
  if (absl::Status s = client->Call(&v1::ForecastService::Stub::GetForecast, request, &response);
      !s.ok()) {
    return s;
  }
  return response;
}

// --- tertial forecast --------------------------------------------------------------

int RunForecast(const std::vector<std::string>& args) {
  ForecastFlags f;
  std::string as_of, method, unit;
  config::FlagSet flags("tertial forecast");
  AddForecastFlags(flags, &f, false);
  flags.String("as-of", &as_of, "as-of period YYYY-MM; default: the latest closed period");
  flags.String("method", &method,
               "runrate, budget_remaining, budget_profile, prior_year_profile or auto; default: "
               "the organisation's chosen method");
  flags.String("unit", &unit, "only this unit and its subtree");
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  if (absl::Status s = NoPositional(*rest); !s.ok()) return Fail(s);

  absl::StatusOr<v1::GetForecastResponse> response = FetchForecast(f, as_of, method, unit);
  if (!response.ok()) return Fail(response.status());

  if (f.global.format != "table") {
    Table table({{"unit"},
                 {"name"},
                 {"parent"},
                 {"depth"},
                 {"rollup"},
                 {"method"},
                 {"method_requested"},
                 {"forecast_ore"},
                 {"budget_ore"},
                 {"deviation_ore"},
                 {"forecast_costs_ore"},
                 {"budget_costs_ore"},
                 {"deviation_costs_ore"},
                 {"forecast_revenues_ore"},
                 {"budget_revenues_ore"},
                 {"deviation_revenues_ore"},
                 {"adjustments_ore"},
                 {"adjustments_costs_ore"},
                 {"adjustments_revenues_ore"},
                 {"actual_ore"},
                 {"actual_costs_ore"},
                 {"actual_revenues_ore"},
                 {"prior_year_ore"},
                 {"as_of"},
                 {"adjustment_ids"}});
    for (const v1::UnitForecastRow& row : response->units()) {
      const v1::UnitForecast& u = row.forecast();
      std::string ids;
      for (const std::string& id : row.adjustment_ids()) ids += (ids.empty() ? "" : " ") + id;
      table.AddRow({Cell::Text(u.unit_id()),
                    Cell::Text(row.name()),
                    Cell::Text(row.parent_id()),
                    Cell::Int(row.depth()),
                    Flag(u.rollup()),
                    Cell::Text(u.method()),
                    Cell::Text(u.method_requested()),
                    Cell::Ore(u.forecast_net_ore()),
                    Cell::Ore(u.budget_net_ore()),
                    Cell::Ore(row.deviation_net_ore()),
                    Cell::Ore(u.forecast_costs_ore()),
                    Cell::Ore(u.budget_costs_ore()),
                    Cell::Ore(row.deviation_costs_ore()),
                    Cell::Ore(u.forecast_revenues_ore()),
                    Cell::Ore(u.budget_revenues_ore()),
                    Cell::Ore(row.deviation_revenues_ore()),
                    Cell::Ore(u.adjustments_costs_ore() + u.adjustments_revenues_ore()),
                    Cell::Ore(u.adjustments_costs_ore()),
                    Cell::Ore(u.adjustments_revenues_ore()),
                    Cell::Ore(u.actual_costs_ore() + u.actual_revenues_ore()),
                    Cell::Ore(u.actual_costs_ore()),
                    Cell::Ore(u.actual_revenues_ore()),
                    Cell::Ore(row.prior_year_net_ore()),
                    Cell::Text(FormatPeriod(response->as_of())),
                    Cell::Text(ids)});
    }
    table.Print(f.global.format, std::cout);
    for (const std::string& w : response->warnings())
      std::fprintf(stderr, "tertial: warning: %s\n", w.c_str());
    return 0;
  }

  std::printf("Prognos helår %d per %s (%s), metod: %s — belopp i tkr\n\n", response->fiscal_year(),
              FormatPeriod(response->as_of()).c_str(),
              response->as_of_closed() ? "stängd period" : "perioden är inte stängd",
              response->method_requested().c_str());
  Table table({{"unit", "Enhet"},
               {"name", "Namn"},
               {"method", "Metod"},
               {"actual_ore", "Utfall hittills"},
               {"forecast_ore", "Prognos helår"},
               {"budget_ore", "Budget"},
               {"deviation_ore", "Avvikelse"},
               {"adjustments_ore", "varav justering"},
               {"forecast_costs_ore", "Prognos kostnader"},
               {"forecast_revenues_ore", "Prognos intäkter"},
               {"prior_year_ore", "Bokslut fg år"}});
  for (const v1::UnitForecastRow& row : response->units()) {
    const v1::UnitForecast& u = row.forecast();
    table.AddRow({Cell::Text(u.unit_id()),
                  Cell::Text(std::string(2 * row.depth(), ' ') + row.name()),
                  Cell::Text(u.method()), Cell::Ore(u.actual_costs_ore() + u.actual_revenues_ore()),
                  Cell::Ore(u.forecast_net_ore()), Cell::Ore(u.budget_net_ore()),
                  Cell::Ore(row.deviation_net_ore()),
                  Cell::Ore(u.adjustments_costs_ore() + u.adjustments_revenues_ore()),
                  Cell::Ore(u.forecast_costs_ore()), Cell::Ore(u.forecast_revenues_ore()),
                  Cell::Ore(row.prior_year_net_ore())});
  }
  table.Print("table", std::cout);
  std::printf(
      "\nAvvikelse = budget − prognos (positiv = överskott). Kostnader positiva, intäkter "
      "negativa.\n");
  if (response->adjustments_size() > 0) {
    std::printf("\nJusteringar som ingår i prognosen\n");
    Table adjustments({{"unit", "Enhet"},
                       {"project", "Projekt"},
                       {"side", "Sida"},
                       {"amount_ore", "Belopp"},
                       {"reason", "Skäl"},
                       {"actor", "Av"}});
    for (const v1::Adjustment& a : response->adjustments()) {
      adjustments.AddRow({Cell::Text(a.made().unit_id()), Cell::Text(a.made().project_id()),
                          Cell::Text(SideText(a.made().side())), Cell::Ore(a.made().amount_ore()),
                          Cell::Text(Shorten(a.made().reason(), 80)),
                          Cell::Text(a.made().actor())});
    }
    adjustments.Print("table", std::cout);
  }
  for (const std::string& w : response->warnings()) std::printf("\nObs: %s\n", w.c_str());
  return 0;
}

// --- tertial forecast investments ----------------------------------------------------

int RunInvestments(const std::vector<std::string>& args) {
  ForecastFlags f;
  std::string as_of, unit;
  config::FlagSet flags("tertial forecast investments");
  AddForecastFlags(flags, &f, true);
  flags.String("as-of", &as_of, "as-of period YYYY-MM; default: the latest closed period");
  flags.String("unit", &unit, "only projects of this unit's subtree");
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  if (absl::Status s = NoPositional(*rest); !s.ok()) return Fail(s);
  absl::StatusOr<v1::GetForecastResponse> response = FetchForecast(f, as_of, "", unit);
  if (!response.ok()) return Fail(response.status());
  if (f.global.format == "table") {
    std::printf("Investeringar %d, prognos per %s — belopp i tkr\n\n", response->fiscal_year(),
                FormatPeriod(response->as_of()).c_str());
  }
  Table table({{"project", "Projekt"},
               {"name", "Namn"},
               {"unit", "Enhet"},
               {"method", "Metod"},
               {"spending_to_date_ore", "Utgifter hittills"},
               {"income_to_date_ore", "Inkomster hittills"},
               {"forecast_spending_ore", "Prognos utgifter"},
               {"forecast_income_ore", "Prognos inkomster"},
               {"forecast_ore", "Prognos netto"},
               {"frame_ore", "Ram"},
               {"deviation_ore", "Avvikelse"},
               {"adjustments_ore", "varav justering"}});
  int64_t totals[8] = {};
  for (const v1::ProjectForecastRow& row : response->projects()) {
    const v1::ProjectForecast& p = row.forecast();
    int64_t values[8] = {p.spending_to_date_ore(),  p.income_to_date_ore(),
                         p.forecast_spending_ore(), p.forecast_income_ore(),
                         row.forecast_net_ore(),    p.frame_ore(),
                         row.deviation_ore(),       p.adjustments_ore()};
    std::vector<Cell> cells = {Cell::Text(p.project_id()), Cell::Text(row.name()),
                               Cell::Text(p.unit_id()), Cell::Text(p.method())};
    for (int i = 0; i < 8; ++i) {
      cells.push_back(Cell::Ore(values[i]));
      totals[i] += values[i];
    }
    table.AddRow(std::move(cells));
  }
  if (f.global.format == "table" && response->projects_size() > 0) {
    std::vector<Cell> cells = {Cell::Text("Summa"), Cell::Empty(), Cell::Empty(), Cell::Empty()};
    for (int64_t t : totals) cells.push_back(Cell::Ore(t));
    table.AddRow(std::move(cells));
  }
  table.Print(f.global.format, std::cout);
  return 0;
}

// --- tertial backtest ----------------------------------------------------------------

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
  absl::StatusOr<Client> client = Client::Open(f.global);
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
  auto score_cells = [&](const v1::BacktestScore& s, std::vector<Cell>* cells) {
    cells->push_back(Cell::Int(s.observations()));
    cells->push_back(PercentCell(s.mape()));
    cells->push_back(PercentCell(s.bias()));
    cells->push_back(PercentCell(s.wape()));
    cells->push_back(Cell::Ore(s.mean_error_ore()));
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
          f.global.format == "table" ? Cell::Text(u.rollup() ? "summa" : "") : Flag(u.rollup()),
          method_cell(u.method(), u.score())};
      score_cells(u.score(), &cells);
      cells.push_back(f.global.format == "table" ? Cell::Text(u.chosen_by_auto() ? "*" : "")
                                                 : Flag(u.chosen_by_auto()));
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

// --- tertial forecast adjust / withdraw / adjustments ---------------------------------

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(StrCat("cannot read ", path));
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

int RunAdjust(const std::vector<std::string>& args) {
  ForecastFlags f;
  std::string file, unit, project, side, amount, amount_ore, reason, expires_after, id;
  config::FlagSet flags("tertial forecast adjust");
  AddForecastFlags(flags, &f, true);
  flags.String("file", &file, "adjustments.csv (docs/formats.md): all rows or none",
               {.path = true});
  flags.String("unit", &unit, "the unit (for costs and revenues)");
  flags.String("project", &project, "the project (for investment_spending and investment_income)");
  flags.String("side", &side, "costs, revenues, investment_spending or investment_income");
  flags.String("amount", &amount,
               "kronor, SIE sign (a cost increase positive), e.g. 4000000 or -1234,50");
  flags.String("amount-ore", &amount_ore, "the amount in öre instead of kronor");
  flags.String("reason", &reason, "why; shown in the report");
  flags.String("expires-after", &expires_after,
               "YYYY-MM: no longer applies to forecasts as of later periods");
  flags.String("id", &id, "adjustment id, so that a retry makes nothing twice; default: a new one");
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  if (absl::Status s = NoPositional(*rest); !s.ok()) return Fail(s);

  v1::AdjustRequest request;
  request.set_organisation(f.org);
  request.set_fiscal_year(static_cast<int32_t>(f.year));
  request.set_actor(f.global.actor);
  if (!file.empty()) {
    if (!unit.empty() || !project.empty() || !side.empty() || !amount.empty() ||
        !amount_ore.empty() || !reason.empty() || !expires_after.empty() || !id.empty()) {
      return Fail(absl::InvalidArgumentError(
          "--file takes its adjustments from the file; give no other adjustment flags"));
    }
    absl::StatusOr<std::string> content = ReadFile(file);
    if (!content.ok()) return Fail(content.status());
    request.set_csv(*content);
    request.set_file_name(ValidUtf8(std::filesystem::path(file).filename().string()));
  } else {
    v1::AdjustmentInput* in = request.add_adjustments();
    in->set_unit_id(unit);
    in->set_project_id(project);
    in->set_reason(reason);
    in->set_adjustment_id(id);
    if (side.empty()) return Fail(absl::InvalidArgumentError("--side: required (or give --file)"));
    v1::Side parsed = v1::SIDE_UNSPECIFIED;
    for (auto [name, value] : {std::pair{"costs", v1::SIDE_COSTS},
                               {"revenues", v1::SIDE_REVENUES},
                               {"investment_spending", v1::SIDE_INVESTMENT_SPENDING},
                               {"investment_income", v1::SIDE_INVESTMENT_INCOME}}) {
      if (side == name) parsed = value;
    }
    if (parsed == v1::SIDE_UNSPECIFIED) {
      return Fail(absl::InvalidArgumentError(
          StrCat("--side ", side,
                 ": expected costs, revenues, investment_spending or investment_income")));
    }
    in->set_side(parsed);
    if (amount.empty() == amount_ore.empty()) {
      return Fail(
          absl::InvalidArgumentError("give --amount (kronor) or --amount-ore, one of them"));
    }
    if (!amount.empty()) {
      absl::StatusOr<int64_t> ore = money::ParseKronor(amount);
      if (!ore.ok())
        return Fail(
            absl::InvalidArgumentError(StrCat("--amount ", amount, ": ", ore.status().message())));
      in->set_amount_ore(*ore);
    } else {
      int64_t ore = 0;
      if (!absl::SimpleAtoi(ToAbsl(amount_ore), &ore)) {
        return Fail(absl::InvalidArgumentError(
            StrCat("--amount-ore ", amount_ore, ": expected an integer")));
      }
      in->set_amount_ore(ore);
    }
    if (!expires_after.empty()) {
      absl::StatusOr<period::Period> p = period::ParsePeriod(expires_after);
      if (!p.ok())
        return Fail(absl::InvalidArgumentError(
            StrCat("--expires-after ", expires_after, ": expected YYYY-MM")));
      in->mutable_expires_after()->set_year(p->year);
      in->mutable_expires_after()->set_month(p->month);
    }
  }
  absl::StatusOr<Client> client = Client::Open(f.global);
  if (!client.ok()) return Fail(client.status());
  v1::AdjustResponse response;
  if (absl::Status s = client->Call(&v1::ForecastService::Stub::Adjust, request, &response);
      !s.ok()) {
    return Fail(s);
  }
  if (response.made() == 0) {
    std::printf("nothing new: %d adjustment%s already made\n", response.already_made(),
                response.already_made() == 1 ? " was" : "s were");
  } else {
    std::printf("made %d adjustment%s", response.made(), response.made() == 1 ? "" : "s");
    if (response.already_made() > 0) std::printf(" (%d already made)", response.already_made());
    std::printf("\n");
  }
  for (const std::string& made_id : response.adjustment_ids()) std::printf("%s\n", made_id.c_str());
  return 0;
}

int RunWithdraw(const std::vector<std::string>& args) {
  ForecastFlags f;
  std::string id, reason;
  config::FlagSet flags("tertial forecast withdraw");
  AddForecastFlags(flags, &f, false);
  flags.String("id", &id, "the adjustment to withdraw", {.required = true});
  flags.String("reason", &reason, "why it no longer holds", {.required = true});
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  if (absl::Status s = NoPositional(*rest); !s.ok()) return Fail(s);
  v1::WithdrawAdjustmentRequest request;
  request.set_organisation(f.org);
  request.set_adjustment_id(id);
  request.set_reason(reason);
  request.set_actor(f.global.actor);
  absl::StatusOr<Client> client = Client::Open(f.global);
  if (!client.ok()) return Fail(client.status());
  v1::WithdrawAdjustmentResponse response;
  if (absl::Status s =
          client->Call(&v1::ForecastService::Stub::WithdrawAdjustment, request, &response);
      !s.ok()) {
    return Fail(s);
  }
  std::printf(response.already_withdrawn() ? "%s was already withdrawn\n" : "withdrew %s\n",
              id.c_str());
  return 0;
}

int RunAdjustments(const std::vector<std::string>& args) {
  ForecastFlags f;
  bool all = false;
  config::FlagSet flags("tertial forecast adjustments");
  AddForecastFlags(flags, &f, false);
  flags.Bool("all", &all, "include withdrawn adjustments");
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  if (absl::Status s = NoPositional(*rest); !s.ok()) return Fail(s);
  v1::ListAdjustmentsRequest request;
  request.set_organisation(f.org);
  request.set_fiscal_year(static_cast<int32_t>(f.year));
  request.set_include_withdrawn(all);
  absl::StatusOr<Client> client = Client::Open(f.global);
  if (!client.ok()) return Fail(client.status());
  v1::ListAdjustmentsResponse response;
  if (absl::Status s =
          client->Call(&v1::ForecastService::Stub::ListAdjustments, request, &response);
      !s.ok()) {
    return Fail(s);
  }
  Table table({{"adjustment_id", "Id"},
               {"fiscal_year", "År"},
               {"unit", "Enhet"},
               {"project", "Projekt"},
               {"side", "Sida"},
               {"amount_ore", "Belopp (tkr)"},
               {"reason", "Skäl"},
               {"expires_after", "Gäller t.o.m."},
               {"actor", "Av"},
               {"made_at", "När"},
               {"source", "Källa"},
               {"withdrawn", "Återtagen"},
               {"withdrawal_reason", "Skäl för återtagande"}});
  for (const v1::Adjustment& a : response.adjustments()) {
    const v1::AdjustmentMade& m = a.made();
    table.AddRow(
        {Cell::Text(m.adjustment_id()), Cell::Int(m.fiscal_year()), Cell::Text(m.unit_id()),
         Cell::Text(m.project_id()), Cell::Text(SideText(m.side())), Cell::Ore(m.amount_ore()),
         Cell::Text(m.reason()),
         m.has_expires_after() ? Cell::Text(FormatPeriod(m.expires_after())) : Cell::Empty(),
         Cell::Text(m.actor()), Cell::Text(Time(a.made_at())), Cell::Text(m.source()),
         Flag(a.withdrawn()), Cell::Text(a.withdrawal_reason())});
  }
  table.Print(f.global.format, std::cout);
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
  absl::StatusOr<Client> client = Client::Open(f.global);
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
    table.AddRow({Cell::Int(c.fiscal_year()),
                  Cell::Text(c.unit_id().empty() ? "(hela organisationen)" : c.unit_id()),
                  Cell::Text(c.method()), Cell::Text(c.actor())});
  }
  if (!organisation_wide && f.global.format == "table") {
    table.AddRow({Cell::Int(f.year), Cell::Text("(hela organisationen)"), Cell::Text("auto"),
                  Cell::Text("(standard)")});
  }
  table.Print(f.global.format, std::cout);
  return 0;
}

}  // namespace

std::vector<Command> ForecastCommands() {
  return {
      {"forecast", "full-year forecast per unit: forecast, budget, deviation, method", RunForecast},
      {"forecast investments", "investment forecast per project against its frame", RunInvestments},
      {"forecast adjust", "adjust a forecast (flags, or --file adjustments.csv)", RunAdjust},
      {"forecast withdraw", "withdraw an adjustment", RunWithdraw},
      {"forecast adjustments", "list adjustments with their reasons", RunAdjustments},
      {"forecast method", "choose (or show) the forecast method for a year", RunMethod},
      {"backtest", "how well each method forecast earlier years (MAPE, bias)", RunBacktest},
  };
}

}  // namespace tertial::cli
