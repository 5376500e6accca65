// tertial forecast ...: the full-year forecast (prognos helår), its adjustments, the method
// choice and backtests, through tertial.forecast.v1.ForecastService (commands_forecast.h
// lists the files).

#include "commands_forecast.h"

#include "tertial/base/strings.h"

namespace tertial::cli {
namespace forecast_commands {

void AddForecastFlags(config::FlagSet& flags, ForecastFlags* f, bool year_required) {
  AddGlobalFlags(flags, &f->global);
  flags.String("org", &f->org, "organisation (kommunkod), e.g. 0580",
               {.env = "TERTIAL_ORG", .required = true});
  flags.Int("year", &f->year, "fiscal year, e.g. 2021", {.required = year_required});
}

absl::Status NoPositional(const std::vector<std::string>& rest) {
  if (rest.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(StrCat("unexpected argument '", rest.front(), "'"));
}

std::string SideText(int side) {
  static const char* kSides[] = {"", "costs", "revenues", "investment_spending",
                                 "investment_income"};
  return side >= 0 && side <= 4 ? kSides[side] : "";
}

}  // namespace forecast_commands

std::vector<Command> ForecastCommands() {
  namespace run = forecast_commands;
  return {
      {"forecast", "full-year forecast per unit: forecast, budget, deviation, method",
       run::RunForecast},
      {"forecast investments", "investment forecast per project against its frame",
       run::RunInvestments},
      {"forecast adjust", "adjust a forecast (flags, or --file adjustments.csv)", run::RunAdjust},
      {"forecast withdraw", "withdraw an adjustment", run::RunWithdraw},
      {"forecast adjustments", "list adjustments with their reasons", run::RunAdjustments},
      {"forecast method", "choose (or show) the forecast method for a year", run::RunMethod},
      {"backtest", "how well each method forecast earlier years (MAPE, bias)", run::RunBacktest},
  };
}

}  // namespace tertial::cli
