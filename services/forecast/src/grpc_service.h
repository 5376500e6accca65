#ifndef TERTIAL_FORECAST_GRPC_SERVICE_H_
#define TERTIAL_FORECAST_GRPC_SERVICE_H_

// tertial.forecast.v1.ForecastService over ForecastCore: every call checks its text and
// asks the Authorizer (reader for queries, controller for adjustments and method choices)
// for the organisation it names before the core reads or decides anything.

#include <memory>

#include "core.h"
#include "tertial/forecast/v1/service.grpc.pb.h"
#include "tertial/grpcutil/auth.h"

namespace tertial::forecast {

class ForecastServiceImpl final : public v1::ForecastService::Service {
 public:
  // `core` outlives the service; `authorizer` null means open.
  ForecastServiceImpl(ForecastCore* core, std::shared_ptr<const grpcutil::Authorizer> authorizer)
      : core_(core), authorizer_(std::move(authorizer)) {}

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
  // A call of `role` on the request's organisation: its ReadCall (a command waits as
  // commands do), the request's text (grpcutil::CheckMessageText), the organisation and
  // the Authorizer; then `serve`, whose status is the answer's.
  template <typename Request, typename Serve>
  grpc::Status Call(grpc::ServerContext* context, const Request& request, grpcutil::Role role,
                    Serve&& serve);
  // The caller's token subject when tokens are in use, else the request's actor.
  std::string Actor(const grpc::ServerContext* context, const std::string& requested) const;

  ForecastCore* core_;
  std::shared_ptr<const grpcutil::Authorizer> authorizer_;
};

}  // namespace tertial::forecast

#endif  // TERTIAL_FORECAST_GRPC_SERVICE_H_
