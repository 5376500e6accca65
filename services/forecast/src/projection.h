#ifndef TERTIAL_FORECAST_PROJECTION_H_
#define TERTIAL_FORECAST_PROJECTION_H_

// The forecast's read model: follows the ledger topic from offset 0 (cold start needs no
// call to the ledger) and its own topic (adjustments, method choices, what it published),
// and keeps per organisation, unit and year the monthly actuals and budget in RocksDB, in
// the layout of store_format.h. Applied offset-atomically by projection::Runner.
//
// It also records what the reactor must publish: a PeriodClosed, an adjustment made or
// withdrawn, or a method chosen, for a year whose latest closed period is known, leaves a
// pending publication; the ForecastPublished that covers it (read back from the forecast
// topic) removes it and marks the trigger published. Both are state derived from the log,
// so a replay or restart publishes nothing twice.
//
// For the ledger changes a forecast depends on (vouchers, default budget lines, units,
// projects, fiscal years) it keeps no trigger per event, which an import of thousands of
// vouchers would turn into thousands: it keeps, per organisation, the latest ledger event
// applied and, per fiscal year, the latest event that changed that year's inputs, and per
// (year, as-of) the ledger offset the latest publication reflected. The reactor republishes
// where a change is newer than the publication (reactor.h).

#include <map>
#include <memory>
#include <string>
#include <utility>

#include "store_format.h"
#include "tertial/chart/voucher_index.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/projection/runner.h"

namespace tertial::forecast {

class ForecastProjection final : public projection::Projection {
 public:
  ForecastProjection();
  ~ForecastProjection() override;
  std::vector<std::string> Topics() const override;
  absl::Status Apply(std::string_view topic, const eventlog::Record& record,
                     const eventlog::Envelope& envelope, projection::Store& store) override;
  void BeginStep() override;
  absl::Status EndStep(projection::Store& store) override;

  // What a step gathers in memory (the cells its vouchers and budgets change, the ledger
  // marks, the versions), written once in EndStep instead of once per event.
  struct Step;

 private:
  std::unique_ptr<Step> step_;
  // One message reused for every ledger event: parsing into it keeps its memory.
  ledger::v1::LedgerEvent ledger_event_;
  // Which vouchers count, under keys starting "L" (store_format.h).
  chart::VoucherIndex vouchers_{"L"};
};

}  // namespace tertial::forecast

#endif  // TERTIAL_FORECAST_PROJECTION_H_
