#include "section_builder.h"
#include "tertial/base/strings.h"

namespace tertial::reporting {

using chart::UnitKind;
using chart::UnitNode;

Table SectionBuilder::EconomyTable(const Table& forecast, const Table& investments) const {
  Table t{.id = "economy",
          .kind = TableKind::kEconomy,
          .title = StrCat("Ekonomi, belopp tkr (", r_.primary_unit_name, ")"),
          .unit_label = "tkr",
          .scope_unit = primary_,
          .columns = {{"forecast", "Prognos helår", ColumnKind::kMoney},
                      {"budget", StrCat("Budget ", r_.fiscal_year_name), ColumnKind::kMoney},
                      {"deviation", "Avvikelse", ColumnKind::kMoney}}};
  const Row* sum = forecast.FindRow("sum");
  Row op{.id = "row:operating",
         .label = "Verksamhetens nettokostnader",
         .kind = RowKind::kItem,
         .unit_id = primary_};
  namespace fc = forecast_column;
  op.cells = {sum->cells[fc::kForecast], sum->cells[fc::kBudget], sum->cells[fc::kDeviation]};
  t.rows.push_back(std::move(op));
  int64_t net = 0, frame = 0;
  bool any_forecast = false;
  for (const Row& r : investments.rows) {
    if (r.kind != RowKind::kProject || r.unit_id != primary_) continue;
    const Cell& forecast_net = r.cells[investment_column::kForecastNet];
    net += forecast_net.ore();
    frame += r.cells[investment_column::kFrame].ore();
    any_forecast = any_forecast || forecast_net.is_money();
  }
  Row inv{.id = "row:investments",
          .label = "Investeringar, netto",
          .kind = RowKind::kItem,
          .unit_id = primary_};
  inv.cells = {any_forecast ? Money(net) : Cell::Empty(), Money(frame),
               any_forecast ? Money(frame - net) : Cell::Empty()};
  t.rows.push_back(std::move(inv));
  t.notes.push_back(
      StrCat("Avser ", r_.primary_unit_name, ". Investeringar: budget = årets investeringsram."));
  return t;
}

}  // namespace tertial::reporting
