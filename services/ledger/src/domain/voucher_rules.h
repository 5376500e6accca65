#ifndef TERTIAL_LEDGER_DOMAIN_VOUCHER_RULES_H_
#define TERTIAL_LEDGER_DOMAIN_VOUCHER_RULES_H_

// The rules every voucher obeys before it is posted, whatever brings it: a #VER of an SIE
// file (SieValidator) and, one at a time, a voucher posted alone (CheckVoucher below; what
// PostVouchers and the Kafka inbound topic are to use, so that there is one set of rules):
//   - its date lies in its fiscal year, and its period is open (no PeriodClosed closes it);
//   - it balances: its counted amounts (#TRANS, #RTRANS; not #BTRANS) sum to zero;
//   - every account and object is known: the ledger's, defined alongside (an SIE file's
//     #KONTO, #DIM, #OBJEKT), or, when the policy says so, defined by use;
//   - unit and project ids follow the one grammar of ids (tertial/base/ids.h);
//   - every amount is within money::kMaxAbsOre, and no account's total in a period goes
//     past money::kMaxTotalOre with what the ledger held before;
//   - its texts are valid UTF-8, without control characters, within their limits
//     (tertial/base/text.h), when VoucherPolicy::text_limits is set.
// Accounts, objects and dimensions that are not known are said once per input, at Finish,
// with how often they were used and where first.
//
// Pure: what the organisation has comes from a LedgerView.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "domain/account_totals.h"
#include "domain/ledger_view.h"
#include "tertial/base/issues.h"
#include "tertial/base/text.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/period/period.h"
#include "tertial/sie/reader.h"

namespace tertial::ledger {

struct VoucherPolicy {
  // Accounts (objects) used but not defined anywhere are defined, with a warning, instead
  // of being errors (--define-unknown-accounts, --define-unknown-objects).
  bool define_unknown_accounts = false;
  bool define_unknown_objects = false;
  // The limits a voucher's texts are checked against; nullopt: not checked here. An SIE
  // file's texts are left to the SIE reader (decoded to UTF-8, each record at most
  // ReaderOptions::max_line_bytes), as they were before these rules were apart; a voucher
  // that comes alone (a request, a message) has no reader before it and sets the limits.
  std::optional<text::Limits> text_limits;
};

// What an input defines beside its vouchers (an SIE file's #KONTO/#KTYP, #DIM/#UNDERDIM,
// #OBJEKT): known to the rules as the ledger's own are. Empty for a voucher posted alone.
struct InputDefinitions {
  struct Account {
    std::string name;
    std::string type;
  };
  std::map<std::string, Account> accounts;
  std::map<int, v1::DimensionDefined> dimensions;
  std::map<std::pair<int, std::string>, std::string> objects;  // (dimension, id) -> name
};

class VoucherRules {
 public:
  // Where an unknown account, object or dimension was used first, and how often.
  struct Use {
    int line = 0;
    std::string field;
    int64_t count = 0;
  };

  // Problems go to `*issues` under `source` (the file name); `issues` must outlive the rules.
  VoucherRules(VoucherPolicy policy, std::string source, Issues* issues);
  VoucherRules(const VoucherRules&) = delete;
  VoucherRules& operator=(const VoucherRules&) = delete;

  // The organisation's ledger, once it is known (null until then: only what needs no
  // ledger is checked); must outlive the rules.
  void SetView(const LedgerView* view) { view_ = view; }
  InputDefinitions& defined() { return defined_; }

  // Checks `voucher` of fiscal year `year` (nullopt when the input's year is unknown, an
  // error said elsewhere). Returns how many of its transactions count.
  int64_t Check(const sie::Voucher& voucher, const std::optional<period::FiscalYear>& year);

  // The parts of the rules that other records (an SIE file's #PSALDO, #PBUDGET, #OBJEKT)
  // share with vouchers.
  void CheckAccount(const std::string& account, int line, std::string_view field);
  void CheckObjects(const std::vector<sie::ObjectRef>& objects, int line);
  // Notes a use of `dimension` that is declared neither by the input nor (yet) known;
  // said at Finish unless declared by then.
  void UseUndeclaredDimension(int dimension, int line);
  // The closing that closes `p` of `year` (tertial/chart/posting.h), or nullopt. Needs a view.
  std::optional<period::Period> ClosingOf(const period::FiscalYear& year, const period::Period& p);
  // Whether the ledger has any voucher in `fiscal_year` (false without a view).
  bool AnyPostedIn(int fiscal_year);

  // Says what was used but is known nowhere: errors, or warnings when the policy defines
  // it by use. Call once, after the last Check.
  void Finish();

  // What the policy then defines by use (see Finish).
  const std::map<std::string, Use>& unknown_accounts() const { return unknown_accounts_; }
  const std::map<std::pair<int, std::string>, Use>& unknown_objects() const {
    return unknown_objects_;
  }

 private:
  void Error(int line, std::string field, std::string message);
  void Warning(int line, std::string field, std::string message);
  void CheckText(std::string_view text, text::Kind kind, int line, std::string_view field);
  void CheckTexts(const sie::Voucher& voucher);

  VoucherPolicy policy_;
  std::string source_;
  Issues* issues_;
  const LedgerView* view_ = nullptr;
  InputDefinitions defined_;

  std::map<std::string, Use> unknown_accounts_;
  absl::flat_hash_set<std::string> known_accounts_;
  absl::flat_hash_set<std::string> known_objects_;  // dimension (4 bytes) + object id
  std::string object_key_;
  std::map<std::pair<int, std::string>, Use> unknown_objects_;
  std::map<int, Use> unknown_dimensions_;
  std::map<int, bool> posted_years_;
  std::map<int, std::optional<period::Period>> latest_closed_;  // by fiscal year label
  AccountPeriodTotals totals_;
};

// One voucher alone against the organisation's ledger, in the fiscal year its date falls
// in (the organisation's, else the calendar year): every rule above, its problems in
// `*issues` under `source`. The voucher passes when `issues` has no errors after.
void CheckVoucher(const sie::Voucher& voucher, const LedgerView& view, const VoucherPolicy& policy,
                  std::string_view source, Issues* issues);

// Dimensions 1-19 are reserved by the SIE specification (1 cost centre, 6 project, ...);
// an input may use them without declaring them. Others must be declared.
bool ReservedDimension(int dimension);

// "unit id 'A/B' (dimension 1): '/' at character 2 is not allowed in an id; expected ..."
std::string ObjectIdError(int dimension, std::string_view id, std::string_view problem);

// "voucher A 17"; "voucher \"\" 17" for the empty series.
std::string VoucherName(std::string_view series, std::string_view number);

// "2021-01-01..2021-12-31".
std::string FormatRange(const period::FiscalYear& year);

}  // namespace tertial::ledger

#endif  // TERTIAL_LEDGER_DOMAIN_VOUCHER_RULES_H_
