#include "domain/backtest.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "domain/forecast.h"
#include "domain/test_util.h"

namespace tertial::forecast {
namespace {

using testing::Cell;
using testing::Concat;
using testing::Repeat;

std::shared_ptr<const OrgModel> Build(OrgInput in) {
  absl::StatusOr<std::shared_ptr<const OrgModel>> model = OrgModel::Build(std::move(in));
  EXPECT_TRUE(model.ok()) << model.status();
  return *model;
}

const UnitScore* Find(const BacktestResult& r, const OrgModel& m, std::string_view unit,
                      Method method) {
  for (const UnitScore& s : r.units) {
    if (m.unit(s.unit).id == unit && s.method == method) return &s;
  }
  return nullptr;
}

TEST(Backtest, ScoresEachMonthAgainstTheRealYearEnd) {
  OrgInput in;
  in.organisation = "0580";
  in.units = {{.id = "U", .name = "U"}};
  // 100 a month and 1 300 in December: 2 400 for the year. Runrate says 1 200 all year.
  in.unit_cells[2020]["U"] = Cell(Concat(Repeat(100, 11), {1300}), {});
  in.unit_cells[2021]["U"] = Cell({100}, {});  // a later year: 2020 is complete
  auto model = Build(std::move(in));
  EXPECT_EQ(BacktestYears(*model, 2021), (std::vector<int>{2020}));
  EXPECT_TRUE(BacktestYears(*model, 2020).empty());

  absl::StatusOr<BacktestResult> r =
      Backtest(*model, {.target_year = 2021, .methods = {Method::kRunrate}});
  ASSERT_TRUE(r.ok()) << r.status();
  const UnitScore* u = Find(*r, *model, "U", Method::kRunrate);
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->score.observations, 11);
  EXPECT_EQ(u->score.net_observations, 11);
  EXPECT_DOUBLE_EQ(u->score.mape, 0.5);
  EXPECT_DOUBLE_EQ(u->score.bias, -0.5);
  EXPECT_DOUBLE_EQ(u->score.wape, 0.5);
  EXPECT_EQ(u->score.mean_error_ore, -1200);
  ASSERT_EQ(r->months.size(), 11u);
  EXPECT_EQ(r->months[7].month, 8);
  EXPECT_EQ(r->months[7].score.observations, 1);
  EXPECT_DOUBLE_EQ(r->months[7].score.mape, 0.5);
  ASSERT_EQ(r->methods.size(), 1u);
  EXPECT_EQ(r->methods[0].second.observations, 11);
}

// Four units whose histories each make one method the best; 2019 has no budget and no
// prior year (every method falls back to runrate there), 2020 tells them apart.
OrgInput Histories() {
  OrgInput in;
  in.organisation = "0580";
  in.units = {{.id = "ALL", .name = "All"},
              {.id = "SEASONAL", .name = "Seasonal", .parent_id = "ALL", .position = 1},
              {.id = "PROFILED", .name = "Profiled", .parent_id = "ALL", .position = 2},
              {.id = "STEADY", .name = "Steady", .parent_id = "ALL", .position = 3},
              {.id = "ONCE", .name = "One-off in January", .parent_id = "ALL", .position = 4},
              {.id = "NEWBIE", .name = "New this year", .parent_id = "ALL", .position = 5}};
  const std::vector<int64_t> seasonal = Concat(Repeat(100, 6), Repeat(300, 6));
  const std::vector<int64_t> flat = Repeat(200, 12);
  // Same season every year, budget flat: last year's profile is right.
  in.unit_cells[2019]["SEASONAL"] = Cell(seasonal, {});
  in.unit_cells[2020]["SEASONAL"] = Cell(seasonal, {}, flat);
  // Budget periodised like the actuals, at two thirds of their level: its profile is right.
  in.unit_cells[2019]["PROFILED"] = Cell(flat, {});
  in.unit_cells[2020]["PROFILED"] = Cell(Concat(Repeat(150, 6), Repeat(450, 6)), {}, seasonal);
  // Flat actuals, a skewed budget and a skewed last year: only runrate is right.
  in.unit_cells[2019]["STEADY"] = Cell(seasonal, {});
  in.unit_cells[2020]["STEADY"] = Cell(flat, {}, seasonal);
  // An extra 300 in January, otherwise on budget: budget_remaining is right.
  in.unit_cells[2019]["ONCE"] = Cell(flat, {});
  in.unit_cells[2020]["ONCE"] = Cell(Concat({500}, Repeat(200, 11)), {}, flat);
  for (const char* unit : {"SEASONAL", "PROFILED", "STEADY", "ONCE", "NEWBIE"}) {
    in.unit_cells[2021][unit] = Cell(Repeat(200, 8), {}, flat);
  }
  return in;
}

TEST(Backtest, AutoPicksTheMethodTheHistoryMakesBest) {
  auto model = Build(Histories());
  EXPECT_EQ(BacktestYears(*model, 2021), (std::vector<int>{2019, 2020}));
  std::vector<int> units;
  for (const char* id : {"SEASONAL", "PROFILED", "STEADY", "ONCE", "NEWBIE"})
    units.push_back(*model->UnitIndex(id));
  std::vector<std::optional<Method>> chosen = AutoMethods(*model, {2019, 2020}, units);
  EXPECT_EQ(chosen[0], Method::kPriorYearProfile);
  EXPECT_EQ(chosen[1], Method::kBudgetProfile);
  EXPECT_EQ(chosen[2], Method::kRunrate);
  EXPECT_EQ(chosen[3], Method::kBudgetRemaining);
  EXPECT_EQ(chosen[4], std::nullopt);  // no history

  absl::StatusOr<ForecastResult> r =
      ComputeForecast(*model, {.fiscal_year = 2021, .as_of = period::Period{2021, 8}});
  ASSERT_TRUE(r.ok()) << r.status();
  std::map<std::string, std::string> methods;
  for (const UnitForecastResult& u : r->units) methods[model->unit(u.unit).id] = u.method;
  EXPECT_EQ(methods["SEASONAL"], "prior_year_profile");
  EXPECT_EQ(methods["PROFILED"], "budget_profile");
  EXPECT_EQ(methods["STEADY"], "runrate");
  EXPECT_EQ(methods["ONCE"], "budget_remaining");
  EXPECT_EQ(methods["NEWBIE"], "budget_remaining");  // the default without history
  EXPECT_EQ(methods["ALL"], "mixed");
}

TEST(Backtest, ScoresRollUpsAndMarksWhatAutoChooses) {
  auto model = Build(Histories());
  absl::StatusOr<BacktestResult> r = Backtest(*model, {.target_year = 2021});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->years, (std::vector<int>{2019, 2020}));
  // 6 units x 4 methods; 4 methods x 11 months.
  EXPECT_EQ(r->units.size(), 24u);
  EXPECT_EQ(r->months.size(), 44u);
  const UnitScore* best = Find(*r, *model, "SEASONAL", Method::kPriorYearProfile);
  ASSERT_NE(best, nullptr);
  EXPECT_TRUE(best->chosen_by_auto);
  EXPECT_FALSE(Find(*r, *model, "SEASONAL", Method::kRunrate)->chosen_by_auto);
  // The roll-up is scored on its own total, and auto chooses for leaves, not roll-ups.
  const UnitScore* all = Find(*r, *model, "ALL", Method::kRunrate);
  ASSERT_NE(all, nullptr);
  EXPECT_EQ(all->score.observations, 22);
  EXPECT_FALSE(all->chosen_by_auto);
  // The unit without history has nothing to score.
  EXPECT_EQ(Find(*r, *model, "NEWBIE", Method::kRunrate)->score.observations, 0);
  // Prior year profile is exact for SEASONAL in 2020, so it is better than runrate there.
  EXPECT_LT(best->score.wape, Find(*r, *model, "SEASONAL", Method::kRunrate)->score.wape);
}

