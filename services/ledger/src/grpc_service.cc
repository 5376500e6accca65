#include "grpc_service.h"

#include <grpcpp/server_context.h>

#include <chrono>

#include "projection.h"
#include "spool.h"
#include "tertial/base/strings.h"
#include "tertial/grpcutil/message_text.h"
#include "tertial/grpcutil/read_call.h"
#include "tertial/grpcutil/status.h"
#include "tertial/metrics/registry.h"
#include "tertial/period/proto.h"

namespace tertial::ledger {
namespace {

using grpcutil::Role;
using grpcutil::ToGrpc;

// tertial_imports_total and the ledger's own import counters (tertial/metrics/registry.h).
void CountImport(const absl::StatusOr<v1::ImportResult>& done) {
  if (!done.ok()) {
    metrics::CountImport("ledger", "unknown", "error");
    return;
  }
  std::string format = metrics::ImportFormatLabel(
      done->has_summary() ? v1::ImportFormat_Name(done->summary().format()) : "");
  std::string_view result = done->already_imported() ? "already_imported"
                            : done->committed()      ? "committed"
                                                     : "rejected";
  metrics::CountImport("ledger", format, result, done->summary().bytes());
  if (result == "committed") {
    metrics::Default().Increment("tertial_ledger_imported_vouchers_total", {},
                                 static_cast<double>(done->summary().vouchers()));
    metrics::Default().Increment("tertial_ledger_imported_transactions_total", {},
                                 static_cast<double>(done->summary().transactions()));
  }
}

// A query's answer into the response, or why there is none.
template <typename Response>
absl::Status MoveInto(absl::StatusOr<Response> answer, Response* response) {
  if (!answer.ok()) return answer.status();
  *response = std::move(*answer);
  return absl::OkStatus();
}

}  // namespace

LedgerService::LedgerService(LedgerCore* core,
                             std::shared_ptr<const grpcutil::Authorizer> authorizer,
                             std::string spool_dir)
    : core_(core),
      authorizer_(authorizer ? std::move(authorizer) : grpcutil::Authorizer::Open()),
      spool_dir_(std::move(spool_dir)) {}

std::optional<grpcutil::Principal> LedgerService::PrincipalOf(grpc::ServerContext* context) const {
  if (authorizer_->open()) return std::nullopt;
  absl::StatusOr<grpcutil::Principal> principal = authorizer_->Caller(context);
  if (!principal.ok()) return std::nullopt;
  return *principal;
}

absl::Status LedgerService::CheckCaller(grpc::ServerContext* context,
                                        const google::protobuf::Message& request,
                                        const std::string& organisation, Role role) {
  if (absl::Status s = grpcutil::CheckMessageText(request); !s.ok()) return s;
  if (organisation.empty()) return absl::InvalidArgumentError("organisation: expected a kommunkod");
  return authorizer_->Check(context, organisation, role);
}

absl::Status LedgerService::CheckRead(grpc::ServerContext* context,
                                      const google::protobuf::Message& request,
                                      const std::string& organisation) {
  if (absl::Status s = CheckCaller(context, request, organisation, Role::kReader); !s.ok()) {
    return s;
  }
  return CheckKnown(context, organisation);
}

absl::Status LedgerService::CheckKnown(grpc::ServerContext* context,
                                       const std::string& organisation) {
  return core_->CheckKnown(organisation, [&](std::string_view known) {
    return authorizer_->Check(context, known, Role::kReader).ok();
  });
}

template <typename Stream>
absl::StatusOr<v1::ImportResult> LedgerService::RunImport(grpc::ServerContext* context,
                                                          Stream* stream,
                                                          const Importer::ProgressFn& progress) {
  v1::ImportChunk chunk;
  if (!stream->Read(&chunk) || !chunk.has_metadata()) {
    // A message that does not parse (a string field that is not UTF-8) ends the stream
    // here too, as if nothing had come.
    return absl::InvalidArgumentError(
        "the first message of an import must carry its metadata: none came, or it could not "
        "be read (every string field must be UTF-8: organisation, file_name, actor)");
  }
  v1::ImportMetadata metadata = chunk.metadata();
  if (absl::Status s = grpcutil::CheckMessageText(metadata); !s.ok()) {
    return absl::InvalidArgumentError(StrCat("metadata.", s.message()));
  }
  metadata.set_actor(authorizer_->Actor(context, metadata.actor()));
  if (metadata.file_name().empty()) metadata.set_file_name("upload");
  // Refuse early whom we can: the organisation is named, and the caller may not import.
  if (!metadata.organisation().empty()) {
    if (absl::Status s = authorizer_->Check(context, metadata.organisation(), Role::kController);
        !s.ok()) {
      return s;
    }
  } else if (!authorizer_->open()) {
    // The file will name the organisation; who may not import anywhere is refused now,
    // before the upload is read.
    if (absl::Status s = authorizer_->Check(context, "*", Role::kController);
        !s.ok() && s.code() == absl::StatusCode::kUnauthenticated) {
      return s;
    }
    std::optional<grpcutil::Principal> principal = PrincipalOf(context);
    if (principal && principal->role < Role::kController) {
      return absl::PermissionDeniedError(StrCat(principal->subject, " is ",
                                                grpcutil::RoleName(principal->role),
                                                "; importing needs controller"));
    }
  }
  absl::StatusOr<std::unique_ptr<Spool>> spool =
      Spool::Create(spool_dir_, core_->importer().options().max_bytes);
  if (!spool.ok()) return spool.status();
  auto last = std::chrono::steady_clock::now();
  while (stream->Read(&chunk)) {
    if (!chunk.has_data()) {
      return absl::InvalidArgumentError("only the first message of an import carries metadata");
    }
    if (absl::Status s = (*spool)->Write(chunk.data()); !s.ok()) return s;
    if (progress && std::chrono::steady_clock::now() - last > std::chrono::milliseconds(200)) {
      last = std::chrono::steady_clock::now();
      v1::ImportProgress p;
      p.set_phase(v1::IMPORT_PHASE_UPLOAD);
      p.set_bytes_done((*spool)->bytes());
      p.set_bytes_total(metadata.total_bytes());
      progress(p);
    }
  }
  if (context->IsCancelled()) return absl::CancelledError("the client cancelled the import");
  // A chunk that does not parse ends the stream as if the file ended there: the size the
  // metadata announced tells a cut upload from a whole one.
  if (metadata.total_bytes() > 0 && (*spool)->bytes() != metadata.total_bytes()) {
    return absl::InvalidArgumentError(
        StrCat(metadata.file_name(), ": the upload ended after ", (*spool)->bytes(), " of the ",
               metadata.total_bytes(),
               " bytes its metadata announced (a message that did not parse, or the file "
               "changed while it was read); nothing was imported"));
  }
  if (absl::Status s = (*spool)->Close(); !s.ok()) return s;
  auto authorize = [&](std::string_view organisation) {
    return authorizer_->Check(context, organisation, Role::kController);
  };
  // The upload is in: from here the command waits for the projection at most until the
  // call's deadline (30 s without one), and refuses to decide on a state it cannot confirm.
  grpcutil::ReadCall call(context, grpcutil::ReadCall::kCommand);
  return core_->importer().Import(metadata, (*spool)->path(), (*spool)->sha256(), authorize,
                                  progress);
}

grpc::Status LedgerService::Import(grpc::ServerContext* context,
                                   grpc::ServerReader<v1::ImportChunk>* reader,
                                   v1::ImportResult* result) {
  absl::StatusOr<v1::ImportResult> done = RunImport(context, reader, nullptr);
  CountImport(done);
  if (!done.ok()) return ToGrpc(done.status());
  *result = std::move(*done);
  return grpc::Status::OK;
}

grpc::Status LedgerService::ImportWithProgress(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<v1::ImportUpdate, v1::ImportChunk>* stream) {
  auto progress = [stream](const v1::ImportProgress& p) {
    v1::ImportUpdate update;
    *update.mutable_progress() = p;
    stream->Write(update);
  };
  absl::StatusOr<v1::ImportResult> done = RunImport(context, stream, progress);
  CountImport(done);
  if (!done.ok()) return ToGrpc(done.status());
  v1::ImportUpdate update;
  *update.mutable_result() = std::move(*done);
  stream->Write(update);
  return grpc::Status::OK;
}

template <typename Request, typename Answer>
grpc::Status LedgerService::Query(grpc::ServerContext* context, const Request& request,
                                  Answer&& answer) {
  grpcutil::ReadCall call(context);
  if (absl::Status s = CheckRead(context, request, request.organisation()); !s.ok()) {
    return ToGrpc(s);
  }
  std::unique_ptr<projection::Reader> snapshot = core_->Snapshot();
  return ToGrpc(answer(*snapshot));
}

grpc::Status LedgerService::GetBalances(grpc::ServerContext* context,
                                        const v1::GetBalancesRequest* request,
                                        v1::GetBalancesResponse* response) {
  return Query(context, *request, [&](const projection::Reader& snapshot) {
    absl::StatusOr<std::vector<v1::BalanceRow>> rows = QueryBalances(snapshot, *request);
    if (!rows.ok()) return rows.status();
    response->mutable_rows()->Reserve(static_cast<int>(rows->size()));
    for (v1::BalanceRow& row : *rows) *response->add_rows() = std::move(row);
    return absl::OkStatus();
  });
}

grpc::Status LedgerService::ListUnits(grpc::ServerContext* context,
                                      const v1::ListUnitsRequest* request,
                                      v1::ListUnitsResponse* response) {
  return Query(context, *request, [&](const projection::Reader& snapshot) {
    return MoveInto(QueryUnits(snapshot, request->organisation()), response);
  });
}

grpc::Status LedgerService::ListProjects(grpc::ServerContext* context,
                                         const v1::ListProjectsRequest* request,
                                         v1::ListProjectsResponse* response) {
  return Query(context, *request, [&](const projection::Reader& snapshot) {
    return MoveInto(QueryProjects(snapshot, request->organisation()), response);
  });
}

grpc::Status LedgerService::ListImports(grpc::ServerContext* context,
                                        const v1::ListImportsRequest* request,
                                        v1::ListImportsResponse* response) {
  return Query(context, *request, [&](const projection::Reader& snapshot) {
    return MoveInto(QueryImports(snapshot, request->organisation()), response);
  });
}

grpc::Status LedgerService::ClosePeriod(grpc::ServerContext* context,
                                        const v1::ClosePeriodRequest* request,
                                        v1::ClosePeriodResponse* response) {
  grpcutil::ReadCall call(context, grpcutil::ReadCall::kCommand);
  if (absl::Status s = CheckCaller(context, *request, request->organisation(), Role::kController);
      !s.ok()) {
    return ToGrpc(s);
  }
  if (!request->has_period()) return ToGrpc(absl::InvalidArgumentError("period: expected YYYY-MM"));
  // A typo in the organisation would close a month of a ledger that does not exist.
  if (absl::Status s = CheckKnown(context, request->organisation()); !s.ok()) return ToGrpc(s);
  absl::StatusOr<bool> closed =
      core_->ClosePeriod(request->organisation(), period::FromProto(request->period()),
                         authorizer_->Actor(context, request->actor()));
  if (!closed.ok()) return ToGrpc(closed.status());
  response->set_already_closed(*closed);
  return grpc::Status::OK;
}

}  // namespace tertial::ledger
