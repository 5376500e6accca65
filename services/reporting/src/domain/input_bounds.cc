#include "input_bounds.h"

#include <cstdint>

#include "absl/numeric/int128.h"
#include "tertial/base/strings.h"

namespace tertial::reporting {

absl::Status CheckAmountsFit(const BuildInput& input) {
  absl::int128 total = 0;
  bool overflow = false;
  auto add = [&](int64_t ore) { total += ore < 0 ? -absl::int128(ore) : absl::int128(ore); };
  auto add_amounts = [&](const Amounts& a) {
    overflow = overflow || a.overflow;
    add(a.costs_ore);
    add(a.revenues_ore);
  };
  for (const auto& [unit, f] : input.figures) {
    for (const Amounts* a :
         {&f.actual, &f.budget_period, &f.prior_period, &f.prior_year, &f.budget_year}) {
      add_amounts(*a);
    }
  }
  for (const auto& [unit, f] : input.forecasts) {
    for (const Amounts* a : {&f.forecast, &f.budget, &f.adjustments}) add_amounts(*a);
  }
  for (const ProjectInput& p : input.projects) {
    for (int64_t ore : {p.spending_to_date_ore, p.income_to_date_ore, p.forecast_spending_ore,
                        p.forecast_income_ore, p.frame_ore}) {
      add(ore);
    }
  }
  for (const AdjustmentInput& a : input.adjustments) add(a.amount_ore);
  if (overflow || total > INT64_MAX / 4) {
    return absl::OutOfRangeError(
        "the report's amounts together pass what tertial can sum (about 2.3·10^16 kronor); a "
        "total of more than 10^15 kronor means a wrong input: look for an absurd voucher, "
        "budget line, forecast or adjustment");
  }
  return absl::OkStatus();
}

}  // namespace tertial::reporting
