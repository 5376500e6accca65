// tertial forecast and tertial forecast investments: the full-year forecast per unit and
// per investment project.

#include <cstdio>
#include <iostream>

#include "commands_forecast.h"
#include "output.h"
#include "tertial/base/strings.h"
#include "tertial/period/period.h"
#include "tertial/period/proto.h"

namespace tertial::cli::forecast_commands {
namespace {

namespace v1 = ::tertial::forecast::v1;

// At most `max` characters (code points) of UTF-8 text, with an ellipsis when cut.
std::string Shorten(const std::string& text, size_t max) {
  size_t count = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (++count > max) return text.substr(0, i) + "…";
  }
  return text;
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
    period::ToProto(*p, request.mutable_as_of());
  } else if (f.year == 0) {
    return absl::InvalidArgumentError("give --year or --as-of");
  }
  absl::StatusOr<ForecastClient> client = ForecastClient::Open(f.global, "forecast");
  if (!client.ok()) return client.status();
  v1::GetForecastResponse response;
  if (absl::Status s = client->Call(&v1::ForecastService::Stub::GetForecast, request, &response);
      !s.ok()) {
    return s;
  }
  return response;
}

}  // namespace

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
                    Cell::Flag(u.rollup()),
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
                    Cell::Text(period::FormatPeriod(period::FromProto(response->as_of()))),
                    Cell::Text(ids)});
    }
    table.Print(f.global.format, std::cout);
    for (const std::string& w : response->warnings())
      std::fprintf(stderr, "tertial: warning: %s\n", w.c_str());
    return 0;
  }

  std::printf("Prognos helår %d per %s (%s), metod: %s — belopp i tkr\n\n", response->fiscal_year(),
              period::FormatPeriod(period::FromProto(response->as_of())).c_str(),
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
                period::FormatPeriod(period::FromProto(response->as_of())).c_str());
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

}  // namespace tertial::cli::forecast_commands
