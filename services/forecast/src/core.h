#ifndef TERTIAL_FORECAST_CORE_H_
#define TERTIAL_FORECAST_CORE_H_

// The forecast service without its wire (as goals/src/core.h): queries answer from the
// organisation's model after waiting for the projection; commands decide on the current
// model under one lock and append their events as one batch, then let the reactor publish.
// The gRPC adapter (grpc_service.h) adds authorization and who the actor is.
//
// Thread-safe: commands run one at a time; queries run side by side on snapshots.

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "loader.h"
#include "reactor.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/eventlog/event_log.h"
#include "tertial/forecast/v1/service.pb.h"
#include "tertial/projection/runner.h"
#include "tertial/projection/store.h"

namespace tertial::forecast {

struct CoreDeps {
  eventlog::EventLog* log = nullptr;
  projection::ProjectionDb* db = nullptr;
  projection::Runner* runner = nullptr;
  ModelCache* cache = nullptr;
  Reactor* reactor = nullptr;
};

class ForecastCore {
 public:
  // Everything in `deps` must outlive the core.
  explicit ForecastCore(CoreDeps deps) : deps_(deps) {}
  ForecastCore(const ForecastCore&) = delete;
  ForecastCore& operator=(const ForecastCore&) = delete;

  // Queries. The request's organisation is checked (and authorized) by the caller.
  absl::Status GetForecast(const v1::GetForecastRequest& request,
                           v1::GetForecastResponse* response);
  absl::Status ListAdjustments(const v1::ListAdjustmentsRequest& request,
                               v1::ListAdjustmentsResponse* response);
  absl::Status Backtest(const v1::BacktestRequest& request, v1::BacktestResponse* response);
  absl::Status ListMethodChoices(const v1::ListMethodChoicesRequest& request,
                                 v1::ListMethodChoicesResponse* response);

  // Commands, made by `actor` (the caller has resolved it: the token's subject when tokens
  // are in use). Idempotent: a retry finds the command made and appends nothing.
  absl::Status Adjust(const v1::AdjustRequest& request, const std::string& actor,
                      v1::AdjustResponse* response);
  absl::Status WithdrawAdjustment(const v1::WithdrawAdjustmentRequest& request,
                                  const std::string& actor,
                                  v1::WithdrawAdjustmentResponse* response);
  absl::Status ChooseMethod(const v1::ChooseMethodRequest& request, const std::string& actor,
                            v1::ChooseMethodResponse* response);

 private:
  // The organisation's model and the snapshot it came from, after waiting for the
  // projection (Runner::AwaitRead).
  struct Current {
    std::unique_ptr<projection::Reader> reader;
    std::shared_ptr<const OrgModel> model;
  };
  absl::StatusOr<Current> Read(std::string_view organisation);

  // The recipe of every command: lock, read the current model, decide, commit. `decide`
  // returns the command's events wrapped (none when there is nothing to do).
  using DecideFn = std::function<absl::StatusOr<std::vector<eventlog::Envelope>>(const OrgModel&)>;
  absl::Status Command(std::string_view organisation, const DecideFn& decide);
  // Appends one command's events as one batch, then lets the reactor publish.
  absl::Status Commit(std::string_view organisation, std::vector<eventlog::Envelope> envelopes);

  CoreDeps deps_;
  std::mutex command_mutex_;  // commands decide and append one at a time
};

}  // namespace tertial::forecast

#endif  // TERTIAL_FORECAST_CORE_H_
