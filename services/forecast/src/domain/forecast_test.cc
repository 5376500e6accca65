#include "domain/forecast.h"

#include <gtest/gtest.h>

#include "domain/test_util.h"

namespace tertial::forecast {
namespace {

using testing::Cell;
using testing::Repeat;

// KS (nämnd) -> KLF -> {A, B}, and VSS directly under KS, with 2021 closed through August.
OrgInput Board() {
  OrgInput in;
  in.organisation = "0580";
  in.units = {
      {.id = "VSS", .name = "Verksamhetsstöd och service", .parent_id = "KS", .position = 2},
      {.id = "B", .name = "Unit B", .parent_id = "KLF", .position = 2},
      {.id = "A", .name = "Unit A", .parent_id = "KLF", .position = 1},
      {.id = "KLF", .name = "Kommunledningsförvaltningen", .parent_id = "KS", .position = 1},
      {.id = "KS", .name = "Kommunstyrelsen"}};
  in.unit_cells[2021]["A"] = Cell(Repeat(100, 8), Repeat(-20, 8), Repeat(110, 12), Repeat(-20, 12));
  in.unit_cells[2021]["B"] = Cell(Repeat(50, 8), {}, Repeat(60, 12));
  // A surplus: revenues above costs.
  in.unit_cells[2021]["VSS"] =
      Cell(Repeat(100, 8), Repeat(-150, 8), Repeat(100, 12), Repeat(-100, 12));
  in.unit_cells[2020]["A"] = Cell(Repeat(80, 12), Repeat(-10, 12));
  for (int m = 1; m <= 8; ++m) in.closed_months[2021].insert(m);
  return in;
}

std::shared_ptr<const OrgModel> Build(OrgInput in) {
  absl::StatusOr<std::shared_ptr<const OrgModel>> model = OrgModel::Build(std::move(in));
  EXPECT_TRUE(model.ok()) << model.status();
  return *model;
}

const UnitForecastResult& Row(const ForecastResult& r, const OrgModel& model, std::string_view id) {
  for (const UnitForecastResult& u : r.units) {
    if (model.unit(u.unit).id == id) return u;
  }
  ADD_FAILURE() << "no row " << id;
  static UnitForecastResult none;
  return none;
}

// Review item 4: figures whose sums pass int64 are refused, not wrapped: two units at half
// of int64 each roll up past it in KLF; a unit's own months can pass it too.
TEST(Forecast, RefusesFiguresWhoseSumsWouldWrap) {
  OrgInput in = Board();
  const int64_t half = INT64_MAX / 2 + 1;
  in.unit_cells[2021]["A"] = Cell(Repeat(0, 7), {}, Repeat(0, 12));
  in.unit_cells[2021]["A"].months[7].actual_costs_ore = half;
  in.unit_cells[2021]["B"] = Cell(Repeat(0, 7), {}, Repeat(0, 12));
  in.unit_cells[2021]["B"].months[7].actual_costs_ore = half;
  auto model = Build(in);
  absl::StatusOr<ForecastResult> r =
      ComputeForecast(*model, {.fiscal_year = 2021, .method = Method::kBudgetRemaining});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kOutOfRange) << r.status();
  EXPECT_NE(r.status().message().find("unit KLF"), std::string_view::npos) << r.status();

