#ifndef TERTIAL_LEDGER_DOMAIN_SIE_EVENT_BUILDER_H_
#define TERTIAL_LEDGER_DOMAIN_SIE_EVENT_BUILDER_H_

// Pass 2 of an SIE import (domain/sie_import.h): the plan of pass 1 and the file's items
// again, in the same order, become events.

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "domain/sie_import.h"
#include "domain/sie_plan.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/sie/reader.h"

namespace tertial::ledger {

class SieEventBuilder {
 public:
  // `plan` must outlive the builder.
  SieEventBuilder(const SiePlan& plan, std::string import_id);

  // Emits the definitions; call once before the first Add.
  absl::Status Begin(EventSink& sink);
  absl::Status Add(const sie::Item& item, EventSink& sink);
  // The same for the reader's views (Reader::Next(ItemView*)): nothing is kept of them.
  absl::Status Add(const sie::ItemView& item, EventSink& sink);
  // Emits what comes after the vouchers and the ImportCompleted that closes the import.
  absl::Status Finish(const v1::ImportCompleted& completed, EventSink& sink);

 private:
  // Voucher: sie::Voucher or sie::VoucherView.
  template <typename Voucher>
  absl::Status AddVoucher(const Voucher& voucher, EventSink& sink);

  const SiePlan& plan_;
  std::string import_id_;
  int64_t budget_events_ = 0;
  int64_t voucher_ordinal_ = 0;
  v1::LedgerEvent scratch_;
};

// The key of a voucher's aggregate, "voucher/2021/A/17"; vouchers without a number (4I
// files) are keyed by import and line instead.
std::string VoucherAggregateKey(const v1::VoucherPosted& voucher);

}  // namespace tertial::ledger

#endif  // TERTIAL_LEDGER_DOMAIN_SIE_EVENT_BUILDER_H_
