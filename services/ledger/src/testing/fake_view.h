#ifndef TERTIAL_LEDGER_TESTING_FAKE_VIEW_H_
#define TERTIAL_LEDGER_TESTING_FAKE_VIEW_H_

// An organisation's ledger in memory, for tests of the pure import logic.

#include <map>
#include <set>
#include <string>
#include <tuple>

#include "domain/ledger_view.h"

namespace tertial::ledger::testing {

class FakeView final : public LedgerView {
 public:
  std::map<std::string, v1::AccountDefined, std::less<>> accounts;
  std::set<int> dimensions;
  std::map<std::pair<int, std::string>, v1::ObjectDefined> objects;
  std::map<std::string, v1::ProjectDefined, std::less<>> projects;
  chart::UnitTree units;
  std::map<int, period::FiscalYear> years;
  std::set<std::tuple<int, std::string, std::string>> vouchers;
  std::set<int> closed;  // period indexes
  std::map<std::string, std::string, std::less<>> contents;

  void AddAccount(const std::string& number, const std::string& name = "") {
    accounts[number].set_account(number);
    accounts[number].set_name(name);
  }
  void AddUnit(const std::string& id, const std::string& parent = "") {
    units.Define({id, id, parent, chart::UnitKind::kEnhet, "", static_cast<int>(units.size())});
  }

  std::optional<v1::OrganisationDefined> organisation;
  std::optional<v1::OrganisationDefined> Organisation() const override { return organisation; }
  std::optional<v1::AccountDefined> Account(std::string_view account) const override {
    auto it = accounts.find(account);
    if (it == accounts.end()) return std::nullopt;
    return it->second;
  }
  bool HasDimension(int dimension) const override { return dimensions.count(dimension) > 0; }
  std::optional<v1::ObjectDefined> Object(int dimension, std::string_view id) const override {
    auto it = objects.find({dimension, std::string(id)});
    if (it == objects.end()) return std::nullopt;
    return it->second;
  }
  std::optional<v1::ProjectDefined> Project(std::string_view id) const override {
    auto it = projects.find(id);
    if (it == projects.end()) return std::nullopt;
    return it->second;
  }
  chart::UnitTree Units() const override { return units; }
  std::optional<period::FiscalYear> FiscalYear(int label) const override {
    auto it = years.find(label);
    if (it == years.end()) return std::nullopt;
    return it->second;
  }
  bool VoucherPosted(int year, std::string_view series, std::string_view number) const override {
    return vouchers.count({year, std::string(series), std::string(number)}) > 0;
  }
  bool AnyVoucherPosted(int year) const override {
    for (const auto& v : vouchers) {
      if (std::get<0>(v) == year) return true;
    }
    return false;
  }
  std::optional<period::Period> LatestClosed(const period::FiscalYear& year) const override {
    std::optional<period::Period> latest;
    for (int index : closed) {
      period::Period p = period::Period::FromIndex(index);
      if (year.Contains(p)) latest = p;  // `closed` is ordered
    }
    return latest;
  }
  std::string ImportOfContent(std::string_view sha) const override {
    auto it = contents.find(sha);
    return it == contents.end() ? "" : it->second;
  }
  std::map<std::string, int64_t, std::less<>> AccountTotals(
      const period::Period& p) const override {
    auto it = account_totals.find(p.Index());
    return it == account_totals.end() ? std::map<std::string, int64_t, std::less<>>() : it->second;
  }
  // By period index; what AccountTotals answers.
  std::map<int, std::map<std::string, int64_t, std::less<>>> account_totals;
};

class FakeDirectory final : public LedgerDirectory {
 public:
  FakeView view;
  std::map<std::string, std::string, std::less<>> orgnrs;
  std::string OrganisationForOrgnr(std::string_view orgnr) const override {
    auto it = orgnrs.find(orgnr);
    return it == orgnrs.end() ? "" : it->second;
  }
  const LedgerView& View(std::string_view) override { return view; }
};

}  // namespace tertial::ledger::testing

#endif  // TERTIAL_LEDGER_TESTING_FAKE_VIEW_H_
