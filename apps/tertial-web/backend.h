#ifndef TERTIAL_APPS_TERTIAL_WEB_BACKEND_H_
#define TERTIAL_APPS_TERTIAL_WEB_BACKEND_H_

// The web app's way to the services: gRPC, like any other client (the CLI with --server).
// Every call carries the signed-in person's own token as its bearer, so the services
// authorize it exactly as they would the person calling them directly, and every call has
// a deadline. Thread-safe: one channel per service, shared by all requests.

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tertial/forecast/v1/service.pb.h"
#include "tertial/goals/v1/service.pb.h"
#include "tertial/ledger/v1/service.pb.h"
#include "tertial/period/period.h"
#include "tertial/reporting/v1/service.pb.h"

namespace tertial::web {

// How long a page waits for a service; a report rendered may take longer than a query.
inline constexpr std::chrono::seconds kQueryDeadline{30};
inline constexpr std::chrono::seconds kRenderDeadline{120};

struct ReportFile {
  std::string name;  // "delarsrapport-0580-KS-2021-08.html", "operating.csv"
  std::string content_type;
  std::string bytes;
};

class Backend {
 public:
  // `channels` by service name ("ledger", "forecast", "goals", "reporting"), each non-null.
  explicit Backend(std::map<std::string, std::shared_ptr<grpc::Channel>, std::less<>> channels)
      : channels_(std::move(channels)) {}

  // The channel to `service`; NOT_FOUND for a name that is not a service.
  absl::StatusOr<std::shared_ptr<grpc::Channel>> Channel(std::string_view service) const;

  // Runs `call` with a context carrying `token` as bearer and the deadline; a failed call
  // as absl::Status (code and message as the service gave them).
  static absl::Status Invoke(std::string_view token, std::chrono::seconds deadline,
                             absl::FunctionRef<grpc::Status(grpc::ClientContext&)> call);

  absl::StatusOr<std::vector<reporting::v1::ReportRef>> ListReports(
      std::string_view token, std::string_view organisation) const;
  absl::StatusOr<ledger::v1::GetBalancesResponse> GetBalances(
      std::string_view token, const ledger::v1::GetBalancesRequest& request) const;
  absl::StatusOr<forecast::v1::GetForecastResponse> GetForecast(
      std::string_view token, const forecast::v1::GetForecastRequest& request) const;
  absl::StatusOr<goals::v1::GoalReport> GetGoalReport(
      std::string_view token, const goals::v1::GetGoalReportRequest& request) const;
  // The report's files in `format` (html, md, xlsx, json: one; csv: one per table).
  absl::StatusOr<std::vector<ReportFile>> RenderReport(std::string_view token,
                                                       std::string_view organisation,
                                                       std::string_view board,
                                                       const period::Period& period,
                                                       std::string_view format) const;

 private:
  std::map<std::string, std::shared_ptr<grpc::Channel>, std::less<>> channels_;
};

}  // namespace tertial::web

#endif  // TERTIAL_APPS_TERTIAL_WEB_BACKEND_H_
