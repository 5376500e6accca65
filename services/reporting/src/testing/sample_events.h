#ifndef TERTIAL_SERVICES_REPORTING_SRC_TESTING_SAMPLE_EVENTS_H_
#define TERTIAL_SERVICES_REPORTING_SRC_TESTING_SAMPLE_EVENTS_H_

// The sample input (sample_input.h) as the events the other services would publish:
// ledger units, projects, monthly vouchers and budget lines whose sums are the input's
// figures; the forecast as published; the goals facts and evaluation; narratives. Building
// the report from the projection of these events must give the report built from the
// input directly.

#include "absl/status/status.h"
#include "domain/builder.h"
#include "tertial/eventlog/event_log.h"

namespace tertial::reporting::testing {

// `close_period`: whether the ledger events close the report's period. A test that runs
// the real forecast service beside reporting (the CLI's in-process host does) passes
// false, or the forecast would answer PeriodClosed with a forecast of its own computed
// from these vouchers, which replaces the sample's published one. The forecast says it
// reflects every ledger event written here; `written` (if given) receives what the report
// should say of it (BuildInput::forecast_source).
absl::Status AppendSampleEvents(eventlog::EventLog& log, const BuildInput& input,
                                bool close_period = true, ForecastSource* written = nullptr);

}  // namespace tertial::reporting::testing

#endif  // TERTIAL_SERVICES_REPORTING_SRC_TESTING_SAMPLE_EVENTS_H_