// 2020 is the only history, and it has no prior year: prior_year_profile can never run.
// UNBUDGETED had no budget in 2020 (it has one in 2021): budget_remaining and budget_profile
// could not run for it either.
OrgInput HistoryWithoutAPriorYear() {
  OrgInput in;
  in.organisation = "0580";
  in.units = {{.id = "ALL", .name = "All"},
              {.id = "BUDGETED", .name = "Budgeted", .parent_id = "ALL", .position = 1},
              {.id = "UNBUDGETED", .name = "Unbudgeted", .parent_id = "ALL", .position = 2}};
  in.unit_cells[2020]["BUDGETED"] =
      Cell(Concat(Repeat(100, 6), Repeat(300, 6)), {}, Repeat(200, 12));
  in.unit_cells[2020]["UNBUDGETED"] = Cell(Repeat(100, 12), {});
  in.unit_cells[2021]["BUDGETED"] = Cell(Repeat(200, 8), {}, Repeat(200, 12));
  in.unit_cells[2021]["UNBUDGETED"] = Cell(Repeat(100, 8), {}, Repeat(150, 12));
  return in;
}

TEST(Backtest, SaysWhichMethodRanInPlaceOfOneThatLackedWhatItNeeds) {
  auto model = Build(HistoryWithoutAPriorYear());
  absl::StatusOr<BacktestResult> r = Backtest(*model, {.target_year = 2021});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->years, (std::vector<int>{2020}));
  auto slot = [](Method m) {
    return std::find(kConcreteMethods.begin(), kConcreteMethods.end(), m) -
           kConcreteMethods.begin();
  };
  // prior_year_profile never ran: its score is budget_profile's, and it says so.
  const UnitScore* prior = Find(*r, *model, "BUDGETED", Method::kPriorYearProfile);
  const UnitScore* profile = Find(*r, *model, "BUDGETED", Method::kBudgetProfile);
  ASSERT_NE(prior, nullptr);
  ASSERT_NE(profile, nullptr);
  EXPECT_EQ(prior->score.observations, 11);
  EXPECT_EQ(prior->score.fallback_observations, 11);
  EXPECT_EQ(prior->score.fallbacks[slot(Method::kBudgetProfile)], 11);
  EXPECT_EQ(prior->score.fallbacks[slot(Method::kRunrate)], 0);
  EXPECT_DOUBLE_EQ(prior->score.wape, profile->score.wape);
  EXPECT_EQ(profile->score.fallback_observations, 0);
  EXPECT_FALSE(prior->chosen_by_auto);
  // Without a budget the budget methods end at runrate.
  const UnitScore* remaining = Find(*r, *model, "UNBUDGETED", Method::kBudgetRemaining);
  EXPECT_EQ(remaining->score.fallback_observations, 11);
  EXPECT_EQ(remaining->score.fallbacks[slot(Method::kRunrate)], 11);
  EXPECT_EQ(Find(*r, *model, "UNBUDGETED", Method::kRunrate)->score.fallback_observations, 0);
  // A roll-up fell back when a unit below it did, and counts each method used below it.
  const UnitScore* all = Find(*r, *model, "ALL", Method::kPriorYearProfile);
  EXPECT_EQ(all->score.observations, 11);
  EXPECT_EQ(all->score.fallback_observations, 11);
  EXPECT_EQ(all->score.fallbacks[slot(Method::kBudgetProfile)], 11);
  EXPECT_EQ(all->score.fallbacks[slot(Method::kRunrate)], 11);
  EXPECT_EQ(Find(*r, *model, "ALL", Method::kBudgetProfile)->score.fallback_observations, 11);
  EXPECT_EQ(Find(*r, *model, "ALL", Method::kRunrate)->score.fallback_observations, 0);
  // Per method and per month, over the units' own forecasts.
  for (const auto& [method, score] : r->methods) {
    if (method == Method::kPriorYearProfile) {
      EXPECT_EQ(score.observations, 22);
      EXPECT_EQ(score.fallback_observations, 22);
    }
    if (method == Method::kBudgetProfile) {
      EXPECT_EQ(score.fallback_observations, 11);
    }
    if (method == Method::kRunrate) {
      EXPECT_EQ(score.fallback_observations, 0);
    }
  }
  for (const MonthScore& m : r->months) {
    if (m.method == Method::kPriorYearProfile) {
      EXPECT_EQ(m.score.fallback_observations, 2);
    }
  }
}

