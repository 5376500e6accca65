#ifndef TERTIAL_LEDGER_DOMAIN_ACCOUNT_TOTALS_H_
#define TERTIAL_LEDGER_DOMAIN_ACCOUNT_TOTALS_H_

// The running total per account and period of what an import posts, on top of what the
// ledger held before, checked after every transaction against money::kMaxTotalOre. An
// import that takes any total past it is refused whole, naming the account and period:
// no balance can then wrap int64, and the roll-ups of the projections stay far from it.
// Pure: what the ledger holds comes from a LedgerView.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "domain/ledger_view.h"
#include "tertial/period/period.h"

namespace tertial::ledger {

class AccountPeriodTotals {
 public:
  // Adds `amount_ore` to the account's total in period `p`. `view` is what the ledger
  // held before (asked once per period), or null when it holds nothing there (a fiscal
  // year without vouchers). Returns the error when this amount takes the total past the
  // bound: once per account and period, later amounts of it return nullopt.
  std::optional<std::string> Add(std::string_view account, const period::Period& p,
                                 int64_t amount_ore, const LedgerView* view);

 private:
  struct Total {
    int64_t ore = 0;
    bool refused = false;
  };
  // Key: be32 period index, then the account.
  absl::flat_hash_map<std::string, Total> totals_;
  std::map<int, std::map<std::string, int64_t, std::less<>>> before_;  // by period index
  std::string key_;
};

}  // namespace tertial::ledger

#endif  // TERTIAL_LEDGER_DOMAIN_ACCOUNT_TOTALS_H_
