#ifndef TERTIAL_FORECAST_SERVICE_H_
#define TERTIAL_FORECAST_SERVICE_H_

// The gRPC handler of tertial.forecast.v1.ForecastService: checks the Authorizer (reader
// for queries, controller for adjustments and method choices), catches the projection up
// (read your writes), and delegates to the pure domain.

#include <memory>
#include <mutex>

#include "loader.h"
#include "reactor.h"
#include "tertial/eventlog/event_log.h"
#include "tertial/forecast/v1/service.grpc.pb.h"
#include "tertial/grpcutil/auth.h"
#include "tertial/projection/runner.h"
#include "tertial/projection/store.h"

namespace tertial::forecast {

struct ServiceDeps {
  eventlog::EventLog* log = nullptr;
  projection::ProjectionDb* db = nullptr;
  projection::Runner* runner = nullptr;
  ModelCache* cache = nullptr;
  Reactor* reactor = nullptr;
  std::shared_ptr<const grpcutil::Authorizer> authorizer;
};

class ForecastServiceImpl final : public v1::ForecastService::Service {
 public:
  // Everything in `deps` must outlive the service.
  explicit ForecastServiceImpl(ServiceDeps deps) : deps_(std::move(deps)) {}

  grpc::Status GetForecast(grpc::ServerContext* context, const v1::GetForecastRequest* request,
                           v1::GetForecastResponse* response) override;
  grpc::Status Adjust(grpc::ServerContext* context, const v1::AdjustRequest* request,
                      v1::AdjustResponse* response) override;
  grpc::Status WithdrawAdjustment(grpc::ServerContext* context,
                                  const v1::WithdrawAdjustmentRequest* request,
                                  v1::WithdrawAdjustmentResponse* response) override;
  grpc::Status ListAdjustments(grpc::ServerContext* context,
                               const v1::ListAdjustmentsRequest* request,
                               v1::ListAdjustmentsResponse* response) override;
  grpc::Status Backtest(grpc::ServerContext* context, const v1::BacktestRequest* request,
                        v1::BacktestResponse* response) override;
  grpc::Status ChooseMethod(grpc::ServerContext* context, const v1::ChooseMethodRequest* request,
                            v1::ChooseMethodResponse* response) override;
  grpc::Status ListMethodChoices(grpc::ServerContext* context,
                                 const v1::ListMethodChoicesRequest* request,
                                 v1::ListMethodChoicesResponse* response) override;

 private:
  // The request's text (grpcutil::CheckMessageText), the organisation, the caller's role.
  absl::Status Authorize(const grpc::ServerContext* context,
                         const google::protobuf::Message& request,
                         std::string_view organisation, grpcutil::Role role) const;
  // The caller's token subject when tokens are in use, else the request's actor.
  std::string ActorOf(const grpc::ServerContext* context, std::string_view requested) const;
  // Catches up and returns the organisation's current model, with the snapshot it came from.
  absl::StatusOr<std::shared_ptr<const OrgModel>> Current(
      std::string_view organisation, std::unique_ptr<projection::Reader>* reader);
  // Appends one command's events as one batch, then lets the reactor publish.
  absl::Status Commit(std::string_view organisation, std::vector<eventlog::Envelope> envelopes);

  absl::Status DoGetForecast(const grpc::ServerContext* context,
                             const v1::GetForecastRequest& request,
                             v1::GetForecastResponse* response);
  absl::Status DoAdjust(const grpc::ServerContext* context, const v1::AdjustRequest& request,
                        v1::AdjustResponse* response);
  absl::Status DoWithdraw(const grpc::ServerContext* context,
                          const v1::WithdrawAdjustmentRequest& request,
                          v1::WithdrawAdjustmentResponse* response);
  absl::Status DoListAdjustments(const grpc::ServerContext* context,
                                 const v1::ListAdjustmentsRequest& request,
                                 v1::ListAdjustmentsResponse* response);
  absl::Status DoBacktest(const grpc::ServerContext* context, const v1::BacktestRequest& request,
                          v1::BacktestResponse* response);
  absl::Status DoChooseMethod(const grpc::ServerContext* context,
                              const v1::ChooseMethodRequest& request,
                              v1::ChooseMethodResponse* response);
  absl::Status DoListMethodChoices(const grpc::ServerContext* context,
                                   const v1::ListMethodChoicesRequest& request,
                                   v1::ListMethodChoicesResponse* response);

  ServiceDeps deps_;
  std::mutex command_mutex_;  // commands decide and append one at a time
};

}  // namespace tertial::forecast

#endif  // TERTIAL_FORECAST_SERVICE_H_
