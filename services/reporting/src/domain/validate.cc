#include "validate.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>

#include "reference.h"
#include "tertial/base/strings.h"
#include "tertial/money/money.h"

namespace tertial::reporting {
namespace {

int64_t Abs(int64_t v) { return v < 0 ? -v : v; }

// Half the precision of a typed figure; exact figures contribute nothing.
int64_t Slack(const Cell& c) { return c.precision_ore() <= 1 ? 0 : c.precision_ore() / 2; }

// The rules below add, subtract and double a report's amounts (and counts) in int64, a few
// at a time or a whole column. Figures whose magnitudes, slack included, add up to less than
// this can be combined in any of those ways without wrapping.
constexpr int64_t kMaxCheckedMagnitude = int64_t{1} << 61;  // 2,3·10^16 kr

// The first table at which the magnitudes of the report's amounts, added up table by table,
// reach kMaxCheckedMagnitude; nullptr if they stay below it. A report the builder made is
// far below it; one read back from a file (`tertial validate`) may carry anything.
const Table* TooLargeToCheck(const Report& report) {
  int64_t total = 0;
  auto add = [&](int64_t v) {
    if (v == INT64_MIN || Abs(v) >= kMaxCheckedMagnitude - total) return false;
    total += Abs(v);
    return true;
  };
  for (const Table* t : report.Tables()) {
    const bool counts =
        t->kind == TableKind::kGoalSummary || t->kind == TableKind::kActivitySummary;
    for (const Row& r : t->rows) {
      for (const Cell& c : r.cells) {
        if (c.is_money() && !(add(c.ore()) && add(c.precision_ore()))) return t;
        if (counts && c.is_number() && !add(c.number().Rescaled(0).units)) return t;
      }
    }
  }
  return nullptr;
}

class Checker {
 public:
  explicit Checker(const Report& report) : report_(report) {}

  std::vector<Finding> Run() {
    if (const Table* t = TooLargeToCheck(report_)) {
      findings_.push_back(
          {.severity = Severity::kError,
           .rule = "too_large",
           .table_id = t->id,
           .where = t->title,
           .message =
               StrCat("beloppen är för stora för att kontrolleras: tillsammans (till och med ",
                      t->title, ") mer än 2,3·10^16 kr; inga andra kontroller är gjorda")});
      return std::move(findings_);
    }
    for (const Table* t : report_.Tables()) {
      switch (t->kind) {
        case TableKind::kOperating:
          RowSums(*t);
          Deviations(*t, "budget", "actual", "budget − redovisat");
          OfWhich(*t);
          YearOverYear(*t, "actual", "prior");
          break;
        case TableKind::kForecast:
          RowSums(*t);
          Deviations(*t, "budget", "forecast", "budget − prognos");
          OfWhich(*t);
          YearOverYear(*t, "forecast", "prior_year");
          break;
        case TableKind::kInvestments:
          RowSums(*t);
          Net(*t);
          Deviations(*t, "frame", "forecast_net", "investeringsram − prognos netto");
          OfWhich(*t);
          break;
        case TableKind::kEconomy:
          Deviations(*t, "budget", "forecast", "budget − prognos");
          Economy(*t);
          break;
        case TableKind::kForecastResult:
          ForecastResult(*t);
          break;
        case TableKind::kGoalSummary:
          GoalSummary(*t);
          break;
        case TableKind::kActivitySummary:
          CountSum(*t);
          break;
        case TableKind::kGoals:
          Assessments(*t);
          break;
        case TableKind::kIndicators:
          IndicatorJumps(*t);
          break;
        default:
          break;
      }
    }
    if (report_.forecast_source) ForecastSourceRules(*report_.forecast_source);
    return std::move(findings_);
  }

 private:
  static std::string Where(const Table& t, const Row& r, std::string_view column) {
    int c = t.ColumnIndex(column);
    std::string label = r.label;
    if (IsPartRow(r.kind)) {
      if (const Row* parent = t.FindRow(r.parent)) label = StrCat(parent->label, " ", r.label);
    }
    return StrCat(t.title, " › ", label, c >= 0 ? StrCat(" › ", t.columns[c].label) : "");
  }

