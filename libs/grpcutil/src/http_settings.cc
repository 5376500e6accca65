#include "tertial/base/strings.h"
#include "tertial/grpcutil/component.h"

namespace tertial::grpcutil {

absl::Status HttpSettings::Check() const {
  if (threads < 1 || threads > 1024) {
    return absl::InvalidArgumentError(
        StrCat("--reporting-http-threads: expected 1 to 1024 connections at once, not ", threads));
  }
  if (request_timeout_ms < 100 || request_timeout_ms > 3'600'000) {
    return absl::InvalidArgumentError(StrCat(
        "--reporting-http-timeout-ms: expected 100 to 3600000 ms, not ", request_timeout_ms));
  }
  return absl::OkStatus();
}

}  // namespace tertial::grpcutil
