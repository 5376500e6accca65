#ifndef TERTIAL_TESTS_FORECAST_DEMO_LEDGER_H_
#define TERTIAL_TESTS_FORECAST_DEMO_LEDGER_H_

// The demo municipality's ledger (data/generator: Linköping's Kommunstyrelsen, 2020 and
// January-August 2021) written straight onto the ledger topic as the ledger service would
// after importing it, so that the forecast can be tested end to end without the ledger.

#include <string>

#include "absl/status/status.h"
#include "tertial/eventlog/event_log.h"

namespace tertial::forecast::demo {

inline constexpr char kOrganisation[] = "0580";

// Units, fiscal years, projects with frames, vouchers and budgets; then, if close_august,
// PeriodClosed 2021-08. Each kind of fact is one batch.
absl::Status WriteDemoLedger(eventlog::EventLog& log, bool close_august);

// The demo's 2021 forecast adjustments as an adjustments.csv (docs/formats.md).
std::string DemoAdjustmentsCsv();

}  // namespace tertial::forecast::demo

#endif  // TERTIAL_TESTS_FORECAST_DEMO_LEDGER_H_
