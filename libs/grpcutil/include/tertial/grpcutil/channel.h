#ifndef TERTIAL_GRPCUTIL_CHANNEL_H_
#define TERTIAL_GRPCUTIL_CHANNEL_H_

// Channels to tertial servers: plaintext, TLS, or mTLS with a client certificate, and
// optionally a bearer token sent on every call.

#include <grpcpp/channel.h>
#include <grpcpp/support/client_interceptor.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace tertial::grpcutil {

// Called with a call's trailing metadata when the call ends (whatever its status).
using TrailerWatch =
    std::function<void(const std::multimap<grpc::string_ref, grpc::string_ref>& trailers)>;

struct ChannelOptions {
  // PEM of the CA to trust; empty with use_tls: the system's roots.
  std::string tls_ca_file;
  // mTLS: the client's certificate chain and key (PEM).
  std::string tls_cert_file;
  std::string tls_key_file;
  bool use_tls = false;  // implied by any TLS file
  int max_message_bytes = 64 << 20;
  // Sent as "authorization: Bearer <token>" on every call that does not carry its own
  // (a service calling its peers). Plaintext channels send it too: keep those on loopback.
  std::string bearer_token;
  // Sees every call's trailers (the CLI prints a command's x-tertial-position from them).
  TrailerWatch on_trailers;
};

absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(const std::string& address,
                                                           const ChannelOptions& options);

// Interceptors that add `bearer_token` to every call (none for an empty token), for
// channels made elsewhere (Server::InProcessChannel).
std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
BearerTokenInterceptors(const std::string& bearer_token);

// Interceptors that show every call's trailers to `watch` (none for an empty one).
std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
TrailerInterceptors(TrailerWatch watch);

// The token in a file (a mounted Secret): its first line, without surrounding whitespace.
// NOT_FOUND if unreadable, INVALID_ARGUMENT if empty; errors name the file.
absl::StatusOr<std::string> ReadTokenFile(const std::string& path);

}  // namespace tertial::grpcutil

#endif  // TERTIAL_GRPCUTIL_CHANNEL_H_
