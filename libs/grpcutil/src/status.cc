#include "tertial/grpcutil/status.h"

#include <string>

#include "tertial/base/utf8.h"

namespace tertial::grpcutil {

grpc::Status ToGrpc(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  // A message quoting what it read may hold bytes that are not UTF-8; clients show it.
  std::string_view message(status.message().data(), status.message().size());
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), ValidUtf8(message));
}

absl::Status FromGrpc(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

}  // namespace tertial::grpcutil
