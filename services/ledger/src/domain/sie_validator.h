#ifndef TERTIAL_LEDGER_DOMAIN_SIE_VALIDATOR_H_
#define TERTIAL_LEDGER_DOMAIN_SIE_VALIDATOR_H_

// Pass 1 of an SIE import (domain/sie_import.h): every item of the file, in order, to the
// errors and warnings of the whole file and, when there is no error, the SiePlan of pass 2.
// What the file as a whole decides is here: the organisation, the fiscal years, vouchers
// posted before or numbered twice, #PSALDO and #PBUDGET; each voucher is checked by the
// VoucherRules (domain/voucher_rules.h), the same rules as a voucher posted alone.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "domain/ledger_view.h"
#include "domain/sie_import.h"
#include "domain/sie_plan.h"
#include "domain/voucher_rules.h"
#include "tertial/base/issues.h"
#include "tertial/chart/interval_set.h"
#include "tertial/period/period.h"
#include "tertial/sie/reader.h"

namespace tertial::ledger {

class SieValidator {
 public:
  // `directory` must outlive the validator.
  SieValidator(ImportSettings settings, LedgerDirectory* directory);
  SieValidator(const SieValidator&) = delete;
  SieValidator& operator=(const SieValidator&) = delete;

  // `line` is where the item ended (the reader's line after Next).
  void Add(const sie::Item& item, int line);
  // Takes the reader's own findings and does the checks that need the whole file.
  void Finish(const std::vector<Issue>& reader_errors, const std::vector<Issue>& reader_warnings,
              int reader_errors_not_listed);

  const Issues& issues() const { return issues_; }
  // Valid after Finish; moves the plan out.
  SiePlan TakePlan() { return std::move(plan_); }

 private:
  struct Split {
    bool has_total = false;
    int64_t total_ore = 0;
    int line = 0;
    std::map<std::pair<std::string, std::string>, int64_t> by_unit;  // (unit, project)
    std::map<std::string, int64_t> by_project;                       // dimension 6 only
  };
  using SplitKey = std::pair<std::string, int>;  // account, period index

  void Error(int line, std::string field, std::string message);
  void Warning(int line, std::string field, std::string message);
  bool EnsureOrganisation(int line);
  bool EnsureFiscalYear(int line);
  // The fiscal year of a date, adding it to the plan; nullopt without a fiscal year.
  std::optional<period::FiscalYear> YearFor(const period::Date& date, int line);
  // False when the voucher was posted before (or a voucher of the file with its number
  // was): it is then skipped. Marks the numbers the file repeats.
  bool FirstOfItsNumber(const sie::Voucher& voucher, const std::optional<period::FiscalYear>& year,
                        int64_t ordinal);
  void AddVoucher(const sie::Voucher& voucher);
  void AddPeriodBalance(const sie::PeriodBalance& balance, int line);
  void AddRar(const sie::Rar& rar, int line);
  void AddObjekt(const sie::Objekt& objekt, int line);
  // The plan (sie_plan.cc), once the file has no error.
  void PlanDefinitions();
  void PlanBudget();
  void PlanBalanceVouchers();

  ImportSettings settings_;
  LedgerDirectory* directory_;
  const LedgerView* view_ = nullptr;
  Issues issues_;
  VoucherRules rules_;
  SiePlan plan_;

  bool organisation_resolved_ = false;
  bool fiscal_year_resolved_ = false;
  std::map<int, period::FiscalYear> rars_;
  // The numbers a series has in this file, and those of them posted before (then every
  // voucher of the file with that number is skipped). Plain numbers live in ranges, so
  // that memory does not grow with the file.
  struct SeriesNumbers {
    chart::IntervalSet seen;
    chart::IntervalSet skipped;
    absl::flat_hash_set<std::string> other_seen;
    absl::flat_hash_set<std::string> other_skipped;
    absl::flat_hash_set<std::string> warned;
  };
  std::map<std::string, SeriesNumbers> series_;
  int64_t voucher_ordinal_ = 0;
  absl::flat_hash_set<int> empty_voucher_lines_;  // warned of as empty
  std::map<SplitKey, Split> budget_;
  std::map<SplitKey, Split> psaldo_;
  bool warned_other_objects_ = false;
};

}  // namespace tertial::ledger

#endif  // TERTIAL_LEDGER_DOMAIN_SIE_VALIDATOR_H_
