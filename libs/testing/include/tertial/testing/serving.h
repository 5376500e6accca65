#ifndef TERTIAL_TESTING_SERVING_H_
#define TERTIAL_TESTING_SERVING_H_

// Waiting for a server that a test or a benchmark started to be ready. In its own target,
// tertial::testing_grpc, so that tests without gRPC do not link it.

#include <chrono>
#include <string>

#include "tertial/grpcutil/channel.h"

namespace tertial::testing {

// Waits until the gRPC server at `address` ("host:port") answers the health check
// (grpc.health.v1.Health/Check for the server as a whole) with SERVING; false after
// `timeout`, or at once when no channel can be made with `channel` (a TLS file missing).
// Each try takes a new channel, since a channel refused once backs off for seconds, and
// has 500 ms to answer.
bool WaitServing(const std::string& address, std::chrono::milliseconds timeout,
                 const grpcutil::ChannelOptions& channel = {});

}  // namespace tertial::testing

#endif  // TERTIAL_TESTING_SERVING_H_
