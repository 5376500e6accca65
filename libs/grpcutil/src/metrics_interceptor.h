#ifndef TERTIAL_GRPCUTIL_METRICS_INTERCEPTOR_H_
#define TERTIAL_GRPCUTIL_METRICS_INTERCEPTOR_H_

// Counts every finished server call in tertial_grpc_server_handled_total{method,code} and
// its duration in tertial_grpc_server_handling_seconds{method,code}.

#include <grpcpp/support/server_interceptor.h>

#include <memory>

namespace tertial::grpcutil {

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MetricsInterceptorFactory();

// "OK", "INVALID_ARGUMENT", ... as gRPC names the codes.
const char* StatusCodeName(grpc::StatusCode code);

}  // namespace tertial::grpcutil

#endif  // TERTIAL_GRPCUTIL_METRICS_INTERCEPTOR_H_