TEST(Backtest, AutoChoosesOnlyAMethodThatRan) {
  auto model = Build(HistoryWithoutAPriorYear());
  const int unbudgeted = *model->UnitIndex("UNBUDGETED");
  // Flat 2020 actuals: every method's forecast was runrate's and exact. budget_remaining
  // wins such a tie, but it never ran for the unit: auto has no evidence for it.
  EXPECT_EQ(AutoMethods(*model, {2020}, {unbudgeted})[0], Method::kRunrate);
  absl::StatusOr<BacktestResult> r = Backtest(*model, {.target_year = 2021});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(Find(*r, *model, "UNBUDGETED", Method::kRunrate)->chosen_by_auto);
  EXPECT_FALSE(Find(*r, *model, "UNBUDGETED", Method::kBudgetRemaining)->chosen_by_auto);
  // And the forecast uses it, though the unit has a budget for 2021.
  absl::StatusOr<ForecastResult> f =
      ComputeForecast(*model, {.fiscal_year = 2021, .as_of = period::Period{2021, 8}});
  ASSERT_TRUE(f.ok()) << f.status();
  for (const UnitForecastResult& u : f->units) {
    if (model->unit(u.unit).id == "UNBUDGETED") {
      EXPECT_EQ(u.method, "runrate");
    }
    if (model->unit(u.unit).id == "BUDGETED") {
      EXPECT_NE(u.method, "prior_year_profile");
    }
  }
}

TEST(Backtest, RefusesYearsWithoutAFullLedgerAndAuto) {
  auto model = Build(Histories());
  EXPECT_EQ(Backtest(*model, {.years = {2021}}).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Backtest(*model, {.years = {2015}}).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Backtest(*model, {.methods = {Method::kAuto}}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(Backtest, ClosingTheLastPeriodCompletesAYear) {
  OrgInput in;
  in.organisation = "0580";
  in.units = {{.id = "U"}};
  in.unit_cells[2020]["U"] = Cell(Repeat(100, 12), {});
  auto open = Build(in);
  EXPECT_TRUE(BacktestYears(*open, 0).empty());
  in.closed_months[2020].insert(12);
  auto closed = Build(in);
  EXPECT_EQ(BacktestYears(*closed, 0), (std::vector<int>{2020}));
}

}  // namespace
}  // namespace tertial::forecast
