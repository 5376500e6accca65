#ifndef TERTIAL_GRPCUTIL_AUTH_H_
#define TERTIAL_GRPCUTIL_AUTH_H_

// Bearer tokens with a role and a tenant. A token for one municipality sees nothing of
// another's: every handler asks the Authorizer before it touches an organisation's data.
//
// Tokens file (one token per line; '#' starts a comment):
//   sha256:<hex of the token's SHA-256>  <subject>  <role>  <organisation or *>
//   sha256:9f86d0...  anna.ekonom  controller  0580
// The file holds hashes, never tokens. Roles, each including the ones before it:
//   reader      queries, reports
//   controller  imports, adjustments, narrative, goal updates, closing periods
//   admin       every organisation's data when the tenant is *; with the tenant *, the
//               operator's calls (tertial.admin.v1: projection status, rebuilds)

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace grpc {
class ServerContextBase;
}

namespace tertial::grpcutil {

enum class Role { kReader = 1, kController = 2, kAdmin = 3 };

absl::StatusOr<Role> ParseRole(std::string_view text);
std::string_view RoleName(Role role);

// The token of an authorization value "Bearer <token>" (gRPC metadata or an HTTP header);
// nullopt for any other scheme. The one place that reads the scheme.
std::optional<std::string_view> BearerToken(std::string_view authorization);

struct Principal {
  std::string subject;
  Role role = Role::kReader;
  std::string organisation;  // kommunkod, or "*" for all
};

class Authorizer {
 public:
  // Every call allowed: the embedded, single-user mode.
  static std::shared_ptr<const Authorizer> Open();
  // Tokens from a file in the format above; errors name the line.
  static absl::StatusOr<std::shared_ptr<const Authorizer>> FromFile(const std::string& path);
  static absl::StatusOr<std::shared_ptr<const Authorizer>> FromText(std::string_view text,
                                                                    std::string_view source);

  bool open() const { return open_; }

  // The principal behind a bearer token, or UNAUTHENTICATED.
  absl::StatusOr<Principal> Authenticate(std::string_view token) const;

  // May the caller of `context` act on `organisation` with at least `role`? Reads the
  // "authorization: Bearer <token>" metadata. UNAUTHENTICATED without a valid token,
  // PERMISSION_DENIED for too low a role or another tenant. An empty organisation asks
  // for access across organisations (lists), which needs the tenant "*". The call's audit
  // line (audit_interceptor.h) names the subject and organisation checked here.
  // INVALID_ARGUMENT, before anything else, for an organisation that is not an id
  // (tertial/base/ids.h): a kommunkod becomes part of keys and file names.
  absl::Status Check(const grpc::ServerContextBase* context, std::string_view organisation,
                     Role role) const;

  // The organisations a list may show the caller: `requested` if given (and Check allows
  // it); when empty, the caller's own organisation for a token of one organisation, and ""
  // (every organisation) for a token of all of them or when tokens are off. So a list
  // asked without an organisation shows what the token may see instead of failing.
  absl::StatusOr<std::string> ListScope(const grpc::ServerContextBase* context,
                                        std::string_view requested, Role role) const;

  // The principal of the call's bearer token, or UNAUTHENTICATED (also when open).
  absl::StatusOr<Principal> Caller(const grpc::ServerContextBase* context) const;

  // Who makes a command: the subject of the call's valid token when tokens are in use,
  // else `claimed` (what the request says), else "unknown". A caller cannot claim another
  // name once tokens are on.
  std::string Actor(const grpc::ServerContextBase* context, std::string_view claimed) const;

 private:
  bool open_ = false;
  std::map<std::string, Principal, std::less<>> by_hash_;  // sha256 hex -> principal
};

// Authorizer::Actor for an authorizer that may be null (open).
std::string ActorOf(const Authorizer* authorizer, const grpc::ServerContextBase* context,
                    std::string_view claimed);

}  // namespace tertial::grpcutil

#endif  // TERTIAL_GRPCUTIL_AUTH_H_
