#include "builder.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "absl/status/status.h"
#include "input_bounds.h"
#include "reference.h"
#include "tertial/base/strings.h"
#include "validate.h"

namespace tertial::reporting {
namespace {

using chart::UnitKind;
using chart::UnitNode;

Cell Money(int64_t ore) { return Cell::Money(ore); }
Cell Count(int64_t n) { return Cell::Number(Decimal{n, 0}); }
Cell Opt(const std::optional<Decimal>& d) { return d ? Cell::Number(*d) : Cell::Empty(); }

// A forecast method for people: its id (as the CLI and the forecast service name it) and
// what it does.
std::string MethodLabel(std::string_view method) {
  if (method == "runrate") return "runrate (utfallets takt hittills)";
  if (method == "budget_remaining") return "budget_remaining (utfall hittills + återstående budget)";
  if (method == "budget_profile") return "budget_profile (utfall hittills efter budgetens månadsprofil)";
  if (method == "prior_year_profile") return "prior_year_profile (utfall hittills efter fjolårets månadsprofil)";
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
  std::string out = StrCat("Prognosen är per ", PeriodLong(s.as_of), ", publicerad ", s.published_at,
                           trigger.empty() ? "" : StrCat(" ", trigger), ".");
  auto short_id = [](const std::string& id) { return id.substr(0, 8); };
  if (!s.ledger_known) {
    StrAppend(&out, " Den anger inte vilken huvudbok den bygger på.");
  } else if (s.ledger_event_id == s.report_ledger_event_id) {
    StrAppend(&out, " Den bygger på samma huvudbok som rapportens utfall (till och med händelse ",
              short_id(s.ledger_event_id), ").");
  } else {
    StrAppend(&out, " Den bygger på huvudboken till och med händelse ", short_id(s.ledger_event_id),
              ", rapportens utfall på huvudboken till och med händelse ", short_id(s.report_ledger_event_id), ".");
  }
  return out;
}

Cell ValueCell(const IndicatorValue& v) {
  Cell c;
  if (v.empty) {
    c = Cell::Empty();
  } else if (!v.text.empty()) {
    c = Cell::Text(v.text);
  } else if (v.value) {
    c = Cell::Number(*v.value, v.remark);
  } else {
    c = Cell::NoData(v.remark);
  }
  c.set_footnote(v.footnote);
  return c;
}

class Builder {
 public:
  explicit Builder(const BuildInput& in) : in_(in) {}

