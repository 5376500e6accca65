#ifndef TERTIAL_DATA_GENERATOR_VOUCHER_BOOK_H_
#define TERTIAL_DATA_GENERATOR_VOUCHER_BOOK_H_

// Turns a year's amounts into the vouchers a municipality's ledger would show, each kind
// with its counter-account: payroll runs against bank and the tax and pension
// liabilities, supplier invoices against accounts payable, customer invoices against
// receivables, depreciation against accumulated depreciation, and the payments that
// settle them a month later.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "figures.h"
#include "plan.h"

namespace tertial::demo {

// What a year leaves open for the next: December's invoices and taxes, the year's pension
// liability (individuell del, paid in March).
struct OpenItems {
  int64_t payables_ore = 0;
  int64_t receivables_ore = 0;
  int64_t tax_ore = 0;
  int64_t contributions_ore = 0;
  int64_t pensions_ore = 0;
};

class VoucherBook {
 public:
  // Appends to `*out`, which must outlive the book. Vouchers come unnumbered.
  VoucherBook(int year, std::vector<PlannedVoucher>* out) : year_(year), out_(out) {}
  VoucherBook(const VoucherBook&) = delete;
  VoucherBook& operator=(const VoucherBook&) = delete;

  // A unit's operating amounts of one month, per account.
  void AddOperating(const UnitFigures& u, int month,
                    const std::map<std::string, int64_t>& accounts);
  void AddOneOff(const OneOffFigures& o);
  void AddInvestment(const ProjectFigures& p, int month, int64_t amount_ore);

  // Closes the payroll runs and adds the payments: each month settles the previous
  // month's invoices and taxes (January those `previous` left open). Returns what stays
  // open after `last_month`. Call once, after everything was added.
  OpenItems Finish(const OpenItems& previous, int last_month);

 private:
  void Settle(int month, const OpenItems& items);
  void Supplier(period::Date date, std::string text, PlannedTransaction line);
  void Customer(period::Date date, std::string text, PlannedTransaction line);
  void Add(std::string series, period::Date date, std::string text,
           std::vector<PlannedTransaction> lines);

  int year_;
  std::vector<PlannedVoucher>* out_;
  std::map<int, std::vector<PlannedTransaction>> payroll_;
  std::map<int, OpenItems> open_;  // per month: what that month's vouchers leave to pay
  int64_t pensions_ore_ = 0;
};

}  // namespace tertial::demo

#endif  // TERTIAL_DATA_GENERATOR_VOUCHER_BOOK_H_
