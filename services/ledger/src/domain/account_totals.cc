#include "domain/account_totals.h"

#include "tertial/base/strings.h"
#include "tertial/money/money.h"

namespace tertial::ledger {

std::optional<std::string> AccountPeriodTotals::Add(std::string_view account,
                                                    const period::Period& p, int64_t amount_ore,
                                                    const LedgerView* view) {
  const int index = p.Index();
  key_.clear();
  key_.push_back(static_cast<char>(index >> 24));
  key_.push_back(static_cast<char>(index >> 16));
  key_.push_back(static_cast<char>(index >> 8));
  key_.push_back(static_cast<char>(index));
  key_.append(account);
  auto [it, inserted] = totals_.try_emplace(key_);
  Total& total = it->second;
  if (inserted && view != nullptr) {
    auto period = before_.find(index);
    if (period == before_.end()) period = before_.emplace(index, view->AccountTotals(p)).first;
    if (auto held = period->second.find(account); held != period->second.end()) {
      total.ore = held->second;
    }
  }
  if (total.refused) return std::nullopt;
  std::optional<int64_t> sum = money::CheckedAdd(total.ore, amount_ore);
  if (sum && *sum <= money::kMaxTotalOre && *sum >= -money::kMaxTotalOre) {
    total.ore = *sum;
    return std::nullopt;
  }
  total.refused = true;
  return StrCat("this amount takes the total of account ", account, " in period ",
                period::FormatPeriod(p), " (what the ledger held before included) ",
                sum ? StrCat("to ", money::FormatKronor(*sum)) : std::string("past int64"),
                " kronor; tertial keeps every account's total per period within ±10^15 "
                "kronor (1000000000000000.00), so that no sum can overflow. Is an amount wrong?");
}

}  // namespace tertial::ledger