  OrgInput months = Board();
  months.unit_cells[2021]["B"] = Cell(Repeat(half, 8), {}, Repeat(60, 12));
  absl::StatusOr<ForecastResult> own =
      ComputeForecast(*Build(months), {.fiscal_year = 2021, .method = Method::kBudgetRemaining});
  EXPECT_EQ(own.status().code(), absl::StatusCode::kOutOfRange) << own.status();
  EXPECT_NE(own.status().message().find("unit B"), std::string_view::npos) << own.status();
}

TEST(Forecast, RollsUpLeavesIntoTheirParentsInTreeOrder) {
  auto model = Build(Board());
  absl::StatusOr<ForecastResult> r =
      ComputeForecast(*model, {.fiscal_year = 2021, .method = Method::kBudgetRemaining});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(period::FormatPeriod(r->as_of), "2021-08");  // the latest closed period
  EXPECT_TRUE(r->as_of_closed);
  std::vector<std::string> order;
  for (const UnitForecastResult& u : r->units) order.push_back(model->unit(u.unit).id);
  EXPECT_EQ(order, (std::vector<std::string>{"KS", "KLF", "A", "B", "VSS"}));

  const UnitForecastResult& a = Row(*r, *model, "A");
  EXPECT_EQ(a.forecast, (Sides{800 + 4 * 110, -160 - 80}));
  EXPECT_EQ(a.budget, (Sides{1320, -240}));
  EXPECT_EQ(a.actual, (Sides{800, -160}));
  EXPECT_EQ(a.prior_year, (Sides{960, -120}));
  EXPECT_FALSE(a.rollup);
  EXPECT_EQ(a.depth, 2);
  const UnitForecastResult& klf = Row(*r, *model, "KLF");
  EXPECT_TRUE(klf.rollup);
  EXPECT_EQ(klf.forecast, (Sides{1240 + 640, -240}));
  EXPECT_EQ(klf.budget, (Sides{1320 + 720, -240}));
  EXPECT_EQ(klf.deviation().net_ore(), 1800 - 1640);
  EXPECT_EQ(klf.method, "budget_remaining");
  const UnitForecastResult& vss = Row(*r, *model, "VSS");
  EXPECT_EQ(vss.forecast, (Sides{1200, -1600}));
  EXPECT_EQ(vss.forecast.net_ore(), -400);      // a surplus
  EXPECT_EQ(vss.deviation(), (Sides{0, 400}));  // 400 more revenue than budgeted: positive
  const UnitForecastResult& ks = Row(*r, *model, "KS");
  EXPECT_EQ(ks.forecast, (Sides{3080, -1840}));
  EXPECT_EQ(ks.budget.net_ore(), 3240 - 1440);
  EXPECT_EQ(ks.depth, 0);
}

TEST(Forecast, AddsActiveAdjustmentsAndKeepsThemVisible) {
  OrgInput in = Board();
  in.adjustments = {
      {.id = "adj-1",
       .fiscal_year = 2021,
       .unit_id = "A",
       .side = AdjustmentSide::kCosts,
       .amount_ore = 100,
       .reason = "settled at year end"},
      {.id = "adj-2",
       .fiscal_year = 2021,
       .unit_id = "B",
       .side = AdjustmentSide::kCosts,
       .amount_ore = 50,
       .reason = "withdrawn",
       .withdrawn = true},
      {.id = "adj-3",
       .fiscal_year = 2021,
       .unit_id = "VSS",
       .side = AdjustmentSide::kRevenues,
       .amount_ore = -30,
       .reason = "only for the July forecast",
       .expires_after = period::Period{2021, 7}},
      {.id = "adj-4",
       .fiscal_year = 2021,
       .unit_id = "A",
       .side = AdjustmentSide::kRevenues,
       .amount_ore = -10,
       .reason = "through August",
       .expires_after = period::Period{2021, 8}},
      {.id = "adj-5",
       .fiscal_year = 2020,
       .unit_id = "A",
       .side = AdjustmentSide::kCosts,
       .amount_ore = 999,
       .reason = "another year"},
  };
  auto model = Build(std::move(in));
  absl::StatusOr<ForecastResult> r =
      ComputeForecast(*model, {.fiscal_year = 2021, .method = Method::kBudgetRemaining});
  ASSERT_TRUE(r.ok()) << r.status();
  const UnitForecastResult& a = Row(*r, *model, "A");
  EXPECT_EQ(a.forecast, (Sides{1240 + 100, -240 - 10}));
  EXPECT_EQ(a.adjustments, (Sides{100, -10}));
  EXPECT_EQ(a.adjustment_ids, (std::vector<std::string>{"adj-1", "adj-4"}));
  EXPECT_EQ(Row(*r, *model, "B").forecast, (Sides{640, 0}));
  EXPECT_EQ(Row(*r, *model, "VSS").forecast, (Sides{1200, -1600}));
  EXPECT_EQ(Row(*r, *model, "KS").adjustments, (Sides{100, -10}));
  std::vector<std::string> included;
  for (const AdjustmentRecord& adj : r->adjustments) included.push_back(adj.id);
  EXPECT_EQ(included, (std::vector<std::string>{"adj-1", "adj-4"}));

  // As of July the expiring one applies.
  absl::StatusOr<ForecastResult> july = ComputeForecast(
      *model,
      {.fiscal_year = 2021, .as_of = period::Period{2021, 7}, .method = Method::kBudgetRemaining});
  ASSERT_TRUE(july.ok());
  EXPECT_EQ(Row(*july, *model, "VSS").adjustments, (Sides{0, -30}));
}

TEST(Forecast, MethodChoicesApplyToTheUnitsSubtreeAndRollUpsSayMixed) {
  OrgInput in = Board();
  in.method_choices[{2021, ""}] = Method::kBudgetRemaining;
  in.method_choices[{2021, "VSS"}] = Method::kRunrate;
  auto model = Build(std::move(in));
  absl::StatusOr<ForecastResult> r = ComputeForecast(*model, {.fiscal_year = 2021});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->method_requested, Method::kBudgetRemaining);
  EXPECT_EQ(Row(*r, *model, "A").method, "budget_remaining");
  EXPECT_EQ(Row(*r, *model, "KLF").method, "budget_remaining");
  EXPECT_EQ(Row(*r, *model, "VSS").method, "runrate");
  EXPECT_EQ(Row(*r, *model, "VSS").method_requested, Method::kRunrate);
  EXPECT_EQ(Row(*r, *model, "VSS").forecast, (Sides{1200, -1800}));
  EXPECT_EQ(Row(*r, *model, "KS").method, "mixed");
  // A method in the query overrides every choice.
  absl::StatusOr<ForecastResult> all =
      ComputeForecast(*model, {.fiscal_year = 2021, .method = Method::kRunrate});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(Row(*all, *model, "KS").method, "runrate");
}

