#ifndef TERTIAL_GRPCUTIL_UNPARSED_REQUEST_INTERCEPTOR_H_
#define TERTIAL_GRPCUTIL_UNPARSED_REQUEST_INTERCEPTOR_H_

// A request that does not parse (most often a string field that is not UTF-8, which proto3
// refuses) never reaches the handler: gRPC answers INTERNAL with an empty message. This
// interceptor turns that answer into INVALID_ARGUMENT saying what was wrong and which
// message was expected, so that a client built elsewhere learns what to fix.

#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <string>
#include <string_view>

namespace tertial::grpcutil {

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
UnparsedRequestInterceptorFactory();

// The message for a request of `method` ("/tertial.forecast.v1.ForecastService/Adjust")
// that did not parse.
std::string UnparsedRequestMessage(std::string_view method);

}  // namespace tertial::grpcutil

#endif  // TERTIAL_GRPCUTIL_UNPARSED_REQUEST_INTERCEPTOR_H_
