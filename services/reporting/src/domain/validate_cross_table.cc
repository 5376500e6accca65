// The rules between tables (validate_checker.h): cross_table, forecast_source.
#include <algorithm>
#include <tuple>

#include "tertial/base/strings.h"
#include "validate_checker.h"

namespace tertial::reporting::validation {

// The forecast the report shows must be as of the report's period and rest on the ledger
// the report's own figures come from; then each unit's actual to date in the operating
// statement is the one the forecast was built on.
void Checker::ForecastSourceRules(const ForecastSource& source) {
  const Table* forecast = FirstOf(TableKind::kForecast);
  if (forecast == nullptr) return;
  const Row* sum = forecast->FindRow("sum");
  if (sum == nullptr) return;
  const std::string period = PeriodLong(report_.period);
  if (!source.published) {
    Add(Severity::kError, "forecast_source", *forecast, *sum, "forecast", "–", "",
        StrCat("ingen prognos är publicerad för ", report_.fiscal_year, " per ", period,
               " eller tidigare; stäng perioden (tertial close-period) så publiceras den"));
    return;
  }
  const std::string as_of = PeriodLong(source.as_of);
  if (source.as_of.year != report_.period.year || source.as_of.month != report_.period.month) {
    Add(Severity::kError, "forecast_source", *forecast, *sum, "forecast",
        StrCat("prognos per ", as_of), StrCat("prognos per ", period),
        StrCat("prognosen är per ", as_of, ", inte per rapportens period ", period,
               "; den bygger inte på utfallet till och med ", period,
               " (stäng perioden så publiceras den)"));
  }
  if (!source.ledger_known) {
    Add(Severity::kWarning, "forecast_source", *forecast, *sum, "forecast",
        StrCat("prognos per ", as_of), "",
        "prognosen anger inte vilken huvudbok den bygger på (publicerad före den uppgiften "
        "fanns), så "
        "det går inte att se om den bygger på rapportens utfall");
  } else if (source.older_than_ledger) {
    Add(Severity::kError, "forecast_source", *forecast, *sum, "forecast",
        StrCat("huvudbok t.o.m. händelse ", source.ledger_event_id.substr(0, 8)),
        StrCat("huvudbok t.o.m. händelse ", source.newer_ledger_event_id.substr(0, 8)),
        StrCat("prognosen bygger på en äldre huvudbok än rapportens utfall: händelse ",
               source.newer_ledger_event_id.substr(0, 8),
               " (verifikation, budget, enhet, projekt eller räkenskapsår) kom efter den; "
               "prognostjänsten "
               "publicerar om den strax, ta sedan fram rapporten igen"));
  }
  if (!source.ledger_known || source.as_of.year != report_.period.year ||
      source.as_of.month != report_.period.month) {
    return;
  }
  const Table* operating = FirstOf(TableKind::kOperating);
  if (operating == nullptr) return;
  for (const Row& r : operating->rows) {
    if (r.unit_id.empty() || IsPartRow(r.kind)) continue;
    const Cell* actual = MoneyAt(*operating, r, "actual");
    auto it = source.actual_net_ore.find(r.unit_id);
    if (actual == nullptr || it == source.actual_net_ore.end()) continue;
    if (actual->ore() != it->second) {
      Add(Severity::kError, "cross_table", *operating, r, "actual",
          Money(*operating, actual->ore()), Money(*operating, it->second),
          StrCat("prognosen per ", as_of, " bygger på utfallet ", Money(*operating, it->second),
                 " tkr hittills för ", r.label, ", inte på det som redovisas här"));
    }
  }
}

void Checker::Economy(const Table& t) {
  const Table* forecast = FirstOf(TableKind::kForecast);
  if (const Row* op = t.FindRow("row:operating"); op && forecast && !t.scope_unit.empty()) {
    if (const Row* sum = ForecastRowOf(t.scope_unit)) {
      // The two tables may print costs with different signs.
      const int64_t sign = CostsNegative(t, *op) == CostsNegative(*forecast, *sum) ? 1 : -1;
      for (std::string_view col : {"forecast", "budget"}) {
        const Cell* a = MoneyAt(t, *op, col);
        const Cell* b = MoneyAt(*forecast, *sum, col);
        if (a && b && Abs(a->ore() - sign * b->ore()) > Slack(*a) + Slack(*b)) {
          Add(Severity::kError, "cross_table", t, *op, col, Money(t, a->ore()),
              Money(t, sign * b->ore()),
              StrCat("skiljer sig från ", forecast->title, " › ", sum->label));
        }
      }
    }
  }
  const Table* inv = FirstOf(TableKind::kInvestments);
  const Row* row = t.FindRow("row:investments");
  if (inv == nullptr || row == nullptr || t.scope_unit.empty()) return;
  int64_t net = 0, frame = 0, slack_net = 0, slack_frame = 0;
  bool any = false;
  for (const Row& r : inv->rows) {
    if (r.kind != RowKind::kProject || r.unit_id != t.scope_unit) continue;
    const Cell* n = MoneyAt(*inv, r, "forecast_net");
    const Cell* f = MoneyAt(*inv, r, "frame");
    if (!n || !f) return;
    net += n->ore();
    frame += f->ore();
    slack_net += Slack(*n);
    slack_frame += Slack(*f);
    any = true;
  }
  if (!any) return;
  for (auto [col, expected, slack] :
       {std::tuple{"forecast", net, slack_net}, std::tuple{"budget", frame, slack_frame}}) {
    const Cell* a = MoneyAt(t, *row, col);
    if (a && Abs(a->ore() - expected) > Slack(*a) + slack) {
      Add(Severity::kError, "cross_table", t, *row, col, Money(t, a->ore()), Money(t, expected),
          StrCat("skiljer sig från summan av projekten för ", t.scope_unit, " i ", inv->title));
    }
  }
}

void Checker::ForecastResult(const Table& t) {
  const Table* forecast = FirstOf(TableKind::kForecast);
  if (forecast == nullptr) return;
  for (const Row& r : t.rows) {
    const Row* f = ForecastRowOf(r.unit_id);
    const Cell* shown = MoneyAt(t, r, "result");
    if (f == nullptr || shown == nullptr) continue;
    const Cell* budget = MoneyAt(*forecast, *f, "budget");
    const Cell* fc = MoneyAt(*forecast, *f, "forecast");
    if (!budget || !fc) continue;
    // The result is positive for a surplus: budget − forecast of net costs, forecast − budget
    // where the forecast table prints costs negative.
    const bool costs_negative = CostsNegative(*forecast, *f);
    int64_t expected = costs_negative ? fc->ore() - budget->ore() : budget->ore() - fc->ore();
    if (Abs(expected - shown->ore()) > Slack(*shown) + Slack(*budget) + Slack(*fc)) {
      Add(Severity::kError, "cross_table", t, r, "result", Money(t, shown->ore()),
          Money(t, expected),
          StrCat(costs_negative ? "prognos − budget för " : "budget − prognos för ", f->label,
                 " i ", forecast->title, " är ", Money(t, expected), " mnkr"));
    }
  }
}

void Checker::GoalSummary(const Table& t) {
  CountSum(t);
  const Table* goals = FirstOf(TableKind::kGoals);
  if (goals == nullptr) return;
  for (const Row& r : t.rows) {
    if (r.kind == RowKind::kSum || r.cells.empty() || !r.cells[0].is_number()) continue;
    int64_t n = std::count_if(goals->rows.begin(), goals->rows.end(),
                              [&](const Row& g) { return g.assessment == r.assessment; });
    if (n != r.cells[0].number().units) {
      Add(Severity::kError, "cross_table", t, r, "count", FormatDecimal(r.cells[0].number()),
          std::to_string(n),
          StrCat(goals->title, " har ", n, " nämndmål med bedömningen '",
                 AssessmentLabel(r.assessment), "'"));
    }
  }
}

}  // namespace tertial::reporting::validation
