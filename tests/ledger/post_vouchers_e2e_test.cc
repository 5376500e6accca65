// PostVouchers from a client nobody here wrote: post_vouchers_client.py, on Debian's
// python3-grpcio with stubs python3-grpc-tools generates from proto/ at test time, against
// tertiald (embedded) with bearer tokens. The ledger is first given a chart by an SIE import
// through the CLI, as a municipality starts.

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <string>

#include "../e2e/process.h"
#include "tertial/base/hash.h"
#include "tertial/base/strings.h"
#include "tertial/testing/temp_dir.h"

namespace tertial {
namespace {

using e2e::Process;
using e2e::Result;

std::string Bin(std::string_view relative) { return StrCat(TERTIAL_BINARY_DIR, "/", relative); }

constexpr char kSie[] = R"(#FLAGGA 0
#FORMAT PC8
#SIETYP 4
#RAR 0 20210101 20211231
#KONTO 1930 "Bank"
#KONTO 5010 "Lokalhyra"
#OBJEKT 1 "EKS" "Ekonomistaben"
#VER A 1 20210510 "Start"
{
#TRANS 5010 {1 "EKS"} 100.00
#TRANS 1930 {} -100.00
}
)";

TEST(PostVouchersFromPython, AnErpPostsVouchersAndSeesThemInTheBalances) {
  tertial::testing::TempDir dir;
  { std::ofstream(dir.Sub("start.se")) << kSie; }
  {
    std::ofstream(dir.Sub("tokens"))
        << "sha256:" << Sha256Hex("erp-0580") << " erp.integration controller 0580\n";
  }
  const std::string address = StrCat("127.0.0.1:", e2e::FreePort());
  Process daemon({Bin("apps/tertiald"), "--data-dir", dir.Sub("data"), "--listen", address,
                  "--tokens", dir.Sub("tokens")},
                 {}, dir.Sub("tertiald.err"));
  const e2e::Env env = {{"TERTIAL_SERVER", address}, {"TERTIAL_TOKEN", "erp-0580"}};
  Result up = e2e::Run({Bin("apps/tertial"), "status", "--wait", "30"}, env);
  ASSERT_EQ(up.exit_code, 0) << up.err << e2e::ReadFile(dir.Sub("tertiald.err"));
  Result imported =
      e2e::Run({Bin("apps/tertial"), "import", "--org", "0580", dir.Sub("start.se")}, env);
  ASSERT_EQ(imported.exit_code, 0) << imported.err;

  Result client = e2e::Run(
      {"/usr/bin/python3", StrCat(TERTIAL_SOURCE_DIR, "/tests/ledger/post_vouchers_client.py"),
       StrCat(TERTIAL_SOURCE_DIR, "/proto"), address, "erp-0580", "0580"},
      {}, std::chrono::seconds(120));
  std::printf("%s", client.out.c_str());
  EXPECT_EQ(client.exit_code, 0) << client.out << client.err;
  EXPECT_NE(client.out.find("\nok\n"), std::string::npos) << client.out;

  // The batch is listed with the imports.
  Result imports =
      e2e::Run({Bin("apps/tertial"), "imports", "--org", "0580", "--format", "csv"}, env);
  EXPECT_EQ(imports.exit_code, 0) << imports.err;
  EXPECT_NE(imports.out.find("PostVouchers python-erp r1"), std::string::npos) << imports.out;

  daemon.Signal(SIGTERM);
  EXPECT_TRUE(daemon.WaitFor(std::chrono::seconds(5)).has_value());
}

}  // namespace
}  // namespace tertial
