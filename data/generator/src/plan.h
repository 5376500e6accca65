#ifndef TERTIAL_DATA_GENERATOR_PLAN_H_
#define TERTIAL_DATA_GENERATOR_PLAN_H_

// Turns the demo figures into a month-by-month ledger and budget: vouchers on accounts,
// budget lines, forecast adjustments. Pure and deterministic: the same figures give the
// same plan, byte for byte once written.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "figures.h"
#include "tertial/period/period.h"

namespace tertial::demo {

struct PlannedTransaction {
  std::string account;
  std::string unit;     // object of dimension 1; empty for balance-sheet counter entries
  std::string project;  // object of dimension 6; empty if none
  int64_t amount_ore = 0;
};

struct PlannedVoucher {
  std::string series;
  int number = 0;
  period::Date date;
  std::string text;
  std::vector<PlannedTransaction> transactions;
};

struct PlannedBudgetLine {
  std::string unit;
  std::string account;  // an account or a class prefix
  std::string project;
  period::Period period;
  int64_t amount_ore = 0;
};

struct PlannedAdjustment {
  std::string unit;     // for operating adjustments
  std::string project;  // for investment adjustments
  std::string side;     // costs, revenues, investment_spending
  int64_t amount_ore = 0;
  std::string reason;
};

struct Plan {
  std::vector<PlannedVoucher> vouchers_2020;
  std::vector<PlannedVoucher> vouchers_2021;  // January-August
  std::vector<PlannedBudgetLine> budget_2020;
  std::vector<PlannedBudgetLine> budget_2021;
  std::vector<PlannedAdjustment> adjustments_2021;
};

// Splits `total` over `weights` in proportion, exactly: the parts sum to `total`, each
// part is within one öre of its exact share (largest remainder). Weights are positive.
std::vector<int64_t> SplitExactly(int64_t total, const std::vector<int64_t>& weights);

// The accounts the demo ledger uses, with their names (Kommun-Bas style).
struct Account {
  std::string_view number;
  std::string_view name;
};
const std::vector<Account>& Accounts();

Plan MakePlan();

}  // namespace tertial::demo

#endif  // TERTIAL_DATA_GENERATOR_PLAN_H_
