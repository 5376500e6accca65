// The SiePlan of an SIE import's pass 1 (domain/sie_import.h): what the file defines, its
// budget lines and, from a file without vouchers, its #PSALDO as vouchers. Made once the
// whole file is valid.

#include "absl/numeric/int128.h"
#include "domain/convert.h"
#include "domain/sie_validator.h"
#include "tertial/base/strings.h"

namespace tertial::ledger {
namespace {

using period::Date;
using period::FiscalYear;
using period::Period;

// The parts of an account-period total: by unit when the file has unit rows, else by
// project; what the parts leave of the total belongs to the organisation as a whole.
// The remainder fits in int64 once PartsFit said so.
template <typename Split, typename Fn>
void ForEachPart(const Split& split, Fn fn) {
  absl::int128 parts = 0;
  if (!split.by_unit.empty()) {
    for (const auto& [unit_project, amount] : split.by_unit) {
      fn(unit_project.first, unit_project.second, amount);
      parts += amount;
    }
  } else {
    for (const auto& [project, amount] : split.by_project) {
      fn(std::string(), project, amount);
      parts += amount;
    }
  }
  if (split.has_total && split.total_ore != parts) {
    fn(std::string(), std::string(), static_cast<int64_t>(split.total_ore - parts));
  }
}

void AddObject(v1::Transaction* transaction, int dimension, const std::string& id) {
  if (id.empty()) return;
  v1::ObjectRef* object = transaction->add_objects();
  object->set_dimension(dimension);
  object->set_object_id(id);
}

v1::LedgerEvent Event(auto setter) {
  v1::LedgerEvent event;
  setter(event);
  return event;
}

}  // namespace

const period::FiscalYear* SiePlan::YearOf(const Date& date) const {
  for (const FiscalYear& year : years) {
    if (year.Contains(date)) return &year;
  }
  return nullptr;
}

void SieValidator::PlanBalanceVouchers() {
  std::map<int, v1::VoucherPosted> by_period;
  for (const auto& [key, split] : psaldo_) {
    v1::VoucherPosted& voucher = by_period[key.second];
    ForEachPart(split, [&](const std::string& unit, const std::string& project, int64_t amount) {
      v1::Transaction* transaction = voucher.add_transactions();
      transaction->set_account(key.first);
      AddObject(transaction, kUnitDimension, unit);
      AddObject(transaction, kProjectDimension, project);
      transaction->set_amount_ore(amount);
    });
    if (voucher.source_line() == 0 || split.line < voucher.source_line()) {
      voucher.set_source_line(split.line);
    }
  }
  for (auto& [index, voucher] : by_period) {
    const Period period = Period::FromIndex(index);
    const FiscalYear* year = plan_.YearOf(Date{period.year, period.month, 1});
    voucher.set_fiscal_year(year != nullptr ? year->label() : period.year);
    voucher.set_series("PSALDO");
    voucher.set_number(StrCat(period.year, period.month < 10 ? "0" : "", period.month));
    ToProto(Date{period.year, period.month, period::DaysInMonth(period.year, period.month)},
            voucher.mutable_date());
    voucher.set_text("Periodsaldo (#PSALDO)");
    if (view_ != nullptr &&
        view_->VoucherPosted(voucher.fiscal_year(), voucher.series(), voucher.number())) {
      ++plan_.duplicate_vouchers;
      continue;
    }
    ++plan_.vouchers;
    plan_.transactions += voucher.transactions_size();
    plan_.balance_vouchers.push_back(std::move(voucher));
  }
}

void SieValidator::PlanBudget() {
  for (const auto& [key, split] : budget_) {
    const Period period = Period::FromIndex(key.second);
    ForEachPart(split, [&](const std::string& unit, const std::string& project, int64_t amount) {
      v1::BudgetLine& line = plan_.budget_lines.emplace_back();
      line.set_unit_id(unit);
      line.set_account(key.first);
      line.set_project_id(project);
      ToProto(period, line.mutable_period());
      line.set_amount_ore(amount);
    });
  }
}

void SieValidator::PlanDefinitions() {
  if (view_ == nullptr) return;
  std::vector<v1::LedgerEvent>& out = plan_.definitions;
  const InputDefinitions& input = rules_.defined();
  // The organisation's name and number: what the file says, else what was known.
  std::optional<v1::OrganisationDefined> known_organisation = view_->Organisation();
  v1::OrganisationDefined organisation;
  if (known_organisation) organisation = *known_organisation;
  if (!plan_.company_name.empty()) organisation.set_name(plan_.company_name);
  if (!plan_.orgnr.empty()) organisation.set_orgnr(plan_.orgnr);
  if ((!plan_.company_name.empty() || !plan_.orgnr.empty()) &&
      (!known_organisation || known_organisation->name() != organisation.name() ||
       known_organisation->orgnr() != organisation.orgnr())) {
    out.push_back(
        Event([&](v1::LedgerEvent& e) { *e.mutable_organisation_defined() = organisation; }));
  }
  std::map<int, FiscalYear> years;
  for (const auto& [index, year] : rars_) years.insert_or_assign(year.label(), year);
  for (const FiscalYear& year : plan_.years) years.insert_or_assign(year.label(), year);
  for (const auto& [label, year] : years) {
    std::optional<FiscalYear> known = view_->FiscalYear(label);
    if (known && *known == year) continue;
    out.push_back(Event([&](v1::LedgerEvent& e) {
      auto* defined = e.mutable_fiscal_year_defined();
      defined->set_fiscal_year(label);
      ToProto(year.start(), defined->mutable_start());
      ToProto(year.end(), defined->mutable_end());
    }));
  }
  for (const auto& [dimension, defined] : input.dimensions) {
    if (view_->HasDimension(dimension)) continue;
    out.push_back(Event([&](v1::LedgerEvent& e) { *e.mutable_dimension_defined() = defined; }));
  }
  std::map<std::pair<int, std::string>, std::string> objects = input.objects;
  if (settings_.define_unknown_objects) {
    for (const auto& [key, use] : rules_.unknown_objects()) objects.emplace(key, "");
  }
  chart::UnitTree units = view_->Units();
  int position = static_cast<int>(units.size());
  for (const auto& [key, name] : objects) {
    std::optional<v1::ObjectDefined> known = view_->Object(key.first, key.second);
    if (!known || known->name() != name) {
      out.push_back(Event([&](v1::LedgerEvent& e) {
        auto* defined = e.mutable_object_defined();
        defined->set_dimension(key.first);
        defined->set_object_id(key.second);
        defined->set_name(name);
      }));
    }
    // Objects of the unit and project dimensions are units and projects; a unit file or
    // project file imported before (or after) gives them their place and frame.
    if (key.first == kUnitDimension && units.Find(key.second) == nullptr) {
      out.push_back(Event([&](v1::LedgerEvent& e) {
        auto* unit = e.mutable_unit_defined();
        unit->set_unit_id(key.second);
        unit->set_name(name.empty() ? key.second : name);
        unit->set_position(position++);
      }));
      ++plan_.units_defined;
    }
    if (key.first == kProjectDimension && !view_->Project(key.second)) {
      out.push_back(Event([&](v1::LedgerEvent& e) {
        auto* project = e.mutable_project_defined();
        project->set_project_id(key.second);
        project->set_name(name.empty() ? key.second : name);
      }));
      ++plan_.projects_defined;
    }
  }
  for (const auto& [number, account] : input.accounts) {
    std::optional<v1::AccountDefined> known = view_->Account(number);
    if (known && known->name() == account.name && known->type() == account.type) continue;
    out.push_back(Event([&](v1::LedgerEvent& e) {
      auto* defined = e.mutable_account_defined();
      defined->set_account(number);
      defined->set_name(account.name);
      defined->set_type(account.type);
    }));
    ++plan_.accounts_defined;
  }
  if (settings_.define_unknown_accounts) {
    for (const auto& [number, use] : rules_.unknown_accounts()) {
      if (input.accounts.count(number) > 0) continue;
      out.push_back(Event([&](v1::LedgerEvent& e) {
        auto* defined = e.mutable_account_defined();
        defined->set_account(number);
        defined->set_defined_by_use(true);
      }));
      ++plan_.accounts_defined;
    }
  }
}

}  // namespace tertial::ledger
