// LedgerService::RetractImport and ReopenPeriod: the controller's corrections, beside the
// other handlers (grpc_service.cc) so that each stays small.

#include <grpcpp/server_context.h>

#include "grpc_service.h"
#include "tertial/grpcutil/read_call.h"
#include "tertial/grpcutil/status.h"
#include "tertial/period/proto.h"

namespace tertial::ledger {

using grpcutil::Role;
using grpcutil::ToGrpc;

grpc::Status LedgerService::RetractImport(grpc::ServerContext* context,
                                          const v1::RetractImportRequest* request,
                                          v1::RetractImportResponse* response) {
  grpcutil::ReadCall call(context, grpcutil::ReadCall::kCommand);
  if (absl::Status s = CheckCaller(context, *request, request->organisation(), Role::kController);
      !s.ok()) {
    return ToGrpc(s);
  }
  if (absl::Status s = CheckKnown(context, request->organisation()); !s.ok()) return ToGrpc(s);
  absl::StatusOr<v1::RetractImportResponse> done =
      core_->RetractImport(request->organisation(), request->import_id(), request->reason(),
                           authorizer_->Actor(context, request->actor()));
  if (!done.ok()) return ToGrpc(done.status());
  *response = std::move(*done);
  return grpc::Status::OK;
}

grpc::Status LedgerService::ReopenPeriod(grpc::ServerContext* context,
                                         const v1::ReopenPeriodRequest* request,
                                         v1::ReopenPeriodResponse* response) {
  grpcutil::ReadCall call(context, grpcutil::ReadCall::kCommand);
  if (absl::Status s = CheckCaller(context, *request, request->organisation(), Role::kController);
      !s.ok()) {
    return ToGrpc(s);
  }
  if (!request->has_period()) return ToGrpc(absl::InvalidArgumentError("period: expected YYYY-MM"));
  if (absl::Status s = CheckKnown(context, request->organisation()); !s.ok()) return ToGrpc(s);
  absl::StatusOr<v1::PeriodReopened> reopened =
      core_->ReopenPeriod(request->organisation(), period::FromProto(request->period()),
                          request->reason(), authorizer_->Actor(context, request->actor()));
  if (!reopened.ok()) return ToGrpc(reopened.status());
  *response->mutable_reopened() = std::move(*reopened);
  return grpc::Status::OK;
}

}  // namespace tertial::ledger
