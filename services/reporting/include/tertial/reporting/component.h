#ifndef TERTIAL_REPORTING_COMPONENT_H_
#define TERTIAL_REPORTING_COMPONENT_H_

// The reporting service as a component: tertial.reporting.v1.ReportService over the
// reporting projection (DATA_DIR/reporting), following the ledger, forecast, goals and
// reporting topics. With ComponentOptions::http_listen (--reporting-http,
// $TERTIAL_REPORTING_HTTP, e.g. "127.0.0.1:8090") it also serves a page for people
// listing boards and periods, each linking its HTML report.

#include <memory>

#include "absl/status/statusor.h"
#include "tertial/grpcutil/component.h"

namespace tertial::reporting {

absl::StatusOr<std::unique_ptr<grpcutil::Component>> MakeComponent(
    const grpcutil::ComponentOptions& options);

}  // namespace tertial::reporting

#endif  // TERTIAL_REPORTING_COMPONENT_H_