  absl::StatusOr<Report> Run() {
    const UnitNode* board = in_.units.Find(in_.board_id);
    if (board == nullptr) {
      return absl::NotFoundError(StrCat("no unit '", in_.board_id, "' in the unit tree"));
    }
    if (in_.period.month < 1 || in_.period.month > 12) {
      return absl::InvalidArgumentError("the report needs a period (YYYY-MM)");
    }
    r_.organisation = in_.organisation;
    r_.organisation_name = in_.organisation_name;
    r_.board_id = board->id;
    r_.board_name = board->name;
    r_.period = in_.period;
    r_.fiscal_year_start = in_.fiscal_year_start.month == 0 ? period::Period{in_.period.year, 1}
                                                            : in_.fiscal_year_start;
    if (r_.fiscal_year_start > in_.period ||
        period::Period{r_.fiscal_year_start.year + 1, r_.fiscal_year_start.month} <= in_.period) {
      return absl::InvalidArgumentError(
          StrCat("the fiscal year starting ", period::FormatPeriod(r_.fiscal_year_start),
                 " does not hold the period ", period::FormatPeriod(in_.period)));
    }
    r_.fiscal_year = r_.fiscal_year_start.year;
    r_.fiscal_year_name = FiscalYearName(r_.fiscal_year_start);
    r_.prior_fiscal_year_name =
        FiscalYearName({r_.fiscal_year_start.year - 1, r_.fiscal_year_start.month});
    r_.forecast_source = in_.forecast_source;
    primary_ = in_.primary_unit_id;
    for (const UnitNode* child : in_.units.Children(board->id)) {
      if (primary_.empty() && child->kind == UnitKind::kForvaltning) primary_ = child->id;
    }
    const UnitNode* primary = primary_.empty() ? nullptr : in_.units.Find(primary_);
    if (primary == nullptr || !in_.units.InSubtree(primary_, board->id)) {
      return absl::InvalidArgumentError(
          StrCat("board ", board->id, " has no förvaltning ", primary_.empty() ? "(none)" : primary_));
    }
    r_.primary_unit_id = primary->id;
    r_.primary_unit_name = primary->name;
    stabs_ = in_.units.Children(primary->id);
    for (const UnitNode* child : in_.units.Children(board->id)) {
      if (child->id != primary->id) others_.push_back(child);
    }

    // Sections are referred to by reference below: no reallocation while adding them.
    r_.sections.reserve(SectionIds().size());
    Section& summary = Add("summary", "Samlad bedömning");
    Section& economy = Add("economy", "Ekonomi");
    Section& personnel = Add("personnel", "Personal");
    Section& operating = Add("operating", StrCat("Resultat ", PeriodEndLabel()));
    Section& forecast = Add("forecast", StrCat("Prognos för helår ", r_.fiscal_year_name));
    Section& investments = Add("investments", "Investeringar");
    Section& charts = Add("charts", "Diagram");
    Section& goals = Add("goals", "Målredovisning");
    Section& indicators = Add("indicators", "Uppföljning av nämndindikatorer");
    Section& assignments = Add("assignments", "Uppdrag och prognosjusteringar");

    summary.tables.push_back(GoalSummary());
    summary.tables.push_back(ActivitySummary());
    operating.tables.push_back(OperatingTable());
    forecast.tables.push_back(ForecastTable());
    investments.tables.push_back(InvestmentsTable());
    // Economy and the summary's results are read off the tables above, so the figures
    // agree by construction.
    economy.tables.push_back(EconomyTable(forecast.tables[0], investments.tables[0]));
    summary.tables.push_back(ForecastResult(forecast.tables[0]));
    summary.highlights = Highlights(summary);
    personnel.tables.push_back(PersonnelTable());
    charts.charts = Charts();
    goals.tables.push_back(GoalsTable());
    for (Table& t : IndicatorTables()) indicators.tables.push_back(std::move(t));
    assignments.tables.push_back(AssignmentsTable());
    assignments.tables.push_back(AdjustmentsTable());

    for (Section& s : r_.sections) {
      auto it = in_.narratives.find(s.id);
      if (it == in_.narratives.end()) continue;
      std::vector<std::string> errors;
      s.narrative_markdown = ResolveNarrative(r_, it->second, &errors);
      for (const std::string& e : errors) {
        r_.findings.push_back({.severity = Severity::kError,
                               .rule = "reference",
                               .table_id = "",
                               .row_id = "",
                               .column_id = "",
                               .where = StrCat("Text i avsnittet ", s.title),
                               .message = e});
      }
    }
    for (Finding& f : Validate(r_)) r_.findings.push_back(std::move(f));
    // What makes the forecast table as a whole unreliable is printed next to it, too.
    if (Table* t = r_.FindTable("forecast")) {
      for (const Finding& f : r_.findings) {
        if (f.rule == "forecast_source" && f.severity == Severity::kError) t->alerts.push_back(f.message);
      }
    }
    return std::move(r_);
  }

 private:
  Section& Add(std::string id, std::string title) {
    r_.sections.push_back(Section{.id = std::move(id), .title = std::move(title)});
    return r_.sections.back();
  }

  // The report's months (the fiscal year through the period), and the same months a year before.
  std::string Span() const { return PeriodSpan(r_.fiscal_year_start, in_.period); }
  std::string PriorSpan() const {
    return PeriodSpan({r_.fiscal_year_start.year - 1, r_.fiscal_year_start.month},
                      {in_.period.year - 1, in_.period.month});
  }

  std::string PeriodEndLabel() const {
    return StrCat(period::DaysInMonth(in_.period.year, in_.period.month), " ",
                  period::MonthName(in_.period.month), " ", in_.period.year);
  }

  // The unit's figures rolled up over its subtree.
  UnitFigures Rolled(std::string_view unit_id) const {
    UnitFigures sum;
    for (const UnitNode* node : in_.units.Subtree(unit_id)) {
      auto it = in_.figures.find(node->id);
      if (it == in_.figures.end()) continue;
      sum.actual += it->second.actual;
      sum.budget_period += it->second.budget_period;
      sum.prior_period += it->second.prior_period;
      sum.prior_year += it->second.prior_year;
      sum.budget_year += it->second.budget_year;
    }
    return sum;
  }

  const UnitForecastInput* ForecastOf(std::string_view unit_id) const {
    auto it = in_.forecasts.find(std::string(unit_id));
    return it == in_.forecasts.end() ? nullptr : &it->second;
  }

  std::string ForvaltningOf(std::string_view unit_id) const {
    for (const UnitNode* node : in_.units.PathTo(unit_id)) {
      if (node->kind == UnitKind::kForvaltning) return node->id;
    }
    return std::string(unit_id);
  }

  std::string OtherNote() const {
    std::vector<std::string> names;
    for (const UnitNode* o : others_) names.push_back(o->name);
    std::string list;
    for (size_t i = 0; i < names.size(); ++i) {
      if (i > 0) list += i + 1 == names.size() ? " samt " : ", ";
      list += names[i];
    }
    return StrCat("* Minustecken framför beloppen för ", list,
                  " motsvarar ett positivt resultat (intäkterna är större än kostnaderna).");
  }