TEST(Forecast, AutoWithoutHistoryUsesTheBudgetWhenThereIsOne) {
  OrgInput in = Board();
  // No history: Board's 2020 is a history for A, in which only runrate could run (no 2020
  // budget), so auto would take runrate there (Backtest.AutoChoosesOnlyAMethodThatRan).
  in.unit_cells.erase(2020);
  in.unit_cells[2021]["NEW"] = Cell(Repeat(10, 8), {});  // no budget, no parent defined
  auto model = Build(std::move(in));
  absl::StatusOr<ForecastResult> r = ComputeForecast(*model, {.fiscal_year = 2021});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->method_requested, Method::kAuto);
  EXPECT_EQ(Row(*r, *model, "A").method, "budget_remaining");
  EXPECT_EQ(Row(*r, *model, "A").method_requested, Method::kAuto);
  // A unit seen only in postings appears as a root after the tree, by runrate.
  EXPECT_EQ(model->unit(r->units.back().unit).id, "NEW");
  EXPECT_EQ(r->units.back().method, "runrate");
  EXPECT_EQ(r->units.back().forecast, (Sides{120, 0}));
}

TEST(Forecast, SubtreeAnswersOnlyThatPartOfTheTree) {
  auto model = Build(Board());
  absl::StatusOr<ForecastResult> r = ComputeForecast(
      *model, {.fiscal_year = 2021, .method = Method::kBudgetRemaining, .unit_subtree = "KLF"});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->units.size(), 3u);
  EXPECT_EQ(model->unit(r->units[0].unit).id, "KLF");
  EXPECT_EQ(r->units[0].depth, 0);
  EXPECT_EQ(r->units[1].depth, 1);
  EXPECT_EQ(r->units[0].forecast, (Sides{1880, -240}));
  EXPECT_EQ(ComputeForecast(*model, {.fiscal_year = 2021, .unit_subtree = "NOPE"}).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(Forecast, AsOfMustLieInTheYearAndDefaultsToTheLatestActuals) {
  OrgInput in = Board();
  in.closed_months.clear();
  auto model = Build(std::move(in));
  absl::StatusOr<ForecastResult> r = ComputeForecast(*model, {.fiscal_year = 2021});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(period::FormatPeriod(r->as_of), "2021-08");
  EXPECT_FALSE(r->as_of_closed);
  EXPECT_EQ(ComputeForecast(*model, {.fiscal_year = 2021, .as_of = period::Period{2020, 12}})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ComputeForecast(*model, {.fiscal_year = 2019}).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(Forecast, InvestmentsAreSpendingSoFarPlusTheFramesRemainingProfile) {
  OrgInput in = Board();
  in.projects = {{.id = "P1",
                  .name = "Ny simhall",
                  .unit_id = "A",
                  .position = 1,
                  .frames_ore = {{2021, 1200}}},
                 {.id = "P2",
                  .name = "Säkerhet",
                  .unit_id = "B",
                  .position = 2,
                  .frames_ore = {{2021, 1200}}}};
  ProjectCell p1;
  for (int m = 0; m < 12; ++m) p1.months[m].budget_ore = 100;
  for (int m = 0; m < 8; ++m) p1.months[m].spending_ore = 50;
  in.project_cells[2021]["P1"] = p1;
  ProjectCell p2;  // a frame without budget lines
  p2.months[2].spending_ore = 300;
  p2.months[3].income_ore = -100;
  in.project_cells[2021]["P2"] = p2;
  ProjectCell p3;  // never defined: known from its postings only
  p3.unit_id = "VSS";
  p3.months[0].spending_ore = 70;
  in.project_cells[2021]["P3"] = p3;
  in.adjustments = {{.id = "inv-1",
                     .fiscal_year = 2021,
                     .unit_id = "A",
                     .project_id = "P1",
                     .side = AdjustmentSide::kInvestmentSpending,
                     .amount_ore = 100,
                     .reason = "more"}};
  auto model = Build(std::move(in));
  absl::StatusOr<ForecastResult> r = ComputeForecast(*model, {.fiscal_year = 2021});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->projects.size(), 3u);
  const ProjectForecastResult& a = r->projects[0];
  EXPECT_EQ(a.project_id, "P1");
  EXPECT_EQ(a.method, "budget_remaining");
  EXPECT_EQ(a.spending_to_date_ore, 400);
  EXPECT_EQ(a.remaining_spending_ore, 400);
  EXPECT_EQ(a.forecast_spending_ore, 900);
  EXPECT_EQ(a.deviation_ore(), 300);
  EXPECT_EQ(a.adjustment_ids, (std::vector<std::string>{"inv-1"}));
  const ProjectForecastResult& b = r->projects[1];
  EXPECT_EQ(b.method, "frame_share");
  EXPECT_EQ(b.forecast_spending_ore, 300 + 400);  // 1 200 * 4 / 12 still to come
  EXPECT_EQ(b.forecast_income_ore, -100);
  EXPECT_EQ(b.forecast_net_ore(), 600);
  const ProjectForecastResult& c = r->projects[2];
  EXPECT_EQ(c.project_id, "P3");
  EXPECT_EQ(c.unit_id, "VSS");
  EXPECT_EQ(c.method, "actual");
  EXPECT_EQ(c.forecast_spending_ore, 70);
  EXPECT_EQ(c.frame_ore, 0);

  absl::StatusOr<ForecastResult> klf =
      ComputeForecast(*model, {.fiscal_year = 2021, .unit_subtree = "KLF"});
  ASSERT_TRUE(klf.ok());
  EXPECT_EQ(klf->projects.size(), 2u);
}

TEST(Forecast, WarnsAboutAmountsWithoutAUnit) {
  OrgInput in = Board();
  in.unit_cells[2021][""] = Cell({0, 0, 5}, {});
  auto model = Build(std::move(in));
  absl::StatusOr<ForecastResult> r = ComputeForecast(*model, {.fiscal_year = 2021});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_NE(r->warnings[0].find("without a unit"), std::string::npos);
  EXPECT_NE(r->warnings[0].find("0.05"), std::string::npos);
}

TEST(OrgModel, RefusesAUnitTreeWithALoop) {
  OrgInput in;
  in.organisation = "0580";
  in.units = {{.id = "A", .parent_id = "B"}, {.id = "B", .parent_id = "A"}, {.id = "C"}};
  absl::StatusOr<std::shared_ptr<const OrgModel>> model = OrgModel::Build(std::move(in));
  ASSERT_FALSE(model.ok());
  EXPECT_NE(model.status().message().find("loops"), std::string_view::npos) << model.status();
}

}  // namespace
}  // namespace tertial::forecast
