#include "convert.h"

#include "tertial/period/proto.h"

namespace tertial::forecast {

void FillUnitForecast(const OrgModel& model, const UnitForecastResult& u, v1::UnitForecast* out) {
  out->set_unit_id(model.unit(u.unit).id);
  out->set_method(u.method);
  out->set_method_requested(std::string(MethodName(u.method_requested)));
  out->set_rollup(u.rollup);
  out->set_forecast_costs_ore(u.forecast.costs_ore);
  out->set_forecast_revenues_ore(u.forecast.revenues_ore);
  out->set_forecast_net_ore(u.forecast.net_ore());
  out->set_budget_costs_ore(u.budget.costs_ore);
  out->set_budget_revenues_ore(u.budget.revenues_ore);
  out->set_budget_net_ore(u.budget.net_ore());
  out->set_adjustments_costs_ore(u.adjustments.costs_ore);
  out->set_adjustments_revenues_ore(u.adjustments.revenues_ore);
  out->set_actual_costs_ore(u.actual.costs_ore);
  out->set_actual_revenues_ore(u.actual.revenues_ore);
  out->set_actual_net_ore(u.actual.net_ore());
}

void FillProjectForecast(const ProjectForecastResult& p, v1::ProjectForecast* out) {
  out->set_project_id(p.project_id);
  out->set_unit_id(p.unit_id);
  out->set_spending_to_date_ore(p.spending_to_date_ore);
  out->set_income_to_date_ore(p.income_to_date_ore);
  out->set_forecast_spending_ore(p.forecast_spending_ore);
  out->set_forecast_income_ore(p.forecast_income_ore);
  out->set_frame_ore(p.frame_ore);
  out->set_adjustments_ore(p.adjustments_spending_ore + p.adjustments_income_ore);
  out->set_method(p.method);
}

v1::ForecastPublished ToPublished(const OrgModel& model, const ForecastResult& result) {
  v1::ForecastPublished out;
  out.set_fiscal_year(result.fiscal_year);
  period::ToProto(result.as_of, out.mutable_as_of());
  out.set_method_requested(std::string(MethodName(result.method_requested)));
  for (const UnitForecastResult& u : result.units) FillUnitForecast(model, u, out.add_units());
  for (const ProjectForecastResult& p : result.projects) FillProjectForecast(p, out.add_projects());
  for (const AdjustmentRecord& a : result.adjustments) out.add_adjustment_ids(a.id);
  return out;
}

}  // namespace tertial::forecast
