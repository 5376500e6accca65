#include "tertial/testing/serving.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>

#include "grpc/health/v1/health.grpc.pb.h"
#include "tertial/base/strings.h"
#include "tertial/testing/ports.h"

namespace tertial::testing {
namespace {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;
using std::chrono::milliseconds;

// A health service that answers as `serving` says.
class Health final : public grpc::health::v1::Health::Service {
 public:
  grpc::Status Check(grpc::ServerContext*, const HealthCheckRequest*,
                     HealthCheckResponse* response) override {
    response->set_status(serving ? HealthCheckResponse::SERVING : HealthCheckResponse::NOT_SERVING);
    return grpc::Status::OK;
  }
  std::atomic<bool> serving{true};
};

TEST(WaitServingTest, TrueOnceTheServerAnswersServing) {
  Health health;
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&health);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_NE(server, nullptr);
  ASSERT_GT(port, 0);
  EXPECT_TRUE(WaitServing(StrCat("127.0.0.1:", port), milliseconds(10'000)));

  // Not serving any more: the answer is NOT_SERVING, and the wait gives up.
  health.serving = false;
  const auto started = std::chrono::steady_clock::now();
  EXPECT_FALSE(WaitServing(StrCat("127.0.0.1:", port), milliseconds(300)));
  EXPECT_GE(std::chrono::steady_clock::now() - started, milliseconds(300));
  server->Shutdown();
}

TEST(WaitServingTest, FalseWhenNobodyListens) {
  const int port = FreePort();
  ASSERT_GT(port, 0);
  EXPECT_FALSE(WaitServing(StrCat("127.0.0.1:", port), milliseconds(300)));
}

TEST(WaitServingTest, FalseAtOnceWhenNoChannelCanBeMade) {
  const auto started = std::chrono::steady_clock::now();
  EXPECT_FALSE(
      WaitServing("127.0.0.1:1", milliseconds(10'000), {.tls_ca_file = "/nonexistent/ca.pem"}));
  EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds(5'000));
}

}  // namespace
}  // namespace tertial::testing
