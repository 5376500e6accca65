#ifndef TERTIAL_SERVICES_REPORTING_SRC_GRPC_SERVICE_H_
#define TERTIAL_SERVICES_REPORTING_SRC_GRPC_SERVICE_H_

// The ReportService handler and the queries it shares with the HTTP page. Every call
// catches the projection up first (read your writes) and reads one snapshot.

#include <memory>

#include "absl/status/statusor.h"
#include "domain/report.h"
#include "input_loader.h"
#include "render/render.h"
#include "tertial/eventlog/event_log.h"
#include "tertial/grpcutil/auth.h"
#include "tertial/projection/runner.h"
#include "tertial/reporting/v1/service.grpc.pb.h"

namespace tertial::reporting {

// The queries, independent of gRPC. Thread-safe.
class ReportQueries {
 public:
  ReportQueries(eventlog::EventLog* log, projection::ProjectionDb* db, projection::Runner* runner)
      : log_(log), db_(db), runner_(runner) {}

  absl::StatusOr<Report> BuildReport(std::string_view organisation, std::string_view board,
                                     const period::Period& period);
  // Refuses (FAILED_PRECONDITION) a period the ledger has no amounts for on the board or
  // below it, unless `force`.
  absl::StatusOr<std::vector<RenderedFile>> RenderReport(std::string_view organisation,
                                                         std::string_view board,
                                                         const period::Period& period,
                                                         std::string_view format,
                                                         bool force = false);
  absl::StatusOr<std::vector<ReportListing>> List(std::string_view organisation);
  // Checks every reference against the report, then appends NarrativeSet, unless the
  // section already has this text: then nothing is appended and the result is false.
  absl::StatusOr<bool> SetNarrative(std::string_view organisation, std::string_view board,
                                    const period::Period& period, std::string_view section,
                                    std::string_view markdown, std::string_view actor);

 private:
  eventlog::EventLog* log_;
  projection::ProjectionDb* db_;
  projection::Runner* runner_;
};

class ReportServiceImpl final : public ::tertial::reporting::v1::ReportService::Service {
 public:
  ReportServiceImpl(ReportQueries* queries, std::shared_ptr<const grpcutil::Authorizer> authorizer)
      : queries_(queries), authorizer_(std::move(authorizer)) {}

  grpc::Status Render(grpc::ServerContext* context, const v1::RenderRequest* request,
                      grpc::ServerWriter<v1::RenderChunk>* writer) override;
  grpc::Status Validate(grpc::ServerContext* context, const v1::ValidateRequest* request,
                        v1::ValidateResponse* response) override;
  grpc::Status ListReports(grpc::ServerContext* context, const v1::ListReportsRequest* request,
                           v1::ListReportsResponse* response) override;
  grpc::Status SetNarrative(grpc::ServerContext* context, const v1::SetNarrativeRequest* request,
                            v1::SetNarrativeResponse* response) override;

 private:
  // The request's text (grpcutil::CheckMessageText), then the caller's access.
  absl::Status Check(grpc::ServerContext* context, const google::protobuf::Message& request,
                     std::string_view organisation, grpcutil::Role role) const;
  ReportQueries* queries_;
  std::shared_ptr<const grpcutil::Authorizer> authorizer_;
};

}  // namespace tertial::reporting

#endif  // TERTIAL_SERVICES_REPORTING_SRC_GRPC_SERVICE_H_
