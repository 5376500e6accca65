#ifndef TERTIAL_LEDGER_DOMAIN_SIE_PLAN_H_
#define TERTIAL_LEDGER_DOMAIN_SIE_PLAN_H_

// The decisions of an SIE import's pass 1 (SieValidator) that its pass 2 (SieEventBuilder)
// needs: domain/sie_import.h tells the whole story.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "tertial/chart/interval_set.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/period/period.h"

namespace tertial::ledger {

struct SiePlan {
  std::string organisation;
  std::string orgnr;
  std::string company_name;
  // The file's fiscal year (#RAR 0, --year), or in a file without either, that of its first
  // voucher: such a file's vouchers each go to the fiscal year their date falls in (the
  // organisation's, else the calendar year), as an import file (4I) asks.
  std::optional<period::FiscalYear> fiscal_year;
  bool year_by_date = false;
  std::vector<period::FiscalYear> years;  // every fiscal year the file's dates fall in
  bool has_vouchers = false;
  // Emitted before the vouchers; bounded by the size of the chart.
  std::vector<v1::LedgerEvent> definitions;
  // From #PSALDO when the file has no #VER.
  std::vector<v1::VoucherPosted> balance_vouchers;
  std::vector<v1::BudgetLine> budget_lines;
  // Vouchers by their place in the file (0 for the first #VER): those posted before are
  // skipped; those whose series and number an earlier voucher of the file has are marked.
  chart::IntervalSet skipped_vouchers;
  absl::flat_hash_set<int64_t> repeated_vouchers;
  int64_t vouchers = 0;  // to be posted
  int64_t transactions = 0;
  int64_t duplicate_vouchers = 0;
  int64_t accounts_defined = 0;
  int64_t units_defined = 0;
  int64_t projects_defined = 0;

  // The fiscal year `date` belongs to (one of `years`); null if none.
  const period::FiscalYear* YearOf(const period::Date& date) const;
};

}  // namespace tertial::ledger

#endif  // TERTIAL_LEDGER_DOMAIN_SIE_PLAN_H_