  Table OperatingTable() const {
    Table t{.id = "operating",
            .kind = TableKind::kOperating,
            .title = "Driftsammandrag, netto tkr",
            .unit_label = "tkr",
            .scope_unit = primary_,
            .columns = {{"actual", StrCat("Redovisat ", Span()), ColumnKind::kMoney},
                        {"budget", StrCat("Budget ", Span()), ColumnKind::kMoney},
                        {"deviation", "Avvikelse", ColumnKind::kMoney},
                        {"prior", StrCat("Redovisat ", PriorSpan()), ColumnKind::kMoney}}};
    auto row = [&](const UnitNode* unit, RowKind kind, std::string id, std::string label,
                   std::string mark) {
      UnitFigures f = Rolled(unit->id);
      Row r{.id = std::move(id), .label = std::move(label), .kind = kind, .unit_id = unit->id,
            .mark = std::move(mark)};
      r.cells = {Money(f.actual.net_ore()), Money(f.budget_period.net_ore()),
                 Money(f.budget_period.net_ore() - f.actual.net_ore()),
                 Money(f.prior_period.net_ore())};
      return r;
    };
    for (const UnitNode* stab : stabs_) {
      t.rows.push_back(row(stab, RowKind::kUnit, StrCat("unit:", stab->id), stab->name, ""));
    }
    const UnitNode* primary = in_.units.Find(primary_);
    t.rows.push_back(row(primary, RowKind::kSum, "sum", "Summa", ""));
    for (const UnitNode* other : others_) {
      t.rows.push_back(
          row(other, RowKind::kOtherForvaltning, StrCat("unit:", other->id), other->name, "*"));
    }
    if (!others_.empty()) t.notes.push_back(OtherNote());
    t.notes.push_back("Avvikelse = budget − redovisat; ett positivt belopp är ett överskott.");
    return t;
  }

  // Forecast, budget, deviation and bokslut of one unit, for the net and each side.
  struct ForecastLine {
    std::optional<int64_t> forecast[3];  // net, costs, revenues
    int64_t budget[3] = {0, 0, 0};
    int64_t prior[3] = {0, 0, 0};
  };

  ForecastLine LineOf(std::string_view unit_id) const {
    ForecastLine line;
    UnitFigures f = Rolled(unit_id);
    const UnitForecastInput* fc = ForecastOf(unit_id);
    Amounts budget = fc ? fc->budget : f.budget_year;
    line.budget[0] = budget.net_ore();
    line.budget[1] = budget.costs_ore;
    line.budget[2] = budget.revenues_ore;
    line.prior[0] = f.prior_year.net_ore();
    line.prior[1] = f.prior_year.costs_ore;
    line.prior[2] = f.prior_year.revenues_ore;
    if (fc) {
      line.forecast[0] = fc->forecast.net_ore();
      line.forecast[1] = fc->forecast.costs_ore;
      line.forecast[2] = fc->forecast.revenues_ore;
    }
    return line;
  }

  // The method that made `unit_id`'s forecast, on its row.
  void SetMethod(Row& r) const {
    const UnitForecastInput* fc = ForecastOf(r.unit_id);
    if (fc == nullptr) return;
    r.method = fc->method;
    if (!fc->method_requested.empty() && fc->method_requested != "auto" && fc->method_requested != fc->method) {
      r.method_requested = fc->method_requested;
    }
  }

