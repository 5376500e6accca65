#include "server_flags.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace tertial::host {
namespace {

TEST(IsReachableFromOtherMachines, OnlyLoopbackAndUnixSocketsAreLocal) {
  for (const char* local : {"127.0.0.1:50051", "127.1.2.3:0", "localhost:50051", "[::1]:50051",
                            "unix:/run/tertial.sock"}) {
    EXPECT_FALSE(IsReachableFromOtherMachines(local)) << local;
  }
  for (const char* open : {"0.0.0.0:50051", "[::]:50051", "10.0.0.5:50051", ":50051",
                           "ledger.tertial:50051", "127.example.org:50051", "[::ffff:1]:1"}) {
    EXPECT_TRUE(IsReachableFromOtherMachines(open)) << open;
  }
}

TEST(CheckExposure, RefusesAnOpenNonLoopbackListenWithoutInsecure) {
  std::string warning;
  absl::Status refused = CheckExposure("0.0.0.0:50051", {}, &warning);
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(refused.message().find("--tokens"), std::string::npos) << refused;
  EXPECT_NE(refused.message().find("--insecure"), std::string::npos) << refused;
  EXPECT_TRUE(warning.empty());

  EXPECT_TRUE(CheckExposure("127.0.0.1:50051", {}, &warning).ok());
  EXPECT_TRUE(warning.empty());

  ServerFlags insecure{.insecure = true};
  EXPECT_TRUE(CheckExposure("0.0.0.0:50051", insecure, &warning).ok());
  EXPECT_NE(warning.find("WITHOUT tokens"), std::string::npos) << warning;
}

TEST(CheckExposure, WarnsWhenTokensTravelWithoutTls) {
  std::string warning;
  ServerFlags tokens{.tokens = "/etc/tertial/tokens"};
  EXPECT_TRUE(CheckExposure("0.0.0.0:50051", tokens, &warning).ok());
  EXPECT_NE(warning.find("without TLS"), std::string::npos) << warning;
  warning.clear();
  tokens.tls_cert = "server.pem";
  tokens.tls_key = "server.key";
  EXPECT_TRUE(CheckExposure("0.0.0.0:50051", tokens, &warning).ok());
  EXPECT_TRUE(warning.empty()) << warning;
}

// Peer addresses are environment-only settings of the FlagSet, so --help lists them.
TEST(AddServerFlags, ReadsEachPeersAddressFromItsVariable) {
  setenv("LEDGER_ADDR", "ledger.tertial:50051", 1);
  unsetenv("GOALS_ADDR");
  ServerFlags server;
  config::FlagSet flags("tertial-forecast");
  AddServerFlags(flags, &server, {"ledger", "goals"});
  ASSERT_TRUE(flags.Parse({}).ok());
  unsetenv("LEDGER_ADDR");
  EXPECT_EQ(server.peer_addresses["ledger"], "ledger.tertial:50051");
  EXPECT_EQ(server.peer_addresses["goals"], "");
  EXPECT_NE(flags.Usage().find("$GOALS_ADDR"), std::string::npos) << flags.Usage();
  EXPECT_EQ(flags.Usage().find("$FORECAST_ADDR"), std::string::npos) << "hosted here";
  std::string warning;
  auto authorizer = grpcutil::Authorizer::Open();
  absl::StatusOr<PeerOptions> peers = MakePeerOptions(server, *authorizer, &warning);
  ASSERT_TRUE(peers.ok()) << peers.status();
  EXPECT_EQ(peers->addresses.at("ledger"), "ledger.tertial:50051");
}

}  // namespace
}  // namespace tertial::host
