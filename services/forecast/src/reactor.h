#ifndef TERTIAL_FORECAST_REACTOR_H_
#define TERTIAL_FORECAST_REACTOR_H_

// Publishes ForecastPublished for the triggers the projection recorded (a period closed, an
// adjustment made or withdrawn, a method chosen). A period closed publishes as of that
// period; the others as of their year's latest closed period, and wait while it has none.
// And it republishes every (fiscal year, as-of) already published when the ledger changed
// what it rests on after the ledger offset that publication reflected: a voucher or default
// budget lines of that year or an earlier one, a fiscal year redefined, a unit or project
// defined anew (trigger "ledger_changed"). However many ledger events changed, one
// publication per (year, as-of) covers them, named by the latest of them.
// Triggers pending together for the same organisation, fiscal year and as-of period are
// covered by one publication, which says in ledger_offset what of the ledger it reflects.
//
// Exactly once per trigger, across crashes and restarts: the publication's event id is
// derived from the trigger ids it covers (for a ledger change: with the year and as-of), and
// the projection learns that it was published
// by reading it back from the forecast topic (offset-atomically, like any other event).
// Before publishing, the reactor catches the projection up on both topics, so a trigger
// already covered in the log is never published again. One reactor per organisation's
// partition at a time (one forecast instance), which the deployment guarantees.

#include <mutex>

#include "absl/status/statusor.h"
#include "loader.h"
#include "tertial/eventlog/event_log.h"
#include "tertial/projection/runner.h"
#include "tertial/projection/store.h"

namespace tertial::forecast {

class Reactor {
 public:
  // Everything must outlive the reactor.
  Reactor(eventlog::EventLog* log, projection::ProjectionDb* db, projection::Runner* runner,
          ModelCache* cache)
      : log_(log), db_(db), runner_(runner), cache_(cache) {}

  // Catches up, publishes what is pending, and catches up again so that the projection
  // knows. Returns the number of ForecastPublished events appended. Thread-safe.
  absl::StatusOr<int> PublishPending();

 private:
  eventlog::EventLog* log_;
  projection::ProjectionDb* db_;
  projection::Runner* runner_;
  ModelCache* cache_;
  std::mutex mutex_;
};

}  // namespace tertial::forecast

#endif  // TERTIAL_FORECAST_REACTOR_H_
