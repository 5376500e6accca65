#ifndef TERTIAL_FORECAST_COMPONENT_H_
#define TERTIAL_FORECAST_COMPONENT_H_

// The forecast service as a component: its projection of the ledger and forecast topics
// (DATA_DIR/forecast), the reactor that publishes ForecastPublished, and the gRPC
// tertial.forecast.v1.ForecastService.

#include <memory>

#include "absl/status/statusor.h"
#include "tertial/grpcutil/component.h"

namespace tertial::forecast {

absl::StatusOr<std::unique_ptr<grpcutil::Component>> MakeComponent(
    const grpcutil::ComponentOptions& options);

}  // namespace tertial::forecast

#endif  // TERTIAL_FORECAST_COMPONENT_H_
