#include <algorithm>
#include <utility>

#include "section_builder.h"
#include "tertial/base/strings.h"

namespace tertial::reporting {

using chart::UnitKind;
using chart::UnitNode;

namespace {

// A forecast method for people: its id (as the CLI and the forecast service name it) and
// what it does.
std::string MethodLabel(std::string_view method) {
  if (method == "runrate") return "runrate (utfallets takt hittills)";
  if (method == "budget_remaining")
    return "budget_remaining (utfall hittills + återstående budget)";
  if (method == "budget_profile")
    return "budget_profile (utfall hittills efter budgetens månadsprofil)";
  if (method == "prior_year_profile")
    return "prior_year_profile (utfall hittills efter fjolårets månadsprofil)";
  if (method == "mixed") return "flera metoder (enheterna under raden)";
  return std::string(method);
}

// "2021-09-03 12:02 UTC" -> as printed; "augusti 2021" for a period.
std::string SourceSentence(const ForecastSource& s, const period::Period& period) {
  if (!s.published) {
    return StrCat("Ingen prognos är publicerad för ", period.year, " per ", PeriodLong(period),
                  " eller en tidigare månad.");
  }
  std::string trigger = s.trigger == "period_closed"          ? "när perioden stängdes"
                        : s.trigger == "adjustment_made"      ? "efter en justering"
                        : s.trigger == "adjustment_withdrawn" ? "efter att en justering togs bort"
                        : s.trigger == "method_chosen"        ? "efter ett metodval"
                        : s.trigger == "ledger_changed"       ? "efter en ändring i huvudboken"
                                                              : s.trigger;
  std::string out = StrCat("Prognosen är per ", PeriodLong(s.as_of), ", publicerad ",
                           s.published_at, trigger.empty() ? "" : StrCat(" ", trigger), ".");
  auto short_id = [](const std::string& id) { return id.substr(0, 8); };
  if (!s.ledger_known) {
    StrAppend(&out, " Den anger inte vilken huvudbok den bygger på.");
  } else if (s.ledger_event_id == s.report_ledger_event_id) {
    StrAppend(&out, " Den bygger på samma huvudbok som rapportens utfall (till och med händelse ",
              short_id(s.ledger_event_id), ").");
  } else {
    StrAppend(&out, " Den bygger på huvudboken till och med händelse ", short_id(s.ledger_event_id),
              ", rapportens utfall på huvudboken till och med händelse ",
              short_id(s.report_ledger_event_id), ".");
  }
  return out;
}

int64_t SideOf(const Amounts& a, ForecastSide side) {
  switch (side) {
    case ForecastSide::kCosts:
      return a.costs_ore;
    case ForecastSide::kRevenues:
      return a.revenues_ore;
    case ForecastSide::kNet:
      break;
  }
  return a.net_ore();
}

}  // namespace

SectionBuilder::ForecastLine SectionBuilder::LineOf(std::string_view unit_id) const {
  ForecastLine line;
  UnitFigures f = Rolled(unit_id);
  const UnitForecastInput* fc = ForecastOf(unit_id);
  Amounts budget = fc ? fc->budget : f.budget_year;
  for (ForecastSide side : {ForecastSide::kNet, ForecastSide::kCosts, ForecastSide::kRevenues}) {
    int i = ForecastLine::Index(side);
    line.budget[i] = SideOf(budget, side);
    line.prior[i] = SideOf(f.prior_year, side);
    if (fc) line.forecast[i] = SideOf(fc->forecast, side);
  }
  return line;
}

void SectionBuilder::SetMethod(Row& r) const {
  const UnitForecastInput* fc = ForecastOf(r.unit_id);
  if (fc == nullptr) return;
  r.method = fc->method;
  if (!fc->method_requested.empty() && fc->method_requested != "auto" &&
      fc->method_requested != fc->method) {
    r.method_requested = fc->method_requested;
  }
}

std::string SectionBuilder::MethodNote(const Table& t) {
  std::vector<std::pair<std::string, std::vector<std::string>>> by_method;  // first seen first
  for (const Row& r : t.rows) {
    if (r.method.empty() || r.kind == RowKind::kOfWhich) continue;
    std::string label = MethodLabel(r.method);
    if (!r.method_requested.empty()) StrAppend(&label, ", i stället för ", r.method_requested);
    auto it = std::find_if(by_method.begin(), by_method.end(),
                           [&](const auto& m) { return m.first == label; });
    if (it == by_method.end())
      it = by_method.emplace(by_method.end(), label, std::vector<std::string>{});
    it->second.push_back(r.label);
  }
  if (by_method.empty()) return "";
  if (by_method.size() == 1)
    return StrCat("Prognosmetod: ", by_method[0].first, " för samtliga rader.");
  std::string out = "Prognosmetod per rad: ";
  for (size_t i = 0; i < by_method.size(); ++i) {
    if (i > 0) out += "; ";
    StrAppend(&out, by_method[i].first, ": ");
    for (size_t j = 0; j < by_method[i].second.size(); ++j) {
      StrAppend(&out, j > 0 ? ", " : "", by_method[i].second[j]);
    }
  }
  return out + ".";
}

Row SectionBuilder::ForecastRow(const ForecastLine& line, ForecastSide side, Row r) const {
  const std::optional<int64_t>& forecast = line.forecast_of(side);
  int64_t budget = line.budget_of(side);
  // In the order of the table's columns (forecast_column).
  r.cells = {forecast ? Money(*forecast) : Cell::Empty(), Money(budget),
             forecast ? Money(budget - *forecast) : Cell::Empty(),
             in_.has_prior_year_ledger ? Money(line.prior_of(side)) : Cell::Empty()};
  return r;
}

Table SectionBuilder::ForecastTable() const {
  Table t{.id = "forecast",
          .kind = TableKind::kForecast,
          .title = "Driftsammandrag, netto tkr",
          .unit_label = "tkr",
          .scope_unit = primary_,
          .columns = {
              {"forecast", "Prognos helår", ColumnKind::kMoney},
              {"budget", StrCat("Budget ", r_.fiscal_year_name), ColumnKind::kMoney},
              {"deviation", "Avvikelse", ColumnKind::kMoney},
              {"prior_year", StrCat("Bokslut ", r_.prior_fiscal_year_name), ColumnKind::kMoney}}};
  auto with_parts = [&](const UnitNode* unit, Row parent) {
    ForecastLine line = LineOf(unit->id);
    std::string pid = parent.id;
    SetMethod(parent);
    t.rows.push_back(ForecastRow(line, ForecastSide::kNet, std::move(parent)));
    t.rows.push_back(ForecastRow(line, ForecastSide::kCosts,
                                 Row{.id = StrCat(pid, "/costs"),
                                     .label = "varav kostnader",
                                     .kind = RowKind::kOfWhich,
                                     .parent = pid,
                                     .unit_id = unit->id,
                                     .part = "costs"}));
    t.rows.push_back(ForecastRow(line, ForecastSide::kRevenues,
                                 Row{.id = StrCat(pid, "/revenues"),
                                     .label = "varav intäkter",
                                     .kind = RowKind::kOfWhich,
                                     .parent = pid,
                                     .unit_id = unit->id,
                                     .part = "revenues"}));
  };
  for (const UnitNode* stab : stabs_) {
    Row r{.id = StrCat("unit:", stab->id),
          .label = stab->name,
          .kind = RowKind::kUnit,
          .unit_id = stab->id};
    SetMethod(r);
    t.rows.push_back(ForecastRow(LineOf(stab->id), ForecastSide::kNet, std::move(r)));
  }
  with_parts(in_.units.Find(primary_), Row{.id = "sum",
                                           .label = "Summa nettokostnader",
                                           .kind = RowKind::kSum,
                                           .unit_id = primary_});
  for (const UnitNode* other : others_) {
    with_parts(other, Row{.id = StrCat("unit:", other->id),
                          .label = other->name,
                          .kind = RowKind::kOtherForvaltning,
                          .unit_id = other->id,
                          .mark = "*"});
  }
  if (!others_.empty()) t.notes.push_back(OtherNote());
  t.notes.push_back(
      "Avvikelse = budget − prognos; ett positivt belopp är ett överskott. Intäkter redovisas "
      "med minustecken, kostnader utan.");
  if (std::string methods = MethodNote(t); !methods.empty()) t.notes.push_back(methods);
  if (in_.forecast_source) t.notes.push_back(SourceSentence(*in_.forecast_source, in_.period));
  return t;
}

}  // namespace tertial::reporting