  // "Prognosmetod: budget_remaining (...) för samtliga rader." or, when rows differ, the
  // methods with their rows.
  static std::string MethodNote(const Table& t) {
    std::vector<std::pair<std::string, std::vector<std::string>>> by_method;  // first seen first
    for (const Row& r : t.rows) {
      if (r.method.empty() || r.kind == RowKind::kOfWhich) continue;
      std::string label = MethodLabel(r.method);
      if (!r.method_requested.empty()) StrAppend(&label, ", i stället för ", r.method_requested);
      auto it = std::find_if(by_method.begin(), by_method.end(), [&](const auto& m) { return m.first == label; });
      if (it == by_method.end()) it = by_method.emplace(by_method.end(), label, std::vector<std::string>{});
      it->second.push_back(r.label);
    }
    if (by_method.empty()) return "";
    if (by_method.size() == 1) return StrCat("Prognosmetod: ", by_method[0].first, " för samtliga rader.");
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

  static Row ForecastRow(const ForecastLine& line, int side, Row r) {
    Cell forecast = line.forecast[side] ? Money(*line.forecast[side]) : Cell::Empty();
    Cell deviation =
        line.forecast[side] ? Money(line.budget[side] - *line.forecast[side]) : Cell::Empty();
    r.cells = {forecast, Money(line.budget[side]), deviation, Money(line.prior[side])};
    return r;
  }

  Table ForecastTable() const {
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
      t.rows.push_back(ForecastRow(line, 0, std::move(parent)));
      t.rows.push_back(ForecastRow(line, 1, Row{.id = StrCat(pid, "/costs"), .label = "varav kostnader",
                                                .kind = RowKind::kOfWhich, .parent = pid,
                                                .unit_id = unit->id, .part = "costs"}));
      t.rows.push_back(ForecastRow(line, 2, Row{.id = StrCat(pid, "/revenues"), .label = "varav intäkter",
                                                .kind = RowKind::kOfWhich, .parent = pid,
                                                .unit_id = unit->id, .part = "revenues"}));
    };
    for (const UnitNode* stab : stabs_) {
      Row r{.id = StrCat("unit:", stab->id), .label = stab->name, .kind = RowKind::kUnit, .unit_id = stab->id};
      SetMethod(r);
      t.rows.push_back(ForecastRow(LineOf(stab->id), 0, std::move(r)));
    }
    with_parts(in_.units.Find(primary_),
               Row{.id = "sum", .label = "Summa nettokostnader", .kind = RowKind::kSum, .unit_id = primary_});
    for (const UnitNode* other : others_) {
      with_parts(other, Row{.id = StrCat("unit:", other->id), .label = other->name,
                            .kind = RowKind::kOtherForvaltning, .unit_id = other->id, .mark = "*"});
    }
    if (!others_.empty()) t.notes.push_back(OtherNote());
    t.notes.push_back(
        "Avvikelse = budget − prognos; ett positivt belopp är ett överskott. Intäkter redovisas "
        "med minustecken, kostnader utan.");
    if (std::string methods = MethodNote(t); !methods.empty()) t.notes.push_back(methods);
    if (in_.forecast_source) t.notes.push_back(SourceSentence(*in_.forecast_source, in_.period));
    return t;
  }

  Table InvestmentsTable() const {
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
    std::stable_sort(projects.begin(), projects.end(), [&](const ProjectInput& a, const ProjectInput& b) {
      return std::pair(rank(a), a.position) < std::pair(rank(b), b.position);
    });
    int64_t s[6] = {0, 0, 0, 0, 0, 0};  // spending, income, f_spending, f_income, frame, -
    // Without a forecast the forecast columns and the deviation show "–", never 0.
    bool any_forecast = false;
    for (const ProjectInput& p : projects) any_forecast = any_forecast || p.has_forecast;
    auto cells = [](int64_t spending, int64_t income, int64_t fs, int64_t fi, int64_t frame, bool forecast) {
      if (!forecast) {
        return std::vector<Cell>{Money(spending), Money(income), Cell::Empty(), Cell::Empty(),
                                 Cell::Empty(),   Money(frame),  Cell::Empty()};
      }
      return std::vector<Cell>{Money(spending), Money(income), Money(fs), Money(fi),
                               Money(fs + fi),  Money(frame),  Money(frame - (fs + fi))};
    };
    for (const ProjectInput& p : projects) {
      int64_t fs = p.has_forecast ? p.forecast_spending_ore : 0;
      int64_t fi = p.has_forecast ? p.forecast_income_ore : 0;
      const UnitNode* owner = in_.units.Find(ForvaltningOf(p.unit_id));
      Row r{.id = StrCat("project:", p.id), .label = p.name, .kind = RowKind::kProject,
            .group = owner ? owner->name : "", .unit_id = ForvaltningOf(p.unit_id)};
      r.cells = cells(p.spending_to_date_ore, p.income_to_date_ore, fs, fi, p.frame_ore, p.has_forecast);
      t.rows.push_back(std::move(r));
      s[0] += p.spending_to_date_ore;
      s[1] += p.income_to_date_ore;
      s[2] += fs;
      s[3] += fi;
      s[4] += p.frame_ore;
    }
    Row sum{.id = "sum", .label = "Summa investeringar", .kind = RowKind::kSum};
    sum.cells = cells(s[0], s[1], s[2], s[3], s[4], any_forecast);
    t.rows.push_back(std::move(sum));
    // The frame is for net spending; income has no frame of its own.
    Row spending{.id = "sum/spending", .label = "varav utgifter", .kind = RowKind::kOfWhich,
                 .parent = "sum", .part = "spending"};
    spending.cells = cells(s[0], 0, s[2], 0, s[4], any_forecast);
    t.rows.push_back(std::move(spending));
    Row income{.id = "sum/income", .label = "varav inkomster", .kind = RowKind::kOfWhich,
               .parent = "sum", .part = "income"};
    income.cells = cells(0, s[1], 0, s[3], 0, any_forecast);
    t.rows.push_back(std::move(income));
    t.notes.push_back(
        "Avvikelse = investeringsram − prognos netto; ett positivt belopp betyder att ramen inte "
        "används fullt ut. Inkomster redovisas med minustecken.");
    return t;
  }

