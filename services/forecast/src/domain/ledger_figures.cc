#include "domain/ledger_figures.h"

#include "tertial/base/strings.h"
#include "tertial/chart/account_class.h"
#include "tertial/chart/posting.h"
#include "tertial/money/money.h"

namespace tertial::forecast {

absl::StatusOr<VoucherFigures> FiguresOf(const ledger::v1::VoucherPosted& voucher,
                                         const period::FiscalYear& fy) {
  VoucherFigures out;
  const int month = fy.MonthNumber(chart::CountingPeriod(voucher));
  const bool in_year = month >= 1 && month <= kMaxMonths;
  for (const ledger::v1::Transaction& t : voucher.transactions()) {
    if (!chart::Counts(t) || t.amount_ore() == 0) continue;
    const chart::AccountKind kind = chart::Classify(t.account());
    if (kind != chart::AccountKind::kCost && kind != chart::AccountKind::kRevenue) continue;
    if (!in_year) {
      ++out.outside_year;
      continue;
    }
    UnitMonth& m = out.units[std::string(chart::UnitOf(t))][month];
    if (absl::Status s = money::Add(
            kind == chart::AccountKind::kCost ? &m.actual_costs_ore : &m.actual_revenues_ore,
            t.amount_ore(), StrCat("a voucher's amounts for unit ", chart::UnitOf(t)));
        !s.ok()) {
      return s;
    }
  }
  absl::StatusOr<std::map<std::string, chart::ProjectInvestment>> investments =
      chart::InvestmentOf(voucher);
  if (!investments.ok()) return investments.status();
  for (const auto& [project, investment] : *investments) {
    if (investment.spending_ore == 0 && investment.income_ore == 0) continue;
    if (!in_year) {
      ++out.outside_year;
      continue;
    }
    VoucherFigures::Project& p = out.projects[project];
    p.unit_id = investment.unit_id;
    ProjectMonth& m = p.months[month];
    const std::string what = StrCat("a voucher's amounts for project ", project);
    if (absl::Status s = money::Add(&m.spending_ore, investment.spending_ore, what); !s.ok())
      return s;
    if (absl::Status s = money::Add(&m.income_ore, investment.income_ore, what); !s.ok()) return s;
  }
  return out;
}

}  // namespace tertial::forecast
