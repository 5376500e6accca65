#include "tertial/testing/serving.h"

#include <grpcpp/client_context.h>

#include <thread>

#include "grpc/health/v1/health.grpc.pb.h"

namespace tertial::testing {

bool WaitServing(const std::string& address, std::chrono::milliseconds timeout,
                 const grpcutil::ChannelOptions& channel) {
  using std::chrono::milliseconds;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto made = grpcutil::MakeChannel(address, channel);
    if (!made.ok()) return false;
    auto stub = grpc::health::v1::Health::NewStub(*made);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + milliseconds(500));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    if (stub->Check(&context, request, &response).ok() &&
        response.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
      return true;
    }
    std::this_thread::sleep_for(milliseconds(20));
  }
  return false;
}

}  // namespace tertial::testing
