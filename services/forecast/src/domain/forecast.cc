#include "domain/forecast.h"

#include <algorithm>
#include <map>

#include "domain/backtest.h"
#include "domain/methods.h"
#include "tertial/base/strings.h"
#include "tertial/money/money.h"

namespace tertial::forecast {
namespace {

Sides Through(const UnitYear& y, int month) {
  return {y.actual[kCostsSide].Through(month), y.actual[kRevenuesSide].Through(month)};
}

Sides BudgetYear(const UnitYear& y, int months) {
  return {y.budget[kCostsSide].Through(months), y.budget[kRevenuesSide].Through(months)};
}

// Bottom-up summary of the methods used below a unit: none yet, one method, or several.
constexpr int kNoMethod = -1;
constexpr int kMixed = -2;
int CombineMethods(int a, int b) {
  if (a == kNoMethod) return b;
  if (b == kNoMethod || a == b) return a;
  return kMixed;
}

void AddSide(Sides* sides, AdjustmentSide side, int64_t amount) {
  if (side == AdjustmentSide::kCosts) {
    sides->AddCosts(amount);
  } else {
    sides->AddRevenues(amount);
  }
}

ProjectForecastResult ForecastProject(const std::string& id, const ProjectInfo* info,
                                      const ProjectYear* figures, int fiscal_year, int months,
                                      int as_of) {
  ProjectForecastResult p;
  p.project_id = id;
  if (info != nullptr) {
    p.name = info->name;
    p.unit_id = info->unit_id;
    auto frame = info->frames_ore.find(fiscal_year);
    if (frame != info->frames_ore.end()) p.frame_ore = frame->second;
  }
  if (p.unit_id.empty() && figures != nullptr) p.unit_id = figures->unit_id;
  if (figures != nullptr) {
    p.spending_to_date_ore = figures->spending.Through(as_of);
    p.income_to_date_ore = figures->income.Through(as_of);
  }
  if (figures != nullptr && figures->has_budget) {
    p.method = "budget_remaining";
    p.remaining_spending_ore = figures->budget_spending.After(as_of, months);
    p.remaining_income_ore = figures->budget_income.After(as_of, months);
  } else if (p.frame_ore != 0) {
    p.method = "frame_share";
    p.remaining_spending_ore = money::MulDiv(p.frame_ore, months - as_of, months);
  } else {
    p.method = "actual";
  }
  return p;
}

}  // namespace

absl::StatusOr<period::Period> DefaultAsOf(const OrgModel& model, int fiscal_year) {
  if (std::optional<period::Period> closed = model.LatestClosed(fiscal_year)) return *closed;
  const YearFigures* year = model.Year(fiscal_year);
  int last = 0;
  if (year != nullptr) {
    for (const UnitYear& y : year->figures) {
      for (int m = year->months; m > last; --m) {
        if (Through(y, m) != Through(y, m - 1)) {
          last = m;
          break;
        }
      }
    }
  }
  if (last == 0) {
    return absl::FailedPreconditionError(StrCat("organisation ", model.organisation(),
                                                " has no closed period and no actuals in ",
                                                fiscal_year, ": give the as-of period"));
  }
  return period::Period::FromIndex(model.FiscalYearOf(fiscal_year).Periods().first.Index() + last -
                                   1);
}

absl::StatusOr<ForecastResult> ComputeForecast(const OrgModel& model, const ForecastQuery& query) {
  ForecastResult result;
  result.fiscal_year = query.fiscal_year;
  const period::FiscalYear fy = model.FiscalYearOf(query.fiscal_year);
  if (query.as_of) {
    if (!fy.Contains(*query.as_of)) {
      return absl::InvalidArgumentError(StrCat("as-of ", period::FormatPeriod(*query.as_of),
                                               " is not in fiscal year ", query.fiscal_year, " (",
                                               period::FormatPeriodRange(fy.Periods()), ")"));
    }
    result.as_of = *query.as_of;
  } else {
    absl::StatusOr<period::Period> as_of = DefaultAsOf(model, query.fiscal_year);
    if (!as_of.ok()) return as_of.status();
    result.as_of = *as_of;
  }
  const int m = fy.MonthNumber(result.as_of);
  result.as_of_month = m;
  result.as_of_closed = model.IsClosed(query.fiscal_year, m);
  result.method_requested =
      query.method ? *query.method : model.OrganisationMethod(query.fiscal_year);

  absl::StatusOr<std::vector<int>> rows = model.Subtree(query.unit_subtree);
  if (!rows.ok()) return rows.status();
  const YearFigures* year = model.Year(query.fiscal_year);
  const YearFigures* prior_year = model.Year(query.fiscal_year - 1);
  const int n = year != nullptr ? year->months : std::min(fy.Months(), kMaxMonths);
  const int count = static_cast<int>(rows->size());
  const int first = count > 0 ? rows->front() : 0;

  // What each unit asks for, and what auto makes of it.
  std::vector<Method> requested = query.method
                                      ? std::vector<Method>(model.unit_count(), *query.method)
                                      : model.ChosenMethods(query.fiscal_year);
  std::vector<MethodContext> contexts(count);
  std::vector<int> auto_units;
  for (int r = 0; r < count; ++r) {
    int u = first + r;
    const UnitYear* current = year != nullptr ? year->Of(u) : nullptr;
    const UnitYear* prior =
        prior_year != nullptr && prior_year->months == n ? prior_year->Of(u) : nullptr;
    if ((current != nullptr && current->overflow) || (prior != nullptr && prior->overflow)) {
      return absl::OutOfRangeError(StrCat("the monthly figures of unit ", model.unit(u).id,
                                          " sum past 9.2·10^16 kronor, the most tertial can hold"));
    }
    contexts[r] = {current, prior, n, m};
    if (requested[u] == Method::kAuto && current != nullptr) auto_units.push_back(u);
  }
  std::vector<Method> resolved(count);
  for (int r = 0; r < count; ++r) {
    resolved[r] =
        requested[first + r] == Method::kAuto ? DefaultMethod(contexts[r]) : requested[first + r];
  }
  if (!auto_units.empty()) {
    std::vector<std::optional<Method>> chosen =
        AutoMethods(model, BacktestYears(model, query.fiscal_year), auto_units);
    for (size_t i = 0; i < auto_units.size(); ++i) {
      if (chosen[i]) resolved[auto_units[i] - first] = *chosen[i];
    }
  }

  // Own figures per unit.
  std::vector<Sides> forecast(count), budget(count), adjustments(count), actual(count),
      prior(count);
  std::vector<int> methods(count, kNoMethod);  // for units with figures: the method used
  std::vector<Method> used(count);
  std::vector<UnitForecastResult> out(count);
  for (int r = 0; r < count; ++r) {
    const MethodContext& c = contexts[r];
    MethodOutcome outcome =
        c.current != nullptr ? ForecastOwn(resolved[r], c) : MethodOutcome{resolved[r], {}};
    forecast[r] = outcome.forecast;
    used[r] = outcome.used;
    out[r].method = std::string(MethodName(outcome.used));
    if (c.current != nullptr) {
      actual[r] = Through(*c.current, m);
      budget[r] = BudgetYear(*c.current, n);
      if (c.current->has_actuals || c.current->has_budget)
        methods[r] = static_cast<int>(outcome.used);
    }
    if (prior_year != nullptr) {
      if (const UnitYear* p = prior_year->Of(first + r)) prior[r] = Through(*p, prior_year->months);
    }
  }

  // Adjustments (operating on units, investment on projects below).
  std::map<std::string, std::vector<const AdjustmentRecord*>> project_adjustments;
  for (const AdjustmentRecord& a : model.adjustments()) {
    if (!a.AppliesAsOf(query.fiscal_year, result.as_of)) continue;
    if (!a.operational()) {
      project_adjustments[a.project_id].push_back(&a);
      continue;
    }
    std::optional<int> u = model.UnitIndex(a.unit_id);
    if (!u) {
      result.warnings.push_back(StrCat("adjustment ", a.id, " is for unit ", a.unit_id,
                                       ", which is not in the unit tree: left out"));
      continue;
    }
    if (*u < first || *u >= first + count) continue;  // outside the subtree asked for
    int r = *u - first;
    AddSide(&adjustments[r], a.side, a.amount_ore);
    AddSide(&forecast[r], a.side, a.amount_ore);
    out[r].adjustment_ids.push_back(a.id);
    if (methods[r] == kNoMethod) methods[r] = static_cast<int>(used[r]);
  }
  // Listed in the order of the report: by unit in tree order, then by project.
  for (int r = 0; r < count; ++r) {
    for (const std::string& id : out[r].adjustment_ids)
      result.adjustments.push_back(*model.FindAdjustment(id));
  }

  // Roll-ups and method summaries, bottom up.
  std::vector<Sides> total_forecast = forecast, total_budget = budget,
                     total_adjustments = adjustments, total_actual = actual, total_prior = prior;
  RollUp(model, first, &total_forecast);
  RollUp(model, first, &total_budget);
  RollUp(model, first, &total_adjustments);
  RollUp(model, first, &total_actual);
  RollUp(model, first, &total_prior);
  std::vector<int> summary = methods;
  for (int r = count - 1; r >= 0; --r) {
    int parent = model.parent(first + r);
    if (parent >= first)
      summary[parent - first] = CombineMethods(summary[parent - first], summary[r]);
  }
  std::vector<int> depth(count, 0);
  for (int r = 0; r < count; ++r) {
    int parent = model.parent(first + r);
    if (r > 0 && parent >= first) depth[r] = depth[parent - first] + 1;
  }
  for (int r = 0; r < count; ++r) {
    UnitForecastResult& u = out[r];
    u.unit = first + r;
    u.depth = depth[r];
    u.rollup = model.has_children(first + r);
    u.method_requested = requested[first + r];
    if (u.rollup) {
      if (summary[r] == kMixed) {
        u.method = "mixed";
      } else if (summary[r] != kNoMethod) {
        u.method = std::string(MethodName(static_cast<Method>(summary[r])));
      }
    }
    u.forecast = total_forecast[r];
    u.budget = total_budget[r];
    u.adjustments = total_adjustments[r];
    u.actual = total_actual[r];
    u.prior_year = total_prior[r];
  }
  // Children before parents, so that the error names the unit whose roll-up wrapped.
  for (int r = count - 1; r >= 0; --r) {
    const UnitForecastResult& u = out[r];
    for (const Sides* s : {&u.forecast, &u.budget, &u.adjustments, &u.actual, &u.prior_year}) {
      if (s->overflow) {
        return absl::OutOfRangeError(StrCat(
            "the figures of unit ", model.unit(first + r).id,
            " sum past 9.2·10^16 kronor, "
            "the most tertial can hold; a total of more than 10^15 kronor means a wrong input"));
      }
    }
  }
  result.units = std::move(out);

  // Projects: defined ones with a frame this year, and any with figures or adjustments.
  std::vector<std::string> project_ids;
  std::vector<const ProjectInfo*> defined;
  for (const auto& [id, info] : model.projects()) defined.push_back(&info);
  std::sort(defined.begin(), defined.end(), [](const ProjectInfo* a, const ProjectInfo* b) {
    return a->position != b->position ? a->position < b->position : a->id < b->id;
  });
  for (const ProjectInfo* info : defined) {
    bool relevant = info->frames_ore.count(query.fiscal_year) > 0 ||
                    (year != nullptr && year->projects.count(info->id) > 0) ||
                    project_adjustments.count(info->id) > 0;
    if (relevant) project_ids.push_back(info->id);
  }
  if (year != nullptr) {
    for (const auto& [id, figures] : year->projects) {
      if (model.FindProject(id) == nullptr) project_ids.push_back(id);
    }
  }
  for (const auto& [id, list] : project_adjustments) {
    if (model.FindProject(id) == nullptr && (year == nullptr || year->projects.count(id) == 0)) {
      project_ids.push_back(id);
    }
  }
  for (const std::string& id : project_ids) {
    const ProjectYear* figures = nullptr;
    if (year != nullptr) {
      auto it = year->projects.find(id);
      if (it != year->projects.end()) figures = &it->second;
    }
    ProjectForecastResult p =
        ForecastProject(id, model.FindProject(id), figures, query.fiscal_year, n, m);
    if (p.unit_id.empty()) p.unit_id = model.ProjectUnit(id);
    if (!query.unit_subtree.empty() && !model.tree().InSubtree(p.unit_id, query.unit_subtree))
      continue;
    const std::string what = StrCat("the forecast of project ", id);
    if (figures != nullptr && figures->overflow) {
      return absl::OutOfRangeError(StrCat("the sum of ", what, " is too large (past int64)"));
    }
    for (const AdjustmentRecord* a : project_adjustments[id]) {
      if (absl::Status s = money::Add(a->side == AdjustmentSide::kInvestmentSpending
                                          ? &p.adjustments_spending_ore
                                          : &p.adjustments_income_ore,
                                      a->amount_ore, what);
          !s.ok()) {
        return s;
      }
      p.adjustment_ids.push_back(a->id);
      result.adjustments.push_back(*a);
    }
    p.forecast_spending_ore = p.spending_to_date_ore;
    p.forecast_income_ore = p.income_to_date_ore;
    for (const auto& [total, part] :
         {std::pair{&p.forecast_spending_ore, p.remaining_spending_ore},
          std::pair{&p.forecast_spending_ore, p.adjustments_spending_ore},
          std::pair{&p.forecast_income_ore, p.remaining_income_ore},
          std::pair{&p.forecast_income_ore, p.adjustments_income_ore}}) {
      if (absl::Status s = money::Add(total, part, what); !s.ok()) return s;
    }
    result.projects.push_back(std::move(p));
  }

  if (year != nullptr && year->has_unassigned) {
    Sides unassigned = Through(year->unassigned, m);
    if (unassigned.costs_ore != 0 || unassigned.revenues_ore != 0) {
      result.warnings.push_back(
          StrCat("operating amounts without a unit object (dimension 1) through ",
                 period::FormatPeriod(result.as_of), " are in no unit's forecast: costs ",
                 money::FormatKronor(unassigned.costs_ore), " kr, revenues ",
                 money::FormatKronor(unassigned.revenues_ore), " kr"));
    }
  }
  return result;
}

}  // namespace tertial::forecast
