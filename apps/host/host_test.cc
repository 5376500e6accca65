// Host wires components into a process and gives them channels to their peers.

#include "host.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "in_process.h"
#include "tertial/grpcutil/server.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::host {
namespace {

// A service with no gRPC service of its own and nothing to follow.
class IdleComponent final : public grpcutil::Component {
 public:
  explicit IdleComponent(std::string name) : name_(std::move(name)) {}
  std::string_view name() const override { return name_; }
  std::vector<std::string_view> service_names() const override { return {}; }
  std::vector<grpc::Service*> services() override { return {}; }
  absl::Status Start() override { return absl::OkStatus(); }
  void Stop() override {}

 private:
  std::string name_;
};

absl::StatusOr<std::unique_ptr<grpcutil::Component>> MakeLedger(const grpcutil::ComponentOptions&) {
  return std::make_unique<IdleComponent>("ledger");
}

TEST(Host, PeerChannelSaysWhyThereIsNone) {
  tertial::testing::TempDir dir;
  auto host = Host::Open({.data_dir = dir.Sub("data"), .services = {{"ledger", &MakeLedger}}});
  ASSERT_TRUE(host.ok()) << host.status();

  absl::StatusOr<std::shared_ptr<grpc::Channel>> absent = (*host)->PeerChannel("forecast");
  EXPECT_EQ(absent.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(absent.status().message().find("$FORECAST_ADDR is not set"), std::string::npos)
      << absent.status();

  // Hosted here, but the server is not up yet.
  absl::StatusOr<std::shared_ptr<grpc::Channel>> early = (*host)->PeerChannel("ledger");
  EXPECT_EQ(early.status().code(), absl::StatusCode::kUnavailable) << early.status();

  auto server = grpcutil::Server::Start({}, (*host)->components());
  ASSERT_TRUE(server.ok()) << server.status();
  (*host)->SetLocalChannel((*server)->InProcessChannel());
  absl::StatusOr<std::shared_ptr<grpc::Channel>> local = (*host)->PeerChannel("ledger");
  ASSERT_TRUE(local.ok()) << local.status();
  EXPECT_NE(*local, nullptr);

  (*server)->Shutdown();

  // $FORECAST_ADDR given (ServerFlags::peer_addresses): a channel to it.
  auto apart = Host::Open({.data_dir = dir.Sub("apart"),
                           .services = {{"ledger", &MakeLedger}},
                           .peers = {.addresses = {{"forecast", "127.0.0.1:1"}}}});
  ASSERT_TRUE(apart.ok()) << apart.status();
  absl::StatusOr<std::shared_ptr<grpc::Channel>> remote = (*apart)->PeerChannel("forecast");
  ASSERT_TRUE(remote.ok()) << remote.status();
  EXPECT_NE(*remote, nullptr);
}

TEST(InProcess, ServesTheHostedServicesToEachOtherOverItsChannel) {
  tertial::testing::TempDir dir;
  auto in_process =
      InProcess::Start({.data_dir = dir.Sub("data"), .services = {{"ledger", &MakeLedger}}});
  ASSERT_TRUE(in_process.ok()) << in_process.status();
  ASSERT_NE((*in_process)->channel(), nullptr);
  absl::StatusOr<std::shared_ptr<grpc::Channel>> peer = (*in_process)->host().PeerChannel("ledger");
  ASSERT_TRUE(peer.ok()) << peer.status();
  EXPECT_EQ(*peer, (*in_process)->channel());

  EXPECT_EQ(InProcess::Start({.data_dir = dir.Sub("none")}).status().code(),
            absl::StatusCode::kInvalidArgument)
      << "the host's own error";
}

TEST(Host, RefusesToHostNothingAndADataDirectoryItCannotMake) {
  tertial::testing::TempDir dir;
  EXPECT_EQ(Host::Open({.data_dir = dir.Sub("data")}).status().code(),
            absl::StatusCode::kInvalidArgument);
  std::string file = dir.Sub("file");
  std::ofstream(file) << "not a directory\n";
  auto host = Host::Open({.data_dir = file + "/data", .services = {{"ledger", &MakeLedger}}});
  EXPECT_FALSE(host.ok());
  EXPECT_NE(host.status().message().find("cannot create data directory"), std::string::npos)
      << host.status();
}

}  // namespace
}  // namespace tertial::host
