#ifndef TERTIAL_GRPCUTIL_AUDIT_INTERCEPTOR_H_
#define TERTIAL_GRPCUTIL_AUDIT_INTERCEPTOR_H_

// The access/audit log of a server: one line per finished call, naming who (the token's
// subject), the organisation, the method, the status code and the duration. Never the
// token, nor any metadata.
//   - a command (a call that asked for the controller or admin role): "command", info;
//   - a call refused (UNAUTHENTICATED, PERMISSION_DENIED): "refused", warning;
//   - any other call: "call", debug.
// Who and the organisation are what the handler's Authorizer::Check saw (auth.h), noted
// for the call through NoteCheck; a call that never asked has neither.

#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <string_view>

#include "tertial/grpcutil/auth.h"

namespace tertial::grpcutil {

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> AuditInterceptorFactory();

namespace internal {

enum class Authentication { kOpen, kToken, kNone };

// Records one Check of the call running on `context` (nothing when no audit interceptor
// watches it, as in tests calling handlers directly). Several checks in one call keep the
// highest role asked, and the subject and organisation of the first check at that role
// (a named organisation rather than "*" or none when a later check at that role names one).
void NoteCheck(const grpc::ServerContextBase* context, Authentication authentication,
               std::string_view subject, std::string_view organisation, Role role);

}  // namespace internal
}  // namespace tertial::grpcutil

#endif  // TERTIAL_GRPCUTIL_AUDIT_INTERCEPTOR_H_
