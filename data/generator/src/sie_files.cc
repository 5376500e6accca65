// The demo municipality's ledgers as SIE 4 (type 4E: a full export with balances and
// vouchers), written through sie::Writer.

#include <map>

#include "demo_files.h"
#include "tertial/base/strings.h"
#include "tertial/sie/writer.h"

namespace tertial::demo {
namespace {

using period::Date;

// Per account: the sum of a year's transactions.
using AccountSums = std::map<std::string, int64_t>;

AccountSums Movements(const std::vector<PlannedVoucher>& vouchers) {
  AccountSums sums;
  for (const PlannedVoucher& v : vouchers) {
    for (const PlannedTransaction& t : v.transactions) sums[t.account] += t.amount_ore;
  }
  return sums;
}

bool IsBalanceAccount(std::string_view account) { return account[0] == '1' || account[0] == '2'; }

// T tillgång, S skuld, I intäkt, K kostnad.
std::string_view AccountType(std::string_view account) {
  switch (account[0]) {
    case '1':
      return "T";
    case '2':
      return "S";
    case '3':
      return "I";
    default:
      return "K";
  }
}

struct LedgerYear {
  int year;
  Date generated;
  const std::vector<PlannedVoucher>* vouchers;
  AccountSums opening;          // #IB 0: the previous year's closing balances
  const AccountSums* previous;  // the previous year's movements, for #UB -1 / #RES -1
};

class LedgerWriter {
 public:
  explicit LedgerWriter(std::string* out)
      : sink_(sie::StringSink(out)), writer_(sink_.get(), {.checksum = true}) {}

  void Write(const sie::Item& item) {
    if (status_.ok()) status_ = writer_.Write(item);
  }
  absl::Status Finish() {
    if (!status_.ok()) return status_;
    return writer_.Finish();
  }

 private:
  std::unique_ptr<sie::ByteSink> sink_;
  sie::Writer writer_;
  absl::Status status_;
};

absl::StatusOr<std::string> RenderLedger(const LedgerYear& y) {
  std::string out;
  LedgerWriter w(&out);
  w.Write(sie::Flagga{0});
  w.Write(sie::Format{"PC8"});
  w.Write(sie::SieTyp{"4"});
  w.Write(sie::Program{"tertial-demo-data", "0.1"});
  w.Write(sie::Gen{y.generated, "tertial-demo-data"});
  w.Write(sie::Fnamn{"Linköpings kommun"});
  w.Write(sie::Orgnr{"212000-0449"});
  w.Write(sie::Rar{0, Date{y.year, 1, 1}, Date{y.year, 12, 31}});
  w.Write(sie::Rar{-1, Date{y.year - 1, 1, 1}, Date{y.year - 1, 12, 31}});
  // Kommun-Bas has BAS's structure (classes 1-8); SIE names no municipal chart.
  w.Write(sie::Kptyp{"EUBAS97"});
  for (const Account& a : Accounts()) {
    w.Write(sie::Konto{std::string(a.number), std::string(a.name)});
    w.Write(sie::Ktyp{std::string(a.number), std::string(AccountType(a.number))});
  }
  w.Write(sie::Dim{1, "Ansvar"});
  w.Write(sie::Dim{6, "Projekt"});
  for (const UnitFigures& u : Units())
    w.Write(sie::Objekt{1, std::string(u.id), std::string(u.name)});
  for (const ProjectFigures& p : Projects()) {
    w.Write(sie::Objekt{6, std::string(p.id), std::string(p.name)});
  }

  const AccountSums movements = Movements(*y.vouchers);
  AccountSums closing = y.opening;
  for (const auto& [account, amount] : movements) {
    if (IsBalanceAccount(account)) closing[account] += amount;
  }
  // Balances in chart order; zero balances are left out, as the specification allows.
  auto balance = [&](sie::BalanceKind kind, int index, const AccountSums& sums,
                     bool balance_sheet) {
    for (const Account& a : Accounts()) {
      std::string account(a.number);
      auto it = sums.find(account);
      if (it == sums.end() || it->second == 0 || IsBalanceAccount(account) != balance_sheet)
        continue;
      w.Write(sie::Balance{
          .kind = kind, .year_index = index, .account = account, .amount_ore = it->second});
    }
  };
  balance(sie::BalanceKind::kIb, 0, y.opening, true);
  balance(sie::BalanceKind::kUb, 0, closing, true);
  if (y.previous != nullptr) balance(sie::BalanceKind::kUb, -1, y.opening, true);
  balance(sie::BalanceKind::kRes, 0, movements, false);
  if (y.previous != nullptr) balance(sie::BalanceKind::kRes, -1, *y.previous, false);

  for (const PlannedVoucher& v : *y.vouchers) {
    sie::Voucher voucher{
        .series = v.series, .number = std::to_string(v.number), .date = v.date, .text = v.text};
    for (const PlannedTransaction& t : v.transactions) {
      sie::Transaction trans{.account = t.account, .amount_ore = t.amount_ore};
      if (!t.unit.empty()) trans.objects.push_back({1, t.unit});
      if (!t.project.empty()) trans.objects.push_back({6, t.project});
      voucher.transactions.push_back(std::move(trans));
    }
    w.Write(voucher);
  }
  if (absl::Status s = w.Finish(); !s.ok()) {
    return absl::InternalError(StrCat("ledger-", y.year, ".se: ", s.message()));
  }
  return out;
}

}  // namespace

absl::StatusOr<std::string> Ledger2020Sie(const Plan& plan) {
  // Exported after the annual accounts were closed.
  return RenderLedger({.year = 2020,
                       .generated = {2021, 2, 15},
                       .vouchers = &plan.vouchers_2020,
                       .opening = {},
                       .previous = nullptr});
}

absl::StatusOr<std::string> Ledger2021Sie(const Plan& plan) {
  AccountSums movements_2020 = Movements(plan.vouchers_2020);
  AccountSums closing_2020;
  for (const auto& [account, amount] : movements_2020) {
    if (IsBalanceAccount(account)) closing_2020[account] = amount;
  }
  // Exported after August was closed.
  return RenderLedger({.year = 2021,
                       .generated = {2021, 9, 6},
                       .vouchers = &plan.vouchers_2021,
                       .opening = closing_2020,
                       .previous = &movements_2020});
}

}  // namespace tertial::demo
