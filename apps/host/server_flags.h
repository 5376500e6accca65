#ifndef TERTIAL_APPS_HOST_SERVER_FLAGS_H_
#define TERTIAL_APPS_HOST_SERVER_FLAGS_H_

// The flags every server binary shares (main.h), and what start-up makes of them: who may
// call (tokens), whether the listen address may be served that way, how to call peers.

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "peer_channels.h"
#include "tertial/config/flags.h"
#include "tertial/grpcutil/auth.h"

namespace tertial::host {

// Input limits (docs/deploy.md "Limits"): the largest request a client may send, and
// the longest text of each kind (tertial/base/text.h); 0: the default. Servers and the
// in-process CLI take them from the same flags and variables.
struct LimitFlags {
  int64_t max_request_bytes = 0;
  int64_t max_line_chars = 0;
  int64_t max_paragraph_chars = 0;
  int64_t max_document_chars = 0;
};
// --max-request-bytes and --max-{line,paragraph,document}-chars.
void AddLimitFlags(config::FlagSet& flags, LimitFlags* limits);
// Makes the text limits the flags ask for this process's (text::SetLimits), and returns
// the largest request to accept; INVALID_ARGUMENT naming the flag for a negative value.
absl::StatusOr<int> ApplyLimits(const LimitFlags& limits);

// Flags every server binary shares: TLS files, the tokens file, and how to call peers.
struct ServerFlags {
  std::string tls_cert;
  std::string tls_key;
  std::string tls_client_ca;
  std::string tokens;
  std::string peer_tls_ca;
  std::string peer_tls_cert;
  std::string peer_tls_key;
  std::string peer_token_file;
  // Serve a non-loopback address without tokens anyway (--insecure).
  bool insecure = false;
  // Where peers answer, by service name: $<SERVICE>_ADDR (environment only).
  std::map<std::string, std::string, std::less<>> peer_addresses;
  LimitFlags limits;
};
// The flags above; $<SERVICE>_ADDR for each service in `peers` (those not hosted here).
void AddServerFlags(config::FlagSet& flags, ServerFlags* server,
                    const std::vector<std::string>& peers);
// Whether clients on other machines can reach `listen` ("host:port"): false for
// 127.0.0.0/8, [::1], localhost and unix: sockets; true for 0.0.0.0, [::], any other
// address or host name.
bool IsReachableFromOtherMachines(std::string_view listen);
// A server listening where other machines reach it must check tokens: INVALID_ARGUMENT
// saying so when --tokens is empty, unless --insecure. `warning` is set when the server
// runs open there (--insecure) or sends tokens without TLS.
absl::Status CheckExposure(std::string_view listen, const ServerFlags& server,
                           std::string* warning);
// The authorizer the flags ask for: tokens from --tokens, else open.
absl::StatusOr<std::shared_ptr<const grpcutil::Authorizer>> MakeAuthorizer(
    const ServerFlags& server);
// How to call peers: the TLS files and the token read from --peer-token-file. When this
// server checks tokens and does not know the peer token, `warning` says so (peers sharing
// the tokens file would refuse it).
absl::StatusOr<PeerOptions> MakePeerOptions(const ServerFlags& server,
                                            const grpcutil::Authorizer& authorizer,
                                            std::string* warning);

}  // namespace tertial::host

#endif  // TERTIAL_APPS_HOST_SERVER_FLAGS_H_