  Table EconomyTable(const Table& forecast, const Table& investments) const {
    Table t{.id = "economy",
            .kind = TableKind::kEconomy,
            .title = StrCat("Ekonomi, belopp tkr (", r_.primary_unit_name, ")"),
            .unit_label = "tkr",
            .scope_unit = primary_,
            .columns = {{"forecast", "Prognos helår", ColumnKind::kMoney},
                        {"budget", StrCat("Budget ", r_.fiscal_year_name), ColumnKind::kMoney},
                        {"deviation", "Avvikelse", ColumnKind::kMoney}}};
    const Row* sum = forecast.FindRow("sum");
    Row op{.id = "row:operating", .label = "Verksamhetens nettokostnader", .kind = RowKind::kItem,
           .unit_id = primary_};
    op.cells = {sum->cells[0], sum->cells[1], sum->cells[2]};
    t.rows.push_back(std::move(op));
    int64_t net = 0, frame = 0;
    bool any_forecast = false;
    for (const Row& r : investments.rows) {
      if (r.kind != RowKind::kProject || r.unit_id != primary_) continue;
      net += r.cells[4].ore();
      frame += r.cells[5].ore();
      any_forecast = any_forecast || r.cells[4].is_money();
    }
    Row inv{.id = "row:investments", .label = "Investeringar, netto", .kind = RowKind::kItem,
            .unit_id = primary_};
    inv.cells = {any_forecast ? Money(net) : Cell::Empty(), Money(frame),
                 any_forecast ? Money(frame - net) : Cell::Empty()};
    t.rows.push_back(std::move(inv));
    t.notes.push_back(StrCat("Avser ", r_.primary_unit_name,
                             ". Investeringar: budget = årets investeringsram."));
    return t;
  }

  Table ForecastResult(const Table& forecast) const {
    Table t{.id = "forecast_result",
            .kind = TableKind::kForecastResult,
            .title = "Prognostiserat utfall helår per förvaltning",
            .unit_label = "mnkr",
            .columns = {{"result", "Avvikelse mot budget, mnkr", ColumnKind::kMoney}}};
    for (const Row& r : forecast.rows) {
      if (r.kind != RowKind::kSum && r.kind != RowKind::kOtherForvaltning) continue;
      const UnitNode* unit = in_.units.Find(r.unit_id);
      Row out{.id = StrCat("unit:", r.unit_id), .label = unit ? unit->name : r.unit_id,
              .kind = RowKind::kItem, .unit_id = r.unit_id};
      out.cells = {r.cells[2]};
      t.rows.push_back(std::move(out));
    }
    t.notes.push_back("Budget − prognos för helåret; ett positivt belopp är ett överskott.");
    return t;
  }

  Table GoalSummary() const {
    Table t{.id = "goal_summary",
            .kind = TableKind::kGoalSummary,
            .title = "Nämndmål per bedömning",
            .unit_label = "antal",
            .columns = {{"count", "Antal", ColumnKind::kNumber}}};
    int64_t total = 0;
    for (Assessment a : {Assessment::kMet, Assessment::kPartly, Assessment::kNotMet,
                         Assessment::kCannotAssess, Assessment::kNone}) {
      int64_t n = std::count_if(in_.goals.begin(), in_.goals.end(),
                                [&](const GoalInput& g) { return g.assessment == a; });
      if (n == 0 && a == Assessment::kNone) continue;
      Row r{.id = StrCat("assessment:", a == Assessment::kNone ? "none" : AssessmentName(a)),
            .label = std::string(AssessmentLabel(a)), .kind = RowKind::kItem, .assessment = a};
      r.cells = {Count(n)};
      t.rows.push_back(std::move(r));
      total += n;
    }
    Row sum{.id = "sum", .label = "Nämndmål totalt", .kind = RowKind::kSum};
    sum.cells = {Count(total)};
    t.rows.push_back(std::move(sum));
    return t;
  }

  Table ActivitySummary() const {
    Table t{.id = "activity_summary",
            .kind = TableKind::kActivitySummary,
            .title = StrCat("Aktiviteter i verksamhetsplanen per ", PeriodEndDate()),
            .unit_label = "antal",
            .columns = {{"count", "Antal", ColumnKind::kNumber}}};
    int64_t total = 0;
    for (const auto& [status, n] : in_.activities) {
      Row r{.id = StrCat("status:", status), .label = Capitalised(status), .kind = RowKind::kItem};
      r.cells = {Count(n)};
      t.rows.push_back(std::move(r));
      total += n;
    }
    Row sum{.id = "sum", .label = "Aktiviteter totalt", .kind = RowKind::kSum};
    sum.cells = {Count(total)};
    t.rows.push_back(std::move(sum));
    if (std::string postponed = PostponedSentence(total); !postponed.empty()) t.notes.push_back(postponed);
    return t;
  }

