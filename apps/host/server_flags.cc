#include "server_flags.h"

#include "tertial/base/strings.h"
#include "tertial/base/text.h"
#include "tertial/config/flags.h"
#include "tertial/grpcutil/auth.h"
#include "tertial/grpcutil/channel.h"

namespace tertial::host {

void AddLimitFlags(config::FlagSet& flags, LimitFlags* limits) {
  flags.Int("max-request-bytes", &limits->max_request_bytes,
            "largest gRPC request accepted (a goals file, an adjustments CSV, a narrative; "
            "ledger imports are streamed in chunks); default 16 MiB",
            {.env = "TERTIAL_MAX_REQUEST_BYTES"});
  for (auto [kind, target] : {std::pair{text::Kind::kLine, &limits->max_line_chars},
                              std::pair{text::Kind::kParagraph, &limits->max_paragraph_chars},
                              std::pair{text::Kind::kDocument, &limits->max_document_chars}}) {
    flags.Int(std::string(text::Limits::FlagFor(kind)), target,
              StrCat("longest ", text::KindName(kind),
                     " of text a command takes, in characters; "
                     "default ",
                     text::Limits().For(kind)),
              {.env = std::string(text::Limits::EnvFor(kind))});
  }
}

void AddServerFlags(config::FlagSet& flags, ServerFlags* server,
                    const std::vector<std::string>& peers) {
  flags.String("tls-cert", &server->tls_cert, "PEM certificate chain for TLS on the gRPC port",
               {.env = "TERTIAL_TLS_CERT", .path = true});
  flags.String("tls-key", &server->tls_key, "PEM private key for TLS",
               {.env = "TERTIAL_TLS_KEY", .path = true});
  flags.String("tls-client-ca", &server->tls_client_ca,
               "PEM CA that client certificates must chain to (mTLS)",
               {.env = "TERTIAL_TLS_CLIENT_CA", .path = true});
  flags.String("tokens", &server->tokens,
               "bearer tokens file (sha256 subject role organisation per line); empty: open",
               {.env = "TERTIAL_TOKENS", .path = true});
  flags.String("peer-tls-ca", &server->peer_tls_ca,
               "PEM CA to trust when calling peer services ($<SERVICE>_ADDR) over TLS; empty: "
               "plaintext",
               {.env = "TERTIAL_PEER_TLS_CA", .path = true});
  flags.String("peer-tls-cert", &server->peer_tls_cert,
               "client certificate for peers that require mTLS",
               {.env = "TERTIAL_PEER_TLS_CERT", .path = true});
  flags.String("peer-tls-key", &server->peer_tls_key, "its private key",
               {.env = "TERTIAL_PEER_TLS_KEY", .path = true});
  flags.String("peer-token-file", &server->peer_token_file,
               "file holding this service's bearer token for calls to peers (needed when they "
               "check tokens)",
               {.env = "TERTIAL_PEER_TOKEN_FILE", .path = true});
  AddLimitFlags(flags, &server->limits);
  flags.Bool("insecure", &server->insecure,
             "serve a non-loopback --listen without --tokens: anyone who reaches the port may "
             "read and change every organisation's data",
             {.env = "TERTIAL_INSECURE"});
  for (const std::string& peer : peers) {
    flags.EnvString(PeerAddressVariable(peer), &server->peer_addresses[peer],
                    StrCat("host:port where the ", peer,
                           " service answers when deployed apart; empty: not reachable"));
  }
}

absl::StatusOr<int> ApplyLimits(const LimitFlags& limits_flags) {
  text::Limits limits;
  for (auto [kind, value] : {std::pair{text::Kind::kLine, limits_flags.max_line_chars},
                             std::pair{text::Kind::kParagraph, limits_flags.max_paragraph_chars},
                             std::pair{text::Kind::kDocument, limits_flags.max_document_chars}}) {
    if (value < 0) {
      return absl::InvalidArgumentError(
          StrCat("--", text::Limits::FlagFor(kind), ": expected a positive number of characters"));
    }
    if (value == 0) continue;
    (kind == text::Kind::kLine        ? limits.line_chars
     : kind == text::Kind::kParagraph ? limits.paragraph_chars
                                      : limits.document_chars) = value;
  }
  text::SetLimits(limits);
  constexpr int64_t kDefaultRequestBytes = 16 << 20;
  if (limits_flags.max_request_bytes < 0 || limits_flags.max_request_bytes > INT32_MAX) {
    return absl::InvalidArgumentError(
        StrCat("--max-request-bytes: expected a number of bytes up to ", INT32_MAX));
  }
  return static_cast<int>(limits_flags.max_request_bytes == 0 ? kDefaultRequestBytes
                                                              : limits_flags.max_request_bytes);
}

bool IsReachableFromOtherMachines(std::string_view listen) {
  if (listen.substr(0, 5) == "unix:") return false;
  std::string_view host = listen;
  if (!host.empty() && host.front() == '[') {
    size_t close = host.find(']');
    host = host.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1);
    return host != "::1";
  }
  if (size_t colon = host.rfind(':'); colon != std::string_view::npos) host = host.substr(0, colon);
  if (host == "localhost") return false;
  // 127.0.0.0/8: four dotted numbers starting with 127.
  if (host.substr(0, 4) == "127.") {
    int dots = 0;
    for (char c : host) {
      if (c == '.') {
        ++dots;
      } else if (c < '0' || c > '9') {
        return true;
      }
    }
    return dots != 3;
  }
  return true;
}

