#include "domain/finance.h"

#include <unordered_map>

#include "tertial/base/strings.h"
#include "tertial/chart/posting.h"
#include "tertial/money/decimal_proto.h"
#include "tertial/money/money.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::goals {
namespace {

period::Period ToPeriod(const PeriodKey& key) { return period::Period{key.first, key.second}; }
PeriodKey ToKey(const period::Period& p) { return {p.year, p.month}; }

// The fiscal year and range of calendar periods a value period covers; false if the
// month lies outside the year.
bool RangeOf(const LedgerFacts& ledger, const pb::ValuePeriod& period, int* label,
             period::PeriodRange* range) {
  if (period.month() == 0) {
    period::FiscalYear fy = ledger.FiscalYearOf(period.year());
    *label = fy.label();
    *range = fy.Periods();
    return true;
  }
  period::Period p{period.year(), period.month()};
  // The fiscal year containing the month: this year's label, or the previous one for
  // years that do not start in January.
  for (int candidate : {period.year(), period.year() - 1}) {
    period::FiscalYear fy = ledger.FiscalYearOf(candidate);
    if (fy.Contains(p)) {
      *label = fy.label();
      *range = period::PeriodRange{fy.Periods().first, p};
      return true;
    }
  }
  return false;
}

}  // namespace

period::FiscalYear LedgerFacts::FiscalYearOf(int label) const {
  auto it = fiscal_years.find(label);
  return it == fiscal_years.end() ? period::FiscalYear::Calendar(label) : it->second;
}

