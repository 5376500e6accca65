// The rules within one table (validate_checker.h): row_sum, deviation, deviation_sign, net,
// of_which, year_over_year of amounts.
#include <map>
#include <optional>
#include <vector>

#include "tertial/base/strings.h"
#include "tertial/money/money.h"
#include "validate.h"
#include "validate_checker.h"

namespace tertial::reporting::validation {

void Checker::RowSums(const Table& t) {
  const Row* sum = nullptr;
  for (const Row& r : t.rows) {
    if (r.kind == RowKind::kSum) sum = &r;
  }
  if (sum == nullptr) return;
  // A row that declares the other deviation rule than the sum row counts negated there.
  const SignConvention* sum_signs = DeclaredSigns(t, *sum);
  auto reversed_against_sum = [&](const Row& r) {
    const SignConvention* own = DeclaredSigns(t, r);
    return own && sum_signs && own->deviation_reversed != sum_signs->deviation_reversed;
  };
  for (size_t c = 0; c < t.columns.size(); ++c) {
    if (t.columns[c].kind != ColumnKind::kMoney || !sum->cells[c].is_money()) continue;
    const bool deviation = t.columns[c].id == "deviation";
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
      total += deviation && reversed_against_sum(r) ? -*v : *v;
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

const SignConvention* Checker::DeclaredSigns(const Table& t, const Row& r) {
  if (r.signs) return &*r.signs;
  if (r.kind == RowKind::kOfWhich) {
    if (const Row* parent = t.FindRow(r.parent); parent != nullptr && parent->signs)
      return &*parent->signs;
  }
  return t.signs ? &*t.signs : nullptr;
}

void Checker::Deviations(const Table& t) {
  std::optional<DeviationTerms> terms = DeviationTermsOf(t.kind);
  if (!terms) return;
  struct Figures {
    const Row* row;
    int64_t minuend, subtrahend, shown, slack;
  };
  std::vector<Figures> rows;
  // Rows without declared signs are held to the rule most of them follow.
  int forward = 0, reversed = 0;
  for (const Row& r : t.rows) {
    const Cell* a = MoneyAt(t, r, terms->minuend);
    const Cell* b = MoneyAt(t, r, terms->subtrahend);
    const Cell* d = MoneyAt(t, r, "deviation");
    if (a == nullptr || b == nullptr || d == nullptr) continue;
    rows.push_back({&r, a->ore(), b->ore(), d->ore(), Slack(*a) + Slack(*b) + Slack(*d)});
    if (DeclaredSigns(t, r) != nullptr) continue;
    int64_t expected = a->ore() - b->ore();
    if (Abs(expected - d->ore()) <= rows.back().slack) {
      ++forward;
    } else if (Abs(expected + d->ore()) <= rows.back().slack) {
      ++reversed;
    }
  }
  const bool most_reversed = reversed > forward;
  for (const Figures& f : rows) {
    const Row& r = *f.row;
    const SignConvention* declared = DeclaredSigns(t, r);
    const bool reverse = declared ? declared->deviation_reversed : most_reversed;
    const int64_t expected = reverse ? f.subtrahend - f.minuend : f.minuend - f.subtrahend;
    if (Abs(expected - f.shown) <= f.slack) continue;
    const std::string formula = reverse
                                    ? StrCat(terms->subtrahend_name, " − ", terms->minuend_name)
                                    : StrCat(terms->minuend_name, " − ", terms->subtrahend_name);
    if (expected != 0 && Abs(expected + f.shown) <= f.slack) {
      if (declared != nullptr) {
        const bool positive_is_better = declared->costs_negative == declared->deviation_reversed;
        Add(Severity::kError, "deviation_sign", t, r, "deviation", Money(t, f.shown),
            Money(t, expected),
            StrCat("avvikelsen har omvänt tecken mot ", formula, " (", Money(t, expected),
                   "), den regel ", r.signs ? "raden" : "tabellen", " anger (",
                   positive_is_better ? "positivt" : "negativt", " = bättre än budget)"));
      } else if (most_reversed) {
        Add(Severity::kWarning, "deviation_sign", t, r, "deviation", Money(t, f.shown),
            Money(t, expected),
            StrCat("avvikelsen har omvänt tecken mot ", formula, " (", Money(t, expected),
                   "), som ", reversed, " av tabellens ", rows.size(),
                   " rader räknar; ange tabellens teckenregel (\"signs\") så kontrolleras "
                   "varje rad mot den"));
      } else {
        Add(Severity::kWarning, "deviation_sign", t, r, "deviation", Money(t, f.shown),
            Money(t, expected),
            StrCat("avvikelsen har omvänt tecken mot ", formula, " (", Money(t, expected),
                   "); tabellens regel är ", formula, ", positivt = bättre än budget"));
      }
    } else {
      const int64_t first = reverse ? f.subtrahend : f.minuend;
      const int64_t second = reverse ? f.minuend : f.subtrahend;
      Add(Severity::kError, "deviation", t, r, "deviation", Money(t, f.shown), Money(t, expected),
          StrCat(formula, " = ", Money(t, first), " − ", Money(t, second), " = ",
                 Money(t, expected), ", inte ", Money(t, f.shown)));
    }
  }
}

void Checker::Net(const Table& t) {
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

void Checker::OfWhich(const Table& t) {
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

void Checker::YearOverYear(const Table& t, std::string_view current, std::string_view prior) {
  for (const Row& r : t.rows) {
    if (r.kind != RowKind::kUnit && r.kind != RowKind::kOtherForvaltning && r.kind != RowKind::kSum)
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
               t.columns[c].label, " (", Money(t, y), "); kontrollera att båda beloppen stämmer"));
  }
}

void Checker::CountSum(const Table& t) {
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

}  // namespace tertial::reporting::validation
