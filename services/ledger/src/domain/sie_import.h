#ifndef TERTIAL_LEDGER_DOMAIN_SIE_IMPORT_H_
#define TERTIAL_LEDGER_DOMAIN_SIE_IMPORT_H_

// Importing an SIE file, in two passes over the same bytes so that memory does not grow
// with the file:
//
//   pass 1  SieValidator sees every item and decides: the organisation and fiscal year,
//           every error (unbalanced vouchers, unknown accounts, dates outside the year,
//           unknown dimensions and objects, duplicates, closed periods), and the few
//           things that are not vouchers (definitions, budget lines), which are small.
//   pass 2  SieEventBuilder turns the items into events, one VoucherPosted per voucher,
//           streamed to an EventSink, with the plan of pass 1.
//
// Pure: no storage, no network. What the organisation already has comes from a
// LedgerDirectory. Choices (see services/ledger/README.md):
//   - #PBUDGET (year 0) becomes budget lines; rows on a dimension-1 object are that unit's
//     budget, the account's total row less those parts is the organisation's (no unit).
//   - #PSALDO (year 0) is imported only from a file without #VER, as one voucher per month
//     in series "PSALDO" (number YYYYMM), split over units the same way.
//   - #IB, #UB, #RES, #OIB, #OUB are not period movements and are not imported.
//   - A transaction counts in the period of its voucher's date.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/numeric/int128.h"
#include "absl/status/status.h"
#include "domain/account_totals.h"
#include "domain/ledger_view.h"
#include "tertial/base/issues.h"
#include "tertial/chart/interval_set.h"
#include "tertial/chart/posting.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/period/period.h"
#include "tertial/sie/reader.h"

namespace tertial::ledger {

using chart::IntervalSet;
using chart::PlainNumber;

struct ImportSettings {
  std::string file_name;
  // Kommunkod from --org; empty: the organisation of the file's #ORGNR.
  std::string organisation;
  // --year: for files without #RAR 0 (must agree with #RAR 0 when both are given).
  int fiscal_year = 0;
  // Accounts (objects) used but not defined anywhere are defined, with a warning, instead
  // of rejecting the file.
  bool define_unknown_accounts = false;
  bool define_unknown_objects = false;
  int max_errors = 100;
};

// Receives the events of an accepted import, in order.
class EventSink {
 public:
  virtual ~EventSink() = default;
  // `id_seed` makes the event id (the same input gives the same id); `occurred_at` is
  // seconds since the epoch (0: now). The sink may take the event's contents.
  virtual absl::Status Emit(v1::LedgerEvent&& event, std::string_view aggregate_key,
                            std::string_view id_seed, int64_t occurred_at) = 0;
};

// The decisions of pass 1 that pass 2 needs.
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
  IntervalSet skipped_vouchers;
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
  struct Use {
    int line = 0;
    std::string field;
    int64_t count = 0;
  };
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
  bool AnyPostedIn(int fiscal_year);
  // The closing that closes `p` of `year` (tertial/chart/posting.h), or nullopt.
  std::optional<period::Period> ClosingOf(const period::FiscalYear& year, const period::Period& p);
  void CheckAccount(const std::string& account, int line, std::string_view field);
  void CheckObjects(const std::vector<sie::ObjectRef>& objects, int line);
  void AddVoucher(const sie::Voucher& voucher);
  void AddPeriodBalance(const sie::PeriodBalance& balance, int line);
  void AddRar(const sie::Rar& rar, int line);
  void PlanDefinitions();
  void PlanBudget();
  void PlanBalanceVouchers();

  ImportSettings settings_;
  LedgerDirectory* directory_;
  const LedgerView* view_ = nullptr;
  Issues issues_;
  SiePlan plan_;

  bool organisation_resolved_ = false;
  bool fiscal_year_resolved_ = false;
  std::map<int, period::FiscalYear> rars_;
  struct FileAccount {
    std::string name;
    std::string type;
    int line = 0;
  };
  std::map<std::string, FileAccount> file_accounts_;
  std::map<int, v1::DimensionDefined> file_dimensions_;
  std::map<std::pair<int, std::string>, std::string> file_objects_;
  std::map<std::string, Use> unknown_accounts_;
  absl::flat_hash_set<std::string> known_accounts_;
  absl::flat_hash_set<std::string> known_objects_;  // dimension (4 bytes) + object id
  std::string object_key_;
  std::map<std::pair<int, std::string>, Use> unknown_objects_;
  std::map<int, Use> unknown_dimensions_;
  // The numbers a series has in this file, and those of them posted before (then every
  // voucher of the file with that number is skipped). Plain numbers live in ranges, so
  // that memory does not grow with the file.
  struct SeriesNumbers {
    IntervalSet seen;
    IntervalSet skipped;
    absl::flat_hash_set<std::string> other_seen;
    absl::flat_hash_set<std::string> other_skipped;
    absl::flat_hash_set<std::string> warned;
  };
  std::map<std::string, SeriesNumbers> series_;
  int64_t voucher_ordinal_ = 0;
  std::map<int, bool> posted_years_;
  std::map<int, std::optional<period::Period>> latest_closed_;  // by fiscal year label
  absl::flat_hash_set<int> empty_voucher_lines_;                // warned of as empty
  std::map<SplitKey, Split> budget_;
  std::map<SplitKey, Split> psaldo_;
  AccountPeriodTotals totals_;
  bool warned_other_objects_ = false;
};

// Pass 2: the plan and the items again, in the same order, become events.
class SieEventBuilder {
 public:
  // `plan` must outlive the builder.
  SieEventBuilder(const SiePlan& plan, std::string import_id, std::string content_sha256);

  // Emits the definitions; call once before the first Add.
  absl::Status Begin(EventSink& sink);
  absl::Status Add(const sie::Item& item, EventSink& sink);
  // The same for the reader's views (Reader::Next(ItemView*)): nothing is kept of them.
  absl::Status Add(const sie::ItemView& item, EventSink& sink);
  // Emits what comes after the vouchers and the ImportCompleted that closes the import.
  absl::Status Finish(const v1::ImportCompleted& completed, EventSink& sink);

  int64_t vouchers_emitted() const { return vouchers_emitted_; }

 private:
  // Voucher: sie::Voucher or sie::VoucherView.
  template <typename Voucher>
  absl::Status AddVoucher(const Voucher& voucher, EventSink& sink);

  const SiePlan& plan_;
  std::string import_id_;
  std::string content_sha256_;
  int64_t vouchers_emitted_ = 0;
  int64_t budget_events_ = 0;
  int64_t voucher_ordinal_ = 0;
  v1::LedgerEvent scratch_;
};

// The key of a voucher's aggregate, "voucher/2021/A/17"; vouchers without a number (4I
// files) are keyed by import and line instead.
std::string VoucherAggregateKey(const v1::VoucherPosted& voucher);

// Counting transactions: #TRANS and #RTRANS count, #BTRANS does not (tertial/chart/posting.h).
inline bool Counts(const v1::Transaction& transaction) { return chart::Counts(transaction); }

// The objects a transaction is booked on, by tertial's meaning.
std::string UnitOf(const v1::Transaction& transaction);
std::string ProjectOf(const v1::Transaction& transaction);

}  // namespace tertial::ledger

#endif  // TERTIAL_LEDGER_DOMAIN_SIE_IMPORT_H_
