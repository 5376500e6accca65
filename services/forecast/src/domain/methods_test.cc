#include "domain/methods.h"

#include <gtest/gtest.h>

#include <random>

#include "domain/test_util.h"
#include "tertial/money/money.h"

namespace tertial::forecast {
namespace {

using testing::Cell;
using testing::Concat;
using testing::Repeat;

MethodContext At(const UnitYear* current, int as_of, const UnitYear* prior = nullptr) {
  return {current, prior, 12, as_of};
}

// Costs 1 001 a month, revenues -250 a month through August; budget costs 1 100 and
// revenues -200 a month; last year costs 900 a month Jan-Aug and 1 500 Sep-Dec.
class MethodsTest : public ::testing::Test {
 protected:
  UnitYear current = UnitYear::FromCell(
      Cell(Repeat(1001, 8), Repeat(-250, 8), Repeat(1100, 12), Repeat(-200, 12)), 12);
  UnitYear prior =
      UnitYear::FromCell(Cell(Concat(Repeat(900, 8), Repeat(1500, 4)), Repeat(-300, 12)), 12);
};

TEST_F(MethodsTest, RunrateExtrapolatesTheMonthsSoFar) {
  // 8 008 / 8 * 12 = 12 012; -2 000 / 8 * 12 = -3 000.
  EXPECT_EQ(ApplyMethod(Method::kRunrate, At(&current, 8)), (Sides{12'012, -3'000}));
  // 3 003 / 3 * 12 = 12 012 as of March; 1 001 * 12 as of January.
  EXPECT_EQ(ApplyMethod(Method::kRunrate, At(&current, 1)), (Sides{12'012, -3'000}));
}

TEST_F(MethodsTest, RunrateRoundsHalfAwayFromZero) {
  UnitYear odd = UnitYear::FromCell(Cell({1001, 0, 0, 0, 0, 0, 0, 0}, {-1001}), 12);
  // 1 001 * 12 / 8 = 1 501.5 -> 1 502; -1 001 * 12 / 8 = -1 501.5 -> -1 502.
  EXPECT_EQ(ApplyMethod(Method::kRunrate, At(&odd, 8)), (Sides{1'502, -1'502}));
}

TEST_F(MethodsTest, BudgetRemainingAddsTheBudgetOfTheMonthsLeft) {
  // 8 008 + 4 * 1 100 = 12 408; -2 000 + 4 * -200 = -2 800.
  EXPECT_EQ(ApplyMethod(Method::kBudgetRemaining, At(&current, 8)), (Sides{12'408, -2'800}));
}

TEST_F(MethodsTest, BudgetProfileScalesByTheBudgetsShareSoFar) {
  // 8 008 * 13 200 / 8 800 = 12 012; -2 000 * -2 400 / -1 600 = -3 000.
  EXPECT_EQ(ApplyMethod(Method::kBudgetProfile, At(&current, 8)), (Sides{12'012, -3'000}));
  UnitYear seasonal =
      UnitYear::FromCell(Cell(Repeat(1000, 8), {}, Concat(Repeat(500, 8), Repeat(1000, 4))), 12);
  // Budget 4 000 of 8 000 by August: 8 000 * 8 000 / 4 000 = 16 000.
  EXPECT_EQ(ApplyMethod(Method::kBudgetProfile, At(&seasonal, 8)), (Sides{16'000, 0}));
}

TEST_F(MethodsTest, PriorYearProfileScalesByLastYearsShareSoFar) {
  // 8 008 * 13 200 / 7 200 = 14 681.33 -> 14 681; -2 000 * -3 600 / -2 400 = -3 000.
  EXPECT_EQ(ApplyMethod(Method::kPriorYearProfile, At(&current, 8, &prior)),
            (Sides{14'681, -3'000}));
}

TEST_F(MethodsTest, NoBudgetFallsBackToRunrate) {
  UnitYear unbudgeted = UnitYear::FromCell(Cell(Repeat(1001, 8), Repeat(-250, 8)), 12);
  EXPECT_EQ(ApplyMethod(Method::kBudgetRemaining, At(&unbudgeted, 8)), std::nullopt);
  EXPECT_EQ(ApplyMethod(Method::kBudgetProfile, At(&unbudgeted, 8)), std::nullopt);
  for (Method m : {Method::kBudgetRemaining, Method::kBudgetProfile}) {
    MethodOutcome outcome = ForecastOwn(m, At(&unbudgeted, 8));
    EXPECT_EQ(outcome.used, Method::kRunrate) << MethodName(m);
    EXPECT_EQ(outcome.forecast, (Sides{12'012, -3'000}));
  }
  EXPECT_EQ(DefaultMethod(At(&unbudgeted, 8)), Method::kRunrate);
  EXPECT_EQ(DefaultMethod(At(&current, 8)), Method::kBudgetRemaining);
}

TEST_F(MethodsTest, ZeroPriorYearFallsBackToTheBudgetProfile) {
  UnitYear zero = UnitYear::FromCell(UnitCell(), 12);
  EXPECT_EQ(ApplyMethod(Method::kPriorYearProfile, At(&current, 8, &zero)), std::nullopt);
  EXPECT_EQ(ApplyMethod(Method::kPriorYearProfile, At(&current, 8, nullptr)), std::nullopt);
  MethodOutcome outcome = ForecastOwn(Method::kPriorYearProfile, At(&current, 8, &zero));
  EXPECT_EQ(outcome.used, Method::kBudgetProfile);
  EXPECT_EQ(outcome.forecast, (Sides{12'012, -3'000}));
  // A prior year that had costs but no revenues cannot profile this year's revenues.
  UnitYear costs_only = UnitYear::FromCell(Cell(Repeat(900, 12), {}), 12);
  EXPECT_EQ(ApplyMethod(Method::kPriorYearProfile, At(&current, 8, &costs_only)), std::nullopt);
}

TEST_F(MethodsTest, NegativeNetOfAUnitWithASurplus) {
  // Revenues exceed costs: the net is negative (a surplus, SIE sign).
  UnitYear surplus = UnitYear::FromCell(
      Cell(Repeat(100, 8), Repeat(-150, 8), Repeat(100, 12), Repeat(-140, 12)), 12);
  std::optional<Sides> runrate = ApplyMethod(Method::kRunrate, At(&surplus, 8));
  ASSERT_TRUE(runrate);
  EXPECT_EQ(*runrate, (Sides{1'200, -1'800}));
  EXPECT_EQ(runrate->net_ore(), -600);
  // 800 + 400 = 1 200; -1 200 - 560 = -1 760; net -560.
  EXPECT_EQ(ApplyMethod(Method::kBudgetRemaining, At(&surplus, 8)), (Sides{1'200, -1'760}));
  // -1 200 * -1 680 / -1 120 = -1 800.
  EXPECT_EQ(ApplyMethod(Method::kBudgetProfile, At(&surplus, 8)), (Sides{1'200, -1'800}));
}

TEST_F(MethodsTest, UnitCreatedMidYearIsExtrapolatedFromItsFirstMonth) {
  // Created in June: actuals 100 a month from June, budget 100 a month from June.
  UnitYear late = UnitYear::FromCell(
      Cell(Concat(Repeat(0, 5), Repeat(100, 3)), {}, Concat(Repeat(0, 5), Repeat(100, 7))), 12);
  EXPECT_EQ(late.first_active, 6);
  // Runrate over its own months: 300 / 3 * 7 = 700 (not 300 / 8 * 12 = 450).
  EXPECT_EQ(ApplyMethod(Method::kRunrate, At(&late, 8)), (Sides{700, 0}));
  // 300 + 4 * 100 = 700.
  EXPECT_EQ(ApplyMethod(Method::kBudgetRemaining, At(&late, 8)), (Sides{700, 0}));
  // 300 * 700 / 300 = 700.
  EXPECT_EQ(ApplyMethod(Method::kBudgetProfile, At(&late, 8)), (Sides{700, 0}));
  // No prior year for a new unit: the budget profile instead.
  MethodOutcome outcome = ForecastOwn(Method::kPriorYearProfile, At(&late, 8));
  EXPECT_EQ(outcome.used, Method::kBudgetProfile);
  // As of May it did not exist yet: nothing to extrapolate.
  EXPECT_EQ(ApplyMethod(Method::kRunrate, At(&late, 5)), (Sides{0, 0}));
}

TEST_F(MethodsTest, AsOfDecemberEveryMethodGivesTheActual) {
  UnitYear full = UnitYear::FromCell(Cell(Repeat(1001, 12), Repeat(-250, 12)), 12);
  UnitYear zero = UnitYear::FromCell(UnitCell(), 12);
  for (Method m : kConcreteMethods) {
    MethodOutcome outcome = ForecastOwn(m, At(&full, 12, &zero));
    EXPECT_EQ(outcome.used, m) << MethodName(m);
    EXPECT_EQ(outcome.forecast, (Sides{12'012, -3'000})) << MethodName(m);
  }
}

TEST_F(MethodsTest, BudgetOnlyLaterInTheYearFallsFromProfileToRemaining) {
  UnitYear autumn = UnitYear::FromCell(Cell({}, {}, Concat(Repeat(0, 8), Repeat(250, 4))), 12);
  EXPECT_EQ(ApplyMethod(Method::kBudgetProfile, At(&autumn, 8)), std::nullopt);
  MethodOutcome outcome = ForecastOwn(Method::kBudgetProfile, At(&autumn, 8));
  EXPECT_EQ(outcome.used, Method::kBudgetRemaining);
  EXPECT_EQ(outcome.forecast, (Sides{1'000, 0}));
}

TEST_F(MethodsTest, ProfileWithSignsThatDisagreeIsRefused) {
  // The budget's costs so far are negative (a credit) while the year's are positive.
  UnitYear odd = UnitYear::FromCell(Cell(Repeat(100, 8), {}, Concat({-800}, Repeat(100, 11))), 12);
  EXPECT_EQ(ApplyMethod(Method::kBudgetProfile, At(&odd, 8)), std::nullopt);
}

TEST_F(MethodsTest, UnitWithoutFiguresForecastsZeroWithTheMethodAsked) {
  UnitYear empty = UnitYear::FromCell(UnitCell(), 12);
  for (Method m : kConcreteMethods) {
    MethodOutcome outcome = ForecastOwn(m, At(&empty, 8));
    EXPECT_EQ(outcome.used, m);
    EXPECT_EQ(outcome.forecast, Sides{});
  }
}

TEST(Scale, MatchesMulDivAndRefusesAbsurdResults) {
  EXPECT_EQ(Scale(1001, 12, 8), money::MulDiv(1001, 12, 8));
  EXPECT_EQ(Scale(-7, 1, 2), -4);
  EXPECT_EQ(Scale(1, 1, 0), std::nullopt);
  EXPECT_EQ(Scale(money::kMaxAbsOre, money::kMaxAbsOre, 1), std::nullopt);
  EXPECT_EQ(Scale(money::kMaxAbsOre, 10, 1), 10 * money::kMaxAbsOre);
}

TEST(Scale, AgreesWithMulDivOnEveryKindOfOperand) {
  std::mt19937_64 random(7);
  std::vector<int64_t> samples = {0,
                                  1,
                                  -1,
                                  2,
                                  -2,
                                  3,
                                  7,
                                  12,
                                  -12,
                                  1'000'000'007,
                                  -999'999'999'989,
                                  money::kMaxAbsOre,
                                  -money::kMaxAbsOre,
                                  INT64_MAX / 3,
                                  INT64_MIN / 3};
  for (int i = 0; i < 2000; ++i) {
    int bits = static_cast<int>(random() % 62) + 1;
    int64_t v = static_cast<int64_t>(random() >> (64 - bits));
    samples.push_back(random() % 2 ? v : -v);
  }
  int compared = 0;
  for (size_t i = 0; i + 2 < samples.size(); ++i) {
    int64_t a = samples[i], n = samples[i + 1], d = samples[i + 2];
    if (d == 0) continue;
    std::optional<int64_t> scaled = Scale(a, n, d);
    __extension__ typedef __int128 Int128;
    Int128 exact = static_cast<Int128>(a) * n / d;
    if (exact > 900'000'000'000'000'000 || exact < -900'000'000'000'000'000)
      continue;  // refused or not
    ASSERT_TRUE(scaled.has_value()) << a << " * " << n << " / " << d;
    EXPECT_EQ(*scaled, money::MulDiv(a, n, d)) << a << " * " << n << " / " << d;
    ++compared;
  }
  EXPECT_GT(compared, 1000);
}

TEST(ForecastAll, EqualsForecastOwnOfEachMethod) {
  std::mt19937_64 random(11);
  for (int trial = 0; trial < 500; ++trial) {
    auto series = [&](int64_t scale, bool present) {
      std::vector<int64_t> v(12, 0);
      if (present) {
        for (int64_t& x : v)
          x = static_cast<int64_t>(random() % 2000) - (trial % 5 == 0 ? 1000 : 0) + scale;
      }
      return v;
    };
    UnitYear current =
        UnitYear::FromCell(Cell(series(500, true), series(-300, trial % 3 != 0),
                                series(400, trial % 4 != 0), series(-200, trial % 6 != 0)),
                           12);
    UnitYear prior =
        UnitYear::FromCell(Cell(series(450, trial % 7 != 0), series(-250, trial % 2 == 0)), 12);
    for (int m = 1; m <= 12; ++m) {
      MethodContext context = At(&current, m, trial % 8 == 0 ? nullptr : &prior);
      std::array<MethodOutcome, kConcreteMethods.size()> all = ForecastAll(context);
      for (size_t k = 0; k < kConcreteMethods.size(); ++k) {
        MethodOutcome one = ForecastOwn(kConcreteMethods[k], context);
        ASSERT_EQ(all[k].used, one.used)
            << trial << " " << m << " " << MethodName(kConcreteMethods[k]);
        ASSERT_EQ(all[k].forecast, one.forecast) << trial << " " << m;
      }
    }
  }
}

TEST(Methods, NamesRoundTrip) {
  for (Method m : {Method::kAuto, Method::kRunrate, Method::kBudgetRemaining,
                   Method::kBudgetProfile, Method::kPriorYearProfile}) {
    EXPECT_EQ(ParseMethod(MethodName(m)).value(), m);
  }
  absl::StatusOr<Method> bad = ParseMethod("linear");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("budget_remaining"), std::string_view::npos);
}

}  // namespace
}  // namespace tertial::forecast
