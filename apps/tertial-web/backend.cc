#include "backend.h"

#include "tertial/base/strings.h"
#include "tertial/forecast/v1/service.grpc.pb.h"
#include "tertial/goals/v1/service.grpc.pb.h"
#include "tertial/grpcutil/status.h"
#include "tertial/ledger/v1/service.grpc.pb.h"
#include "tertial/reporting/v1/service.grpc.pb.h"

namespace tertial::web {

absl::StatusOr<std::shared_ptr<grpc::Channel>> Backend::Channel(std::string_view service) const {
  auto it = channels_.find(service);
  if (it == channels_.end()) {
    return absl::NotFoundError(
        StrCat("no service '", service, "'; expected ledger, forecast, goals or reporting"));
  }
  return it->second;
}

absl::Status Backend::Invoke(std::string_view token, std::chrono::seconds deadline,
                             absl::FunctionRef<grpc::Status(grpc::ClientContext&)> call) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + deadline);
  if (!token.empty()) context.AddMetadata("authorization", StrCat("Bearer ", token));
  return grpcutil::FromGrpc(call(context));
}

absl::StatusOr<std::vector<reporting::v1::ReportRef>> Backend::ListReports(
    std::string_view token, std::string_view organisation) const {
  auto channel = Channel("reporting");
  if (!channel.ok()) return channel.status();
  auto stub = reporting::v1::ReportService::NewStub(*channel);
  reporting::v1::ListReportsRequest request;
  request.set_organisation(std::string(organisation));
  reporting::v1::ListReportsResponse response;
  absl::Status s = Invoke(token, kQueryDeadline, [&](grpc::ClientContext& context) {
    return stub->ListReports(&context, request, &response);
  });
  if (!s.ok()) return s;
  return std::vector<reporting::v1::ReportRef>(response.reports().begin(),
                                               response.reports().end());
}

absl::StatusOr<ledger::v1::GetBalancesResponse> Backend::GetBalances(
    std::string_view token, const ledger::v1::GetBalancesRequest& request) const {
  auto channel = Channel("ledger");
  if (!channel.ok()) return channel.status();
  auto stub = ledger::v1::LedgerService::NewStub(*channel);
  ledger::v1::GetBalancesResponse response;
  absl::Status s = Invoke(token, kQueryDeadline, [&](grpc::ClientContext& context) {
    return stub->GetBalances(&context, request, &response);
  });
  if (!s.ok()) return s;
  return response;
}

absl::StatusOr<forecast::v1::GetForecastResponse> Backend::GetForecast(
    std::string_view token, const forecast::v1::GetForecastRequest& request) const {
  auto channel = Channel("forecast");
  if (!channel.ok()) return channel.status();
  auto stub = forecast::v1::ForecastService::NewStub(*channel);
  forecast::v1::GetForecastResponse response;
  absl::Status s = Invoke(token, kQueryDeadline, [&](grpc::ClientContext& context) {
    return stub->GetForecast(&context, request, &response);
  });
  if (!s.ok()) return s;
  return response;
}

absl::StatusOr<goals::v1::GoalReport> Backend::GetGoalReport(
    std::string_view token, const goals::v1::GetGoalReportRequest& request) const {
  auto channel = Channel("goals");
  if (!channel.ok()) return channel.status();
  auto stub = goals::v1::GoalService::NewStub(*channel);
  goals::v1::GoalReport response;
  absl::Status s = Invoke(token, kQueryDeadline, [&](grpc::ClientContext& context) {
    return stub->GetGoalReport(&context, request, &response);
  });
  if (!s.ok()) return s;
  return response;
}

absl::StatusOr<std::vector<ReportFile>> Backend::RenderReport(std::string_view token,
                                                              std::string_view organisation,
                                                              std::string_view board,
                                                              const period::Period& period,
                                                              std::string_view format) const {
  auto channel = Channel("reporting");
  if (!channel.ok()) return channel.status();
  auto stub = reporting::v1::ReportService::NewStub(*channel);
  reporting::v1::RenderRequest request;
  request.set_organisation(std::string(organisation));
  request.set_board(std::string(board));
  request.mutable_period()->set_year(period.year);
  request.mutable_period()->set_month(period.month);
  request.set_format(std::string(format));
  std::vector<ReportFile> files;
  absl::Status s = Invoke(token, kRenderDeadline, [&](grpc::ClientContext& context) {
    auto reader = stub->Render(&context, request);
    reporting::v1::RenderChunk chunk;
    while (reader->Read(&chunk)) {
      if (!chunk.file_name().empty() || files.empty()) {
        files.push_back({.name = chunk.file_name(), .content_type = chunk.content_type()});
      }
      files.back().bytes += chunk.data();
    }
    return reader->Finish();
  });
  if (!s.ok()) return s;
  return files;
}

}  // namespace tertial::web
