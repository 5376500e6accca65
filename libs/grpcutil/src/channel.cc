#include "tertial/grpcutil/channel.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

#include "grpc_log.h"
#include "tertial/base/strings.h"

namespace tertial::grpcutil {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path, std::string_view what) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(StrCat("cannot read ", what, " ", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Adds "authorization: Bearer <token>" to calls that carry none.
class BearerTokenInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit BearerTokenInterceptor(const std::string* header) : header_(header) {}
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      std::multimap<std::string, std::string>* metadata = methods->GetSendInitialMetadata();
      if (metadata->find("authorization") == metadata->end()) {
        metadata->emplace("authorization", *header_);
      }
    }
    methods->Proceed();
  }

 private:
  const std::string* header_;  // owned by the factory, which outlives its interceptors
};

class BearerTokenInterceptorFactory final
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit BearerTokenInterceptorFactory(const std::string& token) : header_("Bearer " + token) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo*) override {
    return new BearerTokenInterceptor(&header_);
  }

 private:
  const std::string header_;
};

class TrailerInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit TrailerInterceptor(const TrailerWatch* watch) : watch_(watch) {}
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::POST_RECV_STATUS)) {
      if (const auto* trailers = methods->GetRecvTrailingMetadata(); trailers != nullptr) {
        (*watch_)(*trailers);
      }
    }
    methods->Proceed();
  }

 private:
  const TrailerWatch* watch_;  // owned by the factory, which outlives its interceptors
};

class TrailerInterceptorFactory final
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit TrailerInterceptorFactory(TrailerWatch watch) : watch_(std::move(watch)) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo*) override {
    return new TrailerInterceptor(&watch_);
  }

 private:
  const TrailerWatch watch_;
};

}  // namespace

std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
TrailerInterceptors(TrailerWatch watch) {
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> out;
  if (watch) out.push_back(std::make_unique<TrailerInterceptorFactory>(std::move(watch)));
  return out;
}

std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
BearerTokenInterceptors(const std::string& bearer_token) {
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> out;
  if (!bearer_token.empty()) {
    out.push_back(std::make_unique<BearerTokenInterceptorFactory>(bearer_token));
  }
  return out;
}

absl::StatusOr<std::string> ReadTokenFile(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFile(path, "token file");
  if (!text.ok()) return text.status();
  std::string_view token = *text;
  token = token.substr(0, token.find('\n'));
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) {
    token.remove_suffix(1);
  }
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.front()))) {
    token.remove_prefix(1);
  }
  if (token.empty()) {
    return absl::InvalidArgumentError(StrCat(path, ": the token file's first line is empty"));
  }
  return std::string(token);
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(const std::string& address,
                                                           const ChannelOptions& options) {
  RouteGrpcLog();
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(options.max_message_bytes);
  args.SetMaxSendMessageSize(options.max_message_bytes);
  auto interceptors = [&] {
    auto all = BearerTokenInterceptors(options.bearer_token);
    for (auto& watch : TrailerInterceptors(options.on_trailers)) all.push_back(std::move(watch));
    return all;
  };
  bool tls = options.use_tls || !options.tls_ca_file.empty() || !options.tls_cert_file.empty();
  if (!tls) {
    return grpc::experimental::CreateCustomChannelWithInterceptors(
        address, grpc::InsecureChannelCredentials(), args, interceptors());
  }
  grpc::SslCredentialsOptions ssl;
  if (!options.tls_ca_file.empty()) {
    absl::StatusOr<std::string> ca = ReadFile(options.tls_ca_file, "TLS CA");
    if (!ca.ok()) return ca.status();
    ssl.pem_root_certs = *ca;
  }
  if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
    return absl::InvalidArgumentError(
        "a client certificate needs its key, and a key its certificate");
  }
  if (!options.tls_cert_file.empty()) {
    absl::StatusOr<std::string> cert = ReadFile(options.tls_cert_file, "client certificate");
    if (!cert.ok()) return cert.status();
    absl::StatusOr<std::string> key = ReadFile(options.tls_key_file, "client key");
    if (!key.ok()) return key.status();
    ssl.pem_cert_chain = *cert;
    ssl.pem_private_key = *key;
  }
  return grpc::experimental::CreateCustomChannelWithInterceptors(address, grpc::SslCredentials(ssl),
                                                                 args, interceptors());
}

}  // namespace tertial::grpcutil
