#ifndef TERTIAL_APPS_HOST_SERVICE_MAIN_H_
#define TERTIAL_APPS_HOST_SERVICE_MAIN_H_

// The main of a service deployed alone (tertial-ledger, tertial-forecast, ...):
//   tertial-<svc> --kafka BOOTSTRAP --data-dir DIR --listen ADDR
// Without --kafka it uses an embedded log in DIR/log (useful for one service in tests).

#include "absl/status/statusor.h"
#include "tertial/config/flags.h"
#include "tertial/grpcutil/auth.h"
#include "tertial/grpcutil/component.h"

namespace tertial::host {

// Flags every server binary shares: TLS files and the tokens file.
struct ServerFlags {
  std::string tls_cert;
  std::string tls_key;
  std::string tls_client_ca;
  std::string tokens;
};
void AddServerFlags(config::FlagSet& flags, ServerFlags* server);
// The authorizer the flags ask for: tokens from --tokens, else open.
absl::StatusOr<std::shared_ptr<const grpcutil::Authorizer>> MakeAuthorizer(const ServerFlags& server);

using ComponentFactory = absl::StatusOr<std::unique_ptr<grpcutil::Component>> (*)(
    const grpcutil::ComponentOptions&);

int ServiceMain(int argc, char** argv, std::string_view service, ComponentFactory factory);

}  // namespace tertial::host

#endif  // TERTIAL_APPS_HOST_SERVICE_MAIN_H_
