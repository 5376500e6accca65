#include "domain/ledger_figures.h"

#include "tertial/chart/account_class.h"

namespace tertial::forecast {
namespace {

int MonthOf(const common::v1::Date& date, const period::FiscalYear& fy) {
  if (date.year() == 0) return 0;
  return fy.MonthNumber(period::Period{date.year(), date.month()});
}

}  // namespace

std::string ObjectOf(const ledger::v1::Transaction& transaction, int dimension) {
  for (const ledger::v1::ObjectRef& object : transaction.objects()) {
    if (object.dimension() == dimension) return object.object_id();
  }
  return "";
}

VoucherFigures FiguresOf(const ledger::v1::VoucherPosted& voucher, const period::FiscalYear& fy) {
  VoucherFigures out;
  const int voucher_month = MonthOf(voucher.date(), fy);
  for (const ledger::v1::Transaction& t : voucher.transactions()) {
    if (t.kind() == ledger::v1::TRANSACTION_KIND_REMOVED || t.amount_ore() == 0) continue;
    chart::AccountKind kind = chart::Classify(t.account());
    if (kind == chart::AccountKind::kOther) continue;
    int month = t.has_date() ? MonthOf(t.date(), fy) : 0;
    if (month == 0) month = voucher_month;
    if (month == 0 || month > kMaxMonths) {
      ++out.outside_year;
      continue;
    }
    const int64_t amount = t.amount_ore();
    if (kind == chart::AccountKind::kInvestment) {
      std::string project = ObjectOf(t, kProjectDimension);
      if (project.empty()) continue;  // fixed assets outside any project are not investments here
      VoucherFigures::Project& p = out.projects[project];
      if (p.unit_id.empty()) p.unit_id = ObjectOf(t, kUnitDimension);
      ProjectMonth& m = p.months[month];
      (amount > 0 ? m.spending_ore : m.income_ore) += amount;
      continue;
    }
    UnitMonth& m = out.units[ObjectOf(t, kUnitDimension)][month];
    (kind == chart::AccountKind::kCost ? m.actual_costs_ore : m.actual_revenues_ore) += amount;
  }
  return out;
}

}  // namespace tertial::forecast