  void Add(Severity severity, std::string rule, const Table& t, const Row& r,
           std::string_view column, std::string shown, std::string consistent,
           std::string message) {
    findings_.push_back({.severity = severity,
                         .rule = std::move(rule),
                         .table_id = t.id,
                         .row_id = r.id,
                         .column_id = std::string(column),
                         .where = Where(t, r, column),
                         .shown = std::move(shown),
                         .consistent = std::move(consistent),
                         .message = std::move(message)});
  }

  // Money cell at `column`, or nullptr if the column is missing or the cell is not money.
  static const Cell* MoneyAt(const Table& t, const Row& r, std::string_view column) {
    int c = t.ColumnIndex(column);
    if (c < 0 || c >= static_cast<int>(r.cells.size())) return nullptr;
    return r.cells[c].is_money() ? &r.cells[c] : nullptr;
  }
  // Empty cells ("–") count as zero in sums.
  static std::optional<int64_t> SumValue(const Table& t, const Row& r, size_t c) {
    if (c >= r.cells.size()) return std::nullopt;
    const Cell& cell = r.cells[c];
    if (cell.is_money()) return cell.ore();
    if (cell.state() == Cell::State::kEmpty) return 0;
    return std::nullopt;
  }

  std::string Money(const Table& t, int64_t ore) const { return FormatMoney(ore, t.unit_label); }

  void RowSums(const Table& t) {
    const Row* sum = nullptr;
    for (const Row& r : t.rows) {
      if (r.kind == RowKind::kSum) sum = &r;
    }
    if (sum == nullptr) return;
    for (size_t c = 0; c < t.columns.size(); ++c) {
      if (t.columns[c].kind != ColumnKind::kMoney || !sum->cells[c].is_money()) continue;
      int64_t total = 0;
      int64_t slack = Slack(sum->cells[c]);
      bool complete = true;
      for (const Row& r : t.rows) {
        if (r.kind != RowKind::kUnit && r.kind != RowKind::kProject) continue;
        std::optional<int64_t> v = SumValue(t, r, c);
        if (!v) {
          complete = false;
          break;
        }
        total += *v;
        slack += Slack(r.cells[c]);
      }
      if (!complete) continue;
      if (Abs(total - sum->cells[c].ore()) > slack) {
        Add(Severity::kError, "row_sum", t, *sum, t.columns[c].id, Money(t, sum->cells[c].ore()),
            Money(t, total),
            StrCat("raderna ovan summerar till ", Money(t, total), ", inte ",
                   Money(t, sum->cells[c].ore())));
      }
    }
  }

