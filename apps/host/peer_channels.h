#ifndef TERTIAL_APPS_HOST_PEER_CHANNELS_H_
#define TERTIAL_APPS_HOST_PEER_CHANNELS_H_

// How a service deployed apart reaches its peers (ComponentOptions::peer): at
// $<SERVICE>_ADDR ("FORECAST_ADDR=forecast:50051"), over TLS when a CA to trust is given
// (with a client certificate where the peers ask for mTLS), and with the service's own
// bearer token on every call when the peers check tokens. The token is an ordinary line
// of the tokens file (sha256 subject role organisation); its role and tenant decide what
// the peer lets the service do, as for any caller.

#include <grpcpp/channel.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace tertial::host {

struct PeerOptions {
  std::string tls_ca;    // PEM CA the peers' certificates chain to; empty: plaintext
  std::string tls_cert;  // client certificate and key for peers that require mTLS
  std::string tls_key;
  std::string token;  // bearer token sent to peers; empty: none
  // Where each peer answers, by service name ("forecast" -> "forecast:50051"), from
  // $<SERVICE>_ADDR (server_flags.h); a service without one is not reachable.
  std::map<std::string, std::string, std::less<>> addresses;
};

// "FORECAST_ADDR" for "forecast".
std::string PeerAddressVariable(std::string_view service);

// Thread-safe; one channel per peer, made when first asked for.
class PeerChannels {
 public:
  explicit PeerChannels(PeerOptions options) : options_(std::move(options)) {}

  // The channel to `service`, never null. FAILED_PRECONDITION naming the variable when it
  // has no address; a channel that cannot be made (an unreadable CA file) is an error
  // naming the variable as well.
  absl::StatusOr<std::shared_ptr<grpc::Channel>> Get(std::string_view service);

 private:
  const PeerOptions options_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<grpc::Channel>, std::less<>> channels_;
};

}  // namespace tertial::host

#endif  // TERTIAL_APPS_HOST_PEER_CHANNELS_H_
