// LedgerService::PostVouchers: the wire around VoucherPosting (post_vouchers.h), apart from
// grpc_service.cc. Each request of the stream is authorized (controller of its
// organisation), decided and answered before the next is read; each gets a deadline.

#include <grpcpp/server_context.h>

#include <algorithm>
#include <chrono>

#include "grpc_service.h"
#include "tertial/grpcutil/read_call.h"
#include "tertial/grpcutil/status.h"

namespace tertial::ledger {
namespace {

// The longest a request waits (for other posts and imports, for the projection) when the
// call's deadline is later or absent.
constexpr std::chrono::seconds kRequestDeadline{30};

}  // namespace

grpc::Status LedgerService::PostVouchers(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<v1::PostVouchersResponse, v1::PostVouchersRequest>* stream) {
  // A command: every read waits for what was committed when it was made, and the trailer
  // x-tertial-position names the batches the stream appended.
  grpcutil::ReadCall call(context, grpcutil::ReadCall::kCommand);
  v1::PostVouchersRequest request;
  int64_t requests = 0;
  while (stream->Read(&request)) {
    ++requests;
    if (context->IsCancelled()) break;
    // Every text as every command's: a request with a text that is not a line (or a
    // paragraph) within its limit is refused whole, naming the field's path.
    if (absl::Status s =
            CheckCaller(context, request, request.organisation(), grpcutil::Role::kController);
        !s.ok()) {
      return grpcutil::ToGrpc(s);
    }
    auto remaining = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        context->deadline() - std::chrono::system_clock::now());
    auto deadline = std::chrono::steady_clock::now() +
                    std::min<std::chrono::steady_clock::duration>(remaining, kRequestDeadline);
    absl::StatusOr<v1::PostVouchersResponse> answer = core_->posting().Post(
        request, authorizer_->Actor(context, request.actor()), deadline,
        [&](std::string_view known) {
          return authorizer_->Check(context, known, grpcutil::Role::kReader).ok();
        });
    if (!answer.ok()) return grpcutil::ToGrpc(answer.status());
    if (!stream->Write(*answer)) break;
  }
  if (context->IsCancelled()) {
    return grpcutil::ToGrpc(absl::CancelledError("the client cancelled PostVouchers"));
  }
  if (requests == 0) {
    // A message that does not parse (a string field that is not UTF-8) ends the stream as
    // if nothing had come.
    return grpcutil::ToGrpc(absl::InvalidArgumentError(
        "PostVouchers: expected at least one request; none came, or it could not be read "
        "(every string field must be UTF-8)"));
  }
  return grpc::Status::OK;
}

}  // namespace tertial::ledger
