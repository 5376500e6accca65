#include <algorithm>
#include <map>
#include <utility>

#include "section_builder.h"
#include "tertial/base/strings.h"

namespace tertial::reporting {

using chart::UnitKind;
using chart::UnitNode;

Table SectionBuilder::InvestmentsTable() const {
  Table t{
      .id = "investments",
      .kind = TableKind::kInvestments,
      .title = "Investeringar, belopp tkr",
      .unit_label = "tkr",
      .columns = {
          {"spending", StrCat("Redovisat ", Span(), " utgifter"), ColumnKind::kMoney},
          {"income", StrCat("Redovisat ", Span(), " inkomster"), ColumnKind::kMoney},
          {"forecast_spending", StrCat("Prognos ", r_.fiscal_year_name, " utgifter"),
           ColumnKind::kMoney},
          {"forecast_income", StrCat("Prognos ", r_.fiscal_year_name, " inkomster"),
           ColumnKind::kMoney},
          {"forecast_net", StrCat("Prognos ", r_.fiscal_year_name, " netto"), ColumnKind::kMoney},
          {"frame", StrCat("Investeringsram ", r_.fiscal_year_name), ColumnKind::kMoney},
          {"deviation", "Avvikelse", ColumnKind::kMoney}}};
  std::vector<ProjectInput> projects;
  for (const ProjectInput& p : in_.projects) {
    if (in_.units.InSubtree(p.unit_id, r_.board_id)) projects.push_back(p);
  }
  // Grouped by owning förvaltning (the main one first, then in tree order), then in the
  // projects' own order.
  std::map<std::string, int> owner_rank{{primary_, 0}};
  for (size_t i = 0; i < others_.size(); ++i) owner_rank[others_[i]->id] = static_cast<int>(i) + 1;
  auto rank = [&](const ProjectInput& p) {
    auto it = owner_rank.find(ForvaltningOf(p.unit_id));
    return it == owner_rank.end() ? 1000 : it->second;
  };
  std::stable_sort(projects.begin(), projects.end(),
                   [&](const ProjectInput& a, const ProjectInput& b) {
                     return std::pair(rank(a), a.position) < std::pair(rank(b), b.position);
                   });
  // The figures of one row; the sum adds them up.
  struct Figures {
    int64_t spending = 0;
    int64_t income = 0;
    int64_t forecast_spending = 0;
    int64_t forecast_income = 0;
    int64_t frame = 0;
  };
  // Without a forecast the forecast columns and the deviation show "–", never 0.
  bool any_forecast = false;
  for (const ProjectInput& p : projects) any_forecast = any_forecast || p.has_forecast;
  auto cells = [](const Figures& f, bool forecast) {
    namespace col = investment_column;
    std::vector<Cell> out(col::kDeviation + 1, Cell::Empty());
    out[col::kSpending] = Money(f.spending);
    out[col::kIncome] = Money(f.income);
    out[col::kFrame] = Money(f.frame);
    if (forecast) {
      int64_t net = f.forecast_spending + f.forecast_income;
      out[col::kForecastSpending] = Money(f.forecast_spending);
      out[col::kForecastIncome] = Money(f.forecast_income);
      out[col::kForecastNet] = Money(net);
      out[col::kDeviation] = Money(f.frame - net);
    }
    return out;
  };
  Figures total;
  for (const ProjectInput& p : projects) {
    Figures f{.spending = p.spending_to_date_ore,
              .income = p.income_to_date_ore,
              .forecast_spending = p.has_forecast ? p.forecast_spending_ore : 0,
              .forecast_income = p.has_forecast ? p.forecast_income_ore : 0,
              .frame = p.frame_ore};
    const UnitNode* owner = in_.units.Find(ForvaltningOf(p.unit_id));
    Row r{.id = StrCat("project:", p.id),
          .label = p.name,
          .kind = RowKind::kProject,
          .group = owner ? owner->name : "",
          .unit_id = ForvaltningOf(p.unit_id)};
    r.cells = cells(f, p.has_forecast);
    t.rows.push_back(std::move(r));
    total.spending += f.spending;
    total.income += f.income;
    total.forecast_spending += f.forecast_spending;
    total.forecast_income += f.forecast_income;
    total.frame += f.frame;
  }
  Row sum{.id = "sum", .label = "Summa investeringar", .kind = RowKind::kSum};
  sum.cells = cells(total, any_forecast);
  t.rows.push_back(std::move(sum));
  // The frame is for net spending; income has no frame of its own.
  Row spending{.id = "sum/spending",
               .label = "varav utgifter",
               .kind = RowKind::kOfWhich,
               .parent = "sum",
               .part = "spending"};
  spending.cells = cells({.spending = total.spending,
                          .forecast_spending = total.forecast_spending,
                          .frame = total.frame},
                         any_forecast);
  t.rows.push_back(std::move(spending));
  Row income{.id = "sum/income",
             .label = "varav inkomster",
             .kind = RowKind::kOfWhich,
             .parent = "sum",
             .part = "income"};
  income.cells =
      cells({.income = total.income, .forecast_income = total.forecast_income}, any_forecast);
  t.rows.push_back(std::move(income));
  t.notes.push_back(
      "Avvikelse = investeringsram − prognos netto; ett positivt belopp betyder att ramen inte "
      "används fullt ut. Inkomster redovisas med minustecken.");
  return t;
}

}  // namespace tertial::reporting
