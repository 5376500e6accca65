#ifndef TERTIAL_LEDGER_CORE_H_
#define TERTIAL_LEDGER_CORE_H_

// The ledger service without its wire (as goals/src/core.h): imports (Importer, the SIE
// and CSV jobs), closing periods, and the snapshots queries read after waiting for the
// projection. The gRPC adapter (grpc_service.h) adds authorization, the upload's spool and
// the progress stream.
//
// Thread-safe: imports and commands run one at a time (Importer::command_mutex); queries
// run side by side on snapshots.

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "importer.h"
#include "post_vouchers.h"
#include "tertial/eventlog/event_log.h"
#include "tertial/period/period.h"
#include "tertial/projection/runner.h"
#include "tertial/projection/store.h"

namespace tertial::ledger {

class LedgerCore {
 public:
  // All must outlive the core.
  LedgerCore(eventlog::EventLog* log, projection::ProjectionDb* db, projection::Runner* runner,
             ImporterOptions options = {});
  LedgerCore(const LedgerCore&) = delete;
  LedgerCore& operator=(const LedgerCore&) = delete;

  Importer& importer() { return importer_; }
  VoucherPosting& posting() { return posting_; }

  // Appends PeriodClosed unless the period is closed already, by its own closing or a later
  // month's of its fiscal year (then returns true).
  absl::StatusOr<bool> ClosePeriod(const std::string& organisation, const period::Period& period,
                                   const std::string& actor);

  // Takes back a whole import with compensating events (retract.cc, domain/retraction.h);
  // already_retracted (nothing appended) when it was retracted before.
  absl::StatusOr<v1::RetractImportResponse> RetractImport(const std::string& organisation,
                                                          const std::string& import_id,
                                                          const std::string& reason,
                                                          const std::string& actor);
  // Appends PeriodReopened for a closed month (retract.cc); FAILED_PRECONDITION if open.
  absl::StatusOr<v1::PeriodReopened> ReopenPeriod(const std::string& organisation,
                                                  const period::Period& period,
                                                  const std::string& reason,
                                                  const std::string& actor);

  // Waits for the projection (Runner::AwaitRead), then NOT_FOUND unless the organisation has
  // imported anything, naming the known organisations `may_read` lets the caller see.
  absl::Status CheckKnown(std::string_view organisation,
                          const std::function<bool(std::string_view)>& may_read);
  // What queries read: the projection as it is now (after CheckKnown has waited for it).
  std::unique_ptr<projection::Reader> Snapshot() { return db_->Snapshot(); }

 private:
  eventlog::EventLog* log_;
  projection::ProjectionDb* db_;
  projection::Runner* runner_;
  Importer importer_;
  VoucherPosting posting_;
};

}  // namespace tertial::ledger

#endif  // TERTIAL_LEDGER_CORE_H_