absl::Status CheckExposure(std::string_view listen, const ServerFlags& server,
                           std::string* warning) {
  if (!IsReachableFromOtherMachines(listen)) return absl::OkStatus();
  if (server.tokens.empty()) {
    if (!server.insecure) {
      return absl::InvalidArgumentError(
          StrCat("--listen ", listen,
                 " is reachable from other machines and no --tokens file is given, so anyone who "
                 "reaches the port could read and change every organisation's data. Give --tokens "
                 "FILE ($TERTIAL_TOKENS, with --tls-cert/--tls-key), listen on 127.0.0.1, or pass "
                 "--insecure ($TERTIAL_INSECURE=true) to serve it open anyway"));
    }
    *warning = StrCat("--insecure: serving ", listen,
                      " WITHOUT tokens; anyone who reaches the port may read and change every "
                      "organisation's data");
  } else if (server.tls_cert.empty()) {
    *warning = StrCat("tokens checked on ", listen,
                      " without TLS: they cross the network in clear text (give --tls-cert and "
                      "--tls-key)");
  }
  return absl::OkStatus();
}

absl::StatusOr<PeerOptions> MakePeerOptions(const ServerFlags& server,
                                            const grpcutil::Authorizer& authorizer,
                                            std::string* warning) {
  PeerOptions peers{.tls_ca = server.peer_tls_ca,
                    .tls_cert = server.peer_tls_cert,
                    .tls_key = server.peer_tls_key,
                    .addresses = {server.peer_addresses.begin(), server.peer_addresses.end()}};
  if (peers.tls_cert.empty() != peers.tls_key.empty()) {
    return absl::InvalidArgumentError("--peer-tls-cert and --peer-tls-key go together");
  }
  if (!server.peer_token_file.empty()) {
    absl::StatusOr<std::string> token = grpcutil::ReadTokenFile(server.peer_token_file);
    if (!token.ok()) return token.status();
    peers.token = *std::move(token);
    if (!authorizer.open()) {
      absl::StatusOr<grpcutil::Principal> principal = authorizer.Authenticate(peers.token);
      if (!principal.ok()) {
        *warning = StrCat("the peer token in ", server.peer_token_file,
                          " is not in this server's tokens file; peers sharing that file will "
                          "refuse it");
      }
    }
  }
  return peers;
}

absl::StatusOr<std::shared_ptr<const grpcutil::Authorizer>> MakeAuthorizer(
    const ServerFlags& server) {
  if (server.tokens.empty()) return grpcutil::Authorizer::Open();
  return grpcutil::Authorizer::FromFile(server.tokens);
}

}  // namespace tertial::host
