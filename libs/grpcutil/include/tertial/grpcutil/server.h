#ifndef TERTIAL_GRPCUTIL_SERVER_H_
#define TERTIAL_GRPCUTIL_SERVER_H_

// Starts a gRPC server hosting components, with grpc.health.v1.Health and server
// reflection always on.

#include <grpcpp/channel.h>
#include <grpcpp/server.h>
#include <grpcpp/support/client_interceptor.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tertial/grpcutil/component.h"

namespace tertial::grpcutil {

struct ServerOptions {
  // "host:port" to listen on ("127.0.0.1:0" picks a free port); empty: in-process only.
  std::string listen;
  // Largest request accepted: a goals file, an adjustments CSV, a narrative (a ledger
  // import is streamed in 1 MiB chunks, each a message). A larger one is refused with
  // RESOURCE_EXHAUSTED naming both sizes (docs/deploy.md "Limits").
  int max_request_bytes = 16 << 20;
  // Largest message sent (rendered reports are streamed in chunks).
  int max_message_bytes = 64 << 20;
  // TLS: PEM files of the server's certificate chain and private key. Empty: plaintext
  // (loopback and in-process use only).
  std::string tls_cert_file;
  std::string tls_key_file;
  // mTLS: PEM file of the CA that client certificates must chain to; empty: no client
  // certificates asked for.
  std::string tls_client_ca_file;
};

class Server {
 public:
  // Registers the components' services and starts serving. Components must outlive the
  // server. Health status is SERVING for every service name once started.
  static absl::StatusOr<std::unique_ptr<Server>> Start(const ServerOptions& options,
                                                       const std::vector<Component*>& components);
  ~Server();

  // The port actually bound (when listen ended in ":0"); 0 when in-process only.
  int port() const { return port_; }
  // A channel to this server without a socket; with a bearer token, every call carries it
  // (services hosted together calling each other when tokens are on).
  std::shared_ptr<grpc::Channel> InProcessChannel(const std::string& bearer_token = "");
  // The same with `interceptors` on every call (a client that watches trailers,
  // TrailerInterceptors in channel.h).
  std::shared_ptr<grpc::Channel> InProcessChannel(
      std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
          interceptors);
  // Sets the health status of one service name (readiness); the server-wide name "" stays
  // SERVING until Shutdown (liveness).
  void SetServing(const std::string& service_name, bool serving);
  // Marks every service NOT_SERVING, then stops accepting calls (waits for running ones,
  // at most until `deadline`, then cancels them).
  void Shutdown(std::chrono::system_clock::time_point deadline = std::chrono::system_clock::now() +
                                                                 std::chrono::milliseconds(500));
  void Wait();

 private:
  Server(std::unique_ptr<grpc::Server> server, int port, std::vector<std::string> names);
  std::unique_ptr<grpc::Server> server_;
  int port_;
  std::vector<std::string> service_names_;
};

}  // namespace tertial::grpcutil

#endif  // TERTIAL_GRPCUTIL_SERVER_H_
