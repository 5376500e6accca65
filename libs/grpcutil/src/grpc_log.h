#ifndef TERTIAL_GRPCUTIL_GRPC_LOG_H_
#define TERTIAL_GRPCUTIL_GRPC_LOG_H_

namespace tertial::grpcutil {

// Sends gRPC's own log lines (gpr_log) into the process's log (tertial/log/log.h) with
// {"source":"grpc","file","line"}. Idempotent; Server::Start and MakeChannel call it.
// Which of gRPC's lines are produced is still gRPC's choice: $GRPC_VERBOSITY (default
// ERROR) and $GRPC_TRACE.
void RouteGrpcLog();

}  // namespace tertial::grpcutil

#endif  // TERTIAL_GRPCUTIL_GRPC_LOG_H_
