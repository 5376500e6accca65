#include "tertial/grpcutil/auth.h"

#include <grpcpp/server_context.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_split.h"
#include "audit_interceptor.h"
#include "tertial/base/hash.h"
#include "tertial/base/ids.h"
#include "tertial/base/strings.h"

namespace tertial::grpcutil {

absl::StatusOr<Role> ParseRole(std::string_view text) {
  if (text == "reader") return Role::kReader;
  if (text == "controller") return Role::kController;
  if (text == "admin") return Role::kAdmin;
  return absl::InvalidArgumentError(
      StrCat("role '", text, "' is not one of reader, controller, admin"));
}

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kReader:
      return "reader";
    case Role::kController:
      return "controller";
    case Role::kAdmin:
      return "admin";
  }
  return "unknown";
}

std::shared_ptr<const Authorizer> Authorizer::Open() {
  auto authorizer = std::make_shared<Authorizer>();
  authorizer->open_ = true;
  return authorizer;
}

absl::StatusOr<std::shared_ptr<const Authorizer>> Authorizer::FromFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(StrCat("cannot read tokens file ", path));
  std::stringstream text;
  text << in.rdbuf();
  return FromText(text.str(), path);
}

absl::StatusOr<std::shared_ptr<const Authorizer>> Authorizer::FromText(std::string_view text,
                                                                       std::string_view source) {
  auto authorizer = std::make_shared<Authorizer>();
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(ToAbsl(text), '\n')) {
    ++line_number;
    if (size_t hash = line.find('#'); hash != absl::string_view::npos) line = line.substr(0, hash);
    std::vector<std::string> fields;
    for (absl::string_view f : absl::StrSplit(line, absl::ByAnyChar(" \t\r"), absl::SkipEmpty())) {
      fields.emplace_back(f);
    }
    if (fields.empty()) continue;
    auto where = [&](std::string_view field) {
      return StrCat(source, ":", line_number, ": ", field, ": ");
    };
    if (fields.size() != 4) {
      return absl::InvalidArgumentError(
          StrCat(where("line"), "expected 4 fields: sha256:<hex> subject role organisation"));
    }
    if (fields[0].rfind("sha256:", 0) != 0 || fields[0].size() != 7 + 64) {
      return absl::InvalidArgumentError(
          StrCat(where("token"), "expected sha256: and 64 hex digits"));
    }
    absl::StatusOr<Role> role = ParseRole(fields[2]);
    if (!role.ok())
      return absl::InvalidArgumentError(StrCat(where("role"), role.status().message()));
    authorizer->by_hash_[fields[0].substr(7)] = Principal{fields[1], *role, fields[3]};
  }
  return std::shared_ptr<const Authorizer>(std::move(authorizer));
}

absl::StatusOr<Principal> Authorizer::Authenticate(std::string_view token) const {
  auto it = by_hash_.find(Sha256Hex(token));
  if (it == by_hash_.end()) return absl::UnauthenticatedError("unknown or revoked token");
  return it->second;
}

absl::StatusOr<Principal> Authorizer::Caller(const grpc::ServerContextBase* context) const {
  const auto& metadata = context->client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) {
    return absl::UnauthenticatedError("no bearer token; send 'authorization: Bearer <token>'");
  }
  std::optional<std::string_view> token =
      BearerToken(std::string_view(it->second.data(), it->second.size()));
  if (!token) return absl::UnauthenticatedError("authorization must be 'Bearer <token>'");
  return Authenticate(*token);
}

std::string Authorizer::Actor(const grpc::ServerContextBase* context,
                              std::string_view claimed) const {
  if (!open_) {
    if (absl::StatusOr<Principal> principal = Caller(context); principal.ok()) {
      return principal->subject;
    }
  }
  return claimed.empty() ? "unknown" : std::string(claimed);
}

std::string ActorOf(const Authorizer* authorizer, const grpc::ServerContextBase* context,
                    std::string_view claimed) {
  if (authorizer != nullptr) return authorizer->Actor(context, claimed);
  return claimed.empty() ? "unknown" : std::string(claimed);
}

std::optional<std::string_view> BearerToken(std::string_view authorization) {
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.substr(0, kBearer.size()) != kBearer) return std::nullopt;
  return authorization.substr(kBearer.size());
}

absl::Status Authorizer::Check(const grpc::ServerContextBase* context,
                               std::string_view organisation, Role role) const {
  // Every request naming an organisation passes here: its kommunkod ends up in keys and
  // file names, so it follows the id grammar ("*": every organisation, for admin calls).
  if (!organisation.empty() && organisation != "*") {
    if (absl::Status s = ids::Check(organisation, "organisation"); !s.ok()) return s;
  }
  if (open_) {
    internal::NoteCheck(context, internal::Authentication::kOpen, "", organisation, role);
    return absl::OkStatus();
  }
  absl::StatusOr<Principal> principal = Caller(context);
  if (!principal.ok()) {
    internal::NoteCheck(context, internal::Authentication::kNone, "", organisation, role);
    return principal.status();
  }
  internal::NoteCheck(context, internal::Authentication::kToken, principal->subject, organisation,
                      role);
  if (principal->role < role) {
    return absl::PermissionDeniedError(StrCat(principal->subject, " is ", RoleName(principal->role),
                                              "; this needs ", RoleName(role)));
  }
  if (principal->organisation != "*" && principal->organisation != organisation) {
    return absl::PermissionDeniedError(
        organisation.empty()
            ? StrCat(principal->subject, " may only see organisation ", principal->organisation)
            : StrCat(principal->subject, " has no access to organisation ", organisation));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> Authorizer::ListScope(const grpc::ServerContextBase* context,
                                                  std::string_view requested, Role role) const {
  if (!requested.empty() || open_) {
    if (absl::Status s = Check(context, requested, role); !s.ok()) return s;
    return std::string(requested);
  }
  absl::StatusOr<Principal> principal = Caller(context);
  if (!principal.ok()) return principal.status();
  const std::string own = principal->organisation == "*" ? "" : principal->organisation;
  if (absl::Status s = Check(context, own, role); !s.ok()) return s;
  return own;
}

}  // namespace tertial::grpcutil