std::optional<DerivedResult> ComputeDerived(const LedgerFacts& ledger,
                                            const pb::Derivation& derivation,
                                            const pb::ValuePeriod& period) {
  int label = 0;
  period::PeriodRange range;
  if (!RangeOf(ledger, period, &label, &range)) return std::nullopt;
  // Membership of the unit's subtree, asked once per unit met (InSubtree walks up the
  // tree: linear in the units met, where UnitTree::Subtree is quadratic in the tree).
  std::unordered_map<std::string, bool> member;
  const std::string& root = derivation.unit_id();
  auto in_subtree = [&](const std::string& unit) {
    auto it = member.find(unit);
    if (it != member.end()) return it->second;
    bool in = unit == root || ledger.units.InSubtree(unit, root);
    member.emplace(unit, in);
    return in;
  };
  LedgerSums sum;
  // Every sum is checked: past int64 the indicator has no value rather than a wrapped one.
  bool overflow = false;
  auto add = [&overflow](int64_t* total, int64_t amount) {
    std::optional<int64_t> next = money::CheckedAdd(*total, amount);
    if (next) {
      *total = *next;
    } else {
      overflow = true;
    }
  };
  // Closing a month closes the year's months before it too (tertial/chart/posting.h), as
  // the ledger refuses vouchers in them.
  bool provisional = true;
  const period::FiscalYear year = ledger.FiscalYearOf(label);
  for (const PeriodKey& closed : ledger.closed) {
    if (chart::ClosedBy(year, ToPeriod(closed), range.last)) provisional = false;
  }
  const PeriodKey first = ToKey(range.first), last = ToKey(range.last);
  if (derivation.kind() == pb::DERIVED_KIND_BUDGET_DEVIATION) {
    for (auto it = ledger.operating.lower_bound({label, first, std::string()});
         it != ledger.operating.end() && std::get<0>(it->first) == label &&
         std::get<1>(it->first) <= last;
         ++it) {
      if (!in_subtree(std::get<2>(it->first))) continue;
      add(&sum.actual_ore, it->second.actual_ore);
      add(&sum.budget_ore, it->second.budget_ore);
    }
  } else if (derivation.kind() == pb::DERIVED_KIND_INVESTMENT_DEVIATION) {
    for (auto it = ledger.investment.lower_bound({label, first, std::string(), std::string()});
         it != ledger.investment.end() && std::get<0>(it->first) == label &&
         std::get<1>(it->first) <= last;
         ++it) {
      const std::string& project = std::get<2>(it->first);
      auto owner = ledger.project_units.find(project);
      const std::string& unit =
          owner != ledger.project_units.end() ? owner->second : std::get<3>(it->first);
      if (project.empty() || !in_subtree(unit)) continue;
      add(&sum.actual_ore, it->second.actual_ore);
      add(&sum.budget_ore, it->second.budget_ore);
    }
  } else if (derivation.kind() == pb::DERIVED_KIND_PERSONNEL_COST_SHARE) {
    // actual = personnel costs, budget = the net operating cost (the share's base).
    for (auto it = ledger.personnel.lower_bound({label, first, std::string()});
         it != ledger.personnel.end() && std::get<0>(it->first) == label &&
         std::get<1>(it->first) <= last;
         ++it) {
      if (in_subtree(std::get<2>(it->first))) add(&sum.actual_ore, it->second);
    }
    for (auto it = ledger.operating.lower_bound({label, first, std::string()});
         it != ledger.operating.end() && std::get<0>(it->first) == label &&
         std::get<1>(it->first) <= last;
         ++it) {
      if (in_subtree(std::get<2>(it->first))) add(&sum.budget_ore, it->second.actual_ore);
    }
  } else {
    return std::nullopt;
  }
  if (sum.actual_ore == 0 && sum.budget_ore == 0) return std::nullopt;
  DerivedResult result;
  pb::DerivedDetail& detail = result.detail;
  detail.set_kind(derivation.kind());
  detail.set_unit_id(derivation.unit_id());
  detail.mutable_range()->mutable_first()->set_year(range.first.year);
  detail.mutable_range()->mutable_first()->set_month(range.first.month);
  detail.mutable_range()->mutable_last()->set_year(range.last.year);
  detail.mutable_range()->mutable_last()->set_month(range.last.month);
  detail.set_budget_ore(sum.budget_ore);
  detail.set_actual_ore(sum.actual_ore);
  detail.set_provisional(provisional);
  const std::optional<int64_t> deviation = sum.actual_ore == INT64_MIN
                                               ? std::nullopt
                                               : money::CheckedAdd(sum.budget_ore, -sum.actual_ore);
  if (overflow || !deviation) {
    result.value.mutable_no_data()->set_reason(pb::NO_DATA_REASON_NOT_AVAILABLE);
    result.value.set_note("sums past 9.2·10^16 kronor");
  } else if (sum.budget_ore == 0) {
    result.value.mutable_no_data()->set_reason(pb::NO_DATA_REASON_NOT_AVAILABLE);
    result.value.set_note(derivation.kind() == pb::DERIVED_KIND_PERSONNEL_COST_SHARE ? "net cost 0"
                                                                                     : "budget 0");
  } else if (derivation.kind() == pb::DERIVED_KIND_PERSONNEL_COST_SHARE) {
    *result.value.mutable_number() =
        money::DecimalToProto({money::MulDiv(sum.actual_ore, 100, sum.budget_ore), 0});
  } else {
    // Tenths of a percent: (budget - actual) * 1000 / budget.
    int64_t tenths = money::MulDiv(*deviation, 1000, sum.budget_ore);
    *result.value.mutable_number() = money::DecimalToProto({tenths, 1});
  }
  return result;
}

std::vector<pb::ValuePeriod> DerivedPeriods(const LedgerFacts& ledger,
                                            const pb::Derivation& derivation) {
  std::vector<pb::ValuePeriod> out;
  for (const auto& [label, periods] : ledger.voucher_periods) {
    if (label < derivation.from_year() || periods.empty()) continue;
    period::FiscalYear fy = ledger.FiscalYearOf(label);
    period::Period last_voucher = ToPeriod(*periods.rbegin());
    for (const period::Period& p : fy.Periods().Periods()) {
      if (p > last_voucher) break;
      out.push_back(MakePeriod(p.year, p.month));
    }
    period::Period year_end = fy.Periods().last;
    if (periods.count(ToKey(year_end)) || ledger.closed.count(ToKey(year_end))) {
      out.push_back(MakePeriod(label, 0));
    }
  }
  return out;
}

}  // namespace tertial::goals
