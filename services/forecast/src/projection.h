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

#include "tertial/chart/voucher_index.h"
#include "tertial/projection/runner.h"

namespace tertial::forecast {

class ForecastProjection final : public projection::Projection {
 public:
  std::vector<std::string> Topics() const override;
  absl::Status Apply(std::string_view topic, const eventlog::Record& record,
                     const eventlog::Envelope& envelope, projection::Store& store) override;
  void BeginStep() override;
  absl::Status EndStep(projection::Store& store) override;

 private:
  // Which vouchers count, under keys starting "L" (store_format.h).
  chart::VoucherIndex vouchers_{"L"};
};

}  // namespace tertial::forecast

#endif  // TERTIAL_FORECAST_PROJECTION_H_
