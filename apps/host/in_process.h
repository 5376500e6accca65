#ifndef TERTIAL_APPS_HOST_IN_PROCESS_H_
#define TERTIAL_APPS_HOST_IN_PROCESS_H_

// Services hosted in this process and served over an in-process gRPC channel only (no
// port): the CLI's embedded mode (tertial --data-dir) and the tests that drive every
// service through its gRPC API. In order: the host opens, catches up, the server starts,
// and the hosted services reach each other through the channel.

#include <grpcpp/channel.h>

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "host.h"
#include "tertial/grpcutil/server.h"

namespace tertial::host {

class InProcess final {
 public:
  // The error of Host::Open, Host::Start or Server::Start, unchanged.
  static absl::StatusOr<std::unique_ptr<InProcess>> Start(
      const HostOptions& host, const grpcutil::ServerOptions& server = {});
  // Stops serving (calls still running are cancelled), then the services.
  ~InProcess();
  InProcess(const InProcess&) = delete;
  InProcess& operator=(const InProcess&) = delete;

  Host& host() { return *host_; }
  // To every hosted service, without a token; lives as long as this.
  const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }
  // Another channel to every hosted service, with `interceptors` on every call (the CLI's
  // trailer watch); it must not outlive this.
  std::shared_ptr<grpc::Channel> ChannelWith(
      std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
          interceptors) {
    return server_->InProcessChannel(std::move(interceptors));
  }

 private:
  InProcess() = default;
  std::unique_ptr<Host> host_;
  std::unique_ptr<grpcutil::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace tertial::host

#endif  // TERTIAL_APPS_HOST_IN_PROCESS_H_