  // "Av de 119 aktiviteterna förskjuts 20 i tid men genomförs 2021, och 11 förskjuts till
  // 2022 eller senare." Empty when none is postponed.
  std::string PostponedSentence(int64_t total) const {
    int64_t within = in_.activities_postponed_within_year;
    int64_t later = in_.activities_postponed_to_later_year;
    if (within == 0 && later == 0) return "";
    return StrCat("Av de ", total, " aktiviteterna förskjuts ", within, " i tid men genomförs ", in_.period.year,
                  ", och ", later, " förskjuts till ", in_.period.year + 1, " eller senare.");
  }

  std::string PeriodEndDate() const {
    return period::FormatDate({in_.period.year, in_.period.month,
                               period::DaysInMonth(in_.period.year, in_.period.month)});
  }

  static std::string Capitalised(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
  }

  std::vector<std::string> Highlights(const Section& summary) const {
    std::vector<std::string> out;
    const Table& goals = summary.tables[0];
    std::vector<std::string> parts;
    for (const Row& r : goals.rows) {
      if (r.kind == RowKind::kSum || r.cells[0].number().units == 0) continue;
      std::string label(AssessmentLabel(r.assessment));
      label = r.assessment == Assessment::kPartly ? "uppfylls delvis" : label;
      for (char& c : label) c = static_cast<char>(c == 'U' || c == 'K' || c == 'E' ? c + 32 : c);
      parts.push_back(StrCat(r.cells[0].number().units, " ", label));
    }
    out.push_back(StrCat(in_.goals.size(),
                         " nämndmål: ", parts.empty() ? "inga bedömda" : SwedishList(parts), "."));
    std::vector<std::string> a;
    int64_t total = 0;
    for (const auto& [status, n] : in_.activities) {
      total += n;
      if (n > 0) a.push_back(ActivityCountPhrase(status, n));
    }
    if (total > 0)
      out.push_back(
          StrCat(total, total == 1 ? " aktivitet: " : " aktiviteter: ", SwedishList(a), "."));
    if (std::string postponed = PostponedSentence(total); !postponed.empty()) out.push_back(postponed);
    return out;
  }

  Table PersonnelTable() const {
    period::Period prior{in_.period.year - 1, in_.period.month};
    Table t{.id = "personnel",
            .kind = TableKind::kPersonnel,
            .title = "Personal",
            .unit_label = "",
            .columns = {{"target", "Målvärde helår", ColumnKind::kNumber},
                        {"current", Capitalised(PeriodLong(in_.period)), ColumnKind::kNumber},
                        {"prior", Capitalised(PeriodLong(prior)), ColumnKind::kNumber}}};
    for (const PersonnelInput& p : in_.personnel) {
      Row r{.id = StrCat("personnel:", p.id), .label = p.label, .kind = RowKind::kItem};
      r.cells = {Opt(p.target), Opt(p.current), Opt(p.prior)};
      t.rows.push_back(std::move(r));
    }
    return t;
  }

  std::vector<Chart> Charts() const {
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
      f.values_ore.push_back(line.forecast[0].value_or(0));
      b.values_ore.push_back(line.prior[0]);
      a.values_ore.push_back(fig.actual.net_ore());
      p.values_ore.push_back(fig.prior_period.net_ore());
      std::string code = stab->scb_activity_code.empty() ? "–" : stab->scb_activity_code;
      if (!by_code.count(code)) code_order.push_back(code);
      by_code[code].first += line.forecast[0].value_or(0);
      by_code[code].second += line.prior[0];
    }
    forecast.series = {f, b};
    period.series = {a, p};
    out.push_back(std::move(forecast));
    out.push_back(std::move(period));
    if (code_order.size() > 1) {
      Chart scb{
          .id = "net_cost_scb",
          .title = StrCat("Nettokostnad per SCB-verksamhetskod, prognos ", r_.fiscal_year_name,
                          " jämfört med bokslut ", r_.prior_fiscal_year_name, " (mnkr)"),
          .note = "Verksamhetskoder enligt räkenskapssammandraget; 920 = Gemensamma verksamheter."};
      ChartSeries sf{.name = f.name}, sb{.name = b.name};
      for (const std::string& code : code_order) {
        scb.categories.push_back(StrCat("Kod ", code));
        sf.values_ore.push_back(by_code[code].first);
        sb.values_ore.push_back(by_code[code].second);
      }
      scb.series = {sf, sb};
      out.push_back(std::move(scb));
    }
    return out;
  }

