#ifndef TERTIAL_GRPCUTIL_STATUS_H_
#define TERTIAL_GRPCUTIL_STATUS_H_

// The one place absl::Status becomes grpc::Status and back. Codes map one to one.

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace tertial::grpcutil {

grpc::Status ToGrpc(const absl::Status& status);
absl::Status FromGrpc(const grpc::Status& status);

}  // namespace tertial::grpcutil

#endif  // TERTIAL_GRPCUTIL_STATUS_H_
