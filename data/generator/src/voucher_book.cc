#include "voucher_book.h"

#include <stdexcept>

#include "calendar.h"
#include "mix.h"
#include "tertial/base/strings.h"
#include "tertial/money/money.h"

namespace tertial::demo {
namespace {

using period::Date;

int64_t Ore(int64_t tkr) { return tkr * kOrePerTkr; }
bool IsRevenue(std::string_view account) { return account[0] == '3'; }
bool IsPersonnel(std::string_view account) { return account[0] == '5'; }

std::string_view AccountName(std::string_view number) {
  for (const Account& a : Accounts()) {
    if (a.number == number) return a.name;
  }
  throw std::logic_error(StrCat("demo plan: account ", number, " is not in Accounts()"));
}

// A stable, spread-out bank day of the month for an invoice: the same inputs give the same
// day.
Date InvoiceDay(int year, int month, std::string_view key) {
  uint32_t h = 2166136261u;  // FNV-1a
  for (char c : key) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  h = (h ^ static_cast<uint32_t>(year * 12 + month)) * 16777619u;
  int day = 2 + static_cast<int>(h % 26);  // 2..27
  return BankDayOnOrAfter(Date{year, month, day});
}

Date LastBankDay(int year, int month) {
  return BankDayOnOrBefore(Date{year, month, period::DaysInMonth(year, month)});
}

std::string QuarterText(int month) { return StrCat("kv ", (month - 1) / 3 + 1); }

}  // namespace

void VoucherBook::AddOperating(const UnitFigures& u, int month,
                               const std::map<std::string, int64_t>& accounts) {
  const std::string unit(u.id);
  const std::string_view month_name = period::MonthName(month);
  for (const auto& [account, amount] : accounts) {
    Cadence cadence = CadenceOf(unit, account);
    bool periodic = cadence == Cadence::kQuarterly || cadence == Cadence::kYearly;
    std::string when = cadence == Cadence::kQuarterly ? QuarterText(month)
                       : cadence == Cadence::kYearly  ? StrCat(year_)
                                                      : std::string(month_name);
    if (IsPersonnel(account)) {
      payroll_[month].push_back({account, unit, "", amount});
    } else if (account == "7810") {
      Add("M", Date{year_, month, period::DaysInMonth(year_, month)},
          StrCat("Avskrivningar inventarier ", month_name, ", ", u.name),
          {{account, unit, "", amount}, {"1229", "", "", -amount}});
    } else if (IsRevenue(account)) {
      Customer(LastBankDay(year_, month), StrCat(AccountName(account), " ", when, ", ", u.name),
               {account, unit, "", amount});
    } else {
      // Contracts are invoiced in advance on the month's first bank day.
      Date date = periodic ? BankDayOnOrAfter(Date{year_, month, 1})
                           : InvoiceDay(year_, month, StrCat(unit, account));
      Supplier(date, StrCat(AccountName(account), " ", when, ", ", u.name),
               {account, unit, "", amount});
    }
  }
}

void VoucherBook::AddOneOff(const OneOffFigures& o) {
  PlannedTransaction line{std::string(o.account), std::string(o.unit), "", Ore(o.amount)};
  if (IsRevenue(o.account)) {
    Customer(o.date, std::string(o.text), std::move(line));
  } else {
    Supplier(o.date, std::string(o.text), std::move(line));
  }
}

void VoucherBook::AddInvestment(const ProjectFigures& p, int month, int64_t amount_ore) {
  Supplier(InvoiceDay(year_, month, p.id),
           StrCat("Investering ", p.name, ", ", period::MonthName(month)),
           {std::string(p.account), std::string(p.unit), std::string(p.id), amount_ore});
}

OpenItems VoucherBook::Finish(const OpenItems& previous, int last_month) {
  for (auto& [month, lines] : payroll_) {
    int64_t gross = 0, contributions = 0, pensions = 0;
    for (const PlannedTransaction& t : lines) {
      if (t.account == "5510") {
        contributions += t.amount_ore;
      } else if (t.account == "5610") {
        pensions += t.amount_ore;
      } else {
        gross += t.amount_ore;
      }
    }
    int64_t tax = money::MulDiv(gross, 30, 100);  // preliminary tax withheld
    lines.push_back({"1930", "", "", -(gross - tax)});
    lines.push_back({"2710", "", "", -tax});
    lines.push_back({"2730", "", "", -contributions});
    if (pensions != 0) lines.push_back({"2740", "", "", -pensions});
    open_[month].tax_ore += tax;
    open_[month].contributions_ore += contributions;
    pensions_ore_ += pensions;
    Add("L", BankDayOnOrBefore(Date{year_, month, 25}),
        StrCat("Lönekörning ", period::MonthName(month), " ", year_), std::move(lines));
  }
  payroll_.clear();
  Settle(1, previous);
  if (previous.pensions_ore != 0) {
    Add("B", BankDayOnOrAfter(Date{year_, 3, 1}),
        StrCat("Pensionsavgifter individuell del ", year_ - 1),
        {{"2740", "", "", previous.pensions_ore}, {"1930", "", "", -previous.pensions_ore}});
  }
  for (int month = 2; month <= last_month; ++month) Settle(month, open_[month - 1]);
  OpenItems left = open_[last_month];
  left.pensions_ore = pensions_ore_;
  return left;
}

void VoucherBook::Settle(int month, const OpenItems& items) {
  if (items.receivables_ore != 0) {
    Add("B", BankDayOnOrBefore(Date{year_, month, 25}), "Inbetalningar kundfakturor",
        {{"1930", "", "", items.receivables_ore}, {"1510", "", "", -items.receivables_ore}});
  }
  if (items.payables_ore != 0) {
    Add("B", LastBankDay(year_, month), "Betalning leverantörsfakturor",
        {{"2440", "", "", items.payables_ore}, {"1930", "", "", -items.payables_ore}});
  }
  if (items.tax_ore != 0 || items.contributions_ore != 0) {
    // The tax account is due on the 12th, in January and August on the 17th.
    int day = month == 1 || month == 8 ? 17 : 12;
    Add("B", BankDayOnOrAfter(Date{year_, month, day}),
        "Skattekonto: personalskatt och arbetsgivaravgifter",
        {{"2710", "", "", items.tax_ore},
         {"2730", "", "", items.contributions_ore},
         {"1930", "", "", -(items.tax_ore + items.contributions_ore)}});
  }
}

void VoucherBook::Supplier(Date date, std::string text, PlannedTransaction line) {
  int64_t amount = line.amount_ore;
  open_[date.month].payables_ore += amount;
  Add("F", date, std::move(text), {std::move(line), {"2440", "", "", -amount}});
}

void VoucherBook::Customer(Date date, std::string text, PlannedTransaction line) {
  int64_t amount = line.amount_ore;  // negative: a revenue
  open_[date.month].receivables_ore -= amount;
  Add("K", date, std::move(text), {std::move(line), {"1510", "", "", -amount}});
}

void VoucherBook::Add(std::string series, Date date, std::string text,
                      std::vector<PlannedTransaction> lines) {
  if (date.year != year_) {
    throw std::logic_error(StrCat("demo plan: voucher dated outside ", year_, ": ", text));
  }
  out_->push_back({std::move(series), 0, date, std::move(text), std::move(lines)});
}

}  // namespace tertial::demo
