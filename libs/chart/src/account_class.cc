#include "tertial/chart/account_class.h"

namespace tertial::chart {

AccountKind Classify(std::string_view account) {
  if (account.empty() || account[0] < '0' || account[0] > '9') return AccountKind::kOther;
  switch (account[0]) {
    case '1':
      if (account.size() >= 2 && (account[1] == '1' || account[1] == '2')) {
        // Accumulated depreciation (ackumulerade avskrivningar): 1119, 1229, ...
        if (account.size() == 4 && account[3] == '9') return AccountKind::kOther;
        return AccountKind::kInvestment;
      }
      return AccountKind::kOther;
    case '2':
      if (account.size() >= 4 && account.substr(0, 3) == "238" &&
          (account[3] == '1' || account[3] == '3' || account[3] == '8')) {
        return AccountKind::kInvestmentIncome;
      }
      return AccountKind::kOther;
    case '3':
      return AccountKind::kRevenue;
    case '4':
    case '5':
    case '6':
    case '7':
      return AccountKind::kCost;
    default:
      return AccountKind::kOther;
  }
}

std::string_view AccountClass(std::string_view account) {
  if (account.empty() || account[0] < '0' || account[0] > '9') return {};
  return account.substr(0, 1);
}

}  // namespace tertial::chart
