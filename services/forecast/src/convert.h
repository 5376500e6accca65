#ifndef TERTIAL_FORECAST_CONVERT_H_
#define TERTIAL_FORECAST_CONVERT_H_

// Domain results into the forecast protos (events and API), in one place so that what is
// published and what is answered over gRPC can never differ.

#include "domain/forecast.h"
#include "domain/org_model.h"
#include "tertial/forecast/v1/events.pb.h"

namespace tertial::forecast {

void FillUnitForecast(const OrgModel& model, const UnitForecastResult& unit, v1::UnitForecast* out);
void FillProjectForecast(const ProjectForecastResult& project, v1::ProjectForecast* out);

// The ForecastPublished of a forecast of every unit and project (without trigger fields).
v1::ForecastPublished ToPublished(const OrgModel& model, const ForecastResult& result);

}  // namespace tertial::forecast

#endif  // TERTIAL_FORECAST_CONVERT_H_
