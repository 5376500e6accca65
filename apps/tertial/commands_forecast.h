#ifndef TERTIAL_APPS_TERTIAL_COMMANDS_FORECAST_H_
#define TERTIAL_APPS_TERTIAL_COMMANDS_FORECAST_H_

// The forecast's commands, one file per responsibility; ForecastCommands()
// (commands_forecast.cc) lists them:
//   commands_forecast.cc              what they share
//   commands_forecast_queries.cc      forecast, forecast investments
//   commands_forecast_adjustments.cc  forecast adjust, withdraw, adjustments
//   commands_forecast_method.cc       forecast method, backtest (how a method is chosen)

#include <string>
#include <vector>

#include "cli.h"
#include "client.h"
#include "tertial/forecast/v1/service.grpc.pb.h"

namespace tertial::cli::forecast_commands {

using ForecastClient = Client<::tertial::forecast::v1::ForecastService>;

// Flags every forecast command shares.
struct ForecastFlags {
  GlobalOptions global;
  std::string org;
  int64_t year = 0;
};

void AddForecastFlags(config::FlagSet& flags, ForecastFlags* f, bool year_required);

// INVALID_ARGUMENT naming the first of `rest`, if any.
absl::Status NoPositional(const std::vector<std::string>& rest);

// An adjustment's side (tertial.forecast.v1.Side) as its flag names it: "costs", ...
std::string SideText(int side);

int RunForecast(const std::vector<std::string>& args);
int RunInvestments(const std::vector<std::string>& args);
int RunAdjust(const std::vector<std::string>& args);
int RunWithdraw(const std::vector<std::string>& args);
int RunAdjustments(const std::vector<std::string>& args);
int RunMethod(const std::vector<std::string>& args);
int RunBacktest(const std::vector<std::string>& args);

}  // namespace tertial::cli::forecast_commands

#endif  // TERTIAL_APPS_TERTIAL_COMMANDS_FORECAST_H_
