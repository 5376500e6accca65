#ifndef TERTIAL_GRPCUTIL_CHANNEL_H_
#define TERTIAL_GRPCUTIL_CHANNEL_H_

// Channels to tertial servers: plaintext, TLS, or mTLS with a client certificate.

#include <memory>
#include <string>

#include <grpcpp/channel.h>

#include "absl/status/statusor.h"

namespace tertial::grpcutil {

struct ChannelOptions {
  // PEM of the CA to trust; empty with use_tls: the system's roots.
  std::string tls_ca_file;
  // mTLS: the client's certificate chain and key (PEM).
  std::string tls_cert_file;
  std::string tls_key_file;
  bool use_tls = false;  // implied by any TLS file
  int max_message_bytes = 64 << 20;
};

absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(const std::string& address,
                                                           const ChannelOptions& options);

}  // namespace tertial::grpcutil

#endif  // TERTIAL_GRPCUTIL_CHANNEL_H_
