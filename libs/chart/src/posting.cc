#include "tertial/chart/posting.h"

#include "tertial/money/money.h"

namespace tertial::chart {

std::string_view ObjectOf(const ledger::v1::Transaction& transaction, int dimension) {
  for (const ledger::v1::ObjectRef& object : transaction.objects()) {
    if (object.dimension() == dimension) return object.object_id();
  }
  return {};
}

absl::StatusOr<std::map<std::string, ProjectInvestment>> InvestmentOf(
    const ledger::v1::VoucherPosted& voucher) {
  std::map<std::string, ProjectInvestment> out;
  for (const ledger::v1::Transaction& t : voucher.transactions()) {
    if (!Counts(t)) continue;
    const AccountKind kind = Classify(t.account());
    if (kind != AccountKind::kInvestment && kind != AccountKind::kInvestmentIncome) continue;
    const std::string_view project = ProjectOf(t);
    if (project.empty()) continue;  // fixed assets outside any project are not investment
    ProjectInvestment& p = out[std::string(project)];
    if (absl::Status s =
            money::Add(kind == AccountKind::kInvestment ? &p.spending_ore : &p.income_ore,
                       t.amount_ore(), "a voucher's investment lines of one project");
        !s.ok()) {
      return s;
    }
    if (p.unit_id.empty()) p.unit_id = std::string(UnitOf(t));
  }
  return out;
}

}  // namespace tertial::chart