  // The forecast the report shows must be as of the report's period and rest on the ledger
  // the report's own figures come from; then each unit's actual to date in the operating
  // statement is the one the forecast was built on.
  void ForecastSourceRules(const ForecastSource& source) {
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

  void Deviations(const Table& t, std::string_view minuend, std::string_view subtrahend,
                  std::string_view formula) {
    for (const Row& r : t.rows) {
      const Cell* a = MoneyAt(t, r, minuend);
      const Cell* b = MoneyAt(t, r, subtrahend);
      const Cell* d = MoneyAt(t, r, "deviation");
      if (a == nullptr || b == nullptr || d == nullptr) continue;
      int64_t expected = a->ore() - b->ore();
      int64_t slack = Slack(*a) + Slack(*b) + Slack(*d);
      if (Abs(expected - d->ore()) <= slack) continue;
      if (expected != 0 && Abs(expected + d->ore()) <= slack) {
        Add(Severity::kWarning, "deviation_sign", t, r, "deviation", Money(t, d->ore()),
            Money(t, expected),
            StrCat("avvikelsen har omvänt tecken mot ", formula, " (", Money(t, expected),
                   "); tabellens regel är ", formula, ", positivt = bättre än budget"));
      } else {
        Add(Severity::kError, "deviation", t, r, "deviation", Money(t, d->ore()),
            Money(t, expected),
            StrCat(formula, " = ", Money(t, a->ore()), " − ", Money(t, b->ore()), " = ",
                   Money(t, expected), ", inte ", Money(t, d->ore())));
      }
    }
  }

  void Net(const Table& t) {
    for (const Row& r : t.rows) {
      const Cell* fs = MoneyAt(t, r, "forecast_spending");
      const Cell* net = MoneyAt(t, r, "forecast_net");
      int ci = t.ColumnIndex("forecast_income");
      if (fs == nullptr || net == nullptr || ci < 0) continue;
      std::optional<int64_t> income = SumValue(t, r, ci);
      if (!income) continue;
      int64_t expected = fs->ore() + *income;
      if (Abs(expected - net->ore()) > Slack(*fs) + Slack(r.cells[ci]) + Slack(*net)) {
        Add(Severity::kError, "net", t, r, "forecast_net", Money(t, net->ore()), Money(t, expected),
            "prognos netto = prognos utgifter + prognos inkomster (inkomster negativa)");
      }
    }
  }

  void OfWhich(const Table& t) {
    std::map<std::string, std::vector<const Row*>> parts;
    for (const Row& r : t.rows) {
      if (r.kind == RowKind::kOfWhich) parts[r.parent].push_back(&r);
    }
    for (const auto& [parent_id, children] : parts) {
      const Row* parent = t.FindRow(parent_id);
      if (parent == nullptr) {
        Add(Severity::kError, "of_which", t, *children[0], "", "", "",
            StrCat("en varav-rad anger raden '", parent_id, "', som inte finns i tabellen"));
        continue;
      }
      for (size_t c = 0; c < t.columns.size(); ++c) {
        if (t.columns[c].kind != ColumnKind::kMoney || !parent->cells[c].is_money()) continue;
        int64_t total = 0;
        int64_t slack = Slack(parent->cells[c]);
        bool complete = true;
        for (const Row* child : children) {
          std::optional<int64_t> v = SumValue(t, *child, c);
          if (!v)
            complete = false;
          else {
            total += *v;
            slack += Slack(child->cells[c]);
          }
        }
        if (!complete) continue;
        int64_t shown = parent->cells[c].ore();
        if (Abs(total - shown) <= slack) continue;
        const Row* costs = nullptr;
        const Row* revenues = nullptr;
        for (const Row* child : children) {
          if (child->part == "costs") costs = child;
          if (child->part == "revenues") revenues = child;
        }
        if (children.size() == 2 && costs && revenues && t.columns[c].id != "deviation" &&
            Abs(total + shown) <= slack) {
          int64_t cost = costs->cells[c].ore();
          int64_t revenue = revenues->cells[c].ore();
          auto printed = [&](int64_t sie_revenue) {
            return Money(t, revenues->positive_revenues ? -sie_revenue : sie_revenue);
          };
          Add(Severity::kError, "of_which", t, *parent, t.columns[c].id,
              StrCat("kostnader ", Money(t, cost), ", intäkter ", printed(revenue)),
              StrCat("kostnader ", Money(t, -revenue), ", intäkter ", printed(-cost)),
              StrCat("kostnader och intäkter ser förväxlade ut: som de står ger de nettot ",
                     Money(t, total), " mot ", Money(t, shown),
                     "; förväxlade ger de nettot som visas"));
        } else {
          Add(Severity::kError, "of_which", t, *parent, t.columns[c].id, Money(t, shown),
              Money(t, total),
              StrCat("varav-raderna summerar till ", Money(t, total), ", inte ", Money(t, shown)));
        }
      }
    }
  }

  void YearOverYear(const Table& t, std::string_view current, std::string_view prior) {
    for (const Row& r : t.rows) {
      if (r.kind != RowKind::kUnit && r.kind != RowKind::kOtherForvaltning &&
          r.kind != RowKind::kSum)
        continue;
      const Cell* a = MoneyAt(t, r, current);
      const Cell* b = MoneyAt(t, r, prior);
      if (a == nullptr || b == nullptr || b->ore() == 0) continue;
      int64_t x = a->ore(), y = b->ore();
      if (Abs(x - y) < money::kOrePerMnkr) continue;
      bool sign_change = (x < 0) != (y < 0) && x != 0;
      if (!sign_change && Abs(x) <= 2 * Abs(y) && 2 * Abs(x) >= Abs(y)) continue;
      int c = t.ColumnIndex(prior);
      Add(Severity::kWarning, "year_over_year", t, r, current, Money(t, x), "",
          StrCat(sign_change
                     ? "byter tecken mot "
                     : (Abs(x) > 2 * Abs(y) ? "mer än fördubblas mot " : "mer än halveras mot "),
                 t.columns[c].label, " (", Money(t, y),
                 "); kontrollera att båda beloppen stämmer"));
    }
  }

  const Row* ForecastRowOf(std::string_view unit_id) const {
    for (const Table* t : report_.Tables()) {
      if (t->kind != TableKind::kForecast) continue;
      for (const Row& r : t->rows) {
        if ((r.kind == RowKind::kSum || r.kind == RowKind::kOtherForvaltning) &&
            r.unit_id == unit_id)
          return &r;
      }
    }
    return nullptr;
  }
  const Table* FirstOf(TableKind kind) const {
    for (const Table* t : report_.Tables()) {
      if (t->kind == kind) return t;
    }
    return nullptr;
  }

  void Economy(const Table& t) {
    const Table* forecast = FirstOf(TableKind::kForecast);
    if (const Row* op = t.FindRow("row:operating"); op && forecast && !t.scope_unit.empty()) {
      if (const Row* sum = ForecastRowOf(t.scope_unit)) {
        for (std::string_view col : {"forecast", "budget"}) {
          const Cell* a = MoneyAt(t, *op, col);
          const Cell* b = MoneyAt(*forecast, *sum, col);
          if (a && b && Abs(a->ore() - b->ore()) > Slack(*a) + Slack(*b)) {
            Add(Severity::kError, "cross_table", t, *op, col, Money(t, a->ore()),
                Money(t, b->ore()),
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

  void ForecastResult(const Table& t) {
    const Table* forecast = FirstOf(TableKind::kForecast);
    if (forecast == nullptr) return;
    for (const Row& r : t.rows) {
      const Row* f = ForecastRowOf(r.unit_id);
      const Cell* shown = MoneyAt(t, r, "result");
      if (f == nullptr || shown == nullptr) continue;
      const Cell* budget = MoneyAt(*forecast, *f, "budget");
      const Cell* fc = MoneyAt(*forecast, *f, "forecast");
      if (!budget || !fc) continue;
      int64_t expected = budget->ore() - fc->ore();
      if (Abs(expected - shown->ore()) > Slack(*shown) + Slack(*budget) + Slack(*fc)) {
        Add(Severity::kError, "cross_table", t, r, "result", Money(t, shown->ore()),
            Money(t, expected),
            StrCat("budget − prognos för ", f->label, " i ", forecast->title, " är ",
                   Money(t, expected), " mnkr"));
      }
    }
  }

  void GoalSummary(const Table& t) {
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

  void CountSum(const Table& t) {
    const Row* sum = nullptr;
    int64_t total = 0;
    for (const Row& r : t.rows) {
      if (r.cells.empty() || !r.cells[0].is_number()) continue;
      if (r.kind == RowKind::kSum)
        sum = &r;
      else
        total += r.cells[0].number().Rescaled(0).units;
    }
    if (sum && sum->cells[0].number().Rescaled(0).units != total) {
      Add(Severity::kError, "row_sum", t, *sum, "count", FormatDecimal(sum->cells[0].number()),
          std::to_string(total), StrCat("antalen ovan summerar till ", total));
    }
  }

  void Assessments(const Table& goals) {
    for (const Row& g : goals.rows) {
      std::vector<std::pair<const Table*, const Row*>> indicators;
      for (const Table* t : report_.Tables()) {
        if (t->kind != TableKind::kIndicators) continue;
        for (const Row& r : t->rows) {
          if (r.kind == RowKind::kIndicator && r.goal_id == g.id) indicators.push_back({t, &r});
        }
      }
      int met = 0, not_met = 0;
      std::string missed;
      for (const auto& [t, r] : indicators) {
        if (r->status == IndicatorStatus::kMet) ++met;
        if (r->status == IndicatorStatus::kNotMet) {
          ++not_met;
          if (!missed.empty()) missed += "; ";
          StrAppend(&missed, r->label, " (mål ", r->target.printed, ")");
        }
      }
      if (g.assessment_check) {
        // The goals service checked it: its verdict is the one rule (what `tertial goals
        // status` counts); the indicators listed are the report's.
        if (g.assessment_check->verdict != AssessmentCheck::Verdict::kContradicted) continue;
        int checked = g.assessment_check->indicators_met + g.assessment_check->indicators_not_met;
        std::string_view suggested = AssessmentLabel(Assessment::kPartly);
        if (g.assessment == Assessment::kMet) {
          Add(Severity::kError, "assessment", goals, g, "assessment",
              std::string(AssessmentLabel(g.assessment)), std::string(suggested),
              StrCat("bedöms uppfyllt, men ",
                     checked == 1 ? "den enda indikatorn med värde och målvärde når inte målvärdet"
                                  : StrCat("ingen av de ", checked,
                                           " indikatorerna med värde och målvärde når målvärdet"),
                     missed.empty() ? "" : StrCat(": ", missed), " (målstyrningens kontroll)"));
        } else {
          Add(Severity::kError, "assessment", goals, g, "assessment",
              std::string(AssessmentLabel(g.assessment)), std::string(suggested),
              StrCat("bedöms ej uppfyllt, men ",
                     checked == 1 ? "den enda indikatorn med värde och målvärde når målvärdet"
                                  : StrCat("alla ", checked,
                                           " indikatorer med värde och målvärde når målvärdet"),
                     " (målstyrningens kontroll)"));
        }
        continue;
      }
      if (g.assessment == Assessment::kMet && not_met > 0) {
        Add(met == 0 ? Severity::kError : Severity::kWarning, "assessment", goals, g, "assessment",
            std::string(AssessmentLabel(g.assessment)),
            std::string(AssessmentLabel(Assessment::kPartly)),
            StrCat("bedöms uppfyllt, men ", not_met, " av ", met + not_met,
                   " indikatorer med värde når inte målvärdet: ", missed));
      } else if (g.assessment == Assessment::kNotMet && met > 0 && not_met == 0) {
        Add(Severity::kError, "assessment", goals, g, "assessment",
            std::string(AssessmentLabel(g.assessment)),
            std::string(AssessmentLabel(Assessment::kPartly)),
            StrCat("bedöms ej uppfyllt, men alla ", met, " indikatorer med värde når målvärdet"));
      }
    }
  }

  void IndicatorJumps(const Table& t) {
    std::vector<size_t> periods;
    for (size_t c = 0; c < t.columns.size(); ++c) {
      if (t.columns[c].kind == ColumnKind::kNumber) periods.push_back(c);
    }
    if (periods.size() < 2) return;
    size_t last = periods.back(), previous = periods[periods.size() - 2];
    for (const Row& r : t.rows) {
      if (r.kind != RowKind::kIndicator) continue;
      const Cell& a = r.cells[last];
      const Cell& b = r.cells[previous];
      if (!a.is_number() || !b.is_number() || b.number().units == 0) continue;
      Decimal x = a.number(), y = b.number();
      Decimal ax{x.units < 0 ? -x.units : x.units, x.scale},
          ay{y.units < 0 ? -y.units : y.units, y.scale};
      Decimal twice_y{ay.units * 2, ay.scale}, twice_x{ax.units * 2, ax.scale};
      bool up = Decimal::Compare(ax, twice_y) > 0;
      bool down = Decimal::Compare(twice_x, ay) < 0;
      if (!up && !down) continue;
      Add(Severity::kWarning, "year_over_year", t, r, t.columns[last].id, FormatDecimal(x), "",
          StrCat(up ? "mer än fördubblas" : "mer än halveras", " mot ", t.columns[previous].label,
                 " (", FormatDecimal(y), "); kontrollera värdet och dess period"));
    }
  }

  const Report& report_;
  std::vector<Finding> findings_;
};

std::string Normalised(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ' ') continue;
    if (s.substr(i, 2) == "\xC2\xA0") {
      ++i;
      continue;
    }
    out += s[i] == '.' ? ',' : s[i];
  }
  return out;
}

}  // namespace

std::vector<Finding> Validate(const Report& report) { return Checker(report).Run(); }

std::vector<Finding> ValidateClaims(const Report& report, const std::vector<Claim>& claims) {
  std::vector<Finding> out;
  for (const Claim& claim : claims) {
    Finding f{.severity = Severity::kError,
              .rule = "claim",
              .where = StrCat("Text i avsnittet ", claim.section, ": \u201d", claim.text, "\u201d"),
              .shown = claim.shown};
    auto ref = ParseReference(claim.reference);
    absl::StatusOr<std::string> value =
        ref.ok() ? ResolveReference(report, *ref) : absl::StatusOr<std::string>(ref.status());
    if (ref.ok()) {
      f.table_id = ref->table;
      f.row_id = ref->row;
      f.column_id = ref->column;
    }
    if (!value.ok()) {
      f.message = std::string(value.status().message());
      out.push_back(std::move(f));
      continue;
    }
    if (Normalised(*value) == Normalised(claim.shown)) continue;
    f.consistent = *value;
    f.message = StrCat("texten anger ", claim.shown, " men ", ref->table, " › ", ref->row, " › ",
                       ref->column, " visar ", *value);
    out.push_back(std::move(f));
  }
  return out;
}

IndicatorStatus ComputeStatus(const Table& table, const Row& row) {
  std::vector<size_t> periods;
  for (size_t c = 0; c < table.columns.size() && c < row.cells.size(); ++c) {
    if (table.columns[c].kind == ColumnKind::kNumber) periods.push_back(c);
  }
  if (periods.empty()) return IndicatorStatus::kNoData;
  const Cell& latest = row.cells[periods.back()];
  if (!latest.is_number()) return IndicatorStatus::kNoData;
  const Target& t = row.target;
  const Decimal& v = latest.number();
  switch (t.kind) {
    case Target::Kind::kNone:
      return IndicatorStatus::kNoData;
    case Target::Kind::kCompare: {
      int c = Decimal::Compare(v, t.value);
      bool met = t.op == "<"    ? c < 0
                 : t.op == "<=" ? c <= 0
                 : t.op == ">"  ? c > 0
                 : t.op == ">=" ? c >= 0
                                : c == 0;
      return met ? IndicatorStatus::kMet : IndicatorStatus::kNotMet;
    }
    case Target::Kind::kIncrease:
    case Target::Kind::kDecrease:
      for (size_t i = periods.size() - 1; i-- > 0;) {
        const Cell& earlier = row.cells[periods[i]];
        if (!earlier.is_number()) continue;
        int c = Decimal::Compare(v, earlier.number());
        bool met = t.kind == Target::Kind::kIncrease ? c > 0 : c < 0;
        return met ? IndicatorStatus::kMet : IndicatorStatus::kNotMet;
      }
      return IndicatorStatus::kNoData;
  }
  return IndicatorStatus::kNoData;
}

}  // namespace tertial::reporting
