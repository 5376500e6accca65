#include <map>
#include <utility>

#include "section_builder.h"
#include "tertial/base/strings.h"

namespace tertial::reporting {

using chart::UnitKind;
using chart::UnitNode;

std::vector<Chart> SectionBuilder::Charts() const {
  std::vector<Chart> out;
  Chart forecast{.id = "net_cost_forecast",
                 .title = StrCat("Nettokostnad per verksamhet, prognos ", r_.fiscal_year_name,
                                 " jämfört med bokslut ", r_.prior_fiscal_year_name, " (mnkr)")};
  Chart period{.id = "net_cost_period",
               .title = StrCat("Nettokostnad ", Span(), " jämfört med samma period ",
                               r_.prior_fiscal_year_name, " (mnkr)")};
  ChartSeries f{.name = StrCat("Prognos ", r_.fiscal_year_name)};
  ChartSeries b{.name = StrCat("Bokslut ", r_.prior_fiscal_year_name)};
  ChartSeries a{.name = Span()};
  ChartSeries p{.name = PriorSpan()};
  std::map<std::string, std::pair<int64_t, int64_t>> by_code;
  std::vector<std::string> code_order;
  for (const UnitNode* stab : stabs_) {
    ForecastLine line = LineOf(stab->id);
    UnitFigures fig = Rolled(stab->id);
    forecast.categories.push_back(stab->name);
    period.categories.push_back(stab->name);
    f.values_ore.push_back(line.forecast_of(ForecastSide::kNet).value_or(0));
    b.values_ore.push_back(line.prior_of(ForecastSide::kNet));
    a.values_ore.push_back(fig.actual.net_ore());
    p.values_ore.push_back(fig.prior_period.net_ore());
    std::string code = stab->scb_activity_code.empty() ? "–" : stab->scb_activity_code;
    if (!by_code.count(code)) code_order.push_back(code);
    by_code[code].first += line.forecast_of(ForecastSide::kNet).value_or(0);
    by_code[code].second += line.prior_of(ForecastSide::kNet);
  }
  // Without a prior year in the ledger there is nothing to compare with: its bars would
  // all be 0.
  if (in_.has_prior_year_ledger) {
    forecast.series = {f, b};
    period.series = {a, p};
  } else {
    forecast.title =
        StrCat("Nettokostnad per verksamhet, prognos ", r_.fiscal_year_name, " (mnkr)");
    period.title = StrCat("Nettokostnad ", Span(), " (mnkr)");
    forecast.series = {f};
    period.series = {a};
  }
  out.push_back(std::move(forecast));
  out.push_back(std::move(period));
  if (code_order.size() > 1) {
    Chart scb{
        .id = "net_cost_scb",
        .title = in_.has_prior_year_ledger
                     ? StrCat("Nettokostnad per SCB-verksamhetskod, prognos ", r_.fiscal_year_name,
                              " jämfört med bokslut ", r_.prior_fiscal_year_name, " (mnkr)")
                     : StrCat("Nettokostnad per SCB-verksamhetskod, prognos ", r_.fiscal_year_name,
                              " (mnkr)"),
        .note = "Verksamhetskoder enligt räkenskapssammandraget; 920 = Gemensamma verksamheter."};
    ChartSeries sf{.name = f.name}, sb{.name = b.name};
    for (const std::string& code : code_order) {
      scb.categories.push_back(StrCat("Kod ", code));
      sf.values_ore.push_back(by_code[code].first);
      sb.values_ore.push_back(by_code[code].second);
    }
    scb.series = {sf};
    if (in_.has_prior_year_ledger) scb.series.push_back(sb);
    out.push_back(std::move(scb));
  }
  return out;
}

}  // namespace tertial::reporting
