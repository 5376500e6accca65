#ifndef TERTIAL_LEDGER_DOMAIN_SIE_IMPORT_H_
#define TERTIAL_LEDGER_DOMAIN_SIE_IMPORT_H_

// Importing an SIE file, in two passes over the same bytes so that memory does not grow
// with the file:
//
//   pass 1  SieValidator (sie_validator.h) sees every item and decides: the organisation
//           and fiscal year, every error (unbalanced vouchers, unknown accounts, dates
//           outside the year, unknown dimensions and objects, duplicates, closed periods),
//           and the few things that are not vouchers (definitions, budget lines), which are
//           small: the SiePlan (sie_plan.h). Each voucher is checked by the VoucherRules
//           (voucher_rules.h), the rules of every voucher whatever brings it.
//   pass 2  SieEventBuilder (sie_event_builder.h) turns the items into events, one
//           VoucherPosted per voucher, streamed to an EventSink, with the plan of pass 1.
//
// Pure: no storage, no network. What the organisation already has comes from a
// LedgerDirectory. Choices (see services/ledger/README.md):
//   - #PBUDGET (year 0) becomes budget lines; rows on a dimension-1 object are that unit's
//     budget, the account's total row less those parts is the organisation's (no unit).
//   - #PSALDO (year 0) is imported only from a file without #VER, as one voucher per month
//     in series "PSALDO" (number YYYYMM), split over units the same way.
//   - #IB, #UB, #RES, #OIB, #OUB are not period movements and are not imported.
//   - A transaction counts in the period of its voucher's date.
//
// This header holds what the imports share: their settings and where their events go.

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "tertial/ledger/v1/events.pb.h"

namespace tertial::ledger {

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

}  // namespace tertial::ledger

#endif  // TERTIAL_LEDGER_DOMAIN_SIE_IMPORT_H_
