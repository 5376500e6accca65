#include "grpc_service.h"

#include <grpcpp/server_context.h>

#include "tertial/grpcutil/message_text.h"
#include "tertial/grpcutil/read_call.h"
#include "tertial/grpcutil/status.h"

namespace tertial::forecast {

using grpcutil::Role;

template <typename Request, typename Serve>
grpc::Status ForecastServiceImpl::Call(grpc::ServerContext* context, const Request& request,
                                       Role role, Serve&& serve) {
  grpcutil::ReadCall call(
      context, role == Role::kReader ? grpcutil::ReadCall::kQuery : grpcutil::ReadCall::kCommand);
  absl::Status status = grpcutil::CheckMessageText(request);
  if (status.ok() && request.organisation().empty()) {
    status = absl::InvalidArgumentError("organisation: required (kommunkod, e.g. 0580)");
  }
  if (status.ok() && authorizer_ != nullptr) {
    status = authorizer_->Check(context, request.organisation(), role);
  }
  if (status.ok()) status = serve();
  return grpcutil::ToGrpc(status);
}

std::string ForecastServiceImpl::Actor(const grpc::ServerContext* context,
                                       const std::string& requested) const {
  return grpcutil::ActorOf(authorizer_.get(), context, requested);
}

grpc::Status ForecastServiceImpl::GetForecast(grpc::ServerContext* context,
                                              const v1::GetForecastRequest* request,
                                              v1::GetForecastResponse* response) {
  return Call(context, *request, Role::kReader,
              [&] { return core_->GetForecast(*request, response); });
}

grpc::Status ForecastServiceImpl::Adjust(grpc::ServerContext* context,
                                         const v1::AdjustRequest* request,
                                         v1::AdjustResponse* response) {
  return Call(context, *request, Role::kController,
              [&] { return core_->Adjust(*request, Actor(context, request->actor()), response); });
}

grpc::Status ForecastServiceImpl::WithdrawAdjustment(grpc::ServerContext* context,
                                                     const v1::WithdrawAdjustmentRequest* request,
                                                     v1::WithdrawAdjustmentResponse* response) {
  return Call(context, *request, Role::kController, [&] {
    return core_->WithdrawAdjustment(*request, Actor(context, request->actor()), response);
  });
}

grpc::Status ForecastServiceImpl::ListAdjustments(grpc::ServerContext* context,
                                                  const v1::ListAdjustmentsRequest* request,
                                                  v1::ListAdjustmentsResponse* response) {
  return Call(context, *request, Role::kReader,
              [&] { return core_->ListAdjustments(*request, response); });
}

grpc::Status ForecastServiceImpl::Backtest(grpc::ServerContext* context,
                                           const v1::BacktestRequest* request,
                                           v1::BacktestResponse* response) {
  return Call(context, *request, Role::kReader,
              [&] { return core_->Backtest(*request, response); });
}

grpc::Status ForecastServiceImpl::ChooseMethod(grpc::ServerContext* context,
                                               const v1::ChooseMethodRequest* request,
                                               v1::ChooseMethodResponse* response) {
  return Call(context, *request, Role::kController, [&] {
    return core_->ChooseMethod(*request, Actor(context, request->actor()), response);
  });
}

grpc::Status ForecastServiceImpl::ListMethodChoices(grpc::ServerContext* context,
                                                    const v1::ListMethodChoicesRequest* request,
                                                    v1::ListMethodChoicesResponse* response) {
  return Call(context, *request, Role::kReader,
              [&] { return core_->ListMethodChoices(*request, response); });
}

}  // namespace tertial::forecast