  Table GoalsTable() const {
    Table t{.id = "goals",
            .kind = TableKind::kGoals,
            .title = StrCat("Målredovisning per nämndmål, prognos helår ", r_.fiscal_year_name),
            .unit_label = "",
            .columns = {{"municipal_goal", "Kommunövergripande mål", ColumnKind::kText},
                        {"goal", "Nämndmål", ColumnKind::kText},
                        {"assessment", "Bedömning", ColumnKind::kText}}};
    for (const GoalInput& g : in_.goals) {
      Row r{.id = StrCat("goal:", g.id),
            .label = g.name,
            .kind = RowKind::kItem,
            .group = g.area,
            .assessment = g.assessment,
            .rationale = g.rationale,
            .goal_area = g.area,
            .municipal_goal = g.municipal_goal,
            .assessment_check = g.check};
      r.cells = {Cell::Text(g.municipal_goal), Cell::Text(g.name),
                 Cell::Text(std::string(AssessmentLabel(g.assessment)))};
      t.rows.push_back(std::move(r));
    }
    t.notes.push_back(
        "Grönt: uppfylls per helår. Gult: uppfylls delvis. Rött: uppfylls ej. Grått: kan ej bedömas.");
    return t;
  }

  std::vector<Table> IndicatorTables() const {
    std::vector<Table> out;
    std::map<std::string, const GoalInput*> goals;
    for (const GoalInput& g : in_.goals) goals[g.id] = &g;
    std::vector<std::pair<std::string, std::string>> order;  // (area, municipal goal)
    for (const GoalInput& g : in_.goals) {
      std::pair<std::string, std::string> key{g.area, g.municipal_goal};
      if (std::find(order.begin(), order.end(), key) == order.end()) order.push_back(key);
    }
    int number = 0;
    for (const auto& [area, municipal] : order) {
      Table t{.id = StrCat("indicators_", ++number),
              .kind = TableKind::kIndicators,
              .title = StrCat("Målområde ", area, " – ", municipal),
              .unit_label = ""};
      t.columns.push_back({"goal", "Nämndmål", ColumnKind::kText});
      for (const Column& c : in_.indicator_periods) {
        t.columns.push_back({c.id, c.label, ColumnKind::kNumber});
      }
      t.columns.push_back({"target", "Målvärde", ColumnKind::kText});
      t.columns.push_back({"status", "Status", ColumnKind::kText});
      std::set<std::string> marks;
      for (const GoalInput& g : in_.goals) {
        if (g.area != area || g.municipal_goal != municipal) continue;
        for (const IndicatorInput& ind : in_.indicators) {
          if (ind.goal_id != g.id) continue;
          Row r{.id = StrCat("indicator:", ind.id), .label = ind.name, .kind = RowKind::kIndicator,
                .group = g.name, .mark = ind.mark, .footnote = ind.footnote,
                .goal_id = StrCat("goal:", g.id),
                .target = ind.target};
          r.cells.push_back(Cell::Text(g.name));
          std::optional<Decimal> latest, baseline;
          for (const Column& c : in_.indicator_periods) {
            auto it = ind.values.find(c.id);
            IndicatorValue v = it == ind.values.end() ? IndicatorValue{.empty = true} : it->second;
            r.cells.push_back(ValueCell(v));
            if (!v.footnote.empty()) marks.insert(v.footnote);
          }
          Cell target = ind.target.kind == Target::Kind::kNone && ind.target.printed.empty()
                            ? Cell::Empty()
                            : Cell::Text(ind.target.printed);
          target.set_footnote(ind.target_footnote);
          if (!ind.target_footnote.empty()) marks.insert(ind.target_footnote);
          if (!ind.footnote.empty()) marks.insert(ind.footnote);
          r.cells.push_back(target);
          r.status = ind.status ? *ind.status : ComputeStatus(t, r);
          r.status_from_goals = ind.status.has_value();
          r.cells.push_back(Cell::Text(std::string(IndicatorStatusLabel(r.status))));
          std::string parent = r.id;
          t.rows.push_back(std::move(r));
          for (const IndicatorBreakdown& b : ind.breakdowns) {
            bool gender = b.id == "women" || b.id == "men";
            Row gr{.id = StrCat(parent, "/", b.id),
                   .label = b.id == "women" ? "Kvinnor" : b.id == "men" ? "Män" : b.label,
                   .kind = gender ? RowKind::kGender : RowKind::kBreakdown,
                   .parent = parent, .group = g.name};
            gr.cells.push_back(Cell::Text(g.name));
            for (const Column& c : in_.indicator_periods) {
              auto it = b.values.find(c.id);
              IndicatorValue v = it == b.values.end() ? IndicatorValue{.empty = true} : it->second;
              gr.cells.push_back(ValueCell(v));
              if (!v.footnote.empty()) marks.insert(v.footnote);
            }
            gr.cells.push_back(b.target.empty() ? Cell::Empty() : Cell::Text(b.target));
            gr.cells.push_back(Cell::Empty());
            t.rows.push_back(std::move(gr));
          }
        }
      }
      bool whole = false;
      for (const Row& row : t.rows) whole = whole || row.mark == "*";
      if (whole) t.notes.push_back("* Avser kommunen totalt.");
      for (const Footnote& f : in_.indicator_footnotes) {
        if (marks.count(f.mark)) t.footnotes.push_back(f);
      }
      if (!t.rows.empty()) out.push_back(std::move(t));
    }
    return out;
  }

