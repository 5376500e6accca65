#include "peer_channels.h"

#include <cctype>

#include "tertial/base/strings.h"
#include "tertial/grpcutil/channel.h"

namespace tertial::host {

std::string PeerAddressVariable(std::string_view service) {
  std::string variable;
  for (char c : service)
    variable.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return variable + "_ADDR";
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> PeerChannels::Get(std::string_view service) {
  std::lock_guard<std::mutex> guard(mutex_);
  if (auto it = channels_.find(service); it != channels_.end()) return it->second;
  const std::string variable = PeerAddressVariable(service);
  auto known = options_.addresses.find(service);
  if (known == options_.addresses.end() || known->second.empty()) {
    return absl::FailedPreconditionError(StrCat(
        "the ", service, " service is not hosted in this process and $", variable, " is not set"));
  }
  const std::string& address = known->second;
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      grpcutil::MakeChannel(address, {.tls_ca_file = options_.tls_ca,
                                      .tls_cert_file = options_.tls_cert,
                                      .tls_key_file = options_.tls_key,
                                      .use_tls = !options_.tls_ca.empty(),
                                      .bearer_token = options_.token});
  if (!channel.ok()) {
    return absl::Status(channel.status().code(), StrCat("peer ", service, " at $", variable, "=",
                                                        address, ": ", channel.status().message()));
  }
  channels_.emplace(std::string(service), *channel);
  return *channel;
}

}  // namespace tertial::host
