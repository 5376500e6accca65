#ifndef TERTIAL_LEDGER_GRPC_SERVICE_H_
#define TERTIAL_LEDGER_GRPC_SERVICE_H_

// tertial.ledger.v1.LedgerService over LedgerCore: imports, balance queries, lists, closing
// periods. Every call asks the Authorizer first: reader for queries, controller for imports
// and closing periods, always for the request's organisation.

#include <memory>
#include <optional>
#include <string>

#include "core.h"
#include "tertial/grpcutil/auth.h"
#include "tertial/ledger/v1/service.grpc.pb.h"

namespace tertial::ledger {

class LedgerService final : public v1::LedgerService::Service {
 public:
  // `core` outlives the service. Uploads are spooled under `spool_dir`.
  LedgerService(LedgerCore* core, std::shared_ptr<const grpcutil::Authorizer> authorizer,
                std::string spool_dir);

  grpc::Status Import(grpc::ServerContext* context, grpc::ServerReader<v1::ImportChunk>* reader,
                      v1::ImportResult* result) override;
  grpc::Status ImportWithProgress(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<v1::ImportUpdate, v1::ImportChunk>* stream) override;
  grpc::Status GetBalances(grpc::ServerContext* context, const v1::GetBalancesRequest* request,
                           v1::GetBalancesResponse* response) override;
  grpc::Status ListUnits(grpc::ServerContext* context, const v1::ListUnitsRequest* request,
                         v1::ListUnitsResponse* response) override;
  grpc::Status ListProjects(grpc::ServerContext* context, const v1::ListProjectsRequest* request,
                            v1::ListProjectsResponse* response) override;
  grpc::Status ListImports(grpc::ServerContext* context, const v1::ListImportsRequest* request,
                           v1::ListImportsResponse* response) override;
  grpc::Status ClosePeriod(grpc::ServerContext* context, const v1::ClosePeriodRequest* request,
                           v1::ClosePeriodResponse* response) override;
  // Retracting an import and reopening a month (grpc_retract.cc).
  grpc::Status RetractImport(grpc::ServerContext* context, const v1::RetractImportRequest* request,
                             v1::RetractImportResponse* response) override;
  grpc::Status ReopenPeriod(grpc::ServerContext* context, const v1::ReopenPeriodRequest* request,
                            v1::ReopenPeriodResponse* response) override;
  // post_vouchers_handler.cc
  grpc::Status PostVouchers(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<v1::PostVouchersResponse, v1::PostVouchersRequest>* stream) override;

 private:
  template <typename Stream>
  absl::StatusOr<v1::ImportResult> RunImport(grpc::ServerContext* context, Stream* stream,
                                             const Importer::ProgressFn& progress);
  // A query: CheckRead on the request's organisation, then `answer` on a snapshot.
  template <typename Request, typename Answer>
  grpc::Status Query(grpc::ServerContext* context, const Request& request, Answer&& answer);
  // What every call checks first: the text of `request` (grpcutil::CheckMessageText), an
  // organisation given, and the caller's `role` in it.
  absl::Status CheckCaller(grpc::ServerContext* context, const google::protobuf::Message& request,
                           const std::string& organisation, grpcutil::Role role);
  // CheckCaller as a reader, then what CheckKnown asks.
  absl::Status CheckRead(grpc::ServerContext* context, const google::protobuf::Message& request,
                         const std::string& organisation);
  // Catches up, then NOT_FOUND unless the organisation has imported anything (naming the
  // known organisations the caller may read).
  absl::Status CheckKnown(grpc::ServerContext* context, const std::string& organisation);
  // The caller behind the bearer token; nullopt when open or without a valid token.
  std::optional<grpcutil::Principal> PrincipalOf(grpc::ServerContext* context) const;

  LedgerCore* core_;
  std::shared_ptr<const grpcutil::Authorizer> authorizer_;
  std::string spool_dir_;
};

}  // namespace tertial::ledger

#endif  // TERTIAL_LEDGER_GRPC_SERVICE_H_