  Table AssignmentsTable() const {
    Table t{.id = "assignments",
            .kind = TableKind::kAssignments,
            .title = "Nämndspecifika strategiska utvecklingsuppdrag",
            .unit_label = "",
            .columns = {{"title", "Uppdrag", ColumnKind::kText},
                        {"status", "Status", ColumnKind::kText},
                        {"comment", "Kommentar", ColumnKind::kText}}};
    for (const AssignmentInput& a : in_.assignments) {
      Row r{.id = StrCat("assignment:", a.id), .label = a.title, .kind = RowKind::kItem};
      r.cells = {Cell::Text(a.title), Cell::Text(Capitalised(a.status)), Cell::Text(a.comment)};
      t.rows.push_back(std::move(r));
    }
    return t;
  }

  Table AdjustmentsTable() const {
    Table t{.id = "adjustments",
            .kind = TableKind::kAdjustments,
            .title = "Justeringar av prognosen",
            .unit_label = "tkr",
            .columns = {{"unit", "Verksamhet", ColumnKind::kText},
                        {"side", "Avser", ColumnKind::kText},
                        {"amount", "Belopp, tkr", ColumnKind::kMoney},
                        {"reason", "Skäl", ColumnKind::kText}}};
    // Operating adjustments first, then investments, each in the unit tree's order, then by
    // id, so that the list reads like the tables.
    std::map<std::string, size_t> order;
    for (const UnitNode* node : in_.units.Subtree(r_.board_id)) order.emplace(node->id, order.size());
    std::vector<const AdjustmentInput*> adjustments;
    for (const AdjustmentInput& a : in_.adjustments) {
      if (in_.units.InSubtree(a.unit_id, r_.board_id)) adjustments.push_back(&a);
    }
    std::stable_sort(adjustments.begin(), adjustments.end(), [&](const AdjustmentInput* x, const AdjustmentInput* y) {
      auto investment = [](const AdjustmentInput* a) { return a->side.rfind("investment_", 0) == 0; };
      return std::tuple(investment(x), order[x->unit_id], x->id) < std::tuple(investment(y), order[y->unit_id], y->id);
    });
    for (const AdjustmentInput* adjustment : adjustments) {
      const AdjustmentInput& a = *adjustment;
      const UnitNode* unit = in_.units.Find(a.unit_id);
      std::string target = unit ? unit->name : a.unit_id;
      if (!a.project_id.empty()) {
        for (const ProjectInput& p : in_.projects) {
          if (p.id == a.project_id) target = p.name;
        }
      }
      std::string side = a.side == "costs"                 ? "Kostnader"
                         : a.side == "revenues"            ? "Intäkter"
                         : a.side == "investment_spending" ? "Investeringsutgifter"
                         : a.side == "investment_income"   ? "Investeringsinkomster"
                                                           : a.side;
      Row r{.id = StrCat("adjustment:", a.id), .label = target, .kind = RowKind::kItem,
            .unit_id = a.unit_id};
      r.cells = {Cell::Text(target), Cell::Text(side), Money(a.amount_ore), Cell::Text(a.reason)};
      t.rows.push_back(std::move(r));
    }
    t.notes.push_back(
        "Beloppen läggs till metodens prognos med bokföringens tecken: en kostnadsökning är "
        "positiv, en intäktsökning negativ.");
    return t;
  }

  const BuildInput& in_;
  Report r_;
  std::string primary_;
  std::vector<const UnitNode*> stabs_;
  std::vector<const UnitNode*> others_;
};

}  // namespace

const std::vector<std::string>& SectionIds() {
  static const std::vector<std::string> kIds = {"summary",     "economy", "personnel",  "operating",
                                                "forecast",    "investments", "charts", "goals",
                                                "indicators",  "assignments"};
  return kIds;
}

absl::StatusOr<Report> Build(const BuildInput& input) {
  if (absl::Status fits = CheckAmountsFit(input); !fits.ok()) return fits;
  return Builder(input).Run();
}

}  // namespace tertial::reporting
